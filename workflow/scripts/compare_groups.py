"""Group comparisons and demographic regressions (thin wrapper around surveysem.groups)."""

import sys

import pandas as pd

from surveysem.groups import compare_groups

sm = snakemake  # noqa: F821
sys.stderr = open(sm.log[0], "w")

res = compare_groups(
    pd.read_csv(sm.input.data),
    sm.params.codebook,
    groups=list(sm.params.groups),
    ci_level=sm.params.ci_level,
    min_share=sm.params.min_share,
)
for name in ("differences", "posthoc", "descriptives", "regression", "regression_fit"):
    getattr(res, name).to_csv(sm.output[name], index=False)
