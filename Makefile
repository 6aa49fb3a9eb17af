# Two commands: `make demo` and `make test`. Everything else is a step of those, or a benchmark.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export HUQUQ_DATA_DIR ?= $(CURDIR)/var

.PHONY: install demo serve test lint pytest bench bench-triage bench-reports triage-cv triage-model triage-holdout lock audit messages clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	HUQUQ_ENV=demo $(BIN)/huquq demo

serve: install
	$(BIN)/huquq serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet -c pyproject.toml -r src

# The suite runs in a data dir of its own, so it never touches the demo's.
pytest: install
	rm -rf var/test && mkdir -p var/test
	HUQUQ_ENV=demo HUQUQ_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest $(PYTEST_ARGS)

test: lint pytest

bench: bench-triage bench-reports

bench-triage: install
	$(BIN)/python benchmarks/bench_triage.py

bench-reports: install
	$(BIN)/python benchmarks/bench_reports.py

# Cross-validated triage figures (README of huquq.triage), and the shipped default model.
triage-cv: install
	$(BIN)/huquq triage cv

triage-model: install
	$(BIN)/python -m huquq.triage.cli train --out src/huquq/triage/models

# The held-out sets: messages never used for training or tuning (src/huquq/triage/README.md).
triage-holdout: install
	$(BIN)/huquq triage eval benchmarks/data/triage-holdout.jsonl
	$(BIN)/huquq triage eval benchmarks/data/triage-holdout-2.jsonl
	$(BIN)/huquq triage eval benchmarks/data/triage-holdout-3.jsonl

# Re-pin every dependency from a fresh environment (needs the package registry).
lock:
	rm -rf /tmp/huquq-lock && $(PYTHON) -m venv /tmp/huquq-lock
	/tmp/huquq-lock/bin/pip install --quiet ".[dev]"
	/tmp/huquq-lock/bin/pip freeze --exclude huquq | grep -v '^-e' > requirements.lock

# Needs a vulnerability service that this machine cannot reach: run it where one is.
audit: install
	$(BIN)/pip install --quiet pip-audit
	$(BIN)/pip-audit -r requirements.lock

messages: install
	cd src/huquq && ../../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var/test
