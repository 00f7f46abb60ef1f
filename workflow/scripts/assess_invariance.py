"""Measurement invariance and the multi-group path comparison (thin wrapper around
surveysem.invariance)."""

import sys

import pandas as pd

from surveysem.invariance import assess_invariance
from surveysem.ordinal import note_continuous_fallback

sm = snakemake  # noqa: F821
sys.stderr = open(sm.log[0], "w")

res = assess_invariance(
    pd.read_csv(sm.input.data),
    sm.params.codebook,
    list(sm.params.groups),
    model=dict(sm.params.model),
    min_group_n=sm.params.min_group_n,
    max_freed=sm.params.max_freed,
    key_paths=[tuple(p) for p in sm.params.key_paths],
)
decision = pd.read_csv(sm.input.estimator)  # WLSMV studies: these models are ML (noted)
note_continuous_fallback(res.invariance, decision).to_csv(sm.output.invariance, index=False)
note_continuous_fallback(res.paths, decision).to_csv(sm.output.paths, index=False)
