"""Decide the item treatment and the estimator (thin wrapper around
surveysem.ordinal.decide_estimator)."""

import pandas as pd

from surveysem.ordinal import decide_estimator
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

treatment, decision = decide_estimator(
    pd.read_csv(sm.input.data),
    dict(sm.params.scales),
    estimator=sm.params.estimator,
    ordinal=sm.params.ordinal,
    missing=sm.params.missing,
    composites=list(sm.params.composites),
)
treatment.to_csv(sm.output.item_treatment, index=False)
decision.to_csv(sm.output.estimator, index=False)
