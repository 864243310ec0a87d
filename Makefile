# CreditDesk: `make run` serves the site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := creditdesk
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: schema run test install install-test translations messages db lint e2e unit bench cluster load clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations

translations: $(VENV)/.installed
	$(PY) -m creditdesk.translate compile

# Add new strings from the code to every catalog and list what is untranslated.
messages: install
	$(PY) -m creditdesk.translate update

db: install
	$(FLASK) db upgrade

run: install db
	$(FLASK) content check
	$(FLASK) users setup-link --host $(HOST) --port $(PORT)
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test
	$(PY) -m pytest

unit: install-test
	$(PY) -m pytest tests/unit

e2e: install-test
	$(PY) -m pytest tests/e2e

# Public pages over HTTP: gunicorn (2 sync workers) + wrk, req/s, p99 and ratio to a bare
# route from one run. BENCH_ARGS="--postgres --seconds 4 --check" to vary.
bench: install
	$(PY) tests/bench/bench_http.py $(BENCH_ARGS)

# Two app hosts (gunicorn + notification worker each) behind nginx, sharing PostgreSQL and
# Redis on loopback: checks sessions, limits, view counts, notifications and a host killed.
cluster: install-test
	$(PY) tests/cluster/cluster.py

lint: install-test
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Before the first release the schema is one migration: rewrite it from the models.
# (After a release, use `flask db migrate -m "..."` for a new revision instead.)
schema: install
	rm -f site/creditdesk/migrations/versions/0001_initial_schema.py /tmp/creditdesk-schema.db
	CREDITDESK_SQLALCHEMY_DATABASE_URI=sqlite:////tmp/creditdesk-schema.db $(FLASK) db migrate -m "initial schema" --rev-id 0001
	rm -f /tmp/creditdesk-schema.db
