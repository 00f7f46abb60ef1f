"""Render the thesis HTML from the result tables, the study file and the codebook."""

import os
from pathlib import Path

from surveysem.scriptlog import log_to

log_to(snakemake)  # noqa: F821

import pandas as pd  # noqa: E402
import yaml  # noqa: E402

from surveysem.report import collect_provenance, make_report  # noqa: E402

sm = snakemake  # noqa: F821
out = Path(sm.output.html)
tables = {}
for path in sm.input.tables:
    p = Path(path)
    tables[f"{p.parent.name}/{p.stem}"] = pd.read_csv(p)
figures = {Path(p).stem: os.path.relpath(p, out.parent) for p in sm.input.figures}
rec_path = sm.input.get("recommendations")
if isinstance(rec_path, list):
    rec_path = rec_path[0] if rec_path else None
library = {}
if rec_path:
    library = yaml.safe_load(Path(rec_path).read_text(encoding="utf-8")) or {}
refs = yaml.safe_load(Path(sm.input.references).read_text(encoding="utf-8")) or {}


def shown(path):
    """A path as the report shows it: relative to the working directory when inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


provenance = collect_provenance(
    {
        "raw data": shown(sm.input.data),
        "study file": shown(sm.input.study),
        "codebook": shown(sm.input.codebook),
        **({"recommendations": shown(rec_path)} if rec_path else {}),
        "references": shown(sm.input.references),
    },
    data_file=sm.input.data,
    seed=sm.params.seed,
    repo_dir=".",
    source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
)
html = make_report(
    tables,
    sm.config,
    sm.params.codebook,
    provenance,
    template_dir=sm.params.template_dir,
    recommendations=library.get("recommendations", []),
    seeds=library.get("seeds", {}),
    references=refs.get("references", []),
    figures=figures,
)
out.write_text(html, encoding="utf-8")
