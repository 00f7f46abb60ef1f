"""Effects, conditional effects and Johnson-Neyman bounds, with bootstrap CIs (thin wrapper
around surveysem.models.structural_effects_probed)."""

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.models import structural_effects_probed
from surveysem.ordinal import decided_analysis
from surveysem.scriptlog import log_to, progress

sm = snakemake  # noqa: F821
log_to(sm)

analysis = decided_analysis(sm.params.analysis, pd.read_csv(sm.input.estimator))
config = {"model": sm.params.model, "analysis": analysis}
result = structural_effects_probed(
    pd.read_csv(sm.input.data),
    config,
    read_codebook(sm.input.codebook),
    n_jobs=sm.threads,
    progress=progress(sm, "bootstrap resamples"),
)
result.effects.to_csv(sm.output.effects, index=False)
result.conditional.to_csv(sm.output.conditional, index=False)
result.johnson_neyman.to_csv(sm.output.johnson_neyman, index=False)
