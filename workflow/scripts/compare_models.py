"""Mediation table and competing partial-mediation model (thin wrapper around
surveysem.models.competing_models)."""

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.models import competing_models
from surveysem.ordinal import decided_analysis
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

analysis = decided_analysis(sm.params.analysis, pd.read_csv(sm.input.estimator))
config = {"model": sm.params.model, "analysis": analysis, "hypotheses": list(sm.params.hypotheses)}
res = competing_models(
    pd.read_csv(sm.input.data),
    config,
    read_codebook(sm.input.codebook),
    pd.read_csv(sm.input.effects),
    pd.read_csv(sm.input.estimates),
)
res.mediation.to_csv(sm.output.mediation, index=False)
res.comparison.to_csv(sm.output.competing, index=False)
