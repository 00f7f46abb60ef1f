"""The power tables from all shards (thin wrapper around surveysem.power.summarise_study)."""

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.power import summarise_study
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

config = {
    "model": sm.params.model,
    "analysis": sm.params.analysis,
    "hypotheses": sm.params.hypotheses,
    "power": sm.params.power,
}
draws = pd.concat([pd.read_parquet(f) for f in sm.input.shards], ignore_index=True)
tables = summarise_study(
    pd.read_csv(sm.input.data), config, read_codebook(sm.input.codebook), draws
)
for name in ("power", "recommended", "hypotheses", "population"):
    getattr(tables, name).to_csv(sm.output[name], index=False)
