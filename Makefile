# kconnect developer targets. `make help` lists them.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: help venv dev test test-unit test-integration lint fmt demo demo-pipeline bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install -q -U pip

venv: $(PY) ## create the virtualenv

dev: $(PY) ## build the Rust extension and install kconnect (editable) with dev tools
	$(PIP) install -q -e '.[dev]'

test: dev ## run the whole test suite (Rust and Python; starts a real local Kafka broker)
	cargo test --quiet
	$(PY) -m pytest tests

test-unit: dev ## fast tests, no services
	$(PY) -m pytest tests/unit

test-integration: dev ## tests against the real broker
	$(PY) -m pytest tests/integration

lint: dev ## ruff, mypy strict, import-linter, clippy
	$(VENV)/bin/ruff check python tests
	$(VENV)/bin/ruff format --check python tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	cargo clippy --all-targets -- -D warnings

fmt: dev ## format Python and Rust
	$(VENV)/bin/ruff format python tests
	$(VENV)/bin/ruff check --fix python tests
	cargo fmt

demo: dev ## FileStreamSource -> Kafka -> FileStreamSink on a local broker
	$(VENV)/bin/kconnect demo

demo-pipeline: dev ## SQLite -> JDBC source -> Kafka -> HDFS sink -> Parquet files on local disk
	$(VENV)/bin/kconnect demo --pipeline database

bench: dev ## end-to-end benchmarks vs Java Connect (writes benches/results/); BENCH_ARGS="--records 200000" for a quick run
	$(PY) -m benches.run $(BENCH_ARGS)

clean: ## remove build output
	rm -rf target $(VENV) .mypy_cache .ruff_cache .pytest_cache
