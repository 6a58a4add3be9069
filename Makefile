# Crossroads: two commands on a fresh machine with Python 3.11 and make.
#   make demo   set up, load the demo network and serve it at http://127.0.0.1:8000
#   make test   set up and run every check (lint, types, import contract, tests)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
CHECKSUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# The application alone (make demo), or with the development tools (make test).
STAMP_APP := $(VENV)/.installed-app-$(CHECKSUM)
STAMP := $(VENV)/.installed-dev-$(CHECKSUM)
PYTEST_ARGS ?=
PORT ?= 8000

.PHONY: demo test lint typecheck contracts pytest setup benchmarks clean messages audio

setup: $(STAMP)

define install
	@test -n "$(PYTHON)" || { echo "Python 3.11 is required (python3.11 or python3 on PATH)."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else 1)' || \
		{ echo "Python 3.11 or newer is required; found $$($(PYTHON) --version)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '$(1)'
endef

$(STAMP_APP): pyproject.toml
	$(call install,.)
	rm -f $(VENV)/.installed-app-*
	touch $(STAMP_APP)

$(STAMP): pyproject.toml
	$(call install,.[dev])
	rm -f $(VENV)/.installed-*
	touch $(STAMP) $(STAMP_APP)

demo: $(if $(wildcard $(STAMP)),$(STAMP),$(STAMP_APP))
	$(BIN)/crossroads demo --port $(PORT)

CHECKED := src tests conftest.py $(wildcard benchmarks) $(wildcard examples)

lint: $(STAMP)
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)

typecheck: $(STAMP)
	$(BIN)/mypy src tests conftest.py $(wildcard benchmarks/*.py) $(wildcard benchmarks/load/*.py) $(wildcard examples/*.py)

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	@$(BIN)/python -m crossroads.core.browsercheck
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test: lint typecheck contracts pytest

benchmarks: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Refresh every app's catalogues in every language that has one (core/locale/<language>),
# and the standard's catalogues (codebook/standards/<version>/locale), then compile them
# (needs gettext). The data directory is named so that no generated secret lands inside the
# source tree.
LANGUAGE_FLAGS = $(foreach language,$(notdir $(wildcard src/crossroads/core/locale/*)),-l $(language))
messages: $(STAMP)
	@for app in src/crossroads/*/; do \
		if [ -f "$$app/apps.py" ]; then \
			(cd "$$app" && mkdir -p locale && CROSSROADS_DATA_DIR=$(CURDIR)/var $(CURDIR)/$(BIN)/crossroads makemessages $(LANGUAGE_FLAGS) --no-obsolete --no-location -v 0); \
		fi; \
	done
	CROSSROADS_DATA_DIR=$(CURDIR)/var $(BIN)/crossroads standard_messages
	cd src/crossroads && CROSSROADS_DATA_DIR=$(CURDIR)/var $(CURDIR)/$(BIN)/crossroads compilemessages -v 0

# Speak the check-in questions in every language a Debian voice reads (needs espeak-ng).
audio: $(STAMP)
	$(BIN)/crossroads checkin_audio

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
