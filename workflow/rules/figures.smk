"""Report figures: flow, path diagram, correlation heat map, item distributions, group profile."""

GROUPS = bool(config["analysis"]["groups"])


rule plot_figures:
    """Draw the report figures as deterministic SVG from the result tables (first language)."""
    input:
        code=code("plot_figures.py"),
        tables=[table(k).path for k in FIGURE_INPUTS]
        + (["results/groups/descriptives.csv"] if GROUPS else []),
        codebook=study_path(config["codebook"]),
    output:
        **figure_paths(GROUPS),
    log:
        "logs/plot_figures.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        ci_level=config["analysis"]["ci_level"],
        lang=LANGUAGES[0],
    script:
        "../scripts/plot_figures.py"


use rule plot_figures as plot_figures_translation with:
    output:
        **figure_paths(GROUPS, "{lang}"),
    log:
        "logs/plot_figures.{lang}.log",
    params:
        ci_level=config["analysis"]["ci_level"],
        lang=lambda wildcards: wildcards.lang,
