# Two commands on a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system-packages run test bench lint samples

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m jamcheck.language  # the lemma table in a fast-loading cache
	touch $(STAMP)

setup: $(STAMP)

system-packages:
	./scripts/install-system-packages

run: setup
	$(BIN)/flask --app wsgi jamcheck seed-demo
	@echo "jamcheck körs på http://127.0.0.1:8000 (avsluta med Ctrl+C)"
	$(BIN)/gunicorn -c gunicorn.conf.py

test: setup system-packages
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

lint: setup
	$(BIN)/ruff check jamcheck tests bench eval

samples: setup
	$(BIN)/python samples/build_samples.py
