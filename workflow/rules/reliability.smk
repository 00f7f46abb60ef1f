"""Reliability and validity of the scales; factorability, EFA and common-method bias."""


rule assess_reliability:
    """Alpha (Feldt CI), item statistics, omega (one-factor ML), CR/AVE from the CFA,
    ordinal alpha and categorical omega (WLSMV), Fornell-Larcker matrix and HTMT for every
    codebook scale."""
    input:
        code=code("assess_reliability.py"),
        data="results/clean/data.csv",
        estimates="results/cfa/estimates.csv",
        estimator="results/cfa/estimator.csv",
    output:
        **rule_outputs("assess_reliability"),
    log:
        "logs/assess_reliability.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        scales={s.name: list(s.items) for s in CODEBOOK.scales},
        ci_level=config["analysis"]["ci_level"],
    script:
        "../scripts/assess_reliability.py"


rule explore_factors:
    """KMO, Bartlett's test, parallel analysis, oblimin EFA and Harman's single-factor
    test on all scale items."""
    input:
        code=code("explore_factors.py"),
        data="results/clean/data.csv",
    output:
        **rule_outputs("explore_factors"),
    log:
        "logs/explore_factors.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        scales={s.name: list(s.items) for s in CODEBOOK.scales},
        method="minres",
        n_iter=100,
        quantile=0.95,
        seed=config["analysis"]["seed"],
        harman_threshold=config["analysis"]["harman_threshold"],
    script:
        "../scripts/explore_factors.py"
