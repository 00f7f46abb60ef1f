"""Print layout: type sizes, page numbering, running heads, italics, kept-together parts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from surveysem.report import running_head

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "workflow/templates/thesis.css").read_text()


def test_no_type_below_8_points():
    sizes = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?)pt", CSS) if "pt" in x or True]
    fonts = [float(m) for m in re.findall(r"font(?:-size)?:[^;]*?(\d+(?:\.\d+)?)pt", CSS)]
    assert fonts and min(fonts) >= 8, sorted(fonts)[:3]
    assert sizes


def test_tables_keep_groups_titles_and_notes_together():
    assert re.search(r"tbody\.group\s*\{[^}]*break-inside:\s*avoid", CSS)
    assert re.search(r"p\.tcap\s*\{[^}]*break-after:\s*avoid", CSS)  # number and title
    assert re.search(r"p\.tnote\s*\{[^}]*break-before:\s*avoid", CSS)
    assert re.search(r"figure\s*\{[^}]*break-inside:\s*avoid", CSS)


def test_running_head_fits():
    title = "Occupational stress and job burnout among grassroots police officers in a county"
    head = running_head(title)
    assert len(head) <= 49 and head.endswith("…") and " " in head


@pytest.mark.slow
def test_front_matter_is_roman_and_the_main_matter_starts_at_one(default_run):
    pages = [p.extract_text() for p in PdfReader(default_run / "reports/thesis.pdf").pages]
    feet = [t.strip().splitlines()[-1].strip() if t.strip() else "" for t in pages]
    intro = next(
        i
        for i, t in enumerate(pages)
        if re.search(r"^1 Introduction$", t, re.M) and "Contents" not in t
    )
    assert feet[1] == "ii"
    assert all(re.fullmatch(r"[ivx]+", f) for f in feet[1:intro])
    assert feet[intro] == "1"


@pytest.mark.slow
def test_statistical_symbols_are_italic(default_run):
    html = (default_run / "reports/thesis.html").read_text()
    body = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    for sym in ("p", "M", "SD", "B", "N", "n", "t", "F"):
        plain = re.findall(rf"(?<![<\w/]){sym}(?:\u00a0| )[=<>]", re.sub(r"<i>[^<]*</i>", "", body))
        assert not plain, (sym, plain[:3])
