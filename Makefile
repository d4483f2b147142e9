# The two set-up commands a newcomer runs (README): `make demo` and `make test`.
# Both create the virtual environment and install the Debian packages they need when missing; both are idempotent.
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
APT_PACKAGES := iverilog liblz4-dev yosys g++ make ccache chromium
STAMP := $(VENV)/.hwverify-installed
PYTEST_ARGS ?=

.PHONY: demo test test-fast bench setup apt clean-venv

demo: setup
	$(VENV)/bin/hwverify demo

test: setup
	$(VENV)/bin/python -m pytest -n 2 $(PYTEST_ARGS)

test-fast: setup
	$(VENV)/bin/python -m pytest -m "not slow" $(PYTEST_ARGS)

bench: setup
	$(VENV)/bin/python benchmarks/run_all.py

setup: apt $(STAMP)

# Install only what is missing; apt-get update runs at most once per call.
apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "Installing Debian packages: $$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml requirements.lock
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	@echo "Installing Python packages into $(VENV) (about 40 s with pip's cache warm; a line every 10 s while pip unpacks)"
	@( while sleep 10; do echo "   ... pip still installing"; done ) & heartbeat=$$!; \
	$(VENV)/bin/python -m pip install --progress-bar off -c requirements.lock -e ".[dev]"; status=$$?; \
	kill $$heartbeat; exit $$status
	$(VENV)/bin/python -m pip check
	touch $(STAMP)

clean-venv:
	rm -rf $(VENV)
