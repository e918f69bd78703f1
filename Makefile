# ShopScribe: `make run` opens the app, `make test` runs the tests. Both set up first.
# Every target that sets up calls scripts/setup.py (standard library only), which is also the
# way to set up without make: `python3 scripts/setup.py [setup|run|test|lint|lock]`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
SETUP  := $(PYTHON) scripts/setup.py
BIN    := .venv/bin

.PHONY: setup run test stress bench lint lock i18n house-model clean-venv clean-llama
# The window's Chinese translation: resources/i18n/*.ts (Qt Linguist) compiled into .qm.
TS := resources/i18n/shopscribe_zh_CN.ts
QM := $(TS:.ts=.qm)

# venv, the locked dependencies (requirements/lock/<platform>.txt, --require-hashes), the
# hash-pinned model and native wheels (requirements/*.txt), the .qm, the default model.
setup:
	@$(SETUP) setup

run:
	@$(SETUP) run

test:
	@$(SETUP) test

# ruff, ruff format, mypy, and whether requirements/lock/ agrees with pyproject.toml.
lint:
	@$(SETUP) lint

# Re-resolve every platform's lock with uv after changing pyproject.toml's dependencies.
lock:
	@$(SETUP) lock

# After changing a tr() string: rescan gui/, fill from resources/i18n/zh_CN.tsv, rebuild the .qm.
i18n: setup
	$(BIN)/pyside6-lupdate -silent -no-obsolete $$(find gui -name '*.py' | sort) -ts $(TS)
	$(BIN)/python resources/i18n/fill_ts.py
	$(BIN)/pyside6-lrelease -silent $(TS) -qm $(QM)

# The kill test in full: 200 SIGKILLs of a real writer, the database checked after each
# (make test runs it at 20).
stress: setup
	$(BIN)/python bench/stress.py --kills 200

bench: setup
	$(BIN)/python bench/run.py

# Train the house writer on corpus/ (LoRA on the Qwen pack, ~35 min on 2 CPU cores); run it again
# to resume after an interruption. Writes resources/house/qwen-coder (commit it).
house-model: setup
	$(BIN)/python -m engine.corpus.check
	$(BIN)/python -m engine.corpus.house --steps 320

clean-venv:
	rm -rf .venv

# Try the llama.cpp build again at the next set-up.
clean-llama:
	rm -f .venv/.llama.sha256
