"""What every section builder is given: the facts, the study, the names and the phrases."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from surveysem.labels import (
    demographic_label,
    label,
    level_label,
    localized,
    scale_label,
    untranslated,
)
from surveysem.report.cite import DEFAULT_STYLE
from surveysem.report.facts import Facts
from surveysem.report.results import Results

#: Theories the theory chapter can present, in its order.
THEORIES = ("burnout", "jdr", "eri", "transactional")


@dataclass(frozen=True)
class Theory:
    """A theory the study draws on, with the study's constructs it speaks to."""

    id: str
    constructs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Study:
    """The parts of the validated study file the report uses."""

    title: str
    author: str
    institution: str
    language: str
    simulated: bool
    ci_level: float
    estimator: str
    missing: str
    bootstrap: int
    seed: int
    groups: tuple[str, ...]
    cleaning: Mapping[str, Any]
    structural: str
    extra: str
    composites: tuple[str, ...]
    hypotheses: tuple[Mapping[str, Any], ...]
    background: tuple[str, ...] = ()
    population: str = ""
    member: str = ""
    keywords: tuple[str, ...] = ()
    running_head: str = ""
    theories: tuple[Theory, ...] = ()
    citation_style: str = "apa7"
    untranslated: tuple[str, ...] = ()  # text fields printed in English for want of a translation
    survey: Mapping[str, Any] | None = None  # the study file's survey block, text localized


def _theories(report: Mapping[str, Any], codebook) -> tuple[Theory, ...]:
    given = report.get("theories")
    if given is None:  # chosen by the roles the codebook has
        roles = {s.role for s in codebook.scales}
        ids = []
        if "burnout" in roles:
            ids.append("burnout")
        if roles & {"stressor", "resource"}:
            ids.append("jdr")
        return tuple(Theory(i) for i in ids)
    out = []
    for t in given:
        if isinstance(t, str):
            out.append(Theory(t))
        else:
            out.append(Theory(str(t["id"]), tuple(t.get("constructs", []))))
    order = {k: i for i, k in enumerate(THEORIES)}
    return tuple(sorted(out, key=lambda t: order.get(t.id, len(order))))


def languages(config: Mapping[str, Any]) -> list[str]:
    """The report languages of a study file, first the one of ``reports/thesis.pdf``."""
    lang = config.get("language", "en")
    return [lang] if isinstance(lang, str) else [str(x) for x in lang]


def _hypothesis(h: Mapping[str, Any], lang: str) -> dict:
    return {**h, "text": str(localized(h, "text", lang))}


def _survey(survey: Mapping[str, Any] | None, lang: str) -> Mapping[str, Any] | None:
    """The survey block with its text fields in ``lang`` (None without the block)."""
    if not survey:
        return None
    out = {k: survey.get(k) for k in ("distributed", "returned", "valid")}
    for k in ("period", "sampling", "ethics"):
        if survey.get(k) or survey.get(f"{k}_{lang}"):
            out[k] = str(localized(survey, k, lang))
    return out


def study_from_config(config: Mapping[str, Any], codebook, lang: str | None = None) -> Study:
    """The :class:`Study` of a validated study file (defaults filled), in one language.

    Each text field is the ``_<lang>`` sibling when the study file has it
    (:func:`surveysem.labels.localized`).
    """
    lang = lang or languages(config)[0]
    a, m, r = config["analysis"], config["model"], config.get("report", {})
    return Study(
        title=str(localized(config, "title", lang)),
        author=str(localized(config, "author", lang)),
        institution=str(localized(config, "institution", lang)),
        language=lang,
        simulated=bool(config.get("simulated", False)),
        ci_level=float(a["ci_level"]),
        estimator=str(a["estimator"]),
        missing=str(a["missing"]),
        bootstrap=int(a["bootstrap"]),
        seed=int(a["seed"]),
        groups=tuple(a.get("groups", [])),
        cleaning=dict(config.get("cleaning", {})),
        structural=str(m["structural"]).strip(),
        extra=str(m.get("extra", "") or "").strip(),
        composites=tuple(m.get("composites", []) or []),
        hypotheses=tuple(_hypothesis(h, lang) for h in config.get("hypotheses", [])),
        background=tuple(localized(r, "background", lang, []) or []),
        population=str(localized(r, "population", lang)),
        member=str(localized(r, "member", lang)),
        keywords=tuple(localized(r, "keywords", lang, []) or []),
        running_head=str(localized(r, "running_head", lang)),
        theories=_theories(r, codebook),
        survey=_survey(config.get("survey"), lang),
        citation_style=str(r.get("citation_style") or DEFAULT_STYLE.get(lang, "apa7")),
        untranslated=tuple(untranslated(config, codebook, (), lang)),
    )


@dataclass(frozen=True)
class Names:
    """Readable names of the study's constructs, demographics and things, in one language."""

    codebook: Any
    lang: str

    def scale(self, name: str) -> str:
        """A scale's label; a product term ``WL:SS`` reads ``Workload × Social support``."""
        if ":" in name:
            first, *rest = (scale_label(self.codebook, n, self.lang) for n in name.split(":"))
            if self.lang == "en":  # inside the label: "Workload × social support"
                rest = [r if r.split(" ", 1)[0].isupper() else r[:1].lower() + r[1:] for r in rest]
            return " × ".join([first, *rest])
        return scale_label(self.codebook, name, self.lang)

    def demo(self, name: str) -> str:
        return demographic_label(self.codebook, name, self.lang)

    def label(self, kind: str, key: Any) -> str:
        return label(kind, key, self.lang)

    def text(self, obj: Any, field: str) -> str:
        """A codebook text field in the report's language (``instructions_zh`` or ``instructions``)."""
        own = getattr(obj, f"{field}_{self.lang}", "") if self.lang != "en" else ""
        return str(own or getattr(obj, field, "") or "")

    def text_of(self, mapping: Any, key: str) -> str:
        """A text of a plain mapping (the codebook's ``questionnaire``) in the report's language."""
        return str(localized(mapping or {}, key, self.lang) or "")

    def mapping(self, obj: Any, field: str) -> dict:
        """A codebook mapping (item texts, anchors, levels) in the report's language, key by
        key: a key without a text in the language keeps its English one."""
        base = dict(getattr(obj, field, {}) or {})
        if self.lang != "en":
            base.update(
                {k: v for k, v in (getattr(obj, f"{field}_{self.lang}", {}) or {}).items() if v}
            )
        return base

    def level(self, demo: str, level: Any) -> str:
        """A demographic level (as the result tables name it) in the report's language."""
        return level_label(self.codebook, demo, level, self.lang)

    def role(self, role: str) -> list[str]:
        """The scales with a role, in codebook order."""
        return [s.name for s in self.codebook.scales if s.role == role]


def phrases(lang: str) -> ModuleType:
    """The phrase package of a language (:mod:`surveysem.report.phrases.en`)."""
    try:
        return importlib.import_module(f"surveysem.report.phrases.{lang}")
    except ModuleNotFoundError:
        raise ValueError(
            f"language {lang!r}: the report has no phrases in this language yet; set `language: en`"
        ) from None


@dataclass(frozen=True)
class Context:
    """Everything a section builder reads."""

    results: Results
    facts: Facts
    study: Study
    codebook: Any
    names: Names
    say: ModuleType
    provenance: Mapping[str, Any]
    figures: Mapping[str, str] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.names.lang
