# kanmin — the two commands a newcomer needs: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export KANMIN_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test test-fast lint install system-deps demo bench clean messages

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Start the portal with demo data on SQLite at http://127.0.0.1:8000
run: install
	$(BIN)/kanmin setup
	$(BIN)/kanmin demo
	$(BIN)/kanmin serve --host 127.0.0.1 --port 8000

## Run every test (SQLite by default; set DATABASE_URL for PostgreSQL)
test: install system-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile

## Static checks (pyflakes rules via ruff)
lint: install
	$(BIN)/ruff check kanmin tests bench scripts

## Tests without the browser tests
test-fast: install
	$(BIN)/python -m pytest -m "not browser"

## Chromium for the browser tests (Debian package; needs root or sudo) and axe-core (npm) for accessibility checks
system-deps:
	@command -v chromium >/dev/null 2>&1 || bash scripts/install-system-deps.sh chromium
	@test -f tests/web/node_modules/axe-core/axe.min.js || (cd tests/web && npm install --no-audit --no-fund --silent)

## Benchmarks against peers (Datasette, frictionless), installed in bench/.venv only
bench: install
	$(BIN)/python bench/run_all.py

messages: install
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var .pytest_cache
