"""Report figures: flow, path diagram, correlation heat map, item distributions, group profile."""

GROUPS = bool(config["analysis"]["groups"])
# the simple-slopes and Johnson-Neyman figures exist only for a model with a product term X:W
MODERATED = has_product_term(config["model"]["structural"])


rule plot_figures:
    """Draw the report figures as deterministic SVG from the result tables (first language)."""
    input:
        code=code("plot_figures.py"),
        tables=[table(k).path for k in FIGURE_INPUTS]
        + (["results/groups/descriptives.csv"] if GROUPS else [])
        + ([table(k).path for k in MODERATION_FIGURE_INPUTS] if MODERATED else []),
        codebook=study_path(config["codebook"]),
    output:
        **figure_paths(GROUPS, moderation=MODERATED),
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
        **figure_paths(GROUPS, "{lang}", MODERATED),
    log:
        "logs/plot_figures.{lang}.log",
    params:
        ci_level=config["analysis"]["ci_level"],
        lang=lambda wildcards: wildcards.lang,
