"""The user documentation: generated references agree with the schemas; the example runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from surveysem.docs import main, pages, schema_rows

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_the_committed_references_equal_the_generated_ones():
    for path, text in pages().items():
        assert path.is_file(), f"{path} is missing: run python -m surveysem.docs"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date with the schemas: run python -m surveysem.docs"
        )
    assert main(["--check"]) == 0


def test_every_schema_key_is_documented_with_a_meaning():
    for schema_file in ("config.schema.yaml", "codebook.schema.yaml"):
        schema = yaml.safe_load((ROOT / "workflow/schemas" / schema_file).read_text())
        rows = list(schema_rows(schema))
        assert rows
        undocumented = [r[0] for r in rows if not r[4]]
        assert undocumented == [], f"{schema_file}: add a description to {undocumented}"


def test_a_stale_page_is_detected(tmp_path, monkeypatch):
    import surveysem.docs as docs

    for sub in ("workflow/schemas", "docs"):
        (tmp_path / sub).mkdir(parents=True)
    for name in ("config.schema.yaml", "codebook.schema.yaml"):
        (tmp_path / "workflow/schemas" / name).write_text(
            (ROOT / "workflow/schemas" / name).read_text()
        )
    monkeypatch.setattr(docs, "ROOT", tmp_path)
    monkeypatch.setattr(docs, "pages", lambda root=tmp_path: pages(root))
    assert main(["--check"]) == 1
    assert main([]) == 0 and main(["--check"]) == 0


def test_the_outputs_page_lists_every_contract_table():
    text = (DOCS / "outputs.md").read_text()
    for name in ("results/clean/flow.csv", "results/sem/effects.csv", "results/sem/hypotheses.csv",
                 "results/groups/invariance.csv", "results/reliability/scales.csv",
                 "reports/thesis.pdf"):  # fmt: skip
        assert f"`{name}`" in text


def documented_command() -> str:
    text = (DOCS / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- worked-example-command:[^>]*-->\n```sh\n(.+)\n```", text)
    assert m, "docs/README.md lost the marked worked-example command"
    return m.group(1)


def documented_summary() -> str:
    text = (DOCS / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- worked-example-summary -->\n```\n(.+?)\n```", text, re.S)
    assert m, "docs/README.md lost the marked worked-example summary"
    return m.group(1)


def test_the_readme_links_to_the_docs_and_keeps_its_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[: readme.index("## What it does")]
    assert "make report" in head and "make test" in head and "](docs/README.md)" in head
    assert "../shared/contracts.md" not in readme


@pytest.mark.slow
def test_the_worked_example_runs_exactly_as_documented(tmp_path):
    """The documented command, run as written from a copy of the repository root."""
    command = documented_command()
    assert command == ".venv/bin/snakemake --cores 2 --configfile=docs/example/study.yaml"
    for name in ("Snakefile", "workflow", "data", "docs", "src", "profiles", "config.yaml"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(ROOT / "src")}
    res = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, env=env,
        timeout=1800,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr[-4000:]
    assert (tmp_path / "reports/thesis.pdf").stat().st_size > 10_000
    hyp = pd.read_csv(tmp_path / "results/sem/hypotheses.csv")
    assert list(hyp["id"]) == ["H1", "H2", "H3", "H4", "H5"]
    flow = pd.read_csv(tmp_path / "results/clean/flow.csv")
    summary = (tmp_path / "logs/summary.txt").read_text()
    assert summary.startswith(
        f"Run summary\n  Respondents: {flow['n_before'].iloc[0]:,} received, "
        f"{flow['n_after'].iloc[-1]:,} analysed"
    )
    assert f"Hypotheses: {int(hyp['supported'].sum())} of 5 supported" in summary
    assert f"Report: {(tmp_path / 'reports/thesis.pdf').resolve()}" in summary
    assert summary in res.stderr  # on the console too
    # the summary the guide shows is the one the run prints (only the PDF's folder differs)
    shown = documented_summary().replace("/path/to/surveysem", str(tmp_path.resolve()))
    assert summary.strip() == shown
    assert "estimate_effects: bootstrap resamples 1000/1000 (100%)" in res.stderr
