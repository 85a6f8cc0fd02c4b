# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint install clean translations

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed-run

## Set up, create or upgrade the SQLite database, start the service and print its URLs.
run: $(VENV)/.installed-run
	$(BIN)/survey init --demo
	$(BIN)/survey serve

## Set up and run the whole test suite (PostgreSQL too when SURVEY_TEST_DATABASE_URL is set).
test: $(VENV)/.installed-test
	$(BIN)/pytest -n auto --dist loadfile --durations=30

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

## Re-extract the respondent-facing strings and compile the catalogues (after editing .po files).
translations: $(VENV)/.installed-test
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--omit-header -o survey_app/translations/messages.pot .
	$(BIN)/pybabel update -i survey_app/translations/messages.pot -d survey_app/translations \
		--no-fuzzy-matching
	$(BIN)/pybabel compile -d survey_app/translations

clean:
	rm -rf $(VENV) build *.egg-info
