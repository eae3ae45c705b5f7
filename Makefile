# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

STAMP := $(VENV)/.installed

# Test workers (pytest-xdist, one test database each): every core, at most four.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -gt 4 ] && n=4; echo $$n)

.PHONY: run serve test lint format setup clean-db bench loadtest throughput outage-drill

# Reinstall only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: export DEBUG ?= 1
run: $(STAMP)
	$(PY) scripts/with_db.py \
	  "$(PY) manage.py migrate --noinput" \
	  "$(PY) manage.py load_demo" \
	  "$(PY) manage.py runserver 127.0.0.1:$(PORT)"

# Production-like on this machine: DEBUG off, collected static files, gunicorn with the
# settings of deploy/gunicorn.conf.py. Plain HTTP on loopback, so cookies are not Secure
# here (behind nginx with TLS they are; docs/deploy.md).
serve: export DEBUG = 0
serve: export SECURE_COOKIES ?= 0
serve: $(STAMP)
	$(PY) scripts/with_db.py \
	  "$(PY) manage.py migrate --noinput" \
	  "$(PY) manage.py collectstatic --noinput -v0" \
	  "$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$(PORT) config.wsgi"

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/with_db.py \
	  "$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope --transactional=skip $(PYTEST_ARGS)" \
	  "$(PY) -m pytest --transactional=only $(PYTEST_ARGS)"

# Seeds 100,000 documents into the embedded server's separate portal_bench database (never
# the developer's data, even when DATABASE_URL is set) and reports the server times.
# Another size (BENCH_ARGS="--documents 1000000") gets its own database, portal_bench_1000000,
# so both stay seeded; each run keeps its figures in var/bench/ and the table of sizes
# shows the last run of each side by side.
bench: $(STAMP)
	n=$$(echo "$(BENCH_ARGS)" | sed -n 's/.*--documents[ =]*\([0-9][0-9]*\).*/\1/p'); \
	if [ -n "$$n" ] && [ "$$n" != 100000 ]; then db=portal_bench_$$n; else db=portal_bench; fi; \
	env -u DATABASE_URL EMBEDDED_DB_NAME=$$db STATIC_MANIFEST=0 \
	  $(PY) scripts/with_db.py \
	  "$(PY) manage.py migrate --noinput" \
	  "$(PY) manage.py bench --documents 100000 $(BENCH_ARGS)"

# Public traffic under gunicorn against the same 100,000 bench documents (loopback only,
# each step bounded in time): the throughput at which p95 stays under 200 ms.
loadtest: $(STAMP)
	$(PY) -m pip install --disable-pip-version-check -q -e '.[dev,load]'
	env -u DATABASE_URL EMBEDDED_DB_NAME=portal_bench STATIC_MANIFEST=0 \
	  $(PY) scripts/with_db.py \
	  "$(PY) manage.py migrate --noinput" \
	  "$(PY) manage.py seed_bench --documents 100000" \
	  "$(PY) manage.py loadtest $(LOAD_ARGS)"

# Cached library pages against the static CSS under one gunicorn (issue 19: >= 40 %).
throughput: $(STAMP)
	env -u DATABASE_URL EMBEDDED_DB_NAME=portal_bench STATIC_MANIFEST=0 \
	  $(PY) scripts/with_db.py \
	  "$(PY) manage.py migrate --noinput" \
	  "$(PY) manage.py seed_bench --documents 100000" \
	  "$(PY) manage.py page_throughput $(THROUGHPUT_ARGS)"

# Stops the embedded PostgreSQL under load and starts it again: 503 pages, recovery without
# a restart, and no application lost (disclosure/ops/drill.py).
outage-drill: $(STAMP)
	env -u DATABASE_URL EMBEDDED_DB_NAME=portal_bench STATIC_MANIFEST=0 \
	  $(PY) scripts/with_db.py \
	  "$(PY) manage.py migrate --noinput" \
	  "$(PY) manage.py seed_bench --documents 100000" \
	  "$(PY) manage.py outage_drill $(DRILL_ARGS)"

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean-db:
	rm -rf var/pgdata
