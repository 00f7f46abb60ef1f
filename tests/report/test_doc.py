"""The document values: numbering in outline order, cross-references resolved or refused."""

import pytest

from surveysem.report.doc import Para, Section, Table, collect, finalize
from surveysem.report.phrases.en import NUMBERING


def _doc():
    t1 = Table("a", "A", (), ())
    t2 = Table("b", "B", (), ())
    return [
        Section("abstract", "Abstract", (Para(("See {tab:b} in {sec:two}.",)),), kind="front"),
        Section("one", "One", (t1,), (Section("one-x", "X", (t2,)),), kind="chapter"),
        Section(
            "two", "Two", (Para(("Back to {tab:a}, {sec:one-x} and {sec:app}.",)),), kind="chapter"
        ),
        Section("app", "Items", (), kind="appendix"),
    ]


def test_numbers_follow_the_outline_and_references_resolve():
    secs = finalize(_doc(), NUMBERING, lambda s: s)
    assert secs[0].blocks[0].text == "See Table 2 in Chapter 2."
    assert secs[2].blocks[0].text == "Back to Table 1, Section 1.1 and Appendix A."
    doc = collect(secs)
    assert [t.number for t in doc.tables] == ["1", "2"]
    assert secs[1].subsections[0].number == "1.1"


def test_a_reference_to_a_missing_part_is_an_error():
    bad = [Section("x", "X", (Para(("see {tab:nowhere}",)),), kind="chapter")]
    with pytest.raises(ValueError, match="refers to tab:nowhere"):
        finalize(bad, NUMBERING, lambda s: s)
