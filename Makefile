# Two commands matter: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
LAUNCHER_JAR := graph/launcher/target/neo4j-launcher.jar
LAUNCHER_SOURCES := graph/launcher/pom.xml $(shell find graph/launcher/src -name '*.java')
# The partner FHIR server the tests start (HAPI FHIR's plain server), built once per machine too.
FHIR_SERVER_JAR := connectors/fhirserver/target/fhir-server.jar
FHIR_SERVER_SOURCES := connectors/fhirserver/pom.xml $(shell find connectors/fhirserver/src -name '*.java')
# HAPI FHIR's reference validator the tests run over what /fhir serves, built once per machine.
FHIR_VALIDATOR_JAR := connectors/fhirvalidator/target/fhir-validator.jar
FHIR_VALIDATOR_SOURCES := connectors/fhirvalidator/pom.xml $(shell find connectors/fhirvalidator/src -name '*.java')
PO_FILES := $(wildcard i18n/locales/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
# The Node harness for composition and the Apollo gateway (gateway/), reinstalled when its lock changes.
NODE_STAMP := gateway/node_modules/.installed-$(shell sha1sum gateway/package-lock.json | cut -c1-12)
# The benchmark's peer (bench/peer: @neo4j/graphql on @apollo/server), likewise.
PEER_STAMP := bench/peer/node_modules/.installed-$(shell sha1sum bench/peer/package-lock.json | cut -c1-12)
# The page's browser tests drive Debian's Chromium, never a browser build a test tool downloads.
CHROMIUM ?= /usr/bin/chromium
# Shared rate-limit counters are tested against Debian's Redis, started by the test session.
REDIS_SERVER ?= /usr/bin/redis-server

.PHONY: setup run test check lint typecheck i18n clean bench-lookup bench relevance

# What serving and testing need; the browser tests add Debian's Chromium, the benchmark its peer.
setup: $(STAMP) $(LAUNCHER_JAR) $(MO_FILES) $(NODE_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

$(NODE_STAMP): gateway/package.json gateway/package-lock.json
	cd gateway && APOLLO_TELEMETRY_DISABLED=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(PEER_STAMP): bench/peer/package.json bench/peer/package-lock.json
	cd bench/peer && APOLLO_TELEMETRY_DISABLED=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(LAUNCHER_JAR): $(LAUNCHER_SOURCES)
	cd graph/launcher && mvn --quiet --batch-mode package
	touch $@

$(FHIR_SERVER_JAR): $(FHIR_SERVER_SOURCES)
	cd connectors/fhirserver && mvn --quiet --batch-mode package
	touch $@

$(FHIR_VALIDATOR_JAR): $(FHIR_VALIDATOR_SOURCES)
	cd connectors/fhirvalidator && mvn --quiet --batch-mode package
	touch $@

i18n/locales/%/LC_MESSAGES/messages.mo: i18n/locales/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --domain=messages --input-file=$< --output-file=$@

$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core

$(REDIS_SERVER):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server

run: setup
	$(BIN)/python -m nordhub serve

test: setup $(FHIR_SERVER_JAR) $(FHIR_VALIDATOR_JAR) $(CHROMIUM) $(REDIS_SERVER) lint typecheck
	NORDHUB_CHROMIUM=$(CHROMIUM) NORDHUB_REDIS_SERVER=$(REDIS_SERVER) $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Re-extract messages after changing them in code, then translate the new entries in each .po.
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k gettext --no-location --sort-output \
		--project=nordhub --version=0.1 --copyright-holder=nordhub \
		--msgid-bugs-address=nordhub@example.invalid \
		-o i18n/messages.pot nordhub schema resolvers graph connectors i18n
	$(BIN)/pybabel update --domain=messages --input-file=i18n/messages.pot \
		--output-dir=i18n/locales --no-fuzzy-matching --ignore-obsolete --width=100

# Benchmark of the cross-border lookup (not part of `make test`): SIZE=10k|100k|1m.
SIZE ?= 10k
bench-lookup: setup $(PEER_STAMP)
	$(BIN)/python -m bench.run --size $(SIZE) --queries Q1

# Relevance of the lookup on the judged query set (bench/relevance): prints and stores the table.
relevance: setup
	$(BIN)/python -m bench.relevance --write

# Hub (as many workers as the peer has processes) vs plain strawberry vs @neo4j/graphql vs the
# driver, Q1..Q6 (not part of `make test`): SIZE=10k|100k|1m.
bench: setup $(PEER_STAMP)
	$(BIN)/python -m bench.run --size $(SIZE)

clean:
	rm -rf $(VENV) gateway/node_modules bench/peer/node_modules graph/launcher/target connectors/fhirserver/target connectors/fhirvalidator/target .state .mypy_cache .ruff_cache .pytest_cache
