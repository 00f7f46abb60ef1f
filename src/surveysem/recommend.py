"""Which levers the estimates support, in which order, and the measure for each.

A *lever* is a construct a measure can act on: a scale with role ``stressor`` (a demand, to be
reduced) or ``resource`` (to be strengthened). Its evidence is its **total** effect (direct
plus every indirect path) on the burnout dimensions, with the bootstrap CI; a lever is
supported when that effect is reliable and runs in the direction that makes the action help.
The ranking is decided here, once, and written to ``results/recommend/levers.csv`` and
``results/recommend/measures.csv``; the report only prints it.

The ranking rule
----------------
1. Supported levers are ordered by their *strength*: the largest absolute standardized total
   effect on a burnout dimension. Levers with no reliable effect on burnout, whose evidence is
   an effect on a work outcome, follow all levers with evidence on burnout.
2. They are grouped into tiers of comparable effects: a lever joins the tier of the strongest
   lever not yet placed when either standardized estimate lies inside the other's confidence
   interval (the data then do not separate the two).
3. Within a tier, measures are ordered by level: organizational, social, occupational,
   individual; then by strength. Organizational measures change the conditions every worker
   meets, where individual measures ask the strained worker to adapt, and burnout is mainly a
   response to the work situation (Maslach, Schaufeli & Leiter, 2001); individual programmes
   alone have short-lived effects (Awa, Plaumann & Walter, 2010).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveysem.codebook import LEVELS
from surveysem.criteria import ci_excludes_zero, isnum

LEVER_COLUMNS = [
    "lever",
    "role",
    "level",
    "action",
    "target",
    "target_role",
    "est",
    "ci_low",
    "ci_high",
    "std_all",
    "std_ci_low",
    "std_ci_high",
    "supported",
    "strength",
    "strength_rank",
    "tier",
    "rank",
    "reason",
    "title_zh",
    "text_zh",
    "actor_zh",
    "target_text_zh",
    "indicator_zh",
    "burnout_effect",
    "opposite_target",
]
MEASURE_COLUMNS = [
    "id",
    "lever",
    "level",
    "action",
    "title",
    "text",
    "actor",
    "target_text",
    "indicator",
    "seeds",
    "supported",
    "tier",
    "rank",
    "reason",
    "title_zh",
    "text_zh",
    "actor_zh",
    "target_text_zh",
    "indicator_zh",
]
ACTIONS = {"stressor": "reduce", "resource": "strengthen"}
#: The roles of the targets whose total effects are evidence for a lever, in that order.
TARGET_ROLES = ("burnout", "outcome")


def _total_effects(effects: pd.DataFrame) -> dict[tuple[str, str], dict]:
    tot = effects[effects["kind"] == "total"]
    out = {}
    for r in tot.to_dict("records"):
        chain = [s.strip() for s in str(r["effect"]).split("->")]
        out[(chain[0], chain[-1])] = r
    return out


def _helps(role: str, est: float, target_role: str) -> bool:
    """Whether the lever's action (reduce a stressor, strengthen a resource) helps."""
    raises_burnout = est > 0 if target_role == "burnout" else est < 0
    return raises_burnout if role == "stressor" else not raises_burnout


def _strongest(
    lever, role: str, totals: dict, targets: Mapping[str, str], target_role: str, helpful: bool
) -> dict | None:
    """The lever's strongest reliable total effect on a target of ``target_role`` that runs
    in the helpful direction (``helpful``) or against it."""  # fmt: skip
    best = None
    for t, tr in targets.items():
        e = totals.get((lever, t))
        if tr != target_role or e is None or not ci_excludes_zero(e["ci_low"], e["ci_high"]):
            continue
        if _helps(role, float(e["est"]), tr) != helpful:
            continue
        if best is None or abs(e["std_all"]) > abs(best["std_all"]):
            best = {**e, "target": t, "target_role": tr}
    return best


def _evidence(lever, role: str, totals: dict, targets: Mapping[str, str]) -> tuple[dict, str]:
    """The lever's strongest reliable helpful total effect, and a reason when there is none."""
    for target_role in TARGET_ROLES:
        best = _strongest(lever, role, totals, targets, target_role, helpful=True)
        if best is not None:
            return best, ""
    if not any((lever, t) in totals for t in targets):
        return {}, "not_in_model"
    if any(_strongest(lever, role, totals, targets, tr, helpful=False) for tr in TARGET_ROLES):
        return {}, "wrong_direction"
    return {}, "not_reliable"


