"""Factorability, parallel analysis, EFA and Harman's test (wrapper around surveysem.efa)."""

import pandas as pd

from surveysem.efa import explore_factors
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

res = explore_factors(
    pd.read_csv(sm.input.data),
    dict(sm.params.scales),
    method=sm.params.method,
    n_iter=sm.params.n_iter,
    quantile=sm.params.quantile,
    seed=sm.params.seed,
    harman_threshold=sm.params.harman_threshold,
)
for name in (
    "kmo",
    "bartlett",
    "parallel",
    "loadings",
    "variance",
    "factor_correlations",
    "harman",
):
    getattr(res, name).to_csv(sm.output[name], index=False)
