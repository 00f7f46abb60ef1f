"""Judge the hypotheses (thin wrapper around surveysem.effects.judge_hypotheses)."""

import pandas as pd

from surveysem.effects import judge_hypotheses
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

table = judge_hypotheses(
    list(sm.params.hypotheses), pd.read_csv(sm.input.estimates), pd.read_csv(sm.input.effects)
)
table.to_csv(sm.output.hypotheses, index=False)
