# Keel: `make up` starts the whole mesh on the embedded default; `make test` installs
# everything and runs every check and test. Both work on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUF := node_modules/.bin/buf
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: install up down status protos client check-generated lint breaking test bench clean

$(STAMP): pyproject.toml package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet -e clients/python
	# `npm install` follows the lock file; `npm ci` trips over buf's optional platform packages.
	npm install --no-audit --no-fund --loglevel=error
	# Debian's Chromium, in which tests/gateway/test_docs_page.py renders the docs page.
	command -v chromium >/dev/null || { $(SUDO) apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	touch $(STAMP)

install: $(STAMP)

## The embedded stack (PostgreSQL, Redis, Envoy, five services) under .keel/
up: install
	$(BIN)/keel up

down:
	@if [ -x $(BIN)/keel ]; then $(BIN)/keel down; else echo "nothing to stop"; fi

status: install
	$(BIN)/keel status

## Contracts: regenerate Python code and the descriptor set from protos/
protos: install
	$(BIN)/python protos/generate.py

## The Python client: regenerate clients/python/keel_client/generated from the protos'
## OpenAPI document (after `make protos`; commit it: tests/client fail on a stale one)
client: install
	$(BIN)/python clients/python/generate.py

check-generated: protos
	@test -z "$$(git status --porcelain -- gen)" \
	  || (git status --short -- gen; echo "generated code is stale: run 'make protos' and commit gen/"; exit 1)

## Quality gates
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy keel_runtime services gateway deploy protos bench tests
	$(BUF) lint gen/keel.binpb --path keel

# Breaking-change check of the public contracts against the previous commit's.
breaking: install
	@if git cat-file -e HEAD~1:gen/keel.binpb 2>/dev/null; then \
	  git show HEAD~1:gen/keel.binpb > $(VENV)/previous.binpb && \
	  $(BUF) breaking gen/keel.binpb --path keel --against $(VENV)/previous.binpb; \
	else echo "no previous descriptor set: nothing to compare"; fi

test: install check-generated lint breaking
	$(BIN)/pytest -q

## Benchmarks (a command, not a test): figures and ratios measured side by side
# The bench extra (FastAPI, uvicorn for the monolith anchor) stays out of `install`.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench

clean: down
	rm -rf .keel
