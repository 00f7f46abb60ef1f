"""Reliability and validity tables (thin wrapper around surveysem.reliability.assess_reliability)."""

import pandas as pd

from surveysem.ordinal import ORDINAL_ESTIMATORS
from surveysem.reliability import assess_reliability
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

decision = pd.read_csv(sm.input.estimator).iloc[0]  # results/cfa/estimator.csv
res = assess_reliability(
    pd.read_csv(sm.input.data),
    dict(sm.params.scales),
    pd.read_csv(sm.input.estimates),
    ci_level=sm.params.ci_level,
    ordinal=decision["estimator"] in ORDINAL_ESTIMATORS,
    missing=decision["missing"],
)
res.scales.to_csv(sm.output.scale_table, index=False)
res.items.to_csv(sm.output.item_table, index=False)
res.htmt.to_csv(sm.output.htmt, index=False)
res.fornell_larcker.to_csv(sm.output.fornell_larcker, index=False)
res.item_analysis.to_csv(sm.output.item_analysis, index=False)
