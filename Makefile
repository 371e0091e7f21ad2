# intercoop: `make demo` serves the demo, `make test` runs every check. Both set up .venv first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)
PYTEST_WORKERS ?= auto
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup demo serve serve-prod test lint typecheck contracts pytest migrations-check openapi messages bench clean

help:
	@echo "make demo   set up, migrate a SQLite database, load demo data, serve http://127.0.0.1:8000"
	@echo "make test   set up, then lint, types, import contracts, migrations check, the whole test suite"
	@echo "make serve-prod  the app as in production (DEBUG=0, gunicorn) on plain HTTP at 127.0.0.1:8000"
	@echo "make openapi   rewrite docs/api/openapi.json from the code"
	@echo "make messages  extract strings into locale/zh_Hans and compile them"
	@echo "make bench  generate a province (SQLite, then PostgreSQL) and time the app against direct floors"

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
	@echo "Serving http://127.0.0.1:8000 (Ctrl+C to stop), the worker beside it. Log in with a demo login above."
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

serve: setup
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production-like, on plain HTTP at 127.0.0.1:8000: DEBUG=0, collected static files, gunicorn, the demo's
# data (make demo first, or set DATABASE_URL). Cookies are not marked Secure and HTTPS is not forced, so a
# browser on this machine can log in; everything else is as in production (CSP, no-store, throttle).
PROD_ENV := DEBUG=0 SECRET_KEY=local-production-like-run ALLOWED_HOSTS=127.0.0.1,localhost SECURE_COOKIES=0 \
	SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 BEHIND_PROXY=0
serve-prod: setup
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(PROD_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(PROD_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PROD_ENV) $(BIN)/gunicorn config.wsgi --bind 127.0.0.1:8000 --workers 2 --timeout 120 --access-logfile -

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

# Benchmarks on a generated province (docs/performance.md). Full scale by default; CI runs a small one:
#   make bench BENCH_INSTITUTIONS=3 BENCH_SCALE=0.01 BENCH_IMPORT_ROWS=2000
BENCH_INSTITUTIONS ?= 40
BENCH_YEARS ?= 10
BENCH_SCALE ?= 1.0
BENCH_IMPORT_ROWS ?= 100000
BENCH_ERASMUS_ROWS ?= 1200000
BENCH_REPEAT ?= 5
BENCH_SQLITE := sqlite:///$(CURDIR)/bench/bench.sqlite3
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/intercoop_bench
BENCH_ENV := SECRET_KEY=bench-only ALLOWED_HOSTS=127.0.0.1,testserver INTERCOOP_DEVTOOLS=1
BENCH_LABEL := $(BENCH_INSTITUTIONS)x$(BENCH_YEARS)@$(BENCH_SCALE)

bench: setup
	mkdir -p bench && rm -f bench/bench.sqlite3 bench/results.json
	$(BENCH_ENV) DATABASE_URL=$(BENCH_SQLITE) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(BENCH_SQLITE) $(BIN)/python manage.py migrate --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(BENCH_SQLITE) $(BIN)/python manage.py generate_scale_data --institutions $(BENCH_INSTITUTIONS) --years $(BENCH_YEARS) --scale $(BENCH_SCALE)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_SQLITE) $(BIN)/python manage.py bench --label $(BENCH_LABEL) --repeat $(BENCH_REPEAT) --import-rows $(BENCH_IMPORT_ROWS) --erasmus-rows $(BENCH_ERASMUS_ROWS) --output bench/results.json
	psql "$(dir $(BENCH_PG))postgres" -qc "DROP DATABASE IF EXISTS $(notdir $(BENCH_PG))"
	psql "$(dir $(BENCH_PG))postgres" -qc "CREATE DATABASE $(notdir $(BENCH_PG))"
	$(BENCH_ENV) DATABASE_URL=$(BENCH_PG) $(BIN)/python manage.py migrate --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(BENCH_PG) $(BIN)/python manage.py generate_scale_data --institutions $(BENCH_INSTITUTIONS) --years $(BENCH_YEARS) --scale $(BENCH_SCALE)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_PG) $(BIN)/python manage.py bench --label $(BENCH_LABEL) --repeat $(BENCH_REPEAT) --import-rows $(BENCH_IMPORT_ROWS) --erasmus-rows $(BENCH_ERASMUS_ROWS) --output bench/results.json --append

clean:
	rm -rf $(VENV) staticfiles .mypy_cache .ruff_cache .pytest_cache
