# Buurtkracht — one command surface. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test test-postgres test-browser screenshots lint format messages check-messages compile-messages bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

compile-messages: install
	$(BIN)/python -m buurtkracht.lib.i18n_tools compile

## Install, create the SQLite database, load reference data and the demo, and serve on http://127.0.0.1:8000
run: compile-messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_demo --url http://$(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Lint, migration check, translation check and the whole test suite on SQLite
test: compile-messages
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m buurtkracht.lib.i18n_tools check
	$(BIN)/pytest

## The whole suite on PostgreSQL (127.0.0.1:5432, user postgres, database test)
test-postgres: compile-messages
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser"

test-browser: compile-messages
	$(BIN)/pytest -m browser

## Retake the screenshots in docs/screenshots (needs Debian's chromium)
screenshots: compile-messages
	BUURTKRACHT_SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest -m browser tests/browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Re-extract strings into every app's locale/ (needs GNU gettext), then compile
messages: install
	for app in $$(ls -d buurtkracht/*/ | grep -v -e lib/ -e __pycache__); do \
	  if [ -f $$app/apps.py ]; then (cd $$app && mkdir -p locale && \
	    ../../$(BIN)/django-admin makemessages -l nl -l en --no-obsolete --no-location -i "tests/*" \
	      --settings=buurtkracht.settings --pythonpath=../..); fi; \
	done
	$(BIN)/python -m buurtkracht.lib.i18n_tools compile

check-messages: install
	$(BIN)/python -m buurtkracht.lib.i18n_tools check

clean:
	rm -rf $(VENV) var
