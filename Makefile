# claimgraph: `make demo` and `make test` are all a fresh checkout needs.
# Every target creates or updates .venv first; it is rebuilt when pyproject.toml changes.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# pyenv reads .python-version (3.12), so plain python3 is the right interpreter.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CLAIMGRAPH := $(BIN)/claimgraph
DEMO_DB := demo.db
# Explicit, so that CLAIMGRAPH_STORE or CLAIMGRAPH_DB in the environment cannot redirect the demo.
DEMO_STORE := --store embedded --db $(DEMO_DB)
PYTEST_ARGS ?=
DEMO_TITLE := Kazakhstani PM Karim Massimov's hashtag campaign backfires

.PHONY: help demo test bench bench-neo4j lint clean neo4j-server train-attribution train-chooser \
	eval-attribution

help:
	@echo "make demo    ingest examples/ into $(DEMO_DB), list what was found, write demo.html and demo.png"
	@echo "make test    run the test suite (without tests marked slow)"
	@echo "make bench   run the ingest benchmark (bench/bench_ingest.py)"
	@echo "make bench-neo4j  relationship writes into Neo4j and the embedded store"
	@echo "make lint    ruff and mypy"
	@echo "make train-attribution  retrain the shipped attribution tagger and chooser from PolNeAR ($(POLNEAR))"
	@echo "make train-chooser  refit only the chooser (with a tagger trained on half of train)"
	@echo "make eval-attribution  attribution on dev, its halves and unseen train articles (both modes)"
	@echo "make clean   remove the demo database, caches and build files (keeps .venv)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { \
	  echo "claimgraph needs Python >= 3.12, but '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "Install Python 3.12 (with pyenv: pyenv install 3.12) or run make PYTHON=python3.12 ..." >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	  echo "$(VENV) was made with $$($(BIN)/python --version 2>&1); claimgraph needs >= 3.12." >&2; \
	  echo "Remove it (rm -rf $(VENV)) and run make again." >&2; \
	  exit 1; }
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(STAMP)
	rm -rf $(DEMO_DB) $(DEMO_DB).*
	$(CLAIMGRAPH) ingest examples/ $(DEMO_STORE)
	@echo; echo "Actors, accounts and hashtags found:"
	@$(CLAIMGRAPH) query --saved actors $(DEMO_STORE)
	@$(CLAIMGRAPH) query --saved accounts $(DEMO_STORE)
	@$(CLAIMGRAPH) query --saved hashtags $(DEMO_STORE)
	@echo; echo "Who said what about Karim Massimov:"
	$(CLAIMGRAPH) query --saved who-said-about --param target='Karim Massimov' $(DEMO_STORE)
	$(CLAIMGRAPH) stats $(DEMO_STORE)
	@$(CLAIMGRAPH) export --format html -o demo.html --title "$(DEMO_TITLE)" $(DEMO_STORE)
	@$(CLAIMGRAPH) export --format png -o demo.png --title "$(DEMO_TITLE)" $(DEMO_STORE)
	@echo; echo "The graph to explore in a browser: $(CURDIR)/demo.html"
	@echo "The graph as a picture:            $(CURDIR)/demo.png"
	@echo "The workbench in a browser:        $(CLAIMGRAPH) serve $(DEMO_STORE)"

test: $(STAMP) neo4j-server
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

# The Neo4j Community server the tests run against, from Maven Central (needs mvn and Java 17).
neo4j-server:
	tests/neo4j/fetch.sh

bench: $(STAMP)
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_resolution.py
	$(BIN)/python bench/bench_attribution.py
	$(BIN)/python bench/bench_rdf.py
	$(BIN)/python bench/bench_html.py
	$(BIN)/python bench/bench_ner_ru.py
	$(BIN)/python bench/bench_memory.py
	$(BIN)/python bench/bench_amplification.py

bench-neo4j: $(STAMP) neo4j-server
	$(BIN)/python bench/bench_neo4j.py

# PolNeAR's train split trains the attribution model, its dev split selects it (recipe in training/).
POLNEAR ?= ../shared/data
ATTRIBUTION_RUN := build/attribution
ATTRIBUTION_HALF := build/attribution-half
ATTRIBUTION_WEIGHTS := claimgraph/attribution/weights
TRAIN_TAGGER := $(BIN)/python -m spacy train training/attribution.cfg --code training/register.py \
	  --paths.train $(POLNEAR)/polnear-train --paths.dev $(POLNEAR)/polnear-dev

TRAIN_HALF := $(TRAIN_TAGGER) --paths.train_limit 420 --training.max_steps 1500 \
	  --output $(ATTRIBUTION_HALF)
HALF_TAGGER := $(ATTRIBUTION_HALF)/model-best/claimgraph_attribution_model

# The tagger on all 840 train articles, then the chooser (make train-chooser).
train-attribution: $(STAMP)
	$(TRAIN_TAGGER) --output $(ATTRIBUTION_RUN)
	rm -f $(ATTRIBUTION_WEIGHTS)/cfg $(ATTRIBUTION_WEIGHTS)/model
	cp $(ATTRIBUTION_RUN)/model-best/claimgraph_attribution_model/* $(ATTRIBUTION_WEIGHTS)/
	$(MAKE) train-chooser

# The chooser learns from a tagger that never saw its articles: one trained on
# train articles 1-420 tags 421-840, and the chooser is fitted on those.
train-chooser: $(STAMP)
	$(TRAIN_HALF)
	$(BIN)/python training/chooser.py --train $(POLNEAR)/polnear-train \
	  --dev $(POLNEAR)/polnear-dev --held-out-from 420 --dev-tagger $(ATTRIBUTION_WEIGHTS) \
	  --tagger $(HALF_TAGGER) \
	  --output $(ATTRIBUTION_WEIGHTS)/chooser.json

# The figures the attribution issue's criteria name, from the graph, for both modes:
# dev, its two halves, and train articles 631-840 (unseen by the half tagger, which
# is trained first if make train-chooser has not left one, and by a chooser fitted here).
eval-attribution: $(STAMP) | $(HALF_TAGGER)/model
	$(BIN)/python training/generalisation.py --train $(POLNEAR)/polnear-train \
	  --dev $(POLNEAR)/polnear-dev --half-tagger $(HALF_TAGGER)

$(HALF_TAGGER)/model: | $(STAMP)
	$(TRAIN_HALF)

lint: $(STAMP)
	$(BIN)/ruff check claimgraph tests bench
	$(BIN)/mypy claimgraph

clean:
	rm -rf $(DEMO_DB) $(DEMO_DB).* demo.html demo.png build dist .pytest_cache .mypy_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
