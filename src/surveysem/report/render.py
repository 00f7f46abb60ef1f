"""Rendering the document with Jinja2: the only place where values become HTML.

Text from the phrase builders is escaped, then its light markup becomes HTML: ``*x*``
italics (statistical symbols), ``__x__`` bold, and ``<sub>``/``<sup>`` kept as they are.
Numbers in tables are formatted here, by the column's kind (:mod:`surveysem.fmt`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from surveysem import fmt
from surveysem.criteria import isnum
from surveysem.report.doc import Column, Document

_WJ = "\u2060"  # WORD JOINER: forbids a line break, prints nothing
_TAGS = re.compile(r"&lt;(/?)(sub|sup)&gt;")
_BOLD = re.compile(r"__(.+?)__")
_ITALIC = re.compile(r"(?<![A-Za-z0-9*])\*(?![\s*])([^*]+?)(?<!\s)\*(?![A-Za-z0-9*])")


def glue_numbers(text: str) -> str:
    """Forbid line breaks inside ``β = −.24``-style expressions.

    Unicode line breaking allows a break after a decimal point that starts a number and after a
    minus sign; a word joiner is put after such a point or minus, and the spaces around ``=``,
    ``<`` and ``>`` become no-break spaces.
    """
    s = re.sub(r" ([=<>≤≥]) ", "\u00a0\\1\u00a0", str(text))
    s = re.sub(r"([=<>≤≥]) (?=[−\d.])", "\\1\u00a0", s)
    s = re.sub(r"−(?=[.\d])", "−" + _WJ, s)
    return re.sub(r"(?<!\d)\.(?=\d)", "." + _WJ, s)


def markup(text: Any) -> Markup:
    """Escape generated text and turn its light markup into HTML."""
    s = str(escape(glue_numbers(str(text))))
    s = _TAGS.sub(r"<\1\2>", s)
    s = _BOLD.sub(r"<strong>\1</strong>", s)
    s = _ITALIC.sub(r"<i>\1</i>", s)
    return Markup(s)


def _es_kind(row: Mapping[str, Any]) -> str:
    """ω², η² and ε² with three decimals and no leading zero; g and d with two."""
    squared = ("omega_squared", "eta_squared", "epsilon_squared")
    return "es2" if row.get("effect_size_name", "") in squared else "es"


def _value(row: Mapping[str, Any], c: Column) -> str:
    kind = c.kind
    if kind.startswith("ci:"):
        lo, hi = c.key.split("|")
        inner = kind[3:]
        if inner == "es_by_name":
            inner = _es_kind(row)
        return fmt.ci(row.get(lo), row.get(hi), inner)
    v = row.get(c.key)
    if kind == "text":
        return "" if v is None or (isinstance(v, float) and v != v) else str(v)
    if kind == "p":
        return fmt.p_value(v, relation=False)
    if kind == "pct":
        return fmt.pct(v)
    if kind.startswith("stars:"):
        return fmt.num(v, kind[6:]) + (
            f"<sup>{fmt.stars(row.get('pvalue'))}</sup>" if fmt.stars(row.get("pvalue")) else ""
        )
    if kind == "coef_stars":  # B with the stars of the p in the field p<key>
        st = fmt.stars(row.get("p" + c.key))
        return fmt.num(v, "coef") + (f"<sup>{st}</sup>" if st else "") if isnum(v) else ""
    if kind == "mean_sd":  # M (SD) in one cell
        sd = row.get(f"sd_{c.key}")
        return f"{fmt.num(v, 'mean')} ({fmt.num(sd, 'mean')})" if isnum(v) else ""
    if kind == "es_by_name":
        return fmt.num(v, _es_kind(row))
    if kind == "corr":
        if not isnum(v):
            return ""
        st = fmt.stars(row.get("p" + c.key))
        return fmt.num(v, "r") + (f"<sup>{st}</sup>" if st else "")
    if c.cut is not None:
        return fmt.against(v, kind, c.cut)
    if isinstance(v, str):
        return v
    return fmt.num(v, kind)


def cell(row: Mapping[str, Any], c: Column) -> Markup:
    """One formatted table cell (a Jinja filter: ``row|cell(col)``)."""
    if c.key in (row.get("_suppressed") or ()):
        return Markup("&lt; 5") if c.kind == "int" else Markup("—")
    if row.get(c.key.split("|")[0], 0) is None and not c.kind.startswith("ci:"):
        return Markup("")
    return markup(_value(row, c))


FILTERS = {"md": markup, "cell": cell}


def render_html(
    document: Document,
    front: Any,
    meta: Mapping[str, Any],
    template_dir: str | Path,
) -> str:
    """Render the document to one HTML string.

    Parameters
    ----------
    document : Document
        From :func:`surveysem.report.outline.build_document`.
    front : Front
        The abstract and keywords.
    meta : mapping
        Title-page and document data: ``study`` (the :class:`~surveysem.report.context.Study`),
        ``labels`` (the language's fixed words), ``figures`` (name -> SVG path relative to
        the HTML), ``n`` (analysed respondents), ``data_date``, ``data_timestamp``,
        ``running_head``, ``say`` (the phrase package: title page and numbering),
        ``chapter_label``, ``captions_below``, ``keyword_sep``, and ``front_en`` /
        ``study_en`` (the English abstract of a thesis in another language, or None).
    template_dir : str or Path
        Folder with ``thesis.html.j2`` and ``thesis.css`` (and ``thesis.<lang>.css``, the
        conventions of the language's theses, added after it when present).

    Returns
    -------
    str
        The HTML (autoescaped; an undefined variable raises).
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.tests["kind"] = lambda block, name: type(block).__name__ == name
    css = (Path(template_dir) / "thesis.css").read_text(encoding="utf-8")
    extra = Path(template_dir) / f"thesis.{meta['study'].language}.css"
    if extra.exists():  # the conventions of the language's theses (thesis.zh.css)
        css += "\n" + extra.read_text(encoding="utf-8")
    return env.get_template("thesis.html.j2").render(doc=document, front=front, css=css, **meta)
