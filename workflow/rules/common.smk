"""Shared set-up: validate the study file and the codebook before any rule runs."""

import os
from pathlib import Path

import yaml
from snakemake.utils import min_version, validate

from surveysem.codebook import parse_codebook
from surveysem.codedeps import module_files
from surveysem.study import check_study

min_version("8.0")

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
# semopy orders parameters through Python sets: a fixed hash seed makes every rule's process
# take the same optimisation path, so reruns give byte-identical results
os.environ.update(PYTHONHASHSEED="0")


validate(config, "../schemas/config.schema.yaml")


def study_path(path):
    """A path from the study file: relative to the working directory, or absolute."""
    return str(Path(path))


def _load_codebook(path):
    if not Path(path).is_file():
        raise ValueError(
            f"codebook: file {path!r} not found; set `codebook:` in the study file to the "
            "codebook's path (relative to the repository root)"
        )
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    validate(raw, "../schemas/codebook.schema.yaml")
    return parse_codebook(raw, source=path)


if not Path(study_path(config["data"]["path"])).is_file():
    raise ValueError(
        f"data.path: file {config['data']['path']!r} not found; give the survey file's path "
        "relative to the repository root, or an absolute path"
    )

CODEBOOK = _load_codebook(study_path(config["codebook"]))
check_study(config, CODEBOOK, source="study file (config)")


# ----------------------------------------------------------------- the report's inputs
TEMPLATE_DIR = Path(workflow.current_basedir) / ".." / "templates"  # workflow/templates
TEMPLATE_FILES = sorted(str(p) for p in TEMPLATE_DIR.glob("*") if p.is_file())
STUDY_FILE = (list(workflow.overwrite_configfiles) or ["config.yaml"])[-1]
REPORT_TABLES = [
    f"results/{t}.csv"
    for t in (
        "clean/data clean/exclusions clean/flow clean/cell_fixes clean/missing "
        "reliability/scales reliability/items reliability/htmt reliability/fornell_larcker "
        "efa/kmo efa/bartlett efa/parallel efa/loadings efa/variance efa/harman "
        "cfa/fit cfa/estimates cfa/mi cfa/cmb "
        "sem/fit sem/estimates sem/effects sem/hypotheses sem/diagnostics sem/r2 "
        "groups/differences groups/posthoc groups/descriptives groups/regression "
        "groups/regression_fit groups/invariance groups/invariance_paths"
    ).split()
]


def report_tables(wildcards):
    """The report's tables that some rule of this workflow produces."""
    produced = {str(f) for r in workflow.rules for f in r.output}
    return [t for t in REPORT_TABLES if t in produced]


def recommendation_library(wildcards):
    path = config["report"].get("recommendations")
    return [study_path(path)] if path else []


# --------------------------------------------------------------- code the rules run
def code(script):
    """The surveysem source files a workflow script runs (its import closure, derived)."""
    return module_files(
        Path(workflow.basedir) / "workflow" / "scripts" / script,
        Path(workflow.basedir) / "src" / "surveysem",
    )
