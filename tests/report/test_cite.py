"""Citations: every cited work is listed, every listed work is cited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers.runs import prose

from surveysem.report.cite import Citations, surnames, unknown_citations

ROOT = Path(__file__).resolve().parents[2]
REFS = yaml.safe_load((ROOT / "data/references.yaml").read_text())["references"]


def test_every_bibliography_entry_has_readable_surnames_and_a_unique_key():
    keys = [r["key"] for r in REFS]
    assert len(keys) == len(set(keys))
    for r in REFS:
        names = surnames(r["authors"])
        assert names and all("." not in n and n[0].isupper() for n in names), r["authors"]


def test_markers_resolve_and_only_cited_works_are_listed():
    c = Citations(REFS)
    s = c.resolve("As [!hu1999] argue, fit is good [@hu1999; @marsh2004] (see [-@cohen1988]).")
    assert s == (
        "As Hu and Bentler (1999) argue, fit is good (Hu & Bentler, 1999; Marsh et al., 2004) "
        "(see Cohen, 1988)."
    )
    assert [r["key"] for r in c.listed()] == ["cohen1988", "hu1999", "marsh2004"]


def test_an_unknown_key_is_an_error_naming_it():
    with pytest.raises(ValueError, match="citation 'nobody2020' is not in the bibliography"):
        Citations(REFS).resolve("[@nobody2020]")


CITE = re.compile(
    r"(?P<who>[A-ZÀ-Þ][\w'’-]+(?: et al\.)?(?:,? (?:&|and) [A-ZÀ-Þ][\w'’-]+)?)"
    r"(?:, | \()(?P<year>(?:19|20)\d\d)\b"
)


def _cited(run: Path) -> set[tuple[str, str]]:
    body = " ".join(prose(run / "reports/thesis.html", references=False))
    out = set()
    for m in CITE.finditer(body):
        first = m.group("who").split(" ")[0].rstrip(",")
        out.add((first, m.group("year")))
    return out


def _listed(run: Path) -> list[tuple[str, str]]:
    html = (run / "reports/thesis.html").read_text(encoding="utf-8")
    refs = re.search(r'<ul class="refs[^"]*">(.*?)</ul>', html, flags=re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", refs, flags=re.S)
    out = []
    for it in items:
        m = re.match(r"\s*(.+?) \((\d{4})\)\.", re.sub(r"<[^>]+>", "", it))
        out.append((surnames(m.group(1))[0], m.group(2)))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", ["default_run", "prasojo_run", "edge_run"])
def test_citations_and_the_reference_list_agree(name, request):
    run = request.getfixturevalue(name)
    listed = _listed(run)
    cited = _cited(run)
    # every in-text citation (first author, year) is in the list ...
    listed_set = set(listed)
    missing = {
        c for c in cited if c not in listed_set and c[0] not in ("Table", "Figure", "Section")
    }
    assert not missing, missing
    # ... and every listed work is cited in the text
    uncited = [r for r in listed if r not in cited]
    assert not uncited, uncited


def test_numeric_style_numbers_works_by_first_citation():
    c = Citations(REFS, "gb7714-2015", "zh")
    s = c.resolve("如[!hu1999]所述[@marsh2004; @hu1999]，另见[@cohen1988]。")
    assert s == "如Hu和Bentler<sup>[1]</sup>所述<sup>[1-2]</sup>，另见<sup>[3]</sup>。"
    labels, entries = zip(*c.entries(), strict=True)
    assert labels == ("[1]", "[2]", "[3]")
    assert entries[0].startswith("HU L, BENTLER P M. Cutoff criteria") and "[J]" in entries[0]
    assert "[M]" in entries[2] and "Hillsdale" in entries[2]


def test_the_2025_edition_is_a_setting():
    c = Citations(REFS, "gb7714-2025", "zh")
    c.resolve("[@hu1999]")
    assert c.entries()[0][1].startswith("Hu L，Bentler P M")


def test_an_unknown_style_is_an_error_naming_the_key():
    with pytest.raises(ValueError, match="report.citation_style"):
        Citations(REFS, "chicago")


def test_apa_entries_are_formatted_in_python():
    c = Citations(REFS)
    c.resolve("[@cohen1988; @browne1993; @hu1999]")
    text = dict((e.split(" (")[0], e) for _, e in c.entries())
    assert text["Cohen, J."] == (
        "Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.). "
        "Lawrence Erlbaum Associates."
    )
    assert (
        "In K. A. Bollen & J. S. Long (Eds.), *Testing structural equation models* (pp. 136–162)"
        in text["Browne, M. W., & Cudeck, R."]
    )
    assert text["Hu, L., & Bentler, P. M."].endswith("https://doi.org/10.1080/10705519909540118")


def test_unknown_keys_in_a_study_file_are_named_before_the_run():
    refs = [{"key": "maslach2001", "authors": "Maslach, C.", "year": 2001}]
    study = {
        "report": {"background": ["Burnout is common [@maslach2001; @maslach2010].", "No mark."]},
        "hypotheses": [{"id": "H1", "text": "As [!zhang2020] found."}],
    }
    assert unknown_citations(study, refs, "study file s.yaml") == [
        "study file s.yaml: report.background[0]: citation 'maslach2010' is not in the "
        "bibliography data/references.yaml (did you mean `maslach2001`?); add the work there "
        "(key, authors, year, title and source) or correct the key",
        "study file s.yaml: hypotheses[H1].text: citation 'zhang2020' is not in the "
        "bibliography data/references.yaml; add the work there (key, authors, year, title and "
        "source) or correct the key",
    ]
    default = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    assert unknown_citations(default, REFS, "study file config.yaml") == []
