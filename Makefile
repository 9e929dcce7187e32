# Two commands on a fresh machine: `make run` (local stack with demo data) and `make test`.
# Both create .venv on first use. Python 3.13 (the Lambda runtime) is preferred where pyenv has it.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 3000
export PYTHONPATH := $(CURDIR)/shared:$(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1

BOOTSTRAP_PY := $(shell if PYENV_VERSION=3.13.0 python3 -c 'import sys; assert sys.version_info >= (3, 13)' 2>/dev/null; \
	then echo "env PYENV_VERSION=3.13.0 python3"; else echo python3; fi)

.PHONY: run test lint typecheck unit clean

$(VENV)/.installed: requirements-dev.txt shared/requirements.txt
	@$(BOOTSTRAP_PY) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(BOOTSTRAP_PY) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.installed
	$(PY) -m local --port $(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/cfn-lint template.yaml

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

# axe-core for the browser tests (tests/browser), pinned by its lockfile; without npm they skip
# locally (and fail in CI, where .ci/run provides npm and Chromium).
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error \
		&& touch $@; else echo "npm not found: the browser tests will be skipped"; fi

test: lint typecheck $(AXE)
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .aws-sam tests/browser/node_modules tests/artifacts
