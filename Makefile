# intercoop: `make demo` serves the demo, `make test` runs every check. Both set up .venv first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)
PYTEST_WORKERS ?= auto
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup demo serve test lint typecheck contracts pytest migrations-check openapi messages bench clean

help:
	@echo "make demo   set up, migrate a SQLite database, load demo data, serve http://127.0.0.1:8000"
	@echo "make test   set up, then lint, types, import contracts, migrations check, the whole test suite"
	@echo "make openapi   rewrite docs/api/openapi.json from the code"
	@echo "make messages  extract strings into locale/zh_Hans and compile them"

$(STAMP): requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || (echo "Python 3.11 is needed (python3.11 or python3 on PATH)"; exit 1)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Serving http://127.0.0.1:8000 (Ctrl+C to stop). Log in with a demo login above."
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

serve: setup
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

contracts: setup
	$(BIN)/lint-imports

migrations-check: setup
	DEBUG=1 DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run

pytest: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: lint typecheck contracts migrations-check pytest

openapi: setup
	DEBUG=1 $(BIN)/python manage.py export_openapi

messages: setup
	DEBUG=1 $(BIN)/python manage.py makemessages --locale zh_Hans --no-obsolete --ignore ".venv/*" --ignore "staticfiles/*" --ignore "static/*"
	DEBUG=1 $(BIN)/python manage.py compilemessages --locale zh_Hans --ignore ".venv/*"

clean:
	rm -rf $(VENV) staticfiles .mypy_cache .ruff_cache .pytest_cache
