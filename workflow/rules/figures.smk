"""Report figures: path diagram, correlation heat map, item distributions, group profile, flow."""

FIGURE_NAMES = ["flow", "path_diagram", "correlations", "item_shares", "group_profile"]


rule plot_figures:
    """Draw the report figures as deterministic SVG from the result tables."""
    input:
        code=code("plot_figures.py"),
        clean__data="results/clean/data.csv",
        clean__flow="results/clean/flow.csv",
        sem__estimates="results/sem/estimates.csv",
        sem__r2="results/sem/r2.csv",
        groups__descriptives="results/groups/descriptives.csv",
    output:
        **{name: f"results/figures/{name}.svg" for name in FIGURE_NAMES},
    log:
        "logs/plot_figures.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        codebook=CODEBOOK,
        ci_level=config["analysis"]["ci_level"],
    script:
        "../scripts/plot_figures.py"
