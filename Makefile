# Two commands do all the set-up (see README.md):
#   make run    virtual environment + requirements, build the data if inputs changed, start the dashboard
#   make test   the same with the test requirements and Debian's chromium + fonts-noto-cjk, then pytest
#   make serve REPLICAS=N   N dashboard processes behind HAProxy (deploy/haproxy.cfg) on PORT
#   make loadtest           a burst of readers through the agent API (bench/loadtest.py -> bench/loadtest.json)
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
REPLICAS ?= 2

.PHONY: run serve test data verify bench loadtest translations

run: $(VENV)/.runtime-installed
	@$(BIN)/python -m datasets.build --if-changed || echo "WARNING: the data build failed (see above); the dashboard serves the previous build"
	$(BIN)/python -m dashboard.serve --server.address 127.0.0.1 --server.port $(PORT)

serve: $(VENV)/.runtime-installed
	@$(BIN)/python -m datasets.build --if-changed || echo "WARNING: the data build failed (see above); the dashboard serves the previous build"
	@bash scripts/install_proxy.sh
	$(BIN)/python -m deploy.serve_replicas --replicas $(REPLICAS) --port $(PORT)

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

loadtest: $(VENV)/.dev-installed data
	@bash scripts/install_proxy.sh
	$(BIN)/python -m bench.loadtest $(LOADTEST_ARGS)

# After changing English texts: extract the messages (pybabel), merge them into the Chinese catalogue
# dashboard/locale/zh/LC_MESSAGES/messages.po and compile messages.mo (committed; see README, "Translations").
translations: $(VENV)/.runtime-installed
	PYBABEL=$(BIN)/pybabel bash scripts/translations.sh
