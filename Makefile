# `make demo` opens the sample report; `make test` runs the tests. Both set
# everything up first: system packages (when root/sudo allows), then .venv.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
LOCK   := requirements.lock
LOCKVENV := .venv-lock
UV_VERSION := 0.13.9

# Tests marked `timing` (tmux sessions, signals) race real time: those alone
# are run again on failure (tests/conftest.py), and the summary names them.

.PHONY: demo test lint bench fuzz system setup clean lock

setup: $(STAMP)

system:
	@bash scripts/setup-system.sh

# Installs come from requirements.lock alone (every package with its hashes,
# the build backend too), through scripts/sync_venv.py, which also removes what
# the lock does not name. `make lock` is the one way to upgrade.
$(STAMP): $(LOCK) pyproject.toml | system
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tui-report needs Python 3.11 or newer; found " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) scripts/sync_venv.py
	@touch $(STAMP)

# Re-resolve every dependency to its newest release allowed by pyproject.toml
# and write the lock (uv, in a throwaway venv; pinned here). Then run
# `make test` and review the snapshot changes (docs/architecture.md#dependencies).
# `make lock KEEP=1` keeps the current pins and only adds what pyproject gained.
lock:
	@test -x $(LOCKVENV)/bin/uv || { $(PYTHON) -m venv $(LOCKVENV) && $(LOCKVENV)/bin/pip install -q uv==$(UV_VERSION); }
	$(LOCKVENV)/bin/uv pip compile pyproject.toml requirements-build.in --extra test \
		--universal --python-version 3.11 --generate-hashes $(if $(KEEP),,--upgrade) \
		--custom-compile-command 'make lock' -o $(LOCK)

# a scratch copy of the sample (outside the repository; DEMO_PARENT=dir to
# choose where), opened in the editor: the tracked sample stays as it is
demo: $(STAMP)
	@$(PY) scripts/demo.py

# layers (import-linter), lint (ruff) and types (mypy) first: any of them
# failing fails the run before a test starts
lint: $(STAMP)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -n 2 --dist loadgroup -q

# the fuzz tests with a long budget (thousands of cases each; minutes)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -n 2 -q tests/test_fuzz.py tests/test_hostile_docx.py tests/test_properties.py

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) $(LOCKVENV) .pytest_cache build dist *.egg-info
