# Two commands do everything on a fresh machine:
#   make        → create .venv, install pinned dependencies, build build/briefing.pdf and build/briefing.pptx
#   make test   → the same venv plus test tools, then the test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: all build check lint test bench clean
all: build

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

build: $(VENV)/.runtime
	$(PY) generate.py

check: $(VENV)/.runtime
	$(PY) generate.py --check

# ruff and mypy, configured in pyproject.toml (.ci/run runs this before the tests)
lint: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# -n 2: both cores (pytest-xdist); a single file still runs alone with .venv/bin/python -m pytest tests/x
test: $(VENV)/.test
	$(PY) -m pytest -n 2

bench: $(VENV)/.test
	$(PY) bench/run.py

clean:
	rm -rf build
