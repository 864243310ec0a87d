# CreditDesk: `make run` serves the site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
HOST ?= 127.0.0.1
PORT ?= 5000
# The public origin `make run` serves (absolute links, the only Host it answers); set
# SITE_URL (or CREDITDESK_SITE_URL) when people reach it under another name, e.g. with HOST=0.0.0.0.
SITE_URL ?= $(or $(CREDITDESK_SITE_URL),http://$(if $(findstring :,$(HOST)),[$(HOST)],$(HOST)):$(PORT))
export FLASK_APP := creditdesk
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: schema run test install install-test translations messages db lint e2e unit bench cluster load \
	clean browser validators

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

# One catalog per language in site/creditdesk/translations (Babel's own tools).
CATALOGS := site/creditdesk/translations
POT := $(CATALOGS)/messages.pot
PYBABEL := $(VENV)/bin/pybabel

# The Nu HTML Checker (npm vnu-jar, runs on Java) for tests/integration/test_html_valid.py,
# installed inside .venv (ignored by git); Java and npm come from apt when missing.
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR): | $(PY)
	command -v java >/dev/null 2>&1 || apt-get install -y -qq default-jre-headless
	command -v npm >/dev/null 2>&1 || apt-get install -y -qq npm
	npm install --prefix $(VENV)/vnu --no-save --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION)

validators: $(VNU_JAR)


translations: $(VENV)/.installed
	$(PYBABEL) compile -d $(CATALOGS)

# Add new strings from the code to every catalog (babel.cfg says where they are), then
# compile and print how much of each catalog is translated (a test names what is not).
messages: install
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
		--project creditdesk -w 100 -o $(POT) site/creditdesk
	$(PYBABEL) update -i $(POT) -d $(CATALOGS) -w 100 --no-fuzzy-matching --ignore-obsolete
	$(PYBABEL) compile -d $(CATALOGS) --statistics

db: install
	$(FLASK) db upgrade

run: install db
	$(FLASK) content check
	CREDITDESK_SITE_URL=$(SITE_URL) $(FLASK) users setup-link
	CREDITDESK_SITE_URL=$(SITE_URL) $(FLASK) run --host $(HOST) --port $(PORT)

# Chromium and CJK fonts for the browser tests: apt-get installs them when run as root,
# otherwise one line says how, before any test runs.
browser:
	@sh scripts/browser-prerequisites.sh

test: install-test browser validators
	$(PY) -m pytest

unit: install-test
	$(PY) -m pytest tests/unit

e2e: install-test browser
	$(PY) -m pytest tests/e2e

# Public pages over HTTP: gunicorn (2 sync workers) + wrk, req/s, p99 and ratio to a bare
# route from one run. BENCH_ARGS="--postgres --seconds 4 --check" to vary.
bench: install
	@sh scripts/tool-prerequisites.sh wrk
	$(PY) tests/bench/bench_http.py $(BENCH_ARGS)

# Two app hosts (gunicorn + notification worker each) behind nginx, sharing PostgreSQL and
# Redis on loopback: checks sessions, limits, view counts, notifications and a host killed.
cluster: install-test
	@sh scripts/tool-prerequisites.sh nginx
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
