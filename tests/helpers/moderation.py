"""Result sets for the moderation report, built without running the workflow.

``tests/fixtures/moderation_results/`` holds the result tables of the default study (no
product term; the large data files left out). :func:`moderated` adds a product term
``EE ~ WL:SS`` with the contract's files (``sem/conditional``, ``sem/johnson_neyman``, the
``index_moderated_mediation`` row of ``sem/effects``, ``r2_change_interaction``, two
hypotheses), computed from a chosen interaction so that the Johnson–Neyman bounds, the
conditional effects and the verdicts agree as the producer's would.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from surveysem.effects import _verdict
from surveysem.outputs import BY_KEY

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests" / "fixtures" / "moderation_results"
Z = 1.959963984540054


def base_frames() -> dict[str, pd.DataFrame]:
    """The default study's result tables (registry key -> frame)."""
    out = {}
    for p in sorted(BASE.rglob("*.csv")):
        key = str(p.relative_to(BASE).with_suffix(""))
        if key in BY_KEY:
            out[key] = pd.read_csv(p)
    return out


def config() -> dict:
    cfg = yaml.safe_load((ROOT / "config.yaml").read_text())
    cfg["data"]["path"] = str(ROOT / "data" / "raw" / "survey.csv")
    cfg["codebook"] = str(ROOT / "data" / "codebook.yaml")
    cfg["report"]["recommendations"] = str(ROOT / "data" / "recommendations.yaml")
    return cfg


def jn_roots(b1, b3, var1, cov, var3, z=Z) -> tuple[float, float]:
    """Real roots of (b1 + b3 w)² = z² (var1 + 2 w cov + w² var3), or NaNs."""
    a = b3**2 - z**2 * var3
    b = 2 * (b1 * b3 - z**2 * cov)
    c = b1**2 - z**2 * var1
    disc = b * b - 4 * a * c
    if disc < 0 or a == 0:
        return float("nan"), float("nan")
    r = sorted(((-b - np.sqrt(disc)) / (2 * a), (-b + np.sqrt(disc)) / (2 * a)))
    return float(r[0]), float(r[1])


