"""Effects and their bootstrap CIs (thin wrapper around surveysem.models.structural_effects)."""

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.models import structural_effects
from surveysem.ordinal import decided_analysis
from surveysem.scriptlog import log_to, progress

sm = snakemake  # noqa: F821
log_to(sm)

analysis = decided_analysis(sm.params.analysis, pd.read_csv(sm.input.estimator))
config = {"model": sm.params.model, "analysis": analysis}
effects = structural_effects(
    pd.read_csv(sm.input.data),
    config,
    read_codebook(sm.input.codebook),
    n_jobs=sm.threads,
    progress=progress(sm, "bootstrap resamples"),
)
effects.to_csv(sm.output.effects, index=False)
