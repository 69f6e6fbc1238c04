# Two commands do all the set-up (see README.md):
#   make run    virtual environment + requirements, build the data if inputs changed, start the dashboard
#   make test   the same with the test requirements and Debian's chromium + fonts-noto-cjk, then pytest
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test data verify bench translations

run: $(VENV)/.runtime-installed
	@$(BIN)/python -m datasets.build --if-changed || echo "WARNING: the data build failed (see above); the dashboard serves the previous build"
	$(BIN)/python -m dashboard.serve --server.address 127.0.0.1 --server.port $(PORT)

test: $(VENV)/.dev-installed data
	bash scripts/install_browser_deps.sh
	$(BIN)/python -m pytest

data: $(VENV)/.runtime-installed
	$(BIN)/python -m datasets.build --if-changed

verify: $(VENV)/.runtime-installed
	$(BIN)/python -m datasets.build --verify

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/.runtime-installed
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

bench: $(VENV)/.dev-installed data
	$(BIN)/python -m bench.run

# After changing English texts: extract the messages (pybabel), merge them into the Chinese catalogue
# dashboard/locale/zh/LC_MESSAGES/messages.po and compile messages.mo (committed; see README, "Translations").
translations: $(VENV)/.runtime-installed
	PYBABEL=$(BIN)/pybabel bash scripts/translations.sh
