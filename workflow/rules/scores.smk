"""Scale scores, their levels and correlations, and the sample profile: computed once."""


rule score_scales:
    """Score every scale (one rule for missing items), describe the scores and the sample."""
    input:
        code=code("score_scales.py"),
        data="results/clean/data.csv",
        codebook=study_path(config["codebook"]),
    output:
        **rule_outputs("score_scales"),
    log:
        "logs/score_scales.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        min_share=1 - config["cleaning"]["max_missing_share"],
        ci_level=config["analysis"]["ci_level"],
        id_column=config["data"]["id_column"],
    script:
        "../scripts/score_scales.py"
