"""The structural model under the other item treatment (thin wrapper around
surveysem.models.structural_sensitivity)."""

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.models import structural_sensitivity
from surveysem.ordinal import decided_analysis
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

analysis = decided_analysis(sm.params.analysis, pd.read_csv(sm.input.estimator))
config = {"model": sm.params.model, "analysis": analysis}
paths, fit = structural_sensitivity(
    pd.read_csv(sm.input.data), config, read_codebook(sm.input.codebook)
)
paths.to_csv(sm.output.sensitivity, index=False)
fit.to_csv(sm.output.sensitivity_fit, index=False)
