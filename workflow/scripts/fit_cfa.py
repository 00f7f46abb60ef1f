"""Fit the measurement model (thin wrapper around surveysem.models.fit_measurement)."""

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.models import fit_measurement
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

res = fit_measurement(
    pd.read_csv(sm.input.data),
    read_codebook(sm.input.codebook),
    missing=sm.params.missing,
    estimator=sm.params.estimator,
    ci_level=sm.params.ci_level,
)
for name in ("fit", "estimates", "r2", "diagnostics", "cmb", "mi"):
    getattr(res, name).to_csv(sm.output[name], index=False)
