"""Read the raw survey file, check it against the codebook, write it as text with row numbers."""

import sys

from surveysem.scriptlog import log_to

log_to(snakemake)  # noqa: F821

from surveysem.ingest import load_survey  # noqa: E402

df = load_survey(
    snakemake.input.data,  # noqa: F821
    snakemake.params.codebook,  # noqa: F821
    sheet=snakemake.params.sheet,  # noqa: F821
    id_column=snakemake.params.id_column,  # noqa: F821
)
df.to_csv(snakemake.output[0], index=False, encoding="utf-8")  # noqa: F821
print(f"read {len(df)} respondents, {df.shape[1] - 1} columns", file=sys.stderr)
