"""Which levers the estimates support, in which order, and the measure for each."""


rule rank_levers:
    """Rank the stressors and resources by their total effects on burnout, and attach the
    library's measures to them (surveysem.recommend decides the order)."""
    input:
        code=code("rank_levers.py"),
        effects="results/sem/effects.csv",
        codebook=study_path(config["codebook"]),
        library=recommendation_library,
    output:
        **rule_outputs("rank_levers"),
    log:
        "logs/rank_levers.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        library=RECOMMENDATIONS or "",
    script:
        "../scripts/rank_levers.py"
