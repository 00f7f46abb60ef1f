"""Measurement invariance of the burnout scales across groups and the multi-group path comparison."""


rule assess_invariance:
    """Configural, metric, scalar and partial scalar invariance; structural paths compared across groups."""
    input:
        data="results/clean/data.csv",
        codebook=study_path(config["codebook"]),
    output:
        invariance="results/groups/invariance.csv",
        paths="results/groups/invariance_paths.csv",
    log:
        "logs/assess_invariance.log",
    params:
        codebook=CODEBOOK,
        groups=config["analysis"]["groups"],
        model=config["model"],
        min_group_n=100,
        max_freed=3,
    script:
        "../scripts/assess_invariance.py"
