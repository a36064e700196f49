# PCKB: everyday commands. Needs only Python 3.11+ (it creates .venv itself).
#
#   make demo      the demo on http://127.0.0.1:8000/ (PORT=8001 to change)
#   make test      the whole check: ruff, migrations, translations, audit, tests on SQLite, PostgreSQL, fuzz, browser
#   make e2e       only the browser tests
#   make bench     the benchmarks under tests/bench/
#   make lint      ruff
#   make messages  regenerate and compile every translation catalogue
#   make clean     remove caches and collected static files (keeps .venv and the data in var/)

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The first Python >= 3.11 on PATH; override with `make PYTHON=/usr/bin/python3.12 ...`.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
PIP := $(BIN)/python -m pip --disable-pip-version-check
# Reinstall only when pyproject.toml changes.
RUN_STAMP := $(VENV)/.pckb-installed
TEST_STAMP := $(VENV)/.pckb-test-installed

.PHONY: help demo test e2e bench lint messages clean distclean

help:
	@sed -n '1,9p' Makefile | sed 's/^# \{0,1\}//'

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "PCKB needs Python 3.11 or newer; none found on PATH (try PYTHON=...)."; exit 1; }
	@echo "Creating $(VENV) with $$($(PYTHON) --version)…"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create $(VENV): on Debian/Ubuntu install the venv module (apt-get install python3-venv)."; \
		exit 1; }

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	@touch $@ $(RUN_STAMP)

demo: $(RUN_STAMP)
	$(BIN)/pckb demo --port $(PORT)

test: $(TEST_STAMP)
	scripts/test.sh

e2e: $(TEST_STAMP)
	scripts/test.sh --only e2e

bench: $(TEST_STAMP)
	@shopt -s nullglob; benches=(tests/bench/bench_*.py); \
	if [ $${#benches[@]} -eq 0 ]; then echo "No benchmark yet (tests/bench/bench_*.py)."; exit 0; fi; \
	for bench in "$${benches[@]}"; do echo "==> $$bench"; $(BIN)/python "$$bench" || exit 1; done

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests scripts

messages: $(TEST_STAMP)
	$(BIN)/python scripts/check_i18n.py --update

clean:
	find src tests scripts -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache build dist src/*.egg-info test-results var/static

# Also removes the virtual environment (never the data in var/).
distclean: clean
	rm -rf $(VENV)
