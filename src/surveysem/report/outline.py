"""The one ordered outline of the thesis: it drives the numbering, the contents and the headings.

Each entry is a section builder; its place in the language's ``OUTLINE`` (the chapter plan:
APA in English, GB/T 7713.1 in Chinese), in :data:`RESULTS` or in :data:`APPENDICES` is its
place in the document. A builder that returns None leaves its part
out (a study without groups has no group section), and the numbering closes up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from surveysem.criteria import LOADING_MIN
from surveysem.report.cite import Citations
from surveysem.report.context import Context, Names, phrases, study_from_config
from surveysem.report.doc import Document, References, Section, collect, finalize
from surveysem.report.facts import build_facts
from surveysem.report.results import Results
from surveysem.report.sections.appendices import (
    build_items_appendix,
    build_software_appendix,
    build_tables_appendix,
)
from surveysem.report.sections.discussion import (
    build_conclusion,
    build_discussion,
    build_limitations,
)
from surveysem.report.sections.front import Front, build_front
from surveysem.report.sections.introduction import build_introduction, build_theory
from surveysem.report.sections.method import build_method
from surveysem.report.sections.recommendations import build_recommendations
from surveysem.report.sections.results_data import (
    build_descriptives,
    build_levels,
    build_sample,
    build_screening,
)
from surveysem.report.sections.results_groups import build_groups
from surveysem.report.sections.results_measurement import (
    build_cmb,
    build_measurement,
    build_reliability,
)
from surveysem.report.sections.results_model import (
    build_effects,
    build_hypotheses,
    build_mediation,
    build_structural,
)
from surveysem.report.sections.results_moderation import build_moderation

RESULTS = (
    build_screening,
    build_sample,
    build_levels,
    build_descriptives,
    build_reliability,
    build_cmb,
    build_measurement,
    build_structural,
    build_hypotheses,
    build_effects,
    build_mediation,
    build_moderation,
    build_groups,
)


def build_results(ctx: Context) -> Section:
    subs = tuple(s for s in (b(ctx) for b in RESULTS) if s is not None)
    return Section("results", ctx.say.data.CHAPTER, subsections=subs, kind="chapter")


#: Every chapter builder by name; each language's phrase package orders them (``OUTLINE``).
CHAPTERS = {
    "introduction": build_introduction,
    "theory": build_theory,
    "method": build_method,
    "results": build_results,
    "discussion": build_discussion,
    "recommendations": build_recommendations,
    "limitations": build_limitations,
    "conclusion": build_conclusion,
}
APPENDICES = (build_items_appendix, build_tables_appendix, build_software_appendix)


def make_context(
    results: Results,
    config: Mapping[str, Any],
    codebook,
    provenance: Mapping[str, Any],
    figures: Mapping[str, str] | None = None,
    language: str | None = None,
) -> Context:
    """The context every builder reads (facts read once from the results).

    ``language`` is one of the study's languages; default the first.
    """
    study = study_from_config(config, codebook, language)
    lang = study.language
    facts = build_facts(
        results,
        codebook,
        loading_cut=LOADING_MIN.value,
        estimator=study.estimator,
        missing=study.missing,
        ci_level=study.ci_level,
    )
    facts = replace(facts, measures=tuple(m.in_language(lang) for m in facts.measures))
    return Context(
        results=results,
        facts=facts,
        study=study,
        codebook=codebook,
        names=Names(codebook, lang),
        say=phrases(lang),
        provenance=provenance,
        figures=dict(figures or {}),
    )


def build_document(ctx: Context, references: Sequence[Mapping[str, Any]]) -> tuple[Front, Document]:
    """Build every part in outline order, number it, resolve references and citations.

    Parameters
    ----------
    ctx : Context
    references : sequence of mapping
        The bibliography (``data/references.yaml``).

    Returns
    -------
    (Front, Document)
        The abstract and keywords (already resolved), and the numbered document whose last
        chapter before the appendices is the reference list of exactly the cited works.
    """
    front = build_front(ctx)
    parts = [front.abstract]
    parts += [s for s in (CHAPTERS[name](ctx) for name in ctx.say.OUTLINE) if s is not None]
    appendices = [s for s in (b(ctx) for b in APPENDICES) if s is not None]
    cites = Citations(references, ctx.study.citation_style, ctx.lang)
    body = finalize(parts + appendices, ctx.say.NUMBERING, cites.resolve)
    refs = Section(
        "references",
        ctx.say.closing.REFERENCES,
        (References(tuple(cites.entries())),),
        kind="back",
    )
    n_main = len(parts)
    sections = body[:n_main] + [refs] + body[n_main:]
    abstract = sections[0]
    return Front(abstract, front.keywords), collect(sections)


def english_front(ctx: Context, references: Sequence[Mapping[str, Any]]) -> Front:
    """The English abstract and keywords of a thesis in another language (resolved)."""
    front = build_front(ctx)
    cites = Citations(references, ctx.study.citation_style, ctx.lang)
    (abstract,) = finalize([front.abstract], ctx.say.NUMBERING, cites.resolve)
    return Front(abstract, front.keywords)
