"""Fit the measurement model (thin wrapper around surveysem.models.fit_measurement)."""

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.models import fit_measurement
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

decision = pd.read_csv(sm.input.estimator).iloc[0]  # results/cfa/estimator.csv
res = fit_measurement(
    pd.read_csv(sm.input.data),
    read_codebook(sm.input.codebook),
    missing=decision["missing"],
    estimator=decision["estimator"],
    ci_level=sm.params.ci_level,
)
for name in ("fit", "estimates", "r2", "diagnostics", "cmb", "mi", "ulmc"):
    getattr(res, name).to_csv(sm.output[name], index=False)
