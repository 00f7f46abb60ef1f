"""Measurement invariance of the compared scales across groups, its verdict, and the
multi-group path comparison."""


rule assess_invariance:
    """Configural, metric, scalar and partial scalar invariance (under WLSMV, as decided in
    results/cfa/estimator.csv: multi-group DWLS with thresholds); the verdict per group
    variable; structural paths compared across groups."""
    input:
        code=code("assess_invariance.py"),
        data="results/clean/data.csv",
        codebook=study_path(config["codebook"]),
        estimator="results/cfa/estimator.csv",
    output:
        **rule_outputs("assess_invariance"),
    log:
        "logs/assess_invariance.log",
    conda:
        "../envs/surveysem.yaml"
    threads: 2
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
