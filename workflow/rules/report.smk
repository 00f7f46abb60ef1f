"""The thesis report: Jinja2 HTML from the result tables, then a WeasyPrint PDF."""

from pathlib import Path

TEMPLATE_DIR = Path(workflow.current_basedir) / ".." / "templates"
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


rule render_report:
    """Render reports/thesis.html from every result table, the figures and the templates."""
    input:
        tables=report_tables,
        figures=expand("results/figures/{name}.svg", name=FIGURE_NAMES),
        templates=TEMPLATE_FILES,
        data=study_path(config["data"]["path"]),
        study=STUDY_FILE,
        codebook=study_path(config["codebook"]),
        recommendations=recommendation_library,
        references=Path(workflow.basedir) / "data" / "references.yaml",
    output:
        html="reports/thesis.html",
    log:
        "logs/render_report.log",
    params:
        codebook=CODEBOOK,
        seed=config["analysis"]["seed"],
        template_dir=str(TEMPLATE_DIR),
    script:
        "../scripts/render_report.py"


rule print_pdf:
    """Print reports/thesis.html to reports/thesis.pdf (WeasyPrint, local files only)."""
    input:
        html="reports/thesis.html",
        figures=expand("results/figures/{name}.svg", name=FIGURE_NAMES),
    output:
        pdf="reports/thesis.pdf",
    log:
        "logs/print_pdf.log",
    params:
        fetch="file: URLs only",
    script:
        "../scripts/print_pdf.py"
