# The two commands a newcomer needs: `make newsletter` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE ?= examples/weekly_report.pdf
OUT ?= out

.PHONY: newsletter test test-fast lint bench corpus clean example-pdf

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

newsletter: $(VENV)/.installed  ## build the example issue into out/<issue-id>/
	$(BIN)/newsletter build $(EXAMPLE) --out '$(OUT)/{issue}'

test: $(VENV)/.dev-installed  ## run the test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Many fast tests wait on sockets and timeouts rather than the CPU, so test-fast
# runs twice as many workers as cores (at least 4) and lets idle workers steal.
FAST_WORKERS ?= $(shell n=$$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2); echo $$(( n * 2 > 4 ? n * 2 : 4 )))

test-fast: $(VENV)/.dev-installed  ## the suite without the tests marked slow (corpus, browser, processes): under a minute
	$(BIN)/python -m pytest -m "not slow" -q -n $(FAST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed  ## ruff and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(VENV)/.dev-installed  ## speed and memory benchmarks (ratios against baselines)
	$(BIN)/python -m bench

corpus: $(VENV)/.dev-installed  ## the reader's scorecard on ../shared/corpus; fails on a regression below the baseline
	$(BIN)/python -m bench.corpus --baseline bench/corpus_baseline.json $(CORPUS_ARGS)

example-pdf: $(VENV)/.dev-installed  ## typeset examples/weekly_report.txt into examples/weekly_report.pdf
	$(BIN)/python examples/make_example_pdf.py

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
