PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench snapshots screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/peertui

# Lint and types are gates: the suite runs only when both report nothing.
lint: $(STAMP)
	$(BIN)/ruff check peertui tests
	$(BIN)/mypy

# Two workers: most tests wait on a terminal or a subprocess, so two share even two cores well
# (the whole suite in about 7 minutes here, 14 in one process).
TEST_JOBS ?= 2

test: lint
	$(BIN)/python -m pytest -q -n $(TEST_JOBS)

bench: $(STAMP)
	$(BIN)/python -m pytest -q -s tests/bench -p no:randomly

snapshots: $(STAMP)
	$(BIN)/python -m pytest -q tests/test_snapshots.py --snapshot-update

screenshots: $(STAMP)
	$(BIN)/python -m tests.tools.take_screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info