def _on_burnout(lever, role: str, totals: dict, targets: Mapping[str, str]) -> tuple[str, str]:
    """What the lever's total effects on the burnout dimensions show, and the target of its
    strongest reliable total effect against the action (burnout first, else an outcome).

    ``helps`` (a reliable total effect on a burnout dimension in the direction that makes the
    action help), ``opposite`` (none, but a reliable one against it), ``not_reliable`` (total
    effects on burnout, none reliable) or ``none`` (no total effect on a burnout dimension:
    the codebook has no burnout scale or the model does not connect the lever to one).
    """
    against = ""
    for tr in TARGET_ROLES:
        worst = _strongest(lever, role, totals, targets, tr, helpful=False)
        if worst is not None:
            against = worst["target"]
            break
    if _strongest(lever, role, totals, targets, "burnout", helpful=True) is not None:
        return "helps", against
    burn = [t for t, tr in targets.items() if tr == "burnout" and (lever, t) in totals]
    if not burn:
        return "none", against
    if against and targets[against] == "burnout":
        return "opposite", against
    return "not_reliable", against


def _abs_interval(lo: float, hi: float) -> tuple[float, float]:
    a, b = abs(lo), abs(hi)
    if lo <= 0 <= hi:
        return 0.0, max(a, b)
    return min(a, b), max(a, b)


def _comparable(a: dict, b: dict) -> bool:
    """Either standardized estimate lies inside the other's CI (absolute values)."""
    alo, ahi = _abs_interval(a["std_ci_low"], a["std_ci_high"])
    blo, bhi = _abs_interval(b["std_ci_low"], b["std_ci_high"])
    if not (isnum(alo) and isnum(blo)):
        return False
    return blo <= a["strength"] <= bhi or alo <= b["strength"] <= ahi


def _tiers(rows: list[dict], start: int = 0) -> None:
    """Group rows (sorted by strength) into tiers of levers comparable with the tier's leader."""
    tier, leader = start, None
    for r in rows:
        if leader is None or not _comparable(r, leader):
            tier += 1
            leader = r
        r["tier"] = tier


def _level_order(level: Any) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def rank_levers(effects: pd.DataFrame, codebook) -> pd.DataFrame:
    """Rank the study's stressors and resources by their total effects on burnout.

    Parameters
    ----------
    effects : DataFrame
        ``results/sem/effects.csv`` (its ``total`` rows: ``effect``, ``est``, ``ci_low``,
        ``ci_high``, ``std_all``, ``std_ci_low``, ``std_ci_high``).
    codebook : Codebook
        Roles and levels of the scales.

    Returns
    -------
    DataFrame
        One row per scale with role stressor or resource: ``lever``, ``role``, ``level``
        (the codebook's), ``action`` (reduce / strengthen), ``target`` and ``target_role``
        (the burnout dimension or outcome of the evidence), ``est``, ``ci_low``, ``ci_high``
        (the total effect and its CI), ``std_all``, ``std_ci_low``, ``std_ci_high`` (the
        standardized total effect and its bootstrap CI), ``supported`` (bool), ``strength``
        (|std_all|), ``strength_rank`` (1 = strongest supported lever), ``tier`` (groups of
        comparable levers, see the module notes), ``rank`` (tier, then level, then strength),
        ``reason`` (why a lever is not supported: ``not_in_model``, ``wrong_direction`` or
        ``not_reliable``; empty when supported), then the Chinese measure texts (empty here),
        ``burnout_effect`` (what the total effects on the burnout dimensions show, whatever
        the verdict: ``helps``, ``opposite`` — reliable, but against the direction the action
        needs —, ``not_reliable``, or ``none`` when no burnout scale is reached) and
        ``opposite_target`` (the burnout dimension, else the outcome, of the lever's strongest
        reliable total effect against that direction; empty when it has none). Supported
        levers first, in rank order.

    Notes
    -----
    See the ranking rule in the module docstring. The CI of the total effect is the one the
    effects table carries (percentile bootstrap when run, else Wald); tiers use the CIs of the
    standardized effects, or the point estimates when no bootstrap was run.
    """
    totals = _total_effects(effects)
    targets = {s.name: s.role for s in codebook.scales if s.role in ("burnout", "outcome")}
    rows = []
    for s in codebook.scales:
        if s.role not in ACTIONS:
            continue
        ev, reason = _evidence(s.name, s.role, totals, targets)
        on_burnout, against = _on_burnout(s.name, s.role, totals, targets)
        row = dict.fromkeys(LEVER_COLUMNS, np.nan)
        row |= {
            "lever": s.name,
            "role": s.role,
            "level": s.level or "",
            "action": ACTIONS[s.role],
            "target": ev.get("target", ""),
            "target_role": ev.get("target_role", ""),
            "supported": bool(ev),
            "reason": reason,
            "burnout_effect": on_burnout,
            "opposite_target": against,
        }
        for k in ("est", "ci_low", "ci_high", "std_all", "std_ci_low", "std_ci_high"):
            row[k] = ev.get(k, np.nan)
        row["strength"] = abs(ev["std_all"]) if ev else np.nan
        rows.append(row)
    # levers with evidence on burnout come first; those with evidence on an outcome only after
    on_burnout = sorted(
        (r for r in rows if r["target_role"] == "burnout"), key=lambda r: -r["strength"]
    )
    on_outcome = sorted(
        (r for r in rows if r["target_role"] == "outcome"), key=lambda r: -r["strength"]
    )
    sup = on_burnout + on_outcome
    for i, r in enumerate(sup, start=1):
        r["strength_rank"] = i
    _tiers(on_burnout)
    _tiers(on_outcome, start=max((r["tier"] for r in on_burnout), default=0))
    ranked = sorted(sup, key=lambda r: (r["tier"], _level_order(r["level"]), -r["strength"]))
    for i, r in enumerate(ranked, start=1):
        r["rank"] = i
    rest = [r for r in rows if not r["supported"]]
    return pd.DataFrame(ranked + rest, columns=LEVER_COLUMNS)


