# graphframe-cypher developer commands.
#
#   make demo   - create .venv, install the package, check Java, run examples/demo.py
#   make test   - create .venv, install the package with test extras, check Java, run pytest
#
# Everything is installed into .venv by these targets; nothing needs installing by hand except
# Python >= 3.11 and Java 17 or 21. Reinstalls happen only when pyproject.toml changes.

PYTHON ?= python3
VENV ?= .venv
PYTEST_ARGS ?=

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VPY := $(VENV)/bin/python
# The machine's pip configuration may list local indexes that lack some packages; pip warns
# about each one. Those warnings are noise here, everything else pip says is kept.
PIP_INSTALL := $(VPY) -m pip install --quiet --disable-pip-version-check
PIP_FILTER := { grep -v 'is ignored: it is neither a file nor a directory' || true; }
BUILD_INPUTS := pyproject.toml hatch_build.py

.PHONY: help demo test java-check python-check venv install install-test wheel clean distclean

help:
	@echo "make demo   - set up .venv and run a few Cypher queries on the bundled sample graph"
	@echo "make test   - set up .venv and run the whole test suite (unit, e2e, TCK)"
	@echo "make demo-embedded - the demo on the embedded DuckDB engine (no Java)"
	@echo "make test-tck-duckdb - the openCypher TCK on the embedded DuckDB engine"
	@echo "make wheel  - build a wheel into dist/"
	@echo "make clean  - remove build outputs; make distclean also removes .venv"

demo: java-check install
	$(VPY) examples/demo.py

test: java-check install-test
	$(VPY) -m pytest $(PYTEST_ARGS)

# Runs before anything is installed (standard library only). -P keeps graphframe_cypher/ off
# sys.path, where its types.py would shadow the standard library's.
java-check: python-check
	@$(PYTHON) -P graphframe_cypher/_java.py

python-check:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "graphframe-cypher needs Python >= 3.11; '$(PYTHON)' is $$($(PYTHON) -V 2>&1)." >&2; \
	  echo "Run make with PYTHON=/path/to/python3.11 (or newer)." >&2; exit 1; }

venv: $(VPY)

install: $(VENV)/.stamp-install

install-test: $(VENV)/.stamp-install-test

$(VPY): | python-check
	@echo "Creating $(VENV) with $$($(PYTHON) -V 2>&1)"
	@rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)

$(VENV)/.stamp-install: $(BUILD_INPUTS) | $(VPY)
	@echo "Installing graphframe-cypher into $(VENV) (editable; the first run downloads pyspark)"
	@$(PIP_INSTALL) -e . 2>&1 | $(PIP_FILTER)
	@touch $@

$(VENV)/.stamp-install-test: $(BUILD_INPUTS) | $(VPY)
	@echo "Installing graphframe-cypher[test] into $(VENV) (editable)"
	@$(PIP_INSTALL) -e '.[test]' 2>&1 | $(PIP_FILTER)
	@touch $@ $(VENV)/.stamp-install

wheel: install
	@$(VPY) -m pip wheel --quiet --no-deps --wheel-dir dist . 2>&1 | $(PIP_FILTER)
	@ls dist/*.whl

clean:
	rm -rf build dist spark-warehouse metastore_db derby.log .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# The embedded DuckDB engine: no Java needed (no java-check).
.PHONY: demo-embedded test-tck-duckdb
demo-embedded: install-test
	$(VPY) examples/demo.py --embedded

# The openCypher TCK on the embedded engine (opt-in: about 10 minutes on 2 busy cores),
# against tests/tck/expected_failures_duckdb.txt.
test-tck-duckdb: install-test
	CYPHER_TCK_ENGINE=duckdb $(VPY) -m pytest tests/tck $(PYTEST_ARGS)
