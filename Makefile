# The two commands of the README's quick start:
#   make serve   install sitegen into .venv, build seeds/ into site/ and serve it with live reload
#   make test    install sitegen, its test tools and Debian's chromium, then lint and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve build test lint system-deps bench-deps clean models

# Where `make models` reads its corpora: training splits under TRAIN, dev splits (best checkpoint only).
CORPORA ?= ../shared/corpora
TRAIN ?= $(CORPORA)/train
DEV_EN ?= $(CORPORA)/conll2003/dev.jsonl
DEV_DE ?= $(CORPORA)/germeval2014/dev.jsonl
# English only: the German model trained on CoNLL-2003 German does not beat the rules (README)
MODEL_LANGS ?= --lang en

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

serve: $(VENV)/.installed
	$(BIN)/sitegen serve --host $(HOST) --port $(PORT)

build: $(VENV)/.installed
	$(BIN)/sitegen build

# Headless Chromium for the browser tests, from Debian's packages (root or sudo needed once).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

# Only for benchmarks/bench_build.py: Pelican, MkDocs and psutil from PyPI, Hugo from Debian.
bench-deps: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@if ! command -v hugo >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq hugo >/dev/null; \
	fi

lint: $(VENV)/.installed
	$(BIN)/ruff check sitegen tests benchmarks

test: $(VENV)/.installed system-deps lint
	$(BIN)/python -m pytest

# Retrain sitegen's entity recognisers (sitegen/annotate/models/ner-*) from TRAIN; see training/train.py.
models: $(VENV)/.installed
	nice $(BIN)/python training/train.py --train $(TRAIN) --dev-en $(DEV_EN) --dev-de $(DEV_DE) $(MODEL_LANGS)

clean:
	rm -rf site .sitegen-cache .pytest_cache
