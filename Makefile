# `make demo` opens the sample report; `make test` runs the tests. Both set
# everything up first: system packages (when root/sudo allows), then .venv.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
SAMPLE := data/furong-kexie-2022

# Tests marked `timing` (tmux sessions, signals) race real time: those alone
# are run again on failure (tests/conftest.py), and the summary names them.

.PHONY: demo test lint bench fuzz system setup clean

setup: $(STAMP)

system:
	@bash scripts/setup-system.sh

$(STAMP): pyproject.toml | system
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tui-report needs Python 3.11 or newer; found " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/tui-report $(SAMPLE)

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
	rm -rf $(VENV) .pytest_cache build dist *.egg-info
