# Set-up is part of every target: a local .venv with the CPU build of torch, then the package.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# torch first, pinned: the pin is a CPU build on local disk; a bare `torch` pulls a CUDA build.
TORCH  := torch==2.13.0

.PHONY: run test test-quick setup browser clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -e '.[all]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/summarize run examples/

# The whole suite, the slow DUC/Multi-News-scale tests included (what CI runs).
test: $(STAMP) browser
	$(PY) -m pytest -q -m "slow or not slow"

# The inner loop: everything but the slow tests (about a minute).
test-quick: $(STAMP)
	$(PY) -m pytest -q

# Headless Chromium renders the HTML reports and emails in tests. Installed from Debian's
# packages when we can (root with apt-get); otherwise those tests skip and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium (Debian package) for the HTML rendering tests"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1)) || \
	    echo "could not install chromium: HTML rendering tests will be skipped"; \
	  else echo "chromium not found: HTML rendering tests will be skipped"; fi; }

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
