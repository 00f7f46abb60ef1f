"""Reliability and validity tables (thin wrapper around surveysem.reliability.assess_reliability)."""

import pandas as pd

from surveysem.reliability import assess_reliability
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

res = assess_reliability(
    pd.read_csv(sm.input.data),
    dict(sm.params.scales),
    pd.read_csv(sm.input.estimates),
    ci_level=sm.params.ci_level,
)
res.scales.to_csv(sm.output.scale_table, index=False)
res.items.to_csv(sm.output.item_table, index=False)
res.htmt.to_csv(sm.output.htmt, index=False)
res.fornell_larcker.to_csv(sm.output.fornell_larcker, index=False)
