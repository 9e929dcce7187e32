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

SAM_VENV := .venv-sam
SAM := SAM_CLI_TELEMETRY=0 AWS_DEFAULT_REGION=us-east-1 $(SAM_VENV)/bin/sam
# SAM's python3.13 builder needs a python3.13 on PATH; pyenv provides it when asked.
SAM_PY_ENV := $(shell if PYENV_VERSION=3.13.0 python3.13 -c '' 2>/dev/null; then echo PYENV_VERSION=3.13.0; fi)
HOST_ARCH := $(shell uname -m | sed -e 's/aarch64/arm64/')

.PHONY: run test lint typecheck unit clean build bench soak catalogs

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
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m tools.catalogs check

# After changing words members read: new msgids into every catalog (then translate them).
catalogs: $(VENV)/.installed
	$(PY) -m tools.catalogs update

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

# axe-core for the browser tests (tests/browser), pinned by its lockfile; without npm they skip
# locally (and fail in CI, where .ci/run provides npm and Chromium).
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error \
		&& touch $@; else echo "npm not found: the browser tests will be skipped"; fi

# Every test, on every core: pytest-xdist runs whole files per worker (--dist loadfile: a file's
# module-scoped local stack starts once), each worker with its own mocked account
# (tests/shared_stack.py). `pytest path/to/test_x.py` alone runs in one process, for debugging.
test: lint typecheck $(AXE)
	$(VENV)/bin/pytest -n auto --dist loadfile

# The fast tests alone (no AWS, no local stack): rules, rendering, services on in-memory fakes.
unit: $(VENV)/.installed
	$(VENV)/bin/pytest -q tests/unit

# The reliability tests (tests/reliability) at length: `make test` runs them with few examples.
# Figures go to tests/artifacts/reliability-*.json.
SOAK_FUZZ_EXAMPLES ?= 500
SOAK_FAULT_EXAMPLES ?= 200
SOAK_LOAD_CLIENTS ?= 200
SOAK_LOAD_SECONDS ?= 60
SOAK_ISOLATION_EXAMPLES ?= 10
SOAK_ISOLATION_STEPS ?= 40
SOAK_IMPORT_ROWS ?= 20000
soak: $(VENV)/.installed
	FUZZ_EXAMPLES=$(SOAK_FUZZ_EXAMPLES) FUZZ_RANDOM=1 FAULT_EXAMPLES=$(SOAK_FAULT_EXAMPLES) \
	LOAD_CLIENTS=$(SOAK_LOAD_CLIENTS) LOAD_SECONDS=$(SOAK_LOAD_SECONDS) \
	ISOLATION_EXAMPLES=$(SOAK_ISOLATION_EXAMPLES) ISOLATION_STEPS=$(SOAK_ISOLATION_STEPS) \
	IMPORT_ROWS=$(SOAK_IMPORT_ROWS) \
	$(PY) -m pytest tests/reliability tests/imports/test_import_requests.py
	@for figures in tests/artifacts/reliability-*.json; do echo "$$figures"; cat "$$figures"; echo; done

$(SAM_VENV)/.installed: requirements-sam.txt
	$(BOOTSTRAP_PY) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SAM_VENV)/bin/python -m pip install --quiet -r requirements-sam.txt
	@touch $@

# The deployable build (arm64, .aws-sam/build), a build for this machine's architecture
# (.aws-sam/build-host), and a check that every function imports from the latter alone.
build: $(SAM_VENV)/.installed $(VENV)/.installed
	$(SAM) validate --lint
	$(PY) -m tools.catalogs compile  # messages.mo beside each .po, into the layer
	env $(SAM_PY_ENV) $(SAM) build --parameter-overrides Architecture=$(HOST_ARCH) --build-dir .aws-sam/build-host
	$(PY) tools/check_build.py .aws-sam/build-host --python "$$(env $(SAM_PY_ENV) python3.13 -c 'import sys; print(sys.executable)')"
	env $(SAM_PY_ENV) $(SAM) build

# Every benchmark; figures go to the terminal and bench/results/*.json.
bench: build
	$(PY) -m bench.daily_job
	$(PY) -m bench.weekly_job
	$(PY) -m bench.hot_keys
	$(PY) -m bench.dispatch_scale
	$(PY) -m bench.api_requests
	$(PY) -m bench.network_bench
	$(PY) -m bench.cold_start
	$(PY) -m bench.api_load
	$(PY) -m bench.cost_model
	$(PY) -m bench.import_bench
	$(PY) -m bench.import_hostile

clean:
	rm -rf $(VENV) $(SAM_VENV) .pytest_cache .mypy_cache .ruff_cache .aws-sam bench/results tests/browser/node_modules tests/artifacts
