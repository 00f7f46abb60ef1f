"""Shared fixtures: the three result sets every claims test runs on."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "fixtures"))

from edge_study import write_edge_study  # noqa: E402
from helpers.runs import PRASOJO, default_study, prasojo_study, run_snakemake  # noqa: E402


def _run(work: Path, study: Path) -> Path:
    res = run_snakemake(work, study)
    if res.returncode != 0:
        pytest.fail(f"the workflow failed on {study}:\n{res.stderr[-4000:]}")
    shutil.rmtree(work / ".snakemake" / "conda", ignore_errors=True)
    return work


@pytest.fixture(scope="session")
def default_run(tmp_path_factory) -> Path:
    """The default study with a light bootstrap (100 resamples), run once per session."""
    work = tmp_path_factory.mktemp("default_study")
    return _run(work, default_study(work))


@pytest.fixture(scope="session")
def prasojo_run(tmp_path_factory) -> Path:
    """A real-data study: Prasojo et al. (2020), teachers; skipped without ../shared."""
    if not PRASOJO.is_file():
        pytest.skip(f"{PRASOJO} is absent (the shared real-data folder sits beside the checkout)")
    work = tmp_path_factory.mktemp("prasojo")
    return _run(work, prasojo_study(work))


@pytest.fixture(scope="session")
def edge_run(tmp_path_factory) -> Path:
    """The constructed edge-case study (tests/fixtures/edge_study.py)."""
    work = tmp_path_factory.mktemp("edge")
    return _run(work, write_edge_study(work))
