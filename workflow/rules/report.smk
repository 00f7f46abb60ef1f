"""The thesis report: Jinja2 HTML from the result tables, then a WeasyPrint PDF."""


rule render_report:
    """Render reports/thesis.html from the result tables, the figures and the templates."""
    input:
        code=code("render_report.py"),
        tables=lambda wildcards: list(produced_tables(wildcards).values()),
        figures=list(figure_paths(GROUPS, moderation=MODERATED).values()),
        templates=TEMPLATE_FILES,
        data=study_path(config["data"]["path"]),
        study=STUDY_FILE,
        codebook=study_path(config["codebook"]),
        recommendations=recommendation_library,
        references=Path(workflow.basedir) / "data" / "references.yaml",
    output:
        html=report_paths()["html"],
    log:
        "logs/render_report.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        template_dir=lambda wildcards, input: str(Path(input.templates[0]).parent),
        lang=LANGUAGES[0],
    script:
        "../scripts/render_report.py"


use rule render_report as render_report_translation with:
    input:
        code=code("render_report.py"),
        tables=lambda wildcards: list(produced_tables(wildcards).values()),
        figures=lambda wildcards: list(
            figure_paths(GROUPS, wildcards.lang, MODERATED).values()
        ),
        templates=TEMPLATE_FILES,
        data=study_path(config["data"]["path"]),
        study=STUDY_FILE,
        codebook=study_path(config["codebook"]),
        recommendations=recommendation_library,
        references=Path(workflow.basedir) / "data" / "references.yaml",
    output:
        html=report_paths("{lang}")["html"],
    log:
        "logs/render_report.{lang}.log",
    params:
        template_dir=lambda wildcards, input: str(Path(input.templates[0]).parent),
        lang=lambda wildcards: wildcards.lang,


rule print_pdf:
    """Print reports/thesis.html to reports/thesis.pdf (WeasyPrint, local files only)."""
    input:
        code=code("print_pdf.py"),
        html=report_paths()["html"],
        figures=list(figure_paths(GROUPS, moderation=MODERATED).values()),
    output:
        pdf=report_paths()["pdf"],
    log:
        "logs/print_pdf.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        fetch="file: URLs only",
    script:
        "../scripts/print_pdf.py"


use rule print_pdf as print_pdf_translation with:
    input:
        code=code("print_pdf.py"),
        html=report_paths("{lang}")["html"],
        figures=lambda wildcards: list(
            figure_paths(GROUPS, wildcards.lang, MODERATED).values()
        ),
    output:
        pdf=report_paths("{lang}")["pdf"],
    log:
        "logs/print_pdf.{lang}.log",
