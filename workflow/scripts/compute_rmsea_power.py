"""Analytic RMSEA power (thin wrapper around surveysem.power.study_rmsea_power)."""

import pandas as pd

from surveysem.power import study_rmsea_power
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

table = study_rmsea_power(pd.read_csv(sm.input.fit), {"analysis": {}, "power": sm.params.power})
table.to_csv(sm.output[0], index=False)
