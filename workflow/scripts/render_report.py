"""Render the thesis HTML from the result tables (thin wrapper around surveysem.report)."""

import os
from pathlib import Path

import yaml

from surveysem.codebook import read_codebook
from surveysem.outputs import TABLES
from surveysem.report import make_report
from surveysem.report.provenance import collect_provenance
from surveysem.report.results import load_results
from surveysem.scriptlog import log_to

sm = snakemake  # noqa: F821
log_to(sm)

out = Path(sm.output.html)
by_path = {t.path: t.key for t in TABLES}
results = load_results({by_path[p]: p for p in sm.input.tables})
figures = {Path(p).stem: os.path.relpath(p, out.parent) for p in sm.input.figures}
refs = yaml.safe_load(Path(sm.input.references).read_text(encoding="utf-8"))["references"]
files = {"data": sm.input.data, "settings": sm.input.study, "codebook": sm.input.codebook}
if sm.input.recommendations:
    files["measures"] = sm.input.recommendations[0]
files["bibliography"] = sm.input.references
provenance = collect_provenance(
    {k: str(v) for k, v in files.items()},
    data_file=sm.input.data,
    seed=sm.config["analysis"]["seed"],
    repo_dir=".",
    source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
)
html = make_report(
    results,
    sm.config,
    read_codebook(sm.input.codebook),
    provenance,
    references=refs,
    template_dir=sm.params.template_dir,
    figures=figures,
    language=sm.params.lang,
)
out.write_text(html, encoding="utf-8")
