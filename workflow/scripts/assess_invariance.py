"""Measurement invariance, its verdict and the multi-group path comparison (thin wrapper
around surveysem.invariance)."""

import pandas as pd

from surveysem.invariance import assess_invariance
from surveysem.ordinal import note_continuous_fallback
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

decision = pd.read_csv(sm.input.estimator)
estimator = str(decision.iloc[0]["estimator"])
res = assess_invariance(
    pd.read_csv(sm.input.data),
    sm.params.codebook,
    list(sm.params.groups),
    model=dict(sm.params.model),
    min_group_n=sm.params.min_group_n,
    max_freed=sm.params.max_freed,
    key_paths=[tuple(p) for p in sm.params.key_paths],
    n_jobs=sm.threads,
    estimator=estimator,
)
# WLSMV: the invariance models are multi-group DWLS; ULSMV ones and the paths are ML (noted)
note_continuous_fallback(res.invariance, decision, only=("ULSMV",)).to_csv(
    sm.output.invariance, index=False
)
note_continuous_fallback(
    res.paths, decision, unavailable="the multi-group comparison of structural paths"
).to_csv(sm.output.invariance_paths, index=False)
res.verdicts.to_csv(sm.output.invariance_verdicts, index=False)
