# Two commands on a fresh machine:  make report   and   make test
# Each creates .venv with the pinned packages (requirements.lock) first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYTHONHASHSEED := 0
CORES ?= 2

.PHONY: report test data verify lint bench reference clean

# Debian packages the report needs: HarfBuzz's subsetter makes WeasyPrint embed fonts several
# times faster than fontTools does; Noto CJK (Song- and Hei-style faces with real bold) and the
# Times/Arial-metric Liberation fonts set the Chinese thesis and its figures. Installed when
# apt-get is there and we are root; otherwise the English PDF still prints (more slowly), the
# Chinese one lacks its fonts, the tests that need them skip, and a note says why.
DEBS := libharfbuzz-subset0 fonts-noto-cjk fonts-liberation2
DEB_STAMP := $(VENV)/.debs-$(shell echo $(DEBS) | cksum | cut -d' ' -f1)

$(DEB_STAMP):
	mkdir -p $(VENV)
	@if dpkg -s $(DEBS) >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  (apt-get install -y --no-install-recommends $(DEBS) >/dev/null 2>&1 || \
	   (apt-get update >/dev/null && apt-get install -y --no-install-recommends $(DEBS) >/dev/null)) \
	  || echo "note: could not install $(DEBS); the PDF prints more slowly and a Chinese thesis lacks its fonts"; \
	else echo "note: $(DEBS) not installed (needs root and apt-get); the PDF prints more slowly and a Chinese thesis lacks its fonts"; fi
	touch $@

$(STAMP): requirements.lock pyproject.toml $(DEB_STAMP)
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found %s)" % sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

## Run the default study (config.yaml) to reports/thesis.pdf and reports/thesis.html.
report: $(STAMP)
	$(BIN)/snakemake --cores $(CORES) --configfile config.yaml

## The tests (unit, R parity against committed reference values, end-to-end workflow).
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Regenerate the simulated default survey byte-for-byte from data/population.yaml.
data: $(STAMP)
	$(BIN)/python workflow/scripts/simulate_survey.py data/population.yaml data/raw/survey.csv

## Rerun everything from scratch in a temporary copy and compare every result file and the report.
verify: $(STAMP)
	$(BIN)/python -m surveysem.verify --cores $(CORES)

lint: $(STAMP)
	$(BIN)/ruff check src tests workflow/scripts bench
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(BIN)/snakemake --lint --cores 1
	$(BIN)/python -m surveysem.docs --check

## Re-create the R reference values (needs R with lavaan, semTools, psych).
reference:
	Rscript tests/reference/make_reference.R

clean:
	rm -rf results logs .snakemake reports/thesis.pdf reports/thesis.html
