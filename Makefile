# `make demo` and `make test` each build their own virtual environment first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.eed-installed

.PHONY: venv demo test test-slow lint format bench fidelity clean

$(STAMP): pyproject.toml setup.py src/eed/_zs.c
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(PY) examples/demo.py

test: $(STAMP)
	$(PY) -m pytest -q

test-slow: $(STAMP)
	$(PY) -m pytest -q -m slow

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks examples
	$(VENV)/bin/ruff format --check src tests benchmarks examples
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format src tests benchmarks examples
	$(VENV)/bin/ruff check --fix src tests benchmarks examples

# MATH_VERIFY=/path/to/python (a Python with math-verify) adds Math-Verify to the light workload.
bench: $(STAMP)
	$(PY) benchmarks/run.py $(if $(MATH_VERIFY),--math-verify $(MATH_VERIFY))

fidelity: $(STAMP)
	$(PY) benchmarks/fidelity.py --corpus phybench
	$(PY) benchmarks/fidelity.py --corpus physics

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