def moderated(
    frames: dict[str, pd.DataFrame],
    b1: float = 0.287,
    b3: float = -0.09,
    var1: float = 0.0024,
    cov: float = 0.0001,
    var3: float = 0.0009,
    sd: float = 0.62,
    b: float = 0.507,
    index_ci: tuple[float, float] = (-0.081, -0.012),
) -> dict[str, pd.DataFrame]:
    """The frames with a product term WL:SS on EE (first-stage moderation of WL -> EE -> DP).

    The conditional effect of WL at SS = w is ``b1 + b3 w`` with SE
    ``sqrt(var1 + 2 w cov + w² var3)``; the indirect effect through EE multiplies it by ``b``.
    SS is observed from ``-3 sd`` to ``+2 sd`` (centred), respondents spread normally.
    """
    f = {k: v.copy() for k, v in frames.items()}
    se3 = np.sqrt(var3)
    est = f["sem/estimates"]
    row = {"lhs": "EE", "op": "~", "rhs": "WL:SS", "est": b3, "se": se3, "z": b3 / se3,
           "pvalue": 2 * (1 - _phi(abs(b3 / se3))), "ci_low": b3 - Z * se3,
           "ci_high": b3 + Z * se3, "std_all": b3 * 0.9}  # fmt: skip
    i = est.index[(est["lhs"] == "EE") & (est["op"] == "~")].max()
    f["sem/estimates"] = pd.concat(
        [est.loc[:i], pd.DataFrame([row]), est.loc[i + 1 :]], ignore_index=True
    )
    r2 = f["sem/r2"]
    r2["r2_change_interaction"] = np.where(r2["variable"] == "EE", 0.0081, np.nan)
    levels = [("-1 SD", -sd), ("mean", 0.0), ("+1 SD", sd)]
    cond = []
    for lev, w in levels:
        e, s = b1 + b3 * w, np.sqrt(var1 + 2 * w * cov + w * w * var3)
        cond.append(_cond("WL -> EE", lev, w, e, s, "delta"))
    for lev, w in levels:
        e, s = (b1 + b3 * w) * b, b * np.sqrt(var1 + 2 * w * cov + w * w * var3)
        cond.append(_cond("WL -> EE -> DP", lev, w, e, s, "bootstrap percentile"))
    f["sem/conditional"] = pd.DataFrame(cond)
    lo, hi = jn_roots(b1, b3, var1, cov, var3)
    ws = np.clip(np.random.default_rng(1).normal(0, sd, 827), -3 * sd, 2 * sd)
    th = b1 + b3 * ws
    se = np.sqrt(var1 + 2 * ws * cov + ws * ws * var3)
    f["sem/johnson_neyman"] = pd.DataFrame(
        [{"effect": "WL -> EE", "moderator": "SS", "lower": lo, "upper": hi,
          "observed_min": -3 * sd, "observed_max": 2 * sd,
          "share_significant": float(np.mean(np.abs(th / se) > Z))}]
    )  # fmt: skip
    idx = b3 * b
    eff = f["sem/effects"]
    irow = {c: np.nan for c in eff.columns}
    irow.update(effect="WL -> EE -> DP | SS", kind="index_moderated_mediation", est=idx,
                se=(index_ci[1] - index_ci[0]) / (2 * Z), ci_low=index_ci[0],
                ci_high=index_ci[1], method="bootstrap percentile", n_failed=0, n_boot=2000)  # fmt: skip
    f["sem/effects"] = pd.concat([eff, pd.DataFrame([irow])], ignore_index=True)
    hyp = f["sem/hypotheses"]
    base = {c: np.nan for c in hyp.columns}
    h1 = dict(base, id="H16", text="Social support buffers the effect of workload on "
              "emotional exhaustion.", path_or_effect="EE ~ WL:SS", expected_sign="-", est=b3,
              std_all=row["std_all"], ci_low=row["ci_low"], ci_high=row["ci_high"],
              pvalue=row["pvalue"], supported=bool(row["ci_high"] < 0), kind="path",
              ci_method="Wald", std_ci_low=row["std_all"] - 0.06,
              std_ci_high=row["std_all"] + 0.06, fragile=False, size="small")  # fmt: skip
    h2 = dict(base, id="H17", text="Social support weakens the indirect effect of workload "
              "on depersonalization through exhaustion.", path_or_effect="WL -> EE -> DP | SS",
              expected_sign="-", est=idx, ci_low=index_ci[0], ci_high=index_ci[1],
              supported=bool(index_ci[1] < 0), kind="index_moderated_mediation",
              ci_method="bootstrap percentile", fragile=False, size="")  # fmt: skip
    for h in (h1, h2):  # the producer's reason for the verdict
        h["reason"] = _verdict(h["expected_sign"], h["est"], h["ci_low"], h["ci_high"], "")[2]
    f["sem/hypotheses"] = pd.concat([hyp, pd.DataFrame([h1, h2])], ignore_index=True)
    return f


def _phi(x: float) -> float:
    from statistics import NormalDist

    return NormalDist().cdf(x)


def _cond(effect, level, w, e, s, method) -> dict:
    return {"effect": effect, "moderator": "SS", "moderator_level": level, "moderator_value": w,
            "est": e, "se": s, "pvalue": 2 * (1 - _phi(abs(e / s))), "ci_low": e - Z * s,
            "ci_high": e + Z * s, "method": method}  # fmt: skip


#: Result sets: buffering supported with JN bounds outside the observed range; not supported
#: with one bound inside it; no real root (never significant).
CASES = {
    "supported": {},
    "inside": {"b1": 0.08, "b3": -0.06, "var1": 0.0016, "cov": 0.0, "var3": 0.0012,
               "index_ci": (-0.072, 0.011)},
    "noroot": {"b1": 0.02, "b3": -0.01, "var1": 0.0016, "cov": 0.0, "var3": 0.0012,
               "index_ci": (-0.04, 0.03)},
}  # fmt: skip
