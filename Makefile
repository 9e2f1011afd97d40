# Two commands do all the set-up: `make serve` and `make test` create .venv from the lock file
# whenever it is missing or older than requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build deploy check pack test lint lock clean new-post new-site bench build-zensical lock-zensical lock-properdocs vendor

# The project's own folder (where this Makefile is), for the install of the toolkit itself.
PROJECT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

# The lock first, then the toolkit itself (the `tce` command, the `tce` MkDocs plugin), installed in editable
# mode, so edits in hooks/, worksheets/ and overrides/ count at once: built with the setuptools the lock pins,
# without build isolation and without an index, so nothing is fetched that the lock does not hash.
$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --no-index -e "$(PROJECT)"
	@touch $(STAMP)

# ENGINE=properdocs: `make serve`, `make build` and `make deploy` run ProperDocs, the MkDocs 1.x fork that
# keeps plugins and hooks, instead of MkDocs (README: "Building with ProperDocs"). It lives in .venv beside
# MkDocs, from requirements-properdocs.lock installed together with requirements.lock, so that pip stops
# if the two files ever pin a shared package differently (`make lock-properdocs` pins it again).
ENGINE ?= mkdocs
$(if $(filter-out mkdocs properdocs,$(ENGINE)),$(error ENGINE=$(ENGINE): use mkdocs (the default) or properdocs))
PSTAMP := $(VENV)/.properdocs-installed
ENGINE_STAMP := $(if $(filter properdocs,$(ENGINE)),$(PSTAMP))

$(PSTAMP): $(STAMP) requirements-properdocs.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock -r requirements-properdocs.lock
	@touch $(PSTAMP)

serve: $(STAMP) $(ENGINE_STAMP)  ## live preview at http://127.0.0.1:8000/ (ENGINE=properdocs: with ProperDocs)
	$(BIN)/$(ENGINE) serve --dev-addr 127.0.0.1:8000

# One build at a time in this folder: `lock` waits while another build, deploy or clean runs here, then
# holds the folder until this make ends (so `make deploy` publishes the site its own build made) and
# removes what killed builds left. The build goes into a folder of its own (.site-new.<make's pid>),
# swapped with site/ in one step only when the build succeeded: a failed build leaves the last good
# site/ untouched, and site/ is never missing (hooks/tce_site/builds.py).
BUILDS = $(BIN)/python -m tce_site.builds
build: $(STAMP) $(ENGINE_STAMP)  ## the published site, strict, into site/ (ENGINE=properdocs: with ProperDocs)
	@$(BUILDS) lock build --owner $$PPID
	@$(BIN)/$(ENGINE) build --strict --site-dir .site-new.$$PPID || { rm -rf .site-new.$$PPID; echo "make build: the build failed; site/ is unchanged"; exit 1; }
	@$(BUILDS) swap build .site-new.$$PPID
	@echo "make build: site/ is ready"

# Zensical, Material's successor, builds the same docs/ and mkdocs.yml (README: "Building without MkDocs").
# It runs no hooks; the toolkit is installed into .venv-zensical as into .venv, and Zensical imports its
# Python-Markdown extension from there. `model` checks the sources as `make check` does and writes the model
# of the series for that extension; `zensical-config` writes Zensical's configuration: mkdocs.yml with the
# extension after its own (this site's mkdocs.yml, which MkDocs builds, does not list it), watching only
# what the copy holds. Zensical builds a fresh copy of docs/, so nothing is left over from an earlier build
# in its cache (its --clean would delete all of .cache/, the PDF cache too); `theme-fixes` mends the theme's
# markup in every page as the hook mends each page MkDocs writes, and `feeds` and `worksheets` write what
# the hook writes after a MkDocs build. site/ is swapped in only when all of it succeeded.
ZVENV := .venv-zensical
ZSTAMP := $(ZVENV)/.installed

