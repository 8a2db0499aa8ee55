# Two entry points (see README): `make book` builds the website, `make test` runs the tests.
# Each first creates .venv and installs the project with its pinned dependency ranges.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book test browser stubs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

book: $(STAMP)
	$(VENV)/bin/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "The website is in _build/html/index.html"

test: $(STAMP) browser
	$(PY) -m pytest --numprocesses=auto --dist=loadgroup

# The website's tests drive Debian's chromium; install it when missing (needs root, as in CI).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Install Debian's chromium first: sudo apt-get install -y chromium" >&2; exit 1; fi; }

stubs: $(STAMP)
	$(PY) -m autograder stubs

clean:
	rm -rf _build .pytest_cache
