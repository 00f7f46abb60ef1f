"""What every section builder is given: the facts, the study, the names and the phrases."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from surveysem.labels import demographic_label, label, scale_label
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


def study_from_config(config: Mapping[str, Any], codebook) -> Study:
    """The :class:`Study` of a validated study file (defaults filled)."""
    a, m, r = config["analysis"], config["model"], config.get("report", {})
    return Study(
        title=str(config["title"]),
        author=str(config.get("author", "")),
        institution=str(config.get("institution", "")),
        language=str(config.get("language", "en")),
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
        hypotheses=tuple(config.get("hypotheses", [])),
        background=tuple(r.get("background", []) or []),
        population=str(r.get("population", "") or ""),
        member=str(r.get("member", "") or ""),
        keywords=tuple(r.get("keywords", []) or []),
        running_head=str(r.get("running_head", "") or ""),
        theories=_theories(r, codebook),
    )


@dataclass(frozen=True)
class Names:
    """Readable names of the study's constructs, demographics and things, in one language."""

    codebook: Any
    lang: str

    def scale(self, name: str) -> str:
        return scale_label(self.codebook, name, self.lang)

    def demo(self, name: str) -> str:
        return demographic_label(self.codebook, name, self.lang)

    def label(self, kind: str, key: Any) -> str:
        return label(kind, key, self.lang)

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