$(ZSTAMP): requirements-zensical.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	@test -x $(ZVENV)/bin/python || $(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-zensical.lock
	$(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --no-index -e "$(PROJECT)"
	@touch $(ZSTAMP)

build-zensical: $(STAMP) $(ZSTAMP)  ## the same site built with Zensical instead of MkDocs, into site/
	@$(BUILDS) lock build-zensical --owner $$PPID
	@stage=$$(mktemp -d) && trap 'rm -rf "$$stage"' EXIT && \
	{ cp -R docs overrides "$$stage/" \
	  && $(BIN)/tce zensical-config --model "$$stage/model.pickle" --output "$$stage/zensical.yml" \
	  && $(BIN)/tce model --output "$$stage/model.pickle" --docs "$$stage/docs" \
	  && ( cd "$$stage" && "$(abspath $(ZVENV))/bin/zensical" build --strict -f zensical.yml ) \
	  && mv "$$stage/site" .site-new \
	  && $(BIN)/tce theme-fixes --site .site-new \
	  && $(BIN)/tce feeds --site .site-new \
	  && $(BIN)/tce worksheets --site .site-new; } \
	|| { rm -rf .site-new; echo "make build-zensical: the build failed; site/ is unchanged"; exit 1; }
	@$(BUILDS) swap build-zensical .site-new
	@echo "make build-zensical: site/ is ready"

# Publish exactly site/ as one new commit on the gh-pages branch of REMOTE (a remote's name or a URL),
# with ghp-import. `make build` runs first: when it fails, make stops and nothing is published; it holds
# this folder's lock until make ends, so no other build changes site/ before it is published. The
# remote's gh-pages is fetched first, so the new commit follows the published one (no force push).
# A custom domain: docs/CNAME, one line with the domain; MkDocs copies it into site/ and ghp-import
# writes it again (--cname) as that one trimmed line.
REMOTE ?= origin
deploy: build  ## publish site/ to the gh-pages branch of REMOTE (default origin; a remote name or a URL)
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "make deploy: $(CURDIR) is not in a git repository; nothing was published"; exit 1; }
	@set -e; \
	if git ls-remote --exit-code --heads "$(REMOTE)" gh-pages >/dev/null; then \
	  git fetch --quiet "$(REMOTE)" +refs/heads/gh-pages:refs/heads/gh-pages; \
	else \
	  rc=$$?; [ $$rc -eq 2 ] || { echo "make deploy: cannot read the remote '$(REMOTE)'; nothing was published"; exit 1; }; \
	fi; \
	source=$$(git rev-parse --verify --quiet HEAD || echo "a repository with no commit yet"); \
	[ -z "$$(git status --porcelain)" ] || source="$$source with uncommitted changes"; \
	cname=""; [ ! -f docs/CNAME ] || cname=$$(head -n 1 docs/CNAME | tr -d '[:space:]'); \
	$(BIN)/ghp-import --no-jekyll --push --remote "$(REMOTE)" --branch gh-pages \
	  --message "Publish site/ built from $$source" $${cname:+--cname "$$cname"} site; \
	echo "make deploy: site/ is published on the gh-pages branch of $(REMOTE) ($$(git rev-parse --short gh-pages))"

check: $(STAMP)  ## every author problem the build would report, in a second, without building
	@$(BIN)/tce check

# PARTS (e.g. 2,4-5; default every part) and PAPER (a4 or letter; default the site's) pass through.
pack: $(STAMP)  ## a workshop pack of the parts you choose: make pack PARTS=2,4-5 PAPER=letter EDITION=facilitator
	@$(BIN)/tce pack --parts "$(PARTS)" $(if $(PAPER),--paper "$(PAPER)") $(if $(EDITION),--edition "$(EDITION)")

new-post: $(STAMP)  ## a new draft post: make new-post TITLE="Your title"
	@$(BIN)/tce new-post "$(TITLE)"

# DIR: an empty folder (or one that does not exist yet) outside this project.
new-site: $(STAMP)  ## a starter series that builds with the installed toolkit alone: make new-site DIR=../my-series
	@$(BIN)/tce new-site "$(DIR)"

test: $(STAMP)  ## the whole test suite (lint, unit, build, browser)
	$(BIN)/ruff check hooks tests bench
	$(BIN)/ruff format --check hooks tests bench
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check --fix hooks tests bench
	$(BIN)/ruff format hooks tests bench

# BENCH_N (default 200,1000; BENCH_N=50 for a quick run) and BENCH_RUNS (default 3) pass through.
bench: $(STAMP)  ## build times and memory: plain Material vs the toolkit, into .bench/results.json
	BENCH_N="$(BENCH_N)" BENCH_RUNS="$(BENCH_RUNS)" $(BIN)/python -m bench

lock: $(STAMP)  ## re-pin every dependency after editing pyproject.toml
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --all-build-deps --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

lock-zensical: $(STAMP)  ## re-pin requirements-zensical.lock after editing zensical-requirements.in
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-zensical.lock zensical-requirements.in

lock-properdocs: $(STAMP)  ## re-pin requirements-properdocs.lock after editing properdocs-requirements.in or requirements.lock
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-properdocs.lock properdocs-requirements.in

# pdf-lib's browser build, which the pack picker of /worksheets/ loads (docs/assets/pack-picker.js), is
# committed in docs/assets/vendor/, so `make serve` and `make test` need no npm. `make vendor` puts it there
# again exactly as package-lock.json pins it (npm checks each package against the lock's sha512), installing
# in a temporary folder, with the licences of pdf-lib and of the packages its browser build bundles.
vendor:  ## pdf-lib's browser build into docs/assets/vendor/ again, from package-lock.json (needs npm)
	@command -v npm >/dev/null 2>&1 || { echo "make vendor: npm is needed to fetch pdf-lib (Debian: apt-get install npm)"; exit 1; }
	@stage=$$(mktemp -d) && trap 'rm -rf "$$stage"' EXIT && \
	cp package.json package-lock.json "$$stage/" && \
	( cd "$$stage" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null ) && \
	modules="$$stage/node_modules" && mkdir -p docs/assets/vendor && \
	cp "$$modules/pdf-lib/dist/pdf-lib.min.js" docs/assets/vendor/pdf-lib.min.js && \
	{ cat "$$modules/pdf-lib/LICENSE.md"; \
	  for dep in pako/LICENSE tslib/LICENSE.txt @pdf-lib/standard-fonts/LICENSE.md @pdf-lib/upng/LICENSE; do \
	    printf '\n\n---------------------------------------------------------------------------\n'; \
	    printf 'pdf-lib.min.js also contains %s, under this licence:\n\n' "$${dep%/*}"; cat "$$modules/$$dep"; \
	  done; } > docs/assets/vendor/pdf-lib.LICENSE.txt && \
	echo "make vendor: docs/assets/vendor/ has pdf-lib $$(sed -n 's/^  "version": "\(.*\)",$$/\1/p' "$$modules/pdf-lib/package.json")"

clean:
	@[ ! -x $(BIN)/python ] || $(BUILDS) lock clean --owner $$PPID
	rm -rf $(VENV) $(ZVENV) site .site-new* .site-old* .site.lock .cache .pytest_cache .ruff_cache packs
