"""One shard of the Monte Carlo power replications (thin wrapper around
surveysem.power.simulate_shard)."""

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.power import simulate_shard
from surveysem.scriptlog import log_to, progress

sm = snakemake  # noqa: F821
log_to(sm)

config = {
    "model": sm.params.model,
    "analysis": sm.params.analysis,
    "hypotheses": sm.params.hypotheses,
    "power": sm.params.power,
}
draws = simulate_shard(
    pd.read_csv(sm.input.data),
    config,
    read_codebook(sm.input.codebook),
    int(sm.wildcards.shard),
    int(sm.wildcards.shards),
    n_jobs=sm.threads,
    progress=progress(sm, f"replications of shard {sm.wildcards.shard}"),
)
draws.to_parquet(sm.output[0], index=False)
