"""The thesis report: result tables in, one HTML document out (printed to PDF by :mod:`.pdf`).

Layout::

    report/
      results.py     load the result tables, checked once against surveysem.outputs
      facts.py       the numbers and verdicts every sentence is built from, read once
      context.py     the study, the names, the phrase package of the language
      outline.py     the one ordered outline: builders in document order, numbering
      sections/      one builder per part of the thesis, returning typed Section values
      phrases/<lang> every sentence, title and note, by topic
      doc.py         the typed document values, numbering, cross-references
      cite.py        citations and the reference list of exactly the cited works
      render.py      Jinja2 rendering; text markup and table cells
      pdf.py         WeasyPrint printing (local files only)
      provenance.py  hashes, versions, git state, the data date
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from surveysem.report.outline import build_document, english_front, make_context
from surveysem.report.render import render_html
from surveysem.report.results import Results

__all__ = ["make_report", "running_head"]


def running_head(title: str, limit: int = 48) -> str:
    """A running head: the title cut at a word boundary to at most ``limit`` characters."""
    if len(title) <= limit:
        return title
    cut = title[: limit + 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def make_report(
    results: Results,
    config: Mapping[str, Any],
    codebook,
    provenance: Mapping[str, Any],
    *,
    references: Sequence[Mapping[str, Any]],
    template_dir: str | Path,
    figures: Mapping[str, str],
    language: str | None = None,
) -> str:
    """Build the document from the results and render it to HTML.

    Parameters
    ----------
    results : Results
        From :func:`surveysem.report.results.load_results`.
    config : mapping
        The validated study file.
    codebook : Codebook
    provenance : mapping
        From :func:`surveysem.report.provenance.collect_provenance`.
    references : sequence of mapping
        The bibliography.
    template_dir : str or Path
    figures : mapping
        Figure name -> SVG path relative to the HTML file.
    language : str, optional
        One of the study's languages (default the first).

    Returns
    -------
    str
        The HTML document.
    """
    ctx = make_context(results, config, codebook, provenance, figures, language)
    front, doc = build_document(ctx, references)
    st = ctx.study
    meta = {
        "study": st,
        "say": ctx.say,
        "labels": {
            k: ctx.names.label("misc", k)
            for k in (
                "table",
                "figure",
                "note",
                "contents",
                "list_of_tables",
                "list_of_figures",
                "keywords",
                "appendix",
            )
        },
        "figures": dict(figures),
        "n": ctx.facts.counts.analysed,
        "data_date": provenance.get("data_date", ""),
        "data_timestamp": provenance.get("data_timestamp", ""),
        "running_head": st.running_head or running_head(st.title),
        "chapter_label": ctx.say.NUMBERING.chapter,
        "captions_below": ctx.say.NUMBERING.figure_captions_below,
        "keyword_sep": ctx.say.front.KEYWORD_SEP,
        "front_en": None,
        "study_en": None,
    }
    if ctx.lang != "en":  # a Chinese thesis has an English abstract too (GB/T 7713.1)
        en = make_context(results, config, codebook, provenance, figures, "en")
        meta["front_en"] = english_front(en, references)
        meta["study_en"] = en.study
    return render_html(doc, front, meta, template_dir)
