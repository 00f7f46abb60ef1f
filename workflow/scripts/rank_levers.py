"""Rank the levers and the measures (thin wrapper around surveysem.recommend)."""

import pandas as pd
import yaml

from surveysem.codebook import read_codebook
from surveysem.recommend import check_library, rank_levers, select_measures
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

codebook = read_codebook(sm.input.codebook)
levers = rank_levers(pd.read_csv(sm.input.effects), codebook)
measures = []
if sm.params.library:
    with open(sm.params.library, encoding="utf-8") as fh:
        measures = check_library(yaml.safe_load(fh), codebook, source=sm.params.library)
levers.to_csv(sm.output.levers, index=False)
select_measures(levers, measures).to_csv(sm.output.measures, index=False)
