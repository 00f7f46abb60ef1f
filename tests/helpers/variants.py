"""Variants of the default study's result tables (tests/fixtures/moderation_results), built
with the producers' own functions, for report tests that need another pattern of verdicts.

:func:`reversed_scales` gives the tables as they would be with some scales reverse-scored
(their items recoded new = min + max − old): every structural path, covariance, correlation
and effect with exactly one end among those scales changes sign (an effect through a
reversed mediator keeps its sign: both of its paths change); loadings and fit stay the same.
The hypotheses are then judged again by :func:`surveysem.effects.judge_hypotheses` with
their expected signs unchanged, and the levers ranked again by
:func:`surveysem.recommend.rank_levers`: reliable effects in the opposite direction.
:func:`without_burnout` gives the tables of a codebook that marks no scale as burnout.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
import yaml

from surveysem.codebook import parse_codebook
from surveysem.effects import judge_hypotheses
from surveysem.groups import REGRESSION_COLUMNS, REGRESSION_FIT_COLUMNS
from surveysem.recommend import check_library, rank_levers, select_measures

SIGNED = ("est", "z", "std_all")
INTERVALS = (("ci_low", "ci_high"), ("std_ci_low", "std_ci_high"), ("ci_low_bc", "ci_high_bc"))


def _negate(frame: pd.DataFrame, rows: pd.Series) -> pd.DataFrame:
    """The rows' signed statistics negated; their intervals negated and swapped."""
    f = frame.copy()
    for c in SIGNED:
        if c in f:
            f.loc[rows, c] = -f.loc[rows, c]
    for lo, hi in INTERVALS:
        if lo in f and hi in f:
            a, b = f.loc[rows, lo].copy(), f.loc[rows, hi].copy()
            f.loc[rows, lo], f.loc[rows, hi] = -b, -a
    return f


def _one_end(a: pd.Series, b: pd.Series, scales: set[str]) -> pd.Series:
    return a.isin(scales) != b.isin(scales)


def reversed_scales(
    frames: Mapping[str, pd.DataFrame], scales: Iterable[str], config: Mapping, codebook
) -> dict[str, pd.DataFrame]:
    """The result tables with ``scales`` reverse-scored (see the module notes)."""
    flip = set(scales)
    f = {k: v.copy() for k, v in frames.items()}
    for key in ("sem/estimates", "sem/sensitivity"):
        t = f[key]
        rel = t["op"].isin(["~", "~~"]) & _one_end(t["lhs"], t["rhs"], flip)
        f[key] = _negate(t, rel)
    c = f["scores/correlations"]
    f["scores/correlations"] = _negate(c.rename(columns={"r": "est"}), _one_end(
        c["scale_a"], c["scale_b"], flip)).rename(columns={"est": "r"})  # fmt: skip
    e = f["sem/effects"]
    ends = e["effect"].str.split("->")
    first = ends.map(lambda s: s[0].strip())
    last = ends.map(lambda s: s[-1].split("|")[0].strip())
    f["sem/effects"] = _negate(e, _one_end(first, last, flip))
    judged = set(frames["sem/hypotheses"]["id"])  # the study's, as the tables have them
    hyps = [h for h in config["hypotheses"] if h["id"] in judged]
    f["sem/hypotheses"] = judge_hypotheses(hyps, f["sem/estimates"], f["sem/effects"])
    return relevered(f, config, codebook)


def relevered(frames: dict[str, pd.DataFrame], config: Mapping, codebook) -> dict:
    """The frames with the levers and measures ranked again for ``codebook``."""
    levers = rank_levers(frames["sem/effects"], codebook)
    path = config["report"]["recommendations"]
    library = yaml.safe_load(open(path, encoding="utf-8").read())
    frames["recommend/levers"] = levers
    frames["recommend/measures"] = select_measures(levers, check_library(library, codebook, path))
    return frames


def codebook_with_roles(path: str, roles: Mapping[str, str]):
    """The codebook at ``path`` with the roles of some scales changed."""
    raw = yaml.safe_load(open(path, encoding="utf-8").read())
    for name, role in roles.items():
        raw["scales"][name]["role"] = role
    return parse_codebook(raw)


