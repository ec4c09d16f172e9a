# Two commands a newcomer needs: `make run` (the product with demo data) and `make test`.
# Both create .venv on first use and reinstall only when a requirements file has changed
# (a stamp file in .venv remembers what was installed).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: help run test lint

help:
	@echo "make run    install, migrate, load the demo data and serve http://127.0.0.1:8000"
	@echo "make test   run the whole test suite (DATABASE_URL / REDIS_URL are passed through)"
	@echo "make lint   ruff, and a check that no model change lacks its migration"

run: $(VENV)/.stamp-runtime
	@bin/dev

# OCR needs Tesseract's language data, a system package make cannot install (Debian/Ubuntu:
# apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra; .ci/run
# does). Without it the OCR tests skip and say why; with CI set they fail.
test: $(VENV)/.stamp-dev
	@$(PY) bin/ocr-check --tests
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.stamp-dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

$(VENV)/pyvenv.cfg:
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: no python3 found; install Python 3.11 or newer" >&2; exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "error: $(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'); Procurement Triage needs 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2; \
		exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.stamp-runtime: requirements.txt | $(VENV)/pyvenv.cfg
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.stamp-dev: requirements.txt requirements-dev.txt | $(VENV)/pyvenv.cfg
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.stamp-runtime
