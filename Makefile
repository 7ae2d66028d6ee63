# Set-up is part of every target: a local .venv with the CPU build of torch, then the package.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# torch first, pinned: the pin is a CPU build on local disk; a bare `torch` pulls a CUDA build.
TORCH  := torch==2.13.0

.PHONY: run test setup bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -e '.[all]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/summarize run examples/

test: $(STAMP)
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