def without_burnout(frames: Mapping[str, pd.DataFrame], config: Mapping, codebook) -> tuple:
    """(frames, codebook) of the default study with its burnout scales given role
    ``outcome``: the levers ranked on the outcomes, no demographic regression (as
    :func:`surveysem.groups.compare_groups` writes it without a burnout scale)."""
    burn = [s.name for s in codebook.scales if s.role == "burnout"]
    cb = codebook_with_roles(config["codebook"], dict.fromkeys(burn, "outcome"))
    f = {k: v.copy() for k, v in frames.items()}
    f["groups/regression"] = pd.DataFrame(columns=REGRESSION_COLUMNS)
    f["groups/regression_fit"] = pd.DataFrame(columns=REGRESSION_FIT_COLUMNS)
    return relevered(f, config, cb), cb


def one_level(frames: Mapping[str, pd.DataFrame], group_var: str, only: Iterable[str] = ()) -> dict:
    """The group tables as :func:`surveysem.groups.compare_groups` and
    :func:`surveysem.invariance.assess_invariance` write them when every analysed respondent
    falls in the first level of ``group_var`` (the other levels: n = 0); ``only``: keep just
    these group variables (default: all)."""
    from surveysem.adjust import holm
    from surveysem.invariance import LEFT_OUT, TOO_FEW_LEVELS

    f = {k: v.copy() for k, v in frames.items()}
    keep = set(only)
    for key in [k for k in f if k.startswith("groups/")]:
        t = f[key]
        if keep and "group_var" in t:
            f[key] = t[t["group_var"].isin(keep)].reset_index(drop=True)
    desc = f["groups/descriptives"]
    mine = desc["group_var"] == group_var
    levels = list(dict.fromkeys(desc.loc[mine, "level"]))
    first, others = levels[0], levels[1:]
    total = int(desc.loc[mine].groupby("outcome")["n"].sum().iloc[0])
    desc.loc[mine & (desc["level"] == first), "n"] = total
    gone = mine & desc["level"].isin(others)
    desc.loc[gone, ["n", "mean", "sd", "ci_low", "ci_high"]] = [0, None, None, None, None]
    desc.loc[gone, "suppressed"] = True
    d = f["groups/differences"].astype({"note": object, "levels": object})
    f["groups/differences"] = d
    rows = d["group_var"] == group_var
    stats = [
        "statistic",
        "df1",
        "df2",
        "pvalue",
        "p_holm",
        "effect_size",
        "es_ci_low",
        "es_ci_high",
    ]
    d.loc[rows, stats] = None
    left = ", ".join(f"{lv} (n=0)" for lv in others)
    d.loc[rows, ["n", "k", "levels", "compared"]] = [total, 1, first, False]
    d.loc[rows, "note"] = f"left out: {left}; fewer than two levels to compare"
    for fam in d["family"].unique():
        sel = d["family"] == fam
        d.loc[sel, "p_holm"] = holm(d.loc[sel, "pvalue"].to_numpy(float))
    f["groups/posthoc"] = f["groups/posthoc"][f["groups/posthoc"]["group_var"] != group_var]
    ip = f["groups/invariance_paths"]
    f["groups/invariance_paths"] = ip[ip["group_var"] != group_var]
    reason = (
        TOO_FEW_LEVELS.format(group_var, 100)
        + "; "
        + LEFT_OUT.format(100, ", ".join(f"{lv} (0)" for lv in others))
    )
    v = f["groups/invariance_verdicts"].astype(
        {c: object for c in ("failed_step", "freed", "reason", "level")}
    )
    f["groups/invariance_verdicts"] = v
    vr = v["group_var"] == group_var
    v.loc[vr, ["tested", "level", "means_comparable", "relations_comparable", "failed_step",
               "freed", "n", "n_groups", "reason"]] = [False, "none", False, False, "", "", 0, 0,
                                                      reason]  # fmt: skip
    iv = f["groups/invariance"]
    conf = iv[(iv["group_var"] == group_var) & (iv["model"] == "configural")].astype(object)
    num = [c for c in conf.columns if c not in ("group_var", "model", "scales", "test")]
    conf[num] = None
    conf[["decision", "n_groups", "n", "note"]] = ["not tested", 0, 0, reason]
    f["groups/invariance"] = pd.concat([iv[iv["group_var"] != group_var], conf], ignore_index=True)
    reg = f["groups/regression"]
    f["groups/regression"] = reg[reg["variable"] != group_var].reset_index(drop=True)
    return f
