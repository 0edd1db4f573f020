# Moti: `make run` to try it, `make test` to check it. `make` alone lists the targets.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
STAMP   := .venv/.installed
HOST    ?= 127.0.0.1:8000

.DEFAULT_GOAL := help
.PHONY: help install system-packages run test test-fast lint messages translations screenshots bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

system-packages: ## Debian packages: Chromium for browser tests, gettext for translations
	@if ! command -v chromium >/dev/null || ! command -v msgfmt >/dev/null \
	    || ! fc-list 2>/dev/null | grep -qi dejavu; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	      chromium gettext fonts-dejavu-core; \
	  else echo "Install as root: apt-get install chromium gettext fonts-dejavu-core"; exit 1; fi; \
	fi

$(STAMP): pyproject.toml package.json package-lock.json
	$(MAKE) system-packages
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP) messages ## Install everything the project needs (idempotent)

messages: ## Compile the fi/sv/en translations
	@cd moti && ../$(PY) ../manage.py compilemessages -v0

translations: ## Extract new strings into the fi/sv/en catalogues, to translate them there
	cd moti && ../$(PY) ../manage.py makemessages -l fi -l sv -l en --no-obsolete \
	  -i "migrations/*" -i "static/*" -v0
	$(MAKE) --no-print-directory messages

run: install ## Install, migrate, load the demo region, serve on http://127.0.0.1:8000 with a worker
	$(PY) manage.py migrate -v0
	$(PY) manage.py migrate --database log -v0
	$(PY) manage.py demo
	@echo "Moti is at http://$(HOST)/ (the worker seals the logs beside it; Ctrl-C stops both)"
	@trap 'kill 0' EXIT INT TERM; $(PY) manage.py worker & $(PY) manage.py runserver $(HOST)

lint: install ## ruff, the layering contract, mypy and the migrations check
	.venv/bin/ruff check moti tests bench
	.venv/bin/lint-imports --no-cache
	.venv/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run -v0

test: install ## Lint, then every test in parallel: unit, permissions, query counts, browser
	@start=$$(date +%s); $(MAKE) --no-print-directory lint && .venv/bin/pytest -q -n auto; \
	  status=$$?; echo "make test: $$(( $$(date +%s) - start )) s for lint and tests"; exit $$status

test-fast: install ## The tests without the browser
	.venv/bin/pytest -q -n auto -m "not e2e"

bench: install ## Every main page against the stack's floor, SQLite and PostgreSQL, demo and county scale
	$(PY) bench/bench_pages.py --database sqlite,postgres --scale demo,county --scale-out

screenshots: install ## Refresh the README's screenshots from the demo region
	$(PY) bench/screenshots.py

clean: ## Remove the virtualenv, node packages and the local database
	rm -rf .venv node_modules moti.sqlite3 moti-log.sqlite3 staticfiles var
