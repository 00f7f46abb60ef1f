"""Judge the hypotheses (thin wrapper around surveysem.effects.judge_hypotheses)."""

import sys

import pandas as pd

from surveysem.effects import judge_hypotheses

sm = snakemake  # noqa: F821
sys.stderr = open(sm.log[0], "w")

table = judge_hypotheses(
    list(sm.params.hypotheses), pd.read_csv(sm.input.estimates), pd.read_csv(sm.input.effects)
)
table.to_csv(sm.output.hypotheses, index=False)
