# Two commands for a new machine: `make run` (the site with demo content) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Local work: DEBUG on and plain HTTP; variables set in the environment or .env otherwise apply.
MANAGE := DEBUG=1 SECURE_SSL_REDIRECT=0 $(BIN)/python manage.py
# One stamp per requirements file, so `make run` never installs the test tools and a
# `make run` after `make test` installs nothing.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# pytest-xdist processes, 0 runs the tests in this process. One per CPU core, the browser
# tests all in one of them (BrowserTestsTogether in tests/conftest.py), so that one Chromium
# runs at a time. On 2 cores: 3 min 5 s to 3 min 10 s on a machine that runs
# `for i in range(30_000_000): pass` in 0.65-0.71 s, 4 min to 4 min 43 s on one 2.5-4 times
# slower; three processes were slower (three Chromiums and three Django processes contend
# for two cores, and the CPU time grows by a quarter).
TEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print(os.cpu_count() or 1)")
PYTEST_ARGS ?=
# Every template folder djLint checks: the project's and each app's.
TEMPLATE_DIRS := templates articles/templates music/templates pophariini/templates

.PHONY: run test check format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# requirements-dev.txt includes requirements.txt: the run stamp is up to date afterwards too.
$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(MANAGE) create_database
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) seed_demo --demo-login
	$(MANAGE) runserver 127.0.0.1:8000

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

check: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint $(TEMPLATE_DIRS) --lint
	$(BIN)/djlint $(TEMPLATE_DIRS) --lint --extension xml
	$(MANAGE) makemigrations --check --dry-run

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Back to a fresh clone: the venv, the SQLite database, uploads, the file cache, test leftovers.
clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-journal media staticfiles .cache .pytest_cache .ruff_cache test-artifacts
