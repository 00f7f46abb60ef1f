"""Measurement invariance of the burnout scales across groups and the multi-group path comparison."""


rule assess_invariance:
    """Configural, metric, scalar and partial scalar invariance; structural paths compared across groups."""
    input:
        code=code("assess_invariance.py"),
        data="results/clean/data.csv",
        codebook=study_path(config["codebook"]),
        estimator="results/cfa/estimator.csv",
    output:
        invariance="results/groups/invariance.csv",
        paths="results/groups/invariance_paths.csv",
    log:
        "logs/assess_invariance.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        codebook=CODEBOOK,
        groups=config["analysis"]["groups"],
        model=config["model"],
        min_group_n=100,
        max_freed=3,
        key_paths=[
            [s.strip() for s in h["path"].split("~")]
            for h in config["hypotheses"]
            if "path" in h
        ],
    script:
        "../scripts/assess_invariance.py"
