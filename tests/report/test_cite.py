"""Citations: every cited work is listed, every listed work is cited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers.runs import prose

from surveysem.report.cite import Citations, surnames

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
