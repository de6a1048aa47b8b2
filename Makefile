# The two commands of the README's quick start:
#   make serve   install sitegen into .venv, build seeds/ into site/ and serve it with live reload
#   make test    install sitegen, its test tools, the Nu Html Checker (npm) and Debian's chromium, then
#                lint and run every test
#   make bench-lighthouse   Lighthouse scores of the seed article and the index (npm lighthouse, chromium)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve build test lint system-deps bench-deps clean models bench-lighthouse

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

# sitegen alone for serve and build; the test tools only for test and lint.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	@echo "Installing sitegen and its dependencies into $(VENV) (spaCy, Pagefind and more: about 700 MB, a few minutes)"
	$(BIN)/python -m pip install --progress-bar on -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	@echo "Installing the test tools into $(VENV) (pytest, Selenium, Hypothesis, ruff)"
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The Nu Html Checker (vnu-jar, run with Java) for the tests, at the exact version package.json pins
# (it has no dependencies). Not `npm ci`: Lighthouse's tree in the same lock file names a dependency
# "latest", which makes `npm ci` refuse the lock whenever that package has a newer release.
node_modules/.installed-checker: package.json
	@echo "Installing the Nu Html Checker (npm vnu-jar)"
	npm install --omit=dev --no-package-lock --no-audit --no-fund
	touch $@

node_modules/.installed-lighthouse: package.json package-lock.json
	@echo "Installing Lighthouse (npm)"
	npm install --no-audit --no-fund
	touch $@

serve: $(VENV)/.installed
	$(BIN)/sitegen serve --host $(HOST) --port $(PORT)

build: $(VENV)/.installed
	$(BIN)/sitegen build

# Headless Chromium for the browser tests and Java for the Nu Html Checker, from Debian's packages
# (root or sudo needed once).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! command -v java >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver default-jre-headless >/dev/null; \
	fi

# Only for benchmarks/bench_build.py: Pelican, MkDocs and psutil from PyPI, Hugo from Debian.
bench-deps: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@if ! command -v hugo >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq hugo >/dev/null; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check sitegen tests benchmarks

test: $(VENV)/.installed-test node_modules/.installed-checker system-deps lint
	$(BIN)/python -m pytest

# Retrain sitegen's entity recognisers (sitegen/annotate/models/ner-*) from TRAIN; see training/train.py.
models: $(VENV)/.installed
	nice $(BIN)/python training/train.py --train $(TRAIN) --dev-en $(DEV_EN) --dev-de $(DEV_DE) $(MODEL_LANGS)

bench-lighthouse: $(VENV)/.installed node_modules/.installed-lighthouse system-deps
	$(BIN)/python benchmarks/lighthouse.py

clean:
	rm -rf site .sitegen-cache .pytest_cache
