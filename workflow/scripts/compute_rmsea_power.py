"""Analytic RMSEA power (thin wrapper around surveysem.power.study_rmsea_power)."""

import sys

import pandas as pd

from surveysem.power import study_rmsea_power

sm = snakemake  # noqa: F821
sys.stderr = open(sm.log[0], "w")

table = study_rmsea_power(pd.read_csv(sm.input.fit), {"analysis": {}, "power": sm.params.power})
table.to_csv(sm.output[0], index=False)
