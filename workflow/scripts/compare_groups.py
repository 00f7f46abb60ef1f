"""Group comparisons and demographic regressions (thin wrapper around surveysem.groups)."""

import pandas as pd

from surveysem.groups import compare_groups
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

res = compare_groups(
    pd.read_csv(sm.input.data),
    sm.params.codebook,
    groups=list(sm.params.groups),
    ci_level=sm.params.ci_level,
    min_share=sm.params.min_share,
)
for name in (
    "differences",
    "posthoc",
    "descriptives",
    "regression",
    "regression_fit",
    "classic",
    "classic_posthoc",
):
    getattr(res, name).to_csv(sm.output[name], index=False)
