"""Shared set-up: validate the study file and the codebook before any rule runs."""

import os
import sys
import time
from pathlib import Path

from snakemake.logging import logger
from snakemake.utils import min_version, validate

from surveysem.codedeps import module_files
from surveysem.outputs import (
    FIGURE_INPUTS,
    MODERATION_FIGURE_INPUTS,
    TABLES,
    figure_paths,
    has_product_term,
    report_paths,
    rule_outputs,
    table,
)
from surveysem.report.cite import unknown_citations
from surveysem.report.context import languages
from surveysem.recommend import check_library
from surveysem.scriptlog import failure_messages
from surveysem.summary import summary_from_files
from surveysem.labels import chinese_in_english_fields, untranslated
from surveysem.validate import (
    check_schema,
    load_inputs,
    missing_fonts,
    read_yaml,
    shown_path,
)

min_version("8.0")

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
# semopy orders parameters through Python sets: a fixed hash seed makes every rule's process
# take the same optimisation path, so reruns give byte-identical results
os.environ.update(PYTHONHASHSEED="0")


def study_path(path):
    """A path from the study file: relative to the working directory, or absolute."""
    return str(Path(path))


# ------------------------------------------------- start-up checks: one line per problem
RUN_START = time.time()
# The same study file named as config.yaml or /abs/path/config.yaml must be the same rule
# input, or a plain rerun would see a changed input and redo the report.
STUDY_FILE = shown_path(
    Path((list(workflow.overwrite_configfiles) or ["config.yaml"])[-1]).resolve()
)
RECOMMENDATIONS = config.get("report", {}).get("recommendations")
# The report's languages: reports/thesis.pdf in the first, reports/thesis.<lang>.pdf in the others.
LANGUAGES = languages(config)
TRANSLATIONS = LANGUAGES[1:]


wildcard_constraints:
    lang="[a-z]{2}",


SCHEMAS = Path(workflow.current_basedir) / ".." / "schemas"
try:
    check_schema(
        config, SCHEMAS / "config.schema.yaml", f"study file {shown_path(STUDY_FILE)}"
    )
    validate(config, "../schemas/config.schema.yaml")  # fills in the defaults
    CODEBOOK = load_inputs(config, STUDY_FILE, SCHEMAS)
    if RECOMMENDATIONS:
        where = f"catalogue of measures {shown_path(RECOMMENDATIONS)}"
        if not Path(RECOMMENDATIONS).is_file():
            raise ValueError(
                f"study file {STUDY_FILE}: report.recommendations: file {RECOMMENDATIONS!r} not "
                "found; give its path relative to the working directory, or an absolute path"
            )
        LIBRARY = read_yaml(RECOMMENDATIONS, where)
        check_schema(LIBRARY, SCHEMAS / "recommendations.schema.yaml", where)
        check_library(LIBRARY, CODEBOOK, source=shown_path(RECOMMENDATIONS))
    # every [@key] of the study's own texts is in the bibliography (not found 30 s later)
    BIBLIOGRAPHY = read_yaml(
        Path(workflow.basedir) / "data" / "references.yaml", "bibliography"
    )["references"]
    _cites = unknown_citations(
        config, BIBLIOGRAPHY, f"study file {shown_path(STUDY_FILE)}"
    )
    if RECOMMENDATIONS:
        _cites += unknown_citations(LIBRARY, BIBLIOGRAPHY, where)
    if _cites:
        raise ValueError("\n".join(_cites))
    if missing_fonts(LANGUAGES):
        raise ValueError(
            f"study file {shown_path(STUDY_FILE)}: {missing_fonts(LANGUAGES)}"
        )
except ValueError as err:
    sys.exit(f"{err}")
for _lang in TRANSLATIONS + LANGUAGES[:1]:
    _keys = untranslated(
        config,
        CODEBOOK,
        (LIBRARY if RECOMMENDATIONS else {}).get("measures", []),
        _lang,
    )
    if _keys:
        logger.warning(
            f"language {_lang}: {len(_keys)} text field(s) have no `_{_lang}` version and print "
            f"in English: {', '.join(_keys[:8])}{' ...' if len(_keys) > 8 else ''} (the report's "
            "software appendix lists them all)"
        )
_keys = chinese_in_english_fields(
    config, CODEBOOK, (LIBRARY if RECOMMENDATIONS else {}).get("measures", [])
)
if _keys:
    logger.warning(
        f"{len(_keys)} English text field(s) hold Chinese text: "
        f"{', '.join(_keys[:8])}{f' and {len(_keys) - 8} more' if len(_keys) > 8 else ''}. "
        "The Chinese thesis prints "
        "them, but its English abstract (and an English thesis) would print them as they are: "
        "write the English in these fields and the Chinese in their `_zh` siblings"
    )


# ------------------------------------- at the end: the run summary, or why the run stopped
def run_files(kind):
    """The output or log files of this run's jobs."""
    jobs = getattr(getattr(workflow, "dag", None), "jobs", [])
    return [str(f) for job in jobs for f in getattr(job, kind, [])]


onsuccess:
    summary = summary_from_files(run_files("output"))
    if summary:
        logger.info(f"\n{summary}\n")
        Path("logs").mkdir(exist_ok=True)
        Path("logs/summary.txt").write_text(f"{summary}\n", encoding="utf-8")


onerror:
    failed = failure_messages(run_files("log"), since=RUN_START)
    if failed:
        logger.error(
            "\nThe run stopped:\n" + "\n".join(f"  {m}" for m in failed) + "\n"
        )


# ----------------------------------------------------------------- the report's inputs
TEMPLATE_DIR = Path(workflow.current_basedir) / ".." / "templates"  # workflow/templates
TEMPLATE_FILES = sorted(str(p) for p in TEMPLATE_DIR.glob("*") if p.is_file())


def produced_tables(wildcards):
    """Registry key -> path of every result table some rule of this workflow writes."""
    produced = {str(f) for r in workflow.rules for f in r.output}
    return {
        t.key: t.path for t in TABLES if t.path in produced and t.columns is not None
    }


def recommendation_library(wildcards):
    return [study_path(RECOMMENDATIONS)] if RECOMMENDATIONS else []


# --------------------------------------------------------------- code the rules run
def code(script):
    """The surveysem source files a workflow script runs (its import closure, derived)."""
    return module_files(
        Path(workflow.basedir) / "workflow" / "scripts" / script,
        Path(workflow.basedir) / "src" / "surveysem",
    )
