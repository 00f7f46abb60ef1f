"""The measurement model (CFA), the structural model (SEM), its effects and the hypotheses."""


rule choose_estimator:
    """Decide once how the Likert items are treated (continuous, or ordinal under WLSMV by
    analysis.ordinal), the estimator and the missing-data method every model uses."""
    input:
        code=code("choose_estimator.py"),
        data="results/clean/data.csv",
    output:
        **rule_outputs("choose_estimator"),
    log:
        "logs/choose_estimator.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        scales={s.name: list(s.items) for s in CODEBOOK.scales},
        estimator=config["analysis"]["estimator"],
        ordinal=config["analysis"]["ordinal"],
        missing=config["analysis"]["missing"],
        composites=config["model"]["composites"],
    script:
        "../scripts/choose_estimator.py"


rule fit_cfa:
    """Fit the CFA of every scale and the one-factor model (common method bias)."""
    input:
        code=code("fit_cfa.py"),
        data="results/clean/data.csv",
        codebook=study_path(config["codebook"]),
        estimator="results/cfa/estimator.csv",
    output:
        **rule_outputs("fit_cfa"),
    log:
        "logs/fit_cfa.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        ci_level=config["analysis"]["ci_level"],
    script:
        "../scripts/fit_cfa.py"


rule fit_sem:
    """Fit the structural model of the study file."""
    input:
        code=code("fit_sem.py"),
        data="results/clean/data.csv",
        codebook=study_path(config["codebook"]),
        estimator="results/cfa/estimator.csv",
    output:
        **rule_outputs("fit_sem"),
    log:
        "logs/fit_sem.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        model=config["model"],
        analysis=config["analysis"],
    script:
        "../scripts/fit_sem.py"


rule estimate_effects:
    """Direct, indirect and total effects with delta-method SEs and bootstrap CIs; with
    product terms (X:W) also the conditional effects, Johnson-Neyman bounds and the index of
    moderated mediation, from the same resamples (empty tables without product terms).
    """
    input:
        code=code("estimate_effects.py"),
        data="results/clean/data.csv",
        codebook=study_path(config["codebook"]),
        estimator="results/cfa/estimator.csv",
    output:
        **rule_outputs("estimate_effects"),
    log:
        "logs/estimate_effects.log",
    conda:
        "../envs/surveysem.yaml"
    threads: 2
    params:
        model=config["model"],
        analysis=config["analysis"],
    script:
        "../scripts/estimate_effects.py"


rule judge_hypotheses:
    """Judge each pre-registered hypothesis from its path or effect."""
    input:
        code=code("judge_hypotheses.py"),
        estimates="results/sem/estimates.csv",
        effects="results/sem/effects.csv",
    output:
        **rule_outputs("judge_hypotheses"),
    log:
        "logs/judge_hypotheses.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        hypotheses=config["hypotheses"],
    script:
        "../scripts/judge_hypotheses.py"


rule fit_sensitivity:
    """Refit the structural model with the items under the other treatment (WLSMV for a
    study with continuous items, ML for an ordinal one) and tabulate both side by side.
    """
    input:
        code=code("fit_sensitivity.py"),
        data="results/clean/data.csv",
        codebook=study_path(config["codebook"]),
        estimator="results/cfa/estimator.csv",
    output:
        **rule_outputs("fit_sensitivity"),
    log:
        "logs/fit_sensitivity.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        model=config["model"],
        analysis=config["analysis"],
    script:
        "../scripts/fit_sensitivity.py"


rule compare_models:
    """Tabulate each hypothesised mediation (direct, indirect and total effects, proportion
    mediated, full or partial mediation) and compare the structural model with the
    competing partial-mediation model (the direct paths the mediations imply added)."""
    input:
        code=code("compare_models.py"),
        data="results/clean/data.csv",
        codebook=study_path(config["codebook"]),
        estimator="results/cfa/estimator.csv",
        estimates="results/sem/estimates.csv",
        effects="results/sem/effects.csv",
    output:
        **rule_outputs("compare_models"),
    log:
        "logs/compare_models.log",
    conda:
        "../envs/surveysem.yaml"
    params:
        model=config["model"],
        analysis=config["analysis"],
        hypotheses=config["hypotheses"],
    script:
        "../scripts/compare_models.py"
