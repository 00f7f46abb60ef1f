"""Group comparisons of burnout and outcomes across demographics, and demographic regressions."""


rule compare_groups:
    """Welch tests, Games-Howell, rank tests and effect sizes by group; OLS on demographics."""
    input:
        code=code("compare_groups.py"),
        data="results/clean/data.csv",
        codebook=study_path(config["codebook"]),
    output:
        **rule_outputs("compare_groups"),
    log:
        "logs/compare_groups.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        codebook=CODEBOOK,
        groups=config["analysis"]["groups"],
        ci_level=config["analysis"]["ci_level"],
        min_share=1 - config["cleaning"]["max_missing_share"],
    script:
        "../scripts/compare_groups.py"
