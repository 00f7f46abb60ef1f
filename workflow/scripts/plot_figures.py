"""Draw the report figures (SVG) from the result tables (surveysem.figures)."""

from pathlib import Path

import pandas as pd

from surveysem.codebook import read_codebook
from surveysem.figures import figure_svg, make_figures
from surveysem.outputs import TABLES
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

by_path = {t.path: t.key for t in TABLES}
tables = {by_path[p]: pd.read_csv(p) for p in sm.input.tables}
figs = make_figures(tables, read_codebook(sm.input.codebook), sm.params.ci_level, sm.params.lang)
for name, path in sm.output.items():
    Path(path).write_bytes(figure_svg(figs[name], sm.params.lang))
