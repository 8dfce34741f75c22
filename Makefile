# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# A stamp per dependency set: the venv is rebuilt when pyproject.toml changes.
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SYSTEM_PACKAGES := chromium fonts-noto-cjk

.PHONY: run test mutation lint bench loadtest a11y db system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

db: $(STAMP)
	$(BIN)/tracker migrate
	$(BIN)/tracker seed --if-empty

# Chromium renders chart images (kaleido) and drives browser tests; Noto CJK draws Korean.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them with: sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

run: db
	@$(MAKE) --no-print-directory system-deps || echo "(chart image export needs Chromium; the dashboard runs without it)"
	$(BIN)/tracker serve --port $(PORT)

# Two workers (pytest-xdist); work stealing evens out the slow browser and page tests.
# TEST_JOBS=0 runs in one process; PYTEST_ARGS adds options (e.g. PYTEST_ARGS="-k money").
TEST_JOBS ?= 2
test: $(TEST_STAMP) system-deps
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist worksteal $(PYTEST_ARGS)

# Mutation testing (mutmut) of the core packages with their fast SQLite tests; not part of
# `make test`. Prints the score per package, writes var/mutation/report.md.
# MUTATION_PACKAGES="money status" runs some of them.
mutation: $(TEST_STAMP)
	$(BIN)/python tests/mutation/run.py $(MUTATION_PACKAGES)

# axe-core (WCAG 2.1 AA) on every page in Korean and English, bundled data and an empty database.
a11y: $(TEST_STAMP) system-deps
	$(BIN)/python tests/a11y.py

lint: $(TEST_STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(TEST_STAMP) system-deps
	$(BIN)/python -m bench
	$(BIN)/python -m bench.pages --interactions --elements
	$(BIN)/python -m bench.pages --synthetic large
	$(BIN)/python -m bench.maps --large
	$(BIN)/python -m bench.server
	$(BIN)/python -m bench.server --only synthetic --synthetic huge --pages overview --no-explain
	$(BIN)/python -m bench.server --backend postgresql --no-explain
	$(BIN)/python -m bench.explain --backend postgresql
	$(BIN)/python -m bench.imports
	$(BIN)/python -m bench.summary

# Two `tracker serve` processes on PostgreSQL behind nginx, 20 browser sessions, one process killed
# mid-run (bench/loadtest.py). Needs the PostgreSQL server of TRACKER_TEST_POSTGRES and nginx.
loadtest: $(TEST_STAMP) system-deps
	@command -v nginx >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian package: nginx"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else echo "Missing system package: nginx"; echo "Install it with: sudo apt-get install -y nginx"; exit 1; fi; }
	$(BIN)/python -m bench.loadtest

clean:
	rm -rf $(VENV) var .pytest_cache test-artifacts
