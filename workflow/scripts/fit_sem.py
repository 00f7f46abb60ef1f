"""Fit the structural model (thin wrapper around surveysem.models.fit_structural)."""

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.models import fit_structural
from surveysem.ordinal import decided_analysis
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

analysis = decided_analysis(sm.params.analysis, pd.read_csv(sm.input.estimator))
config = {"model": sm.params.model, "analysis": analysis}
fit = fit_structural(pd.read_csv(sm.input.data), config, read_codebook(sm.input.codebook))
for name in ("fit", "estimates", "r2", "diagnostics"):
    getattr(fit, name).to_csv(sm.output[name], index=False)
