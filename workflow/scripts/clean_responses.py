"""Screen and clean the survey responses; write the analysed data and the cleaning ledger."""

import sys
from pathlib import Path

from surveysem.scriptlog import log_to

log_to(snakemake)  # noqa: F821

from surveysem.clean import analysis_problem, clean_survey  # noqa: E402
from surveysem.ingest import read_responses  # noqa: E402

raw = read_responses(snakemake.input.responses)  # noqa: F821
cleaning = dict(snakemake.params.cleaning)  # noqa: F821
result = clean_survey(
    raw,
    snakemake.params.codebook,  # noqa: F821
    id_column=snakemake.params.id_column,  # noqa: F821
    exclude=cleaning["exclude"],
    drop_duplicate_rows=cleaning["drop_duplicate_rows"],
    max_missing_share=cleaning["max_missing_share"],
    longstring_max=cleaning["longstring_max"],
    mahalanobis_p=cleaning["mahalanobis_p"],
    min_duration_sec=cleaning["min_duration_sec"],
    missing=snakemake.params.missing,  # noqa: F821
)
for name in ("data", "exclusions", "flow", "cell_fixes", "flags", "missing"):
    path = Path(snakemake.output[name])  # noqa: F821
    getattr(result, name).to_csv(path, index=False, encoding="utf-8")
print(result.flow.to_string(index=False), file=sys.stderr)
problem = analysis_problem(result)
if problem:
    raise ValueError(problem)
