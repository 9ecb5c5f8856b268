# Renda: `make demo` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
# Byte-code compiled at install: processes start faster where PYTHONDONTWRITEBYTECODE is set (as in CI).
export UV_COMPILE_BYTECODE := 1
PY ?= python3
UV := $(PY) -m uv
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/renda/static/vendor

.PHONY: install system-packages demo serve test test-sqlite test-postgres lint typecheck audit bench bench-province bench-deadlines clean

PO_FILES := $(shell find src/renda -name django.po -path '*/en/LC_MESSAGES/*')

install: $(BIN)/renda $(VENDOR)/.done var/.messages

$(BIN)/renda: pyproject.toml uv.lock .python-version
	@$(UV) --version >/dev/null 2>&1 || $(PY) -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

$(VENDOR)/.done: node_modules/.package-lock.json scripts/vendor.py
	$(BIN)/python scripts/vendor.py
	@touch $@

# Every app may have its own locale/en catalogue; compilemessages finds them all under src/renda.
var/.messages: $(PO_FILES) $(BIN)/renda
	@command -v msgfmt >/dev/null || (apt-get install -y -qq gettext >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq gettext))
	cd src/renda && ../../$(BIN)/renda compilemessages >/dev/null
	@mkdir -p var && touch $@

demo: install
	$(BIN)/renda demo

serve: install
	$(BIN)/renda serve --with-worker

# Debian packages the tests need (Chromium, LibreOffice writer + calc, zbar, a CJK font, gettext, pango):
# installed when missing if we are root, else the one command to run is printed and the target fails.
system-packages:
	@bash scripts/system-packages.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/renda makemigrations --check --dry-run >/dev/null

# mypy with django-stubs (pyproject's [tool.mypy]): core, and every app's rules, workflow tables and services
# (DESIGN: "mypy on services and rules"); a new app's files are picked up by the wildcards.
TYPECHECKED := src/renda/core $(filter-out src/renda/core/%,$(wildcard src/renda/*/rules.py src/renda/*/workflow.py \
  src/renda/*/services.py src/renda/*/services))
typecheck: install
	$(BIN)/mypy $(TYPECHECKED)

# Every pinned package against PyPI's advisory data (pip-audit); audit-ignore.txt lists justified exceptions.
audit: install
	@req=$$(mktemp) && trap 'rm -f "$$req"' EXIT && \
	  $(UV) export --frozen --no-hashes --no-emit-project --all-groups -q > "$$req" && \
	  $(BIN)/python scripts/audit.py "$$req"


# The suite on SQLite; again on SQLite with the whole session's clock travelled TRAVEL ahead (past a New Year:
# a test that reads the real today fails here, not on some future day; the API fuzz, which reads no date, runs
# in the other two passes); then on PostgreSQL with Redis.
# The SQLite passes run on every core (pytest-xdist, one test module per worker so a module's shared world is
# built once; each worker has its own test database); WORKERS=1 runs them in one process. The PostgreSQL pass
# runs in one process: its tests share one Redis database, which the cache tests clear.
TRAVEL ?= +400d
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
XDIST := $(if $(filter-out 1,$(WORKERS)),-n $(WORKERS) --dist loadfile,)
test: system-packages lint typecheck audit
	$(BIN)/pytest -q $(XDIST)
	@echo "== the same suite on SQLite with the clock travelled $(TRAVEL)"
	$(BIN)/pytest -q $(XDIST) --travel=$(TRAVEL) --deselect tests/test_api_fuzz.py::test_no_operation_answers_a_server_error
	@if [ -n "$$RENDA_TEST_DATABASE_URL" ]; then \
	  echo "== the same suite on PostgreSQL and the Redis-backed queue"; \
	  DATABASE_URL="$$RENDA_TEST_DATABASE_URL" REDIS_URL="$$RENDA_TEST_REDIS_URL" $(BIN)/pytest -q -m "not browser"; \
	elif [ "$$CI" = "true" ]; then echo "CI needs RENDA_TEST_DATABASE_URL (PostgreSQL)"; exit 1; fi

# The load benchmark at district scale on the embedded SQLite (seeds it, several minutes) and prints the table.
# First the per-request CPU table (in process, each page as a ratio to the floor; a tiny district, about a minute).
bench: install
	$(BIN)/python -m bench cpu --scale=tiny
	$(BIN)/python -m bench load --scale=district --db=sqlite

# The same at province scale on PostgreSQL (DATABASE_URL's server; seeding 江苏省 takes tens of minutes, --reuse
# keeps it for the next run), and the deadline sweep on a million clocks.
bench-province: install
	$(BIN)/python -m bench load --scale=province --db=postgres --reuse

bench-deadlines: install
	$(BIN)/python -m bench deadlines

clean:
	rm -rf var $(VENDOR) .venv node_modules
