"""Shared set-up: validate the study file and the codebook before any rule runs."""

import os
from pathlib import Path

import yaml
from snakemake.utils import min_version, validate

from surveysem.codebook import parse_codebook
from surveysem.codedeps import module_files
from surveysem.outputs import FIGURE_INPUTS, TABLES, figure_paths, rule_outputs, table
from surveysem.recommend import check_library
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


def _load_yaml(path, key, schema):
    """A YAML file named by the study file, validated against its schema."""
    if not Path(path).is_file():
        raise ValueError(
            f"{key}: file {path!r} not found; set `{key}` in the study file to the file's "
            "path (relative to the repository root, or absolute)"
        )
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    validate(raw, schema)
    return raw


def _load_codebook(path):
    raw = _load_yaml(path, "codebook", "../schemas/codebook.schema.yaml")
    return parse_codebook(raw, source=path)


if not Path(study_path(config["data"]["path"])).is_file():
    raise ValueError(
        f"data.path: file {config['data']['path']!r} not found; give the survey file's path "
        "relative to the repository root, or an absolute path"
    )

CODEBOOK = _load_codebook(study_path(config["codebook"]))
check_study(config, CODEBOOK, source="study file (config)")


# ----------------------------------------------------------------- the report's inputs
def shown(path):
    """A path relative to the working directory when it lies inside it, else absolute.

    The same study file given as ``config.yaml`` or ``/abs/path/config.yaml`` must be the
    same rule input, or a plain rerun would see a changed input and redo the report.
    """
    rel = os.path.relpath(Path(path).resolve())
    return str(path) if rel.startswith("..") else rel


TEMPLATE_DIR = Path(workflow.current_basedir) / ".." / "templates"  # workflow/templates
TEMPLATE_FILES = sorted(str(p) for p in TEMPLATE_DIR.glob("*") if p.is_file())
STUDY_FILE = shown((list(workflow.overwrite_configfiles) or ["config.yaml"])[-1])
RECOMMENDATIONS = config["report"].get("recommendations")
if RECOMMENDATIONS:
    check_library(
        _load_yaml(RECOMMENDATIONS, "report.recommendations", "../schemas/recommendations.schema.yaml"),
        CODEBOOK,
        source=RECOMMENDATIONS,
    )


def produced_tables(wildcards):
    """Registry key -> path of every result table some rule of this workflow writes."""
    produced = {str(f) for r in workflow.rules for f in r.output}
    return {t.key: t.path for t in TABLES if t.path in produced and t.columns is not None}


def recommendation_library(wildcards):
    return [study_path(RECOMMENDATIONS)] if RECOMMENDATIONS else []


# --------------------------------------------------------------- code the rules run
def code(script):
    """The surveysem source files a workflow script runs (its import closure, derived)."""
    return module_files(
        Path(workflow.basedir) / "workflow" / "scripts" / script,
        Path(workflow.basedir) / "src" / "surveysem",
    )
