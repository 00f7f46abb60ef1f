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
        scale_table="results/reliability/scales.csv",
        item_table="results/reliability/items.csv",
        htmt="results/reliability/htmt.csv",
        fornell_larcker="results/reliability/fornell_larcker.csv",
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
        kmo="results/efa/kmo.csv",
        bartlett="results/efa/bartlett.csv",
        parallel="results/efa/parallel.csv",
        loadings="results/efa/loadings.csv",
        variance="results/efa/variance.csv",
        factor_correlations="results/efa/factor_correlations.csv",
        harman="results/efa/harman.csv",
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
    script:
        "../scripts/explore_factors.py"
