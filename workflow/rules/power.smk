"""Monte Carlo power of the study's hypotheses, in shards (one job each), and the analytic
power of the RMSEA tests. Defined when the study file has a `power:` block; target: `power`.
"""

from surveysem.power import check_power_config, power_settings

POWER = config.get("power") or {}
# what the replications depend on (a change of `shards` or `target_power` reuses them)
POWER_SIMULATION = {
    k: v
    for k, v in POWER.items()
    if k in "n replications alpha population bootstrap seed categories study_n".split()
}
POWER_ANALYSIS = {
    k: config["analysis"][k] for k in ("estimator", "missing", "ci_level", "seed")
}
POWER_TABLES = [
    f"results/power/{name}.csv"
    for name in "power recommended_n hypotheses population rmsea_power".split()
]


rule power:
    """Target: the power study (results/power/)."""
    input:
        # power_settings stops with a message naming the fix when there is no power: block
        lambda wildcards: POWER_TABLES if power_settings(config) else [],


if config.get("power"):
    check_power_config(config, CODEBOOK)

    # on a cluster only the shards are worth a job: the summaries take seconds
    localrules:
        summarise_power,
        compute_rmsea_power,

    POWER_SHARDS = [
        f"results/power/shards/{i}-of-{config['power']['shards']}.parquet"
        for i in range(config["power"]["shards"])
    ]

    rule simulate_power:
        """Simulate and refit one shard of the Monte Carlo replications (each replication
        seeded from the seed, its n and its index, so shards do not change the results).
        """
        input:
            code=code("simulate_power.py"),
            data="results/clean/data.csv",
            codebook=study_path(config["codebook"]),
        output:
            "results/power/shards/{shard}-of-{shards}.parquet",
        log:
            "logs/simulate_power/{shard}-of-{shards}.log",
        wildcard_constraints:
            shard=r"\d+",
            shards=r"\d+",
        conda:
            "../envs/surveysem.yaml"
        threads: 1
        params:
            model=config["model"],
            analysis=POWER_ANALYSIS,
            hypotheses=config["hypotheses"],
            power=POWER_SIMULATION,
        script:
            "../scripts/simulate_power.py"

    rule summarise_power:
        """Power, bias, coverage and the n needed per target, from all shards."""
        input:
            code=code("summarise_power.py"),
            shards=POWER_SHARDS,
            data="results/clean/data.csv",
            codebook=study_path(config["codebook"]),
        output:
            power="results/power/power.csv",
            recommended="results/power/recommended_n.csv",
            hypotheses="results/power/hypotheses.csv",
            population="results/power/population.csv",
        log:
            "logs/summarise_power.log",
        conda:
            "../envs/surveysem.yaml"
        params:
            model=config["model"],
            analysis=POWER_ANALYSIS,
            hypotheses=config["hypotheses"],
            power=POWER,
        script:
            "../scripts/summarise_power.py"

    rule compute_rmsea_power:
        """Analytic power of the close, not-close and exact RMSEA tests for the model's df."""
        input:
            code=code("compute_rmsea_power.py"),
            fit="results/sem/fit.csv",
        output:
            "results/power/rmsea_power.csv",
        log:
            "logs/compute_rmsea_power.log",
        conda:
            "../envs/surveysem.yaml"
        params:
            power=POWER,
        script:
            "../scripts/compute_rmsea_power.py"
