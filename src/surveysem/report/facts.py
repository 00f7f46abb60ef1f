"""Facts: the numbers and verdicts every sentence of the report is built from, read once.

:func:`build_facts` reads the result tables into small frozen values. A count, a verdict or
an estimate is read here once and every sentence that uses it reads it from here; the
verdicts themselves are the producers' (the tables' ``supported``, ``pass``, ``retain``
columns, :mod:`surveysem.criteria` for the conventions), never re-decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from surveysem.criteria import (
    ALPHA_LEVEL,
    ALPHA_MIN,
    VIF_MAX,
    ci_excludes_zero,
    fit_index_names,
    isnum,
    judge_fit,
    size_label,
    truthy,
)
from surveysem.report.facts_moderation import Moderation, moderation_facts
from surveysem.report.results import Results


def chain(effect: str) -> tuple[str, ...]:
    """``"WL -> EE -> DP"`` -> ``("WL", "EE", "DP")``; ``"EE ~ WL"`` -> ``("WL", "EE")``;
    ``"EE ~ WL:SS"`` -> ``("WL:SS", "EE")``; ``"WL -> EE -> DP | SS"`` -> ``("WL", "EE", "DP")``
    (its moderator: :func:`moderator`)."""
    s = str(effect).split("|", 1)[0]  # "WL -> EE -> DP | SS": the moderator is not a step
    if "->" in s:
        return tuple(x.strip() for x in s.split("->"))
    lhs, rhs = (x.strip() for x in s.split("~", 1))
    return (rhs.replace(" ", ""), lhs)


def moderator(effect: str) -> str:
    """The moderator of an index of moderated mediation (``"WL -> EE -> DP | SS"`` -> ``"SS"``)."""
    return str(effect).partition("|")[2].strip()


# --------------------------------------------------------------------------- screening
@dataclass(frozen=True)
class Screen:
    step: str
    n_before: int
    n_excluded: int
    n_after: int


@dataclass(frozen=True)
class Counts:
    """Respondents through the screens (``clean/flow.csv``) and the corrected answers."""

    received: int
    analysed: int
    screens: tuple[Screen, ...]  # every screen that ran, in order (not the "raw" row)
    fixes: tuple[tuple[str, int], ...]  # (reason, answers) of the cell corrections

    @property
    def excluded(self) -> int:
        return self.received - self.analysed

    @property
    def n_fixes(self) -> int:
        return sum(n for _, n in self.fixes)

    @property
    def largest(self) -> Screen | None:
        ex = [s for s in self.screens if s.n_excluded > 0]
        return max(ex, key=lambda s: s.n_excluded) if ex else None


def _counts(res: Results) -> Counts:
    flow = res["clean/flow"]
    screens = tuple(
        Screen(str(r.step), int(r.n_before), int(r.n_excluded), int(r.n_after))
        for r in flow.itertuples()
        if str(r.step) != "raw"
    )
    fixes = res["clean/cell_fixes"]
    fx = tuple((str(k), int(v)) for k, v in fixes.groupby("reason", sort=True).size().items())
    return Counts(int(flow["n_before"].iloc[0]), int(flow["n_after"].iloc[-1]), screens, fx)


# --------------------------------------------------------------------------- models
@dataclass(frozen=True)
class Fit:
    """Fit of one model: the indices, the verdict by :func:`surveysem.criteria.judge_fit`."""

    model: str  # "measurement" | "structural"
    indices: Mapping[str, float]
    verdict: str
    used: Mapping[str, str]  # cfi, tli, rmsea, srmr, chisq, df, pvalue -> the index used

    def get(self, key: str) -> float:
        return self.indices.get(key, float("nan"))

    def value(self, key: str) -> float:
        """The version of an index the verdict uses (``cfi`` -> ``cfi_robust`` under MLR)."""
        return self.get(self.used.get(key, key))

    @property
    def version(self) -> str:
        """``robust``, ``scaled`` or ``""`` (ML): which CFI, TLI and RMSEA are reported."""
        name = self.used.get("cfi", "cfi")
        return name.rsplit("_", 1)[1] if "_" in name else ""

    @property
    def robust(self) -> bool:
        return self.version != ""

    @property
    def rmsea_ci(self) -> tuple[float, float]:
        base = self.used.get("rmsea", "rmsea")
        return self.get(f"{base}_ci_low"), self.get(f"{base}_ci_high")


def _fit(res: Results, key: str, model: str) -> Fit | None:
    if not res.nonempty(key):
        return None
    t = res[key]
    ind = {str(i): float(v) for i, v in zip(t["index"], t["value"], strict=True) if isnum(v)}
    return Fit(model, ind, judge_fit(ind), fit_index_names(ind))


@dataclass(frozen=True)
class Path:
    """A structural path with its direct and total effect (``x -> y``)."""

    x: str
    y: str
    est: float
    se: float
    ci_low: float
    ci_high: float
    p: float
    std: float
    std_ci_low: float
    std_ci_high: float
    reliable: bool  # Wald CI of B excludes zero
    boot_reliable: bool | None  # bootstrap CI of B excludes zero (None: no bootstrap)
    total: Effect | None  # the total effect of x on y (equals the direct one without mediators)
    mediated: bool  # x also reaches y through other variables

    @property
    def fragile(self) -> bool:
        return self.boot_reliable is not None and self.boot_reliable != self.reliable

    @property
    def size(self) -> str:
        return size_label(self.std)


@dataclass(frozen=True)
class Effect:
    """A direct, indirect or total effect from ``sem/effects.csv``."""

    chain: tuple[str, ...]
    kind: str
    est: float
    ci_low: float
    ci_high: float
    std: float
    std_ci_low: float
    std_ci_high: float
    method: str

    @property
    def reliable(self) -> bool:
        return ci_excludes_zero(self.ci_low, self.ci_high)

    @property
    def size(self) -> str:
        return size_label(self.std)


def _effects(res: Results) -> tuple[Effect, ...]:
    if not res.has("sem/effects"):
        return ()
    return tuple(
        Effect(
            chain(r["effect"]),
            str(r["kind"]),
            r["est"],
            r["ci_low"],
            r["ci_high"],
            r["std_all"],
            r["std_ci_low"],
            r["std_ci_high"],
            str(r["method"]),
        )
        for r in res["sem/effects"].to_dict("records")
    )


def _paths(res: Results, effects: tuple[Effect, ...]) -> tuple[Path, ...]:
    est = res["sem/estimates"]
    by = {(e.chain, e.kind): e for e in effects}
    mediated = {(e.chain[0], e.chain[-1]) for e in effects if e.kind == "indirect"}
    out = []
    for r in est[est["op"] == "~"].to_dict("records"):
        x, y = str(r["rhs"]), str(r["lhs"])
        d = by.get(((x, y), "direct"))
        boot = d is not None and "bootstrap" in d.method
        out.append(
            Path(
                x,
                y,
                r["est"],
                r["se"],
                r["ci_low"],
                r["ci_high"],
                r["pvalue"],
                r["std_all"],
                d.std_ci_low if d else float("nan"),
                d.std_ci_high if d else float("nan"),
                ci_excludes_zero(r["ci_low"], r["ci_high"]),
                ci_excludes_zero(d.ci_low, d.ci_high) if boot else None,
                by.get(((x, y), "total")),
                (x, y) in mediated,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Hypothesis:
    """One row of ``sem/hypotheses.csv`` (the verdict is the table's)."""

    id: str
    text: str
    chain: tuple[str, ...]
    kind: str  # path | direct | indirect
    sign: str
    est: float
    std: float
    ci_low: float
    ci_high: float
    std_ci_low: float
    std_ci_high: float
    p: float
    supported: bool
    fragile: bool
    size: str
    ci_method: str
    total_std: float
    total_std_ci_low: float
    total_std_ci_high: float
    total_ci_low: float
    total_ci_high: float
    moderator: str = ""  # an index of moderated mediation: the moderator after "|"
    reason: str = ""  # the table's: "" (supported), ci_zero, opposite or opposite_reliable

    @property
    def why(self) -> str:
        """``""`` when supported; else ``ci_zero``, ``opposite`` or ``opposite_reliable``
        (the ``reason`` of ``sem/hypotheses.csv``, decided by the producer)."""
        return "" if self.supported else self.reason


def _hypotheses(res: Results) -> tuple[Hypothesis, ...]:
    if not res.has("sem/hypotheses"):
        return ()
    out = []
    for r in res["sem/hypotheses"].to_dict("records"):
        out.append(
            Hypothesis(
                str(r["id"]),
                str(r["text"]),
                chain(r["path_or_effect"]),
                str(r["kind"]),
                str(r["expected_sign"]),
                r["est"],
                r["std_all"],
                r["ci_low"],
                r["ci_high"],
                r["std_ci_low"],
                r["std_ci_high"],
                r["pvalue"],
                truthy(r["supported"]),
                truthy(r["fragile"]),
                str(r["size"]) if isinstance(r["size"], str) else "",
                str(r["ci_method"]),
                r["total_std_all"],
                r["total_std_ci_low"],
                r["total_std_ci_high"],
                r["total_ci_low"],
                r["total_ci_high"],
                moderator(r["path_or_effect"]),
                _text(r["reason"]),
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- measurement
@dataclass(frozen=True)
class Measurement:
    """Reliability, validity and the exploratory checks, with the producers' verdicts."""

    scales: pd.DataFrame  # reliability/scales
    alpha_low: tuple[str, ...]
    cr_low: tuple[str, ...]
    ave_low: tuple[str, ...]
    htmt_max: tuple[str, str, float] | None
    htmt_fail: tuple[tuple[str, str, float], ...]
    fl_fail: tuple[str, ...]
    loading_min: float
    loading_max: float
    weak_items: tuple[str, ...]
    kmo: float | None
    bartlett: Mapping[str, float] | None
    n_factors_theory: int
    n_pc: int | None
    n_fa: int | None
    n_kaiser: int | None
    harman_share: float | None
    harman_exceeds: bool | None
    harman_threshold: float | None
    items: Mapping[str, Any] | None  # reliability/item_analysis: ranges and flagged items
    ulmc: Mapping[str, Any] | None  # cfa/ulmc: the method-factor row (deltas, flag)
    cmb_worse: bool | None  # the one-factor model fits worse (Δχ² p < .05 and lower CFI)
    cmb: Mapping[str, Any] | None


def _retained(par: pd.DataFrame, col: str) -> int:
    flags = [truthy(x) for x in par[col]]
    n = 0
    for f in flags:  # the leading run of retained factors
        if not f:
            break
        n += 1
    return n


def _item_analysis(res: Results) -> Mapping[str, Any] | None:
    """Ranges of the critical ratios and item-total correlations, and the flagged items."""
    if not res.nonempty("reliability/item_analysis"):
        return None
    t = res["reliability/item_analysis"]
    flags = [truthy(x) for x in t["flagged"]]
    return {
        "cr_min": float(t["cr"].min()),
        "cr_max": float(t["cr"].max()),
        "p_max": float(t["pvalue"].max()),
        "r_min": float(t["item_total_r"].min()),
        "r_max": float(t["item_total_r"].max()),
        "flagged": tuple(str(i) for i, f in zip(t["item"], flags, strict=True) if f),
        "n_items": len(t),
    }


def _ulmc(res: Results) -> Mapping[str, Any] | None:
    """The method-factor row of ``cfa/ulmc`` with the verdicts read as booleans."""
    if not res.nonempty("cfa/ulmc"):
        return None
    t = res["cfa/ulmc"]
    m = t[t["model"] != "measurement model"]
    if m.empty:
        return None
    row = m.iloc[0].to_dict()
    for k in ("converged", "admissible", "flagged"):
        row[k] = truthy(row.get(k))
    return row


def _measurement(res: Results, codebook, loading_cut: float) -> Measurement:
    sc = res["reliability/scales"]
    alpha_low = tuple(
        s for s, a in zip(sc["scale"], sc["alpha"], strict=True) if not ALPHA_MIN.ok(a)
    )
    cr_low = tuple(s for s, ok in zip(sc["scale"], sc["cr_ok"], strict=True) if not truthy(ok))
    ave_low = tuple(s for s, ok in zip(sc["scale"], sc["ave_ok"], strict=True) if not truthy(ok))
    ht = res["reliability/htmt"]
    ht = ht[ht["scale_a"] != ht["scale_b"]]
    hmax = None
    if not ht.empty:
        r = ht.loc[ht["htmt"].abs().idxmax()]
        hmax = (str(r["scale_a"]), str(r["scale_b"]), float(r["htmt"]))
    hfail = tuple(
        (str(a), str(b), float(v))
        for a, b, v, ok in zip(
            ht["scale_a"], ht["scale_b"], ht["htmt"], ht["pass_strict"], strict=True
        )
        if not truthy(ok)
    )
    fl = res["reliability/fornell_larcker"]
    fl_fail = tuple(
        dict.fromkeys(
            str(a)
            for a, k, ok in zip(fl["scale_a"], fl["kind"], fl["pass"], strict=True)
            if k == "latent_r" and not truthy(ok)
        )
    )
    est = res["cfa/estimates"]
    load = est[est["op"] == "=~"]
    weak = tuple(load.loc[load["std_all"] < loading_cut, "rhs"])
    kmo = res["efa/kmo"] if res.has("efa/kmo") else None
    overall = kmo[kmo["item"] == "overall"] if kmo is not None else pd.DataFrame()
    par = res["efa/parallel"] if res.has("efa/parallel") else None
    har = res["efa/harman"] if res.has("efa/harman") else None
    pc = har[har["method"].str.contains("principal")] if har is not None else pd.DataFrame()
    cmb = res["cfa/cmb"] if res.has("cfa/cmb") else None
    one = cmb[cmb["model"].str.contains("one")] if cmb is not None else pd.DataFrame()
    meas = cmb[~cmb["model"].str.contains("one")] if cmb is not None else pd.DataFrame()
    cmb_row = None
    worse = None
    if not one.empty and not meas.empty:
        o, m = one.iloc[0], meas.iloc[0]
        worse = bool(o["delta_pvalue"] < ALPHA_LEVEL and o["cfi"] < m["cfi"])
        cmb_row = {
            "one_cfi": o["cfi"],
            "one_rmsea": o["rmsea"],
            "cfi": m["cfi"],
            "rmsea": m["rmsea"],
            "delta_chisq": o["delta_chisq"],
            "delta_df": o["delta_df"],
            "delta_pvalue": o["delta_pvalue"],
        }
    bart = res["efa/bartlett"].iloc[0].to_dict() if res.nonempty("efa/bartlett") else None
    return Measurement(
        scales=sc,
        alpha_low=alpha_low,
        cr_low=cr_low,
        ave_low=ave_low,
        htmt_max=hmax,
        htmt_fail=hfail,
        fl_fail=fl_fail,
        loading_min=float(load["std_all"].min()),
        loading_max=float(load["std_all"].max()),
        weak_items=weak,
        kmo=float(overall["msa"].iloc[0]) if not overall.empty else None,
        bartlett=bart,
        n_factors_theory=len(codebook.scales),
        n_pc=_retained(par, "pc_retain") if par is not None else None,
        n_fa=_retained(par, "fa_retain") if par is not None else None,
        n_kaiser=int(pc["n_eigen_above_1"].iloc[0]) if not pc.empty else None,
        harman_share=float(pc["share"].iloc[0]) if not pc.empty else None,
        harman_exceeds=truthy(pc["exceeds"].iloc[0]) if not pc.empty else None,
        harman_threshold=float(pc["threshold"].iloc[0]) if not pc.empty else None,
        ulmc=_ulmc(res),
        items=_item_analysis(res),
        cmb_worse=worse,
        cmb=cmb_row,
    )


# --------------------------------------------------------------------------- groups
@dataclass(frozen=True)
class LevelMean:
    level: str
    n: int
    mean: float
    sd: float


@dataclass(frozen=True)
class Difference:
    """A parametric group comparison with its direction, post hoc pairs and regression check."""

    outcome: str
    group_var: str
    test: str
    statistic: float
    df1: float
    df2: float
    p: float
    p_holm: float
    es: float
    es_name: str
    es_ci_low: float
    es_ci_high: float
    significant: bool
    rank_agrees: bool | None
    means: tuple[LevelMean, ...]  # the levels shown (n >= MIN_CELL), highest mean first
    pairs: tuple[tuple[str, str, float, float], ...]  # significant post hoc: (a, b, diff, p)
    regression: tuple[tuple[str, float, float, bool], ...]  # (level, b, p, agrees)

    @property
    def size(self) -> str:
        return size_label(self.es, self.es_name)


def _level_means(desc: pd.DataFrame, outcome: str, gv: str) -> tuple[LevelMean, ...]:
    d = desc[(desc["outcome"] == outcome) & (desc["group_var"] == gv)]
    d = d[~d["suppressed"].map(truthy)]
    rows = [LevelMean(str(r.level), int(r.n), float(r.mean), float(r.sd)) for r in d.itertuples()]
    return tuple(sorted(rows, key=lambda m: -m.mean))


def _regression_check(reg: pd.DataFrame, outcome: str, gv: str, means) -> tuple:
    r = reg[(reg["outcome"] == outcome) & (reg["variable"] == gv)]
    by = {m.level: m.mean for m in means}
    out = []
    for row in r.itertuples():
        lvl = str(row.level) if isinstance(row.level, str) else ""
        ref = [m for m in means if m.level not in set(r["level"].astype(str))]
        agrees = True
        if lvl in by and ref:
            raw_diff = by[lvl] - ref[0].mean
            agrees = (raw_diff > 0) == (row.b > 0)
        out.append((lvl, float(row.b), float(row.pvalue), agrees))
    return tuple(out)


def _differences(res: Results) -> tuple[Difference, ...]:
    """The parametric comparisons that ran (``compared``, decided by compare_groups)."""
    if not res.has("groups/differences"):
        return ()
    diffs = res["groups/differences"]
    diffs = diffs[diffs["compared"].map(truthy).astype(bool)]
    desc, post, reg = res["groups/descriptives"], res["groups/posthoc"], res["groups/regression"]
    par = diffs[diffs["family"] == "parametric"]
    out = []
    for r in par.to_dict("records"):
        o, g = r["outcome"], r["group_var"]
        other = diffs[
            (diffs["outcome"] == o) & (diffs["group_var"] == g) & (diffs["family"] != "parametric")
        ]
        sig = isnum(r["p_holm"]) and r["p_holm"] < ALPHA_LEVEL
        agrees = None
        if not other.empty and isnum(other["p_holm"].iloc[0]):
            agrees = bool((other["p_holm"].iloc[0] < ALPHA_LEVEL) == sig)
        ph = post[
            (post["outcome"] == o) & (post["group_var"] == g) & (post["pvalue"] < ALPHA_LEVEL)
        ]
        means = _level_means(desc, o, g)
        out.append(
            Difference(
                o, g, str(r["test"]), r["statistic"], r["df1"], r["df2"], r["pvalue"],
                r["p_holm"], r["effect_size"], str(r["effect_size_name"]), r["es_ci_low"],
                r["es_ci_high"], sig, agrees, means,
                tuple((str(a), str(b), float(d), float(p)) for a, b, d, p in
                      zip(ph["level_a"], ph["level_b"], ph["diff"], ph["pvalue"], strict=True)),
                _regression_check(reg, o, g, means),
            )
        )  # fmt: skip
    return tuple(out)


@dataclass(frozen=True)
class NotCompared:
    """A group variable none of whose comparisons could run (fewer than two usable levels
    among the analysed respondents: ``compared`` false in ``groups/differences.csv``)."""

    group_var: str
    levels: tuple[tuple[str, int], ...]  # (level, n) of every codebook level


def _not_compared(res: Results) -> tuple[NotCompared, ...]:
    if not res.has("groups/differences"):
        return ()
    d = res["groups/differences"]
    ran = d["compared"].map(truthy).astype(bool)
    desc = res["groups/descriptives"] if res.has("groups/descriptives") else None
    out = []
    for g in dict.fromkeys(d["group_var"].astype(str)):
        if ran[d["group_var"].astype(str) == g].any():
            continue
        levels: tuple[tuple[str, int], ...] = ()
        if desc is not None:
            sub = desc[desc["group_var"].astype(str) == g]
            n = sub.groupby("level", sort=False)["n"].max()
            levels = tuple((str(k), int(v)) for k, v in n.items())
        out.append(NotCompared(g, levels))
    return tuple(out)


@dataclass(frozen=True)
class Invariance:
    """The invariance verdict of one group variable (``groups/invariance_verdicts.csv``)."""

    group_var: str
    tested: bool
    level: str
    means_comparable: bool
    relations_comparable: bool
    failed_step: str
    freed: str
    scales: tuple[str, ...]
    n: float
    reason: str


def _invariance(res: Results) -> tuple[Invariance, ...]:
    if not res.has("groups/invariance_verdicts"):
        return ()
    out = []
    for r in res["groups/invariance_verdicts"].to_dict("records"):
        out.append(
            Invariance(
                str(r["group_var"]),
                truthy(r["tested"]),
                str(r["level"]),
                truthy(r["means_comparable"]),
                truthy(r["relations_comparable"]),
                r["failed_step"] if isinstance(r["failed_step"], str) else "",
                r["freed"] if isinstance(r["freed"], str) else "",
                tuple(x for x in str(r["scales"]).split(";") if x and x != "nan"),
                r["n"],
                r["reason"] if isinstance(r["reason"], str) else "",
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Collinearity:
    """Demographic regression predictors whose VIF exceeds the cut-off."""

    high: tuple[tuple[str, str, float], ...]  # (outcome, term, vif)


def _collinearity(res: Results) -> Collinearity:
    if not res.has("groups/regression"):
        return Collinearity(())
    reg = res["groups/regression"]
    # a boolean Series, not a list: a list of no booleans selects no columns of an empty table
    bad = reg[reg["vif"].map(lambda v: isnum(v) and not VIF_MAX.ok(v)).astype(bool)]
    return Collinearity(tuple(
        (str(o), str(t), float(v)) for o, t, v in zip(bad["outcome"], bad["term"], bad["vif"], strict=True)
    ))  # fmt: skip


# --------------------------------------------------------------------------- levers
@dataclass(frozen=True)
class Lever:
    """A row of ``recommend/levers.csv``."""

    lever: str
    role: str
    level: str
    target: str
    target_role: str
    est: float
    ci_low: float
    ci_high: float
    std: float
    std_ci_low: float
    std_ci_high: float
    supported: bool
    strength_rank: float
    tier: float
    rank: float
    reason: str
    burnout_effect: str = "none"  # helps | opposite | not_reliable | none (the table's)
    opposite_target: str = ""  # the target of the strongest reliable effect against the action

    @property
    def opposite(self) -> bool:
        """Its reliable total effect on burnout runs against the action (and none helps)."""
        return self.burnout_effect == "opposite"


def _levers(res: Results) -> tuple[Lever, ...]:
    if not res.has("recommend/levers"):
        return ()
    t = res["recommend/levers"]
    return tuple(
        Lever(
            str(r["lever"]), str(r["role"]), r["level"] if isinstance(r["level"], str) else "",
            r["target"] if isinstance(r["target"], str) else "",
            r["target_role"] if isinstance(r["target_role"], str) else "", r["est"], r["ci_low"],
            r["ci_high"], r["std_all"], r["std_ci_low"], r["std_ci_high"],
            truthy(r["supported"]), r["strength_rank"], r["tier"], r["rank"],
            r["reason"] if isinstance(r["reason"], str) else "",
            _text(r["burnout_effect"]) or "none", _text(r["opposite_target"]),
        )
        for r in t.to_dict("records")
    )  # fmt: skip


@dataclass(frozen=True)
class MeasureRow:
    """A row of ``recommend/measures.csv``."""

    id: str
    lever: str
    level: str
    title: str
    text: str
    actor: str
    target: str
    indicator: str
    seeds: str
    supported: bool
    rank: float
    reason: str
    zh: Mapping[str, str] = field(default_factory=dict)  # title, text, actor, target, indicator

    def in_language(self, lang: str) -> MeasureRow:
        """The measure with its texts in ``lang`` where the library has them."""
        if lang != "zh" or not self.zh:
            return self
        return replace(self, **{k: v for k, v in self.zh.items() if v})


_MEASURE_ZH = {"title": "title_zh", "text": "text_zh", "actor": "actor_zh",
               "target": "target_text_zh", "indicator": "indicator_zh"}  # fmt: skip


def _text(v) -> str:
    return v if isinstance(v, str) else ""


def _measures(res: Results) -> tuple[MeasureRow, ...]:
    if not res.has("recommend/measures"):
        return ()
    out = []
    for r in res["recommend/measures"].to_dict("records"):
        zh = {k: _text(r.get(c)) for k, c in _MEASURE_ZH.items()}
        out.append(
            MeasureRow(
                str(r["id"]), str(r["lever"]), str(r["level"]), str(r["title"]), str(r["text"]),
                str(r["actor"]), str(r["target_text"]), str(r["indicator"]), _text(r["seeds"]),
                truthy(r["supported"]), r["rank"], _text(r["reason"]), zh,
            )
        )  # fmt: skip
    return tuple(out)


# --------------------------------------------------------------------------- all
@dataclass(frozen=True)
class ScaleTreatment:
    """A row of ``cfa/item_treatment.csv``: how one scale's items were treated."""

    scale: str
    n_categories: int
    max_abs_skew: float
    meets_rule: bool
    ordinal: bool


@dataclass(frozen=True)
class Estimation:
    """``cfa/estimator.csv`` and ``cfa/item_treatment.csv``: the estimator every model used."""

    estimator: str  # ML, MLR, WLSMV or ULSMV (used)
    requested: str
    setting: str  # analysis.ordinal: false, true or auto
    missing: str  # listwise, fiml or pairwise (used)
    scales: tuple[ScaleTreatment, ...] = ()

    @property
    def ordinal(self) -> bool:
        return self.estimator in ("WLSMV", "ULSMV")

    @property
    def meeting_rule(self) -> tuple[str, ...]:
        return tuple(s.scale for s in self.scales if s.meets_rule)


def _estimation(res: Results, study_estimator: str, study_missing: str) -> Estimation:
    if not res.nonempty("cfa/estimator"):
        return Estimation(study_estimator, study_estimator, "false", study_missing)
    d = res["cfa/estimator"].iloc[0]
    scales = ()
    if res.nonempty("cfa/item_treatment"):
        t = res["cfa/item_treatment"]
        scales = tuple(
            ScaleTreatment(str(r.scale), int(r.n_categories), float(r.max_abs_skew),
                           truthy(r.meets_rule), truthy(r.ordinal))
            for r in t.itertuples()
        )  # fmt: skip
    setting = str(d["ordinal_setting"]).lower()  # pandas reads false as a boolean
    return Estimation(str(d["estimator"]), str(d["requested"]), setting, str(d["missing"]), scales)


@dataclass(frozen=True)
class SensitivityPath:
    """One structural path under the study's estimator and under the other item treatment."""

    x: str
    y: str
    std: float
    p: float
    reliable: bool
    other_std: float
    other_p: float
    other_reliable: bool


@dataclass(frozen=True)
class Sensitivity:
    """``sem/sensitivity.csv`` and ``sem/sensitivity_fit.csv``."""

    study: str  # the study's estimator
    other: str  # the estimator of the other item treatment
    paths: tuple[SensitivityPath, ...]
    fits: Mapping[str, Fit]  # estimator -> fit of the structural model

    @property
    def max_difference(self) -> float:
        """The largest absolute difference between the two standardized coefficients of a path."""
        d = [abs(q.std - q.other_std) for q in self.paths if isnum(q.other_std)]
        return max(d) if d else float("nan")

    @property
    def changed(self) -> tuple[SensitivityPath, ...]:
        """Paths whose verdict (CI excludes zero) differs between the two treatments."""
        return tuple(q for q in self.paths if q.reliable != q.other_reliable)


def _sensitivity(res: Results) -> Sensitivity | None:
    if not res.nonempty("sem/sensitivity"):
        return None
    t = res["sem/sensitivity"]
    t = t[t["op"] == "~"]
    order = list(dict.fromkeys(t["estimator"].astype(str)))
    if len(order) != 2:
        return None
    study, other = order
    by = {e: g.set_index(["lhs", "rhs"]) for e, g in t.groupby(t["estimator"].astype(str))}
    paths = []
    for (y, x), r in by[study].iterrows():
        o = by[other].loc[(y, x)] if (y, x) in by[other].index else None
        paths.append(
            SensitivityPath(
                str(x), str(y), float(r["std_all"]), float(r["pvalue"]),
                ci_excludes_zero(r["ci_low"], r["ci_high"]),
                float(o["std_all"]) if o is not None else float("nan"),
                float(o["pvalue"]) if o is not None else float("nan"),
                bool(o is not None and ci_excludes_zero(o["ci_low"], o["ci_high"])),
            )
        )  # fmt: skip
    fits = {}
    if res.nonempty("sem/sensitivity_fit"):
        ft = res["sem/sensitivity_fit"]
        for e, g in ft.groupby(ft["estimator"].astype(str)):
            ind = {
                str(i): float(v) for i, v in zip(g["index"], g["value"], strict=True) if isnum(v)
            }
            fits[e] = Fit("structural", ind, judge_fit(ind), fit_index_names(ind))
    return Sensitivity(study, other, tuple(paths), fits)


@dataclass(frozen=True)
class Part:
    """One component (direct, indirect or total) of a mediation: *B* and β with their CIs."""

    est: float
    ci_low: float
    ci_high: float
    std: float
    std_ci_low: float
    std_ci_high: float

    @property
    def reliable(self) -> bool:
        return ci_excludes_zero(self.ci_low, self.ci_high)


@dataclass(frozen=True)
class Mediation:
    """A row of ``sem/mediation.csv``: a hypothesised mediation, decided there."""

    id: str
    chain: tuple[str, ...]
    indirect: Part
    direct: Part
    total: Part
    direct_source: str  # model | competing model | fixed to 0 by the model
    proportion: float  # NaN when not defined (see proportion_reason)
    proportion_reason: str  # total_ci_zero | sign | empty
    type: str  # full | partial | suppression | none
    type_reason: str


@dataclass(frozen=True)
class ModelComparison:
    """``sem/competing.csv``: the hypothesised against the competing partial-mediation model."""

    paths_added: tuple[str, ...]
    fits: tuple[Mapping[str, Any], ...]  # hypothesised, competing: chisq df cfi ... bic
    delta_chisq: float
    delta_df: float
    delta_pvalue: float
    delta_cfi: float
    delta_rmsea: float
    test: str
    alpha: float
    preferred: str  # hypothesised | competing


def _part(r: Mapping[str, Any], kind: str) -> Part:
    g = [f"{kind}_{k}" for k in ("est", "ci_low", "ci_high", "std", "std_ci_low", "std_ci_high")]
    return Part(*(float(r[k]) if isnum(r.get(k)) else float("nan") for k in g))


def _text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def _reason_key(reason: str) -> str:
    """``total_ci_zero``, ``sign`` or empty, from ``proportion_reason``."""
    if "includes zero" in reason:
        return "total_ci_zero"
    return "sign" if "sign" in reason else ""


def _mediation(res: Results) -> tuple[Mediation, ...]:
    if not res.nonempty("sem/mediation"):
        return ()
    out = []
    for r in res["sem/mediation"].to_dict("records"):
        out.append(
            Mediation(
                str(r["id"]), tuple(str(r["effect"]).split(" -> ")), _part(r, "indirect"),
                _part(r, "direct"), _part(r, "total"), _text(r["direct_source"]),
                float(r["proportion_mediated"]) if isnum(r["proportion_mediated"]) else float("nan"),
                _reason_key(_text(r["proportion_reason"])), _text(r["mediation_type"]),
                _text(r["type_reason"]),
            )
        )  # fmt: skip
    return tuple(out)


def _competing(res: Results) -> ModelComparison | None:
    if not res.nonempty("sem/competing"):
        return None
    t = res["sem/competing"].set_index("model")
    c = t.loc["competing"]
    keys = ("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr", "aic", "bic")
    fits = tuple({k: float(t.loc[m, k]) for k in keys} for m in ("hypothesised", "competing"))
    preferred = "competing" if truthy(c["preferred"]) else "hypothesised"
    return ModelComparison(
        tuple(s.strip() for s in _text(c["paths_added"]).split(";") if s.strip()), fits,
        *(float(c[k]) for k in ("delta_chisq", "delta_df", "delta_pvalue", "delta_cfi",
                                "delta_rmsea")),
        _text(c["test"]), float(c["alpha"]), preferred,
    )  # fmt: skip


@dataclass(frozen=True)
class Facts:
    counts: Counts
    cfa_fit: Fit | None
    sem_fit: Fit | None
    paths: tuple[Path, ...]
    effects: tuple[Effect, ...]
    hypotheses: tuple[Hypothesis, ...]
    measurement: Measurement
    differences: tuple[Difference, ...]  # the comparisons that ran
    invariance: tuple[Invariance, ...]
    collinearity: Collinearity
    levers: tuple[Lever, ...]
    measures: tuple[MeasureRow, ...]
    diagnostics: tuple[tuple[str, str, str], ...]  # (check, severity, detail) warnings/errors
    r2: Mapping[str, float]
    estimation: Estimation = Estimation("ML", "ML", "false", "listwise")
    sensitivity: Sensitivity | None = None
    mediation: tuple[Mediation, ...] = ()
    competing: ModelComparison | None = None
    moderation: Moderation | None = None  # None: no product term in the structural model
    not_compared: tuple[NotCompared, ...] = ()  # group variables no comparison could run for

    @property
    def indirect(self) -> tuple[Effect, ...]:
        return tuple(e for e in self.effects if e.kind == "indirect")

    @property
    def strongest(self) -> tuple[Lever, ...]:
        """Supported levers by strength (largest standardized total effect first)."""
        sup = [lv for lv in self.levers if lv.supported]
        return tuple(sorted(sup, key=lambda lv: lv.strength_rank))

    def total(self, x: str, y: str) -> Effect | None:
        for e in self.effects:
            if e.kind == "total" and e.chain == (x, y):
                return e
        return None

    @property
    def opposite(self) -> tuple[tuple[Lever, Effect], ...]:
        """Levers whose reliable total effect on burnout runs against their action (the
        ``burnout_effect`` of ``recommend/levers.csv``), with that effect: the total effect on
        the table's ``opposite_target``."""
        out = []
        for lv in self.levers:
            e = self.total(lv.lever, lv.opposite_target) if lv.opposite else None
            if e is not None:
                out.append((lv, e))
        return tuple(out)


def build_facts(
    res: Results,
    codebook,
    *,
    loading_cut: float,
    estimator: str = "ML",
    missing: str = "listwise",
    ci_level: float = 0.95,
) -> Facts:
    """Read every fact the report states from the result tables.

    Parameters
    ----------
    res : Results
    codebook : Codebook
    loading_cut : float
        The standardized loading below which an item is called weak
        (:data:`surveysem.criteria.LOADING_MIN`).
    estimator, missing : str
        The study file's ``analysis.estimator`` and ``analysis.missing``, for results
        without ``cfa/estimator.csv``.
    ci_level : float
        ``analysis.ci_level`` (the level of the Johnson–Neyman bounds).

    Returns
    -------
    Facts
    """
    effects = _effects(res)
    diag = []
    for key in ("cfa/diagnostics", "sem/diagnostics"):
        if res.has(key):
            t = res[key]
            diag += [
                (str(c), str(s), str(d))
                for c, s, d in zip(t["check"], t["severity"], t["detail"], strict=True)
                if s in ("warning", "error")
            ]
    r2 = res["sem/r2"] if res.has("sem/r2") else pd.DataFrame(columns=["variable", "r2"])
    hypotheses = _hypotheses(res)
    return Facts(
        counts=_counts(res),
        cfa_fit=_fit(res, "cfa/fit", "measurement"),
        sem_fit=_fit(res, "sem/fit", "structural"),
        paths=_paths(res, effects),
        effects=effects,
        hypotheses=hypotheses,
        measurement=_measurement(res, codebook, loading_cut),
        differences=_differences(res),
        invariance=_invariance(res),
        collinearity=_collinearity(res),
        levers=_levers(res),
        measures=_measures(res),
        diagnostics=tuple(diag),
        r2={str(v): float(x) for v, x in zip(r2["variable"], r2["r2"], strict=True)},
        estimation=_estimation(res, estimator, missing),
        sensitivity=_sensitivity(res),
        mediation=_mediation(res),
        competing=_competing(res),
        moderation=moderation_facts(res, hypotheses, ci_level),
        not_compared=_not_compared(res),
    )
