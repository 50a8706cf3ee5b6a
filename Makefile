# Palier — the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format e2e bench install install-test pwa clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

pwa/node_modules/.package-lock.json: pwa/package.json pwa/package-lock.json
	cd pwa && npm ci --no-audit --no-fund

pwa: pwa/node_modules/.package-lock.json
	cd pwa && npm run build

run: install pwa
	bash scripts/system-packages.sh
	$(VENV)/bin/palier init
	$(VENV)/bin/palier demo
	$(VENV)/bin/palier serve --host $(HOST) --port $(PORT)

test:
	bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

e2e: install pwa
	$(PY) -m pytest e2e

bench: install pwa
	$(PY) bench/sync.py
	$(PY) bench/field_app.py

clean:
	rm -rf $(VENV) pwa/node_modules pwa/dist