def check_library(library: Mapping[str, Any], codebook, source: str) -> list[dict]:
    """The measures of a recommendations library, checked against the codebook.

    Parameters
    ----------
    library : mapping
        The parsed YAML (already valid against ``workflow/schemas/recommendations.schema.yaml``).
    codebook : Codebook
    source : str
        The library's path, for messages.

    Returns
    -------
    list of dict
        The ``measures`` entries.

    Raises
    ------
    ValueError
        Naming every problem: a lever that is not a stressor or resource of the codebook, a
        lever with two measures, an action that does not fit the lever's role, or a seed
        that is not among the library's ``seeds``.
    """
    measures = list(library.get("measures", []))
    seeds = set(library.get("seeds", {}))
    roles = {s.name: s.role for s in codebook.scales}
    problems, seen = [], {}
    for i, m in enumerate(measures, start=1):
        where = f"{source}: measures[{i}] ({m.get('id')})"
        lever = m["lever"]
        if roles.get(lever) not in ACTIONS:
            problems.append(
                f"{where}: lever {lever!r} is not a stressor or resource scale of the codebook "
                f"(levers: {', '.join(n for n, r in roles.items() if r in ACTIONS) or 'none'})"
            )
        elif m["action"] != ACTIONS[roles[lever]]:
            problems.append(
                f"{where}: action {m['action']!r} does not fit {lever}, a {roles[lever]}; "
                f"use {ACTIONS[roles[lever]]!r}"
            )
        if lever in seen:
            problems.append(
                f"{where}: lever {lever} already has measure {seen[lever]!r}; give each "
                "lever one measure (merge the two)"
            )
        seen.setdefault(lever, m.get("id"))
        bad = [s for s in m.get("seeds", []) if s not in seeds]
        if bad:
            problems.append(f"{where}: seeds {', '.join(bad)} are not listed under `seeds`")
    if problems:
        raise ValueError("recommendations library:\n  " + "\n  ".join(problems))
    return measures


def select_measures(levers: pd.DataFrame, measures: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Attach each measure to its lever's evidence and rank the supported ones.

    Parameters
    ----------
    levers : DataFrame
        From :func:`rank_levers`.
    measures : sequence of mapping
        From :func:`check_library`: ``id``, ``lever``, ``level``, ``action``, ``title``,
        ``text``, ``actor``, ``target``, ``indicator``, ``seeds``.

    Returns
    -------
    DataFrame
        ``id``, ``lever``, ``level``, ``action``, ``title``, ``text``, ``actor``,
        ``target_text`` (the measure's concrete target), ``indicator``, ``seeds``
        (comma-separated), ``supported`` (its lever's verdict), ``tier`` (its lever's),
        ``rank`` (1 = first; by tier, then the measure's level, then strength; NaN when not
        supported), ``reason``; then the Chinese texts ``title_zh``, ``text_zh``,
        ``actor_zh``, ``target_text_zh``, ``indicator_zh`` (empty when the library has none).
        Supported measures first, in rank order.
    """
    lev = levers.set_index("lever")
    rows = []
    for m in measures:
        lr = lev.loc[m["lever"]]
        rows.append(
            {
                "id": m["id"],
                "lever": m["lever"],
                "level": m["level"],
                "action": m["action"],
                "title": m["title"],
                "text": m["text"],
                "actor": m["actor"],
                "target_text": m["target"],
                "indicator": m["indicator"],
                "seeds": ", ".join(m.get("seeds", [])),
                "supported": bool(lr["supported"]),
                "tier": lr["tier"],
                "rank": np.nan,
                "reason": lr["reason"],
                "title_zh": m.get("title_zh", ""),
                "text_zh": m.get("text_zh", ""),
                "actor_zh": m.get("actor_zh", ""),
                "target_text_zh": m.get("target_zh", ""),
                "indicator_zh": m.get("indicator_zh", ""),
                "_strength": lr["strength"],
            }
        )
    sup = sorted(
        (r for r in rows if r["supported"]),
        key=lambda r: (r["tier"], _level_order(r["level"]), -r["_strength"]),
    )
    for i, r in enumerate(sup, start=1):
        r["rank"] = i
    out = pd.DataFrame(sup + [r for r in rows if not r["supported"]])
    if out.empty:
        return pd.DataFrame(columns=MEASURE_COLUMNS)
    return out[MEASURE_COLUMNS]
