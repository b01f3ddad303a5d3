# `make demo` opens the sample report; `make test` runs the tests. Both set
# everything up first: system packages (when root/sudo allows), then .venv.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
SAMPLE := data/furong-kexie-2022

# The terminal tests drive real tmux sessions and real signals against time
# limits; on a loaded machine one may miss its window. A failure is run
# again twice (and reported as a rerun): a real fault fails every time.
RERUNS ?= --reruns 2 --reruns-delay 1

.PHONY: demo test bench system setup clean

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

test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup -q $(RERUNS)

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info
