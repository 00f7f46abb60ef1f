"""The study file and the codebook together: cross-checks and the model they define."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from surveysem.codebook import Codebook
from surveysem.moderation import Product, find_products, product_spec
from surveysem.sem import ModelSpec, parse_regressions, structural_names


def _effect_problems(h: Mapping[str, Any], paths: set) -> list[str]:
    """Problems of a hypothesis ``effect`` (``X -> M -> Y``, or ``X -> M -> Y | W`` for an
    index of moderated mediation, which needs a product term with W on one of its steps)."""
    text, _, moderator = h["effect"].partition("|")
    chain = [s.strip() for s in text.split("->")]
    steps = list(zip(chain, chain[1:], strict=False))
    out = [
        f"hypotheses {h['id']}: effect {h['effect']!r} needs the path '{b} ~ {a}', which "
        "model.structural does not have"
        for a, b in steps
        if (b, a) not in paths
    ]
    w = moderator.strip()
    if w and not any((b, f"{a}:{w}") in paths for a, b in steps):
        out.append(
            f"hypotheses {h['id']}: effect {h['effect']!r} names the moderator {w}, but no "
            f"step of {text.strip()!r} has a product term with it (e.g. '{chain[1]} ~ "
            f"{chain[0]}:{w}' in model.structural)"
        )
    return out


def survey_problems(survey: Mapping[str, Any]) -> list[str]:
    """The ``survey`` block's counts out of order (valid <= returned <= distributed)."""
    out = []
    order = [k for k in ("valid", "returned", "distributed") if survey.get(k) is not None]
    for lo, hi in zip(order, order[1:], strict=False):
        if survey[lo] > survey[hi]:
            out.append(
                f"survey.{lo} ({survey[lo]}) is larger than survey.{hi} ({survey[hi]}); "
                "the counts must satisfy valid <= returned <= distributed"
            )
    return out


def check_study(config: Mapping[str, Any], codebook: Codebook, source: str = "study file") -> None:
    """Check that the study file's names exist in the codebook.

    Parameters
    ----------
    config : mapping
        The study file, validated against the JSON schema.
    codebook : Codebook
    source : str
        The study file's name, for the message.

    Raises
    ------
    ValueError
        Listing every unknown name: a variable of ``model.structural``/``model.extra`` that is
        neither a scale nor a scale item, a ``model.composites`` entry that is not a scale, a
        hypothesis path or effect that is not in the structural model, a group variable that
        is not a categorical or ordinal demographic, ``analysis.missing: pairwise`` with
        continuous items, ``survey`` counts out of order (:func:`survey_problems`).
    """
    problems: list[str] = survey_problems(config.get("survey") or {})
    scales = set(codebook.scale_names)
    items = set(codebook.items)
    model = config["model"]
    for name in model.get("composites", []):
        if name not in scales:
            problems.append(f"model.composites: {name!r} is not a scale of the codebook")
    for key in ("structural", "extra"):
        for name in structural_names(model.get(key, "") or ""):
            if name not in scales and name not in items:
                problems.append(
                    f"model.{key}: {name!r} is neither a scale nor an item of the codebook "
                    f"(scales: {', '.join(sorted(scales))})"
                )
    paths = set(parse_regressions(model["structural"] + "\n" + (model.get("extra") or "")))
    for h in config.get("hypotheses", []):
        if "path" in h:
            y, x = (re.sub(r"\s*:\s*", ":", s.strip()) for s in h["path"].split("~"))
            if (y, x) not in paths:
                problems.append(
                    f"hypotheses {h['id']}: path {h['path']!r} is not a regression of "
                    "model.structural; add it there or correct the hypothesis"
                )
        else:
            problems += _effect_problems(h, paths)
    indirect = model.get("indirect", "auto")
    if indirect != "auto":
        for eff in indirect:
            chain = [s.strip() for s in eff.split("->")]
            for a, b in zip(chain, chain[1:], strict=False):
                if (b, a) not in paths:
                    problems.append(f"model.indirect: {eff!r} needs the path '{b} ~ {a}'")
    demo = {d.name: d for d in codebook.demographics}
    for g in config.get("analysis", {}).get("groups", []):
        if g not in demo:
            problems.append(
                f"analysis.groups: {g!r} is not a demographic of the codebook "
                f"(known: {', '.join(demo) or 'none'})"
            )
        elif demo[g].type not in ("categorical", "ordinal"):
            problems.append(
                f"analysis.groups: {g!r} is {demo[g].type}; groups must be categorical or ordinal"
            )
    analysis = config.get("analysis", {})
    if (
        analysis.get("missing") == "pairwise"
        and analysis.get("estimator", "ML") in ("ML", "MLR")
        and analysis.get("ordinal", False) is False
    ):
        problems.append(
            "analysis.missing: pairwise needs ordinal items (analysis.estimator WLSMV/ULSMV or "
            "analysis.ordinal true/auto); with continuous items use listwise or fiml"
        )
    if problems:
        raise ValueError(f"{source}: {len(problems)} problem(s):\n  - " + "\n  - ".join(problems))


def model_spec(
    config: Mapping[str, Any], codebook: Codebook, structural: bool = True, raw: bool = False
) -> ModelSpec:
    """The model the study defines.

    Parameters
    ----------
    config : mapping
        The validated study file.
    codebook : Codebook
    structural : bool
        False gives the measurement model only (the CFA: all factors correlated).
    raw : bool
        True keeps product terms ``X:W`` as written; by default they are rewritten for
        fitting (:func:`surveysem.moderation.product_spec`: semopy-safe names, the product
        indicators of latent products).

    Returns
    -------
    ModelSpec
        Every scale used in the model (every scale, for the CFA) as a latent factor measured
        by its items, except the ``model.composites``, which enter as observed item means.
    """
    composites = set(config["model"].get("composites", []))
    if structural:
        used = structural_names(
            config["model"]["structural"] + "\n" + (config["model"].get("extra") or "")
        )
        scales = [s for s in codebook.scales if s.name in used]
    else:
        scales = list(codebook.scales)
    measurement = {s.name: tuple(s.items) for s in scales if s.name not in composites}
    if not structural:
        return ModelSpec(measurement=measurement)
    spec = ModelSpec(
        measurement=measurement,
        structural=config["model"]["structural"],
        extra=config["model"].get("extra") or "",
    )
    return spec if raw else product_spec(spec)[0]


def model_products(config: Mapping[str, Any], codebook: Codebook) -> list[Product]:
    """The product terms ``X:W`` of ``model.structural`` (see :mod:`surveysem.moderation`)."""
    return find_products(model_spec(config, codebook, raw=True))


def add_composites(data: pd.DataFrame, codebook: Codebook, composites: list[str]) -> pd.DataFrame:
    """Add one column per composite scale: the mean of the respondent's answered items.

    Returns
    -------
    DataFrame
        ``data`` with a column named after each composite scale.
    """
    out = data.copy()
    for name in composites:
        items = list(codebook.scale(name).items)
        out[name] = out[items].apply(pd.to_numeric, errors="coerce").mean(axis=1)
    return out
