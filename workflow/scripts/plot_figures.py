"""Draw the report figures (SVG) from the result tables."""

from pathlib import Path

from surveysem.scriptlog import log_to

log_to(snakemake)  # noqa: F821

import pandas as pd  # noqa: E402

from surveysem.figures import figure_svg, make_figures, placeholder_figure  # noqa: E402

sm = snakemake  # noqa: F821
tables = {}
for key, path in sm.input.items():
    if key == "code":  # the library files the rule depends on, not a table
        continue
    tables[key.replace("__", "/")] = pd.read_csv(path)
figs = make_figures(tables, sm.params.codebook, ci_level=sm.params.ci_level)
for name, path in sm.output.items():
    fig = figs.get(name) or placeholder_figure(
        f"The {name.replace('_', ' ')} figure could not be drawn: its input table is empty."
    )
    Path(path).write_bytes(figure_svg(fig))
