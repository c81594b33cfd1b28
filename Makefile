# Procura: the two commands a newcomer needs are `make demo` and `make test`.
# Needs only Python 3.11 (with pip and venv) and Node.js with npm on the machine.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
SASS_VERSION := 1.83.4

.PHONY: install demo serve test lint format lock css clean-demo bench bench-last-minute bench-burst

## Set-up: a virtual environment with exactly the locked, hash-checked dependencies, and the
## pinned front-end packages from package-lock.json. Re-runs only when a lock file changes.
install: $(VENV)/.synced node_modules/.installed

$(VENV)/.synced: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) pip sync --quiet --python $(PY) --require-hashes requirements.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## Run the service with the demo data on the embedded SQLite database under var/, printing
## every demo sign-in; the demo clock (ADR 0008) is on.
demo: install
	@mkdir -p var
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py seed_demo
	@echo ""
	@echo "Procura is running at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	@echo "Sign in with any username above and the demo password."
	@echo "To skip ahead in time, sign in as admin and open /demo/clock/, or run"
	@echo "  $(PY) manage.py advance_clock --days N   (README: trying a procurement end to end)"
	@$(PY) manage.py runserver $(HOST):$(PORT) --noreload

## The whole suite: ruff, mypy, the migrations check, then pytest on every core (SQLite; set
## DATABASE_URL=postgres://... for PostgreSQL). PYTEST_WORKERS=0 runs it in one process;
## PYTEST_ARGS passes more options (e.g. PYTEST_ARGS="procura/tendering -x").
PYTEST_WORKERS ?= auto
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Re-pin the Python dependencies after editing pyproject.toml.
lock: $(VENV)/.synced
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes --quiet -o requirements.lock

## Rebuild procura/static/build/procura.css from static/src/procura.scss and GOV.UK Frontend.
css: node_modules/.installed
	npx --yes sass@$(SASS_VERSION) --load-path=node_modules --style=compressed --no-source-map \
	  --quiet-deps --silence-deprecation=import,mixed-decls,global-builtin \
	  static/src/procura.scss procura/static/build/procura.css

clean-demo:
	rm -f var/procura.sqlite3 var/procura.sqlite3-wal var/procura.sqlite3-shm

## The deadline-surge benchmark of sealed tenders: a throwaway PostgreSQL database on
## 127.0.0.1:5432, gunicorn, 200 tenders in the last minute and 50 late ones (bench/README.md).
## Writes BENCHMARKS.md. Pass options with BENCH_ARGS="--keep --profile ...".
.PHONY: bench
bench: bench-last-minute bench-burst

bench-last-minute:
	@test -x $(PY) || { echo "No $(PY): run make install first."; exit 2; }
	$(PY) bench/deadline_surge.py --spread 50 --arrivals random --timeout 9 $(BENCH_ARGS)

bench-burst:
	@test -x $(PY) || { echo "No $(PY): run make install first."; exit 2; }
	$(PY) bench/deadline_surge.py $(BENCH_ARGS)
