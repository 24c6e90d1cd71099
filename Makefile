# tdkt — two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
STAMP  := $(VENV)/.installed
UV_VERSION := 0.13.9

export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test lint typecheck fmt bench bench-scale bench-peak install migrate smoke clean browser coverage fonts

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

# Front-end libraries come from the npm registry at install time (never vendored in git).
ASSETS := node_modules/.installed
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP) $(ASSETS)

# Browser tests drive Debian's Chromium; install it where it is missing (a missing browser
# fails the run, it never skips it).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Generated papers (quyết định, tờ trình…) use Liberation Serif 2, metric-compatible with Times
# New Roman (ND30/2020) and, unlike Liberation 1.x, with every Vietnamese letter: Debian's
# fonts-liberation2, installed where it is missing.
FONT := /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
fonts:
	@test -f $(FONT) || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-liberation2 >/dev/null; }

run: install fonts  ## start PostgreSQL, Temporal, worker, API + web UI with demo data
	$(BIN)/tdkt dev

test: install lint typecheck browser fonts coverage  ## lint, type-check and run every test
	$(BIN)/python -m pytest

# The pure rules must stay covered: line coverage of domain/ by its own fast tests >= 95 %.
coverage: install
	TDKT_TEST_NO_HARD_EXIT=1 COVERAGE_FILE=$(VENV)/.coverage $(BIN)/coverage run --source=domain \
	  -m pytest -q --no-header tests/unit tests/rounds/test_round_rules.py tests/registry/test_domain_registry.py
	COVERAGE_FILE=$(VENV)/.coverage $(BIN)/coverage report --fail-under=95 --skip-covered

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# `make bench ARGS=--scale` (or `make bench-scale`): the read side at 1,000,000 dossiers
bench: install fonts  ## the default run renders a quyết định PDF (documents section)
	$(BIN)/python -m bench $(ARGS)

bench-scale: install
	$(BIN)/python -m bench --scale $(ARGS)

# the year-end peak at 1,000, 10,000, then 1,000 dossiers on one stack (~22 minutes on 2 cores)
bench-peak: install
	$(BIN)/python -m bench --scale-peak $(ARGS)

migrate: install
	$(BIN)/tdkt migrate

smoke: install
	$(BIN)/python ../shared/contract-smoke/smoke.py

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache
