# sdpmodel: one Makefile, one virtual environment (.venv), created on demand.
#   make demo   the main job from a fresh clone
#   make test   lint + type check + layering contracts + the test suite
#   make bench  benchmarks against aiortc, sdp-transform and headless Chromium (ratios, medians)
#   make fuzz   the long fuzz run (FUZZ_MINUTES per part; make test runs a bounded one)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CORPUS ?= ../shared/corpus
export SDPMODEL_CORPUS ?= $(abspath $(CORPUS))

.PHONY: demo test lint typecheck contracts unit bench fuzz clean

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(VENV)/.fuzz: $(VENV)/.dev pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev,fuzz]'
	touch $@

$(VENV)/.bench: $(VENV)/.base pyproject.toml
	$(PY) -m pip install --quiet -e '.[bench]'
	touch $@

# The demo's peers use the real transport (aiortc, on 127.0.0.1 only) when its extra
# installs; without it (no wheels for this machine, no registry) they use the
# in-memory one, and the demo says so.
$(VENV)/.aiortc: $(VENV)/.base pyproject.toml
	$(PY) -m pip install --quiet -e '.[aiortc]' || echo "make demo: the aiortc extra did not install; the demo's peers use the in-memory transport"
	touch $@

demo: $(VENV)/.aiortc
	$(PY) -m sdpmodel.demo

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy

contracts: $(VENV)/.dev
	$(VENV)/bin/lint-imports

unit: $(VENV)/.dev
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-$(if $(CI),ci,dev)} $(PY) -m pytest -n 2 -q

test: lint typecheck contracts unit

bench: $(VENV)/.bench
	$(PY) -m bench

# tests/_fuzz.py: Hypothesis over every target (parse, setRemoteDescription, addIceCandidate),
# then libFuzzer through atheris on parse and on setRemoteDescription, seeded with the corpus.
# Each part prints how many inputs ran and how many coverage points they reached.
FUZZ_MINUTES ?= 10
fuzz: $(VENV)/.fuzz
	HYPOTHESIS_PROFILE=thorough $(PY) tests/_fuzz.py --minutes $(FUZZ_MINUTES)
	$(PY) tests/_fuzz.py --atheris parse --minutes $(FUZZ_MINUTES)
	$(PY) tests/_fuzz.py --atheris remote --minutes $(FUZZ_MINUTES)

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis
