"""Factorability, parallel analysis, EFA and Harman's test (wrapper around surveysem.efa)."""

import sys

import pandas as pd

from surveysem.efa import explore_factors

sm = snakemake  # noqa: F821
sys.stderr = open(sm.log[0], "w")

res = explore_factors(
    pd.read_csv(sm.input.data),
    dict(sm.params.scales),
    method=sm.params.method,
    n_iter=sm.params.n_iter,
    quantile=sm.params.quantile,
    seed=sm.params.seed,
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
