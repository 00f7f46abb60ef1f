"""Scale scores, their descriptives and correlations, the sample profile (surveysem.scores)."""

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.scores import describe_scores
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

res = describe_scores(
    pd.read_csv(sm.input.data),
    read_codebook(sm.input.codebook),
    min_share=sm.params.min_share,
    ci_level=sm.params.ci_level,
    id_column=sm.params.id_column,
)
for name in ("scores", "descriptives", "correlations", "sample"):
    getattr(res, name).to_csv(sm.output[name], index=False)
