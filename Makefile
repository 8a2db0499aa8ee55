# Two entry points (see README): `make book` builds the website, `make test` runs the tests.
# Each first creates .venv and installs the project with its pinned dependency ranges.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book test stubs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

book: $(STAMP)
	$(VENV)/bin/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "The website is in _build/html/index.html"

test: $(STAMP)
	$(PY) -m pytest --numprocesses=auto

stubs: $(STAMP)
	$(PY) -m autograder stubs

clean:
	rm -rf _build .pytest_cache
