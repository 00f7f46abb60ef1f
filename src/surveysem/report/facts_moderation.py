"""Facts of moderation: interactions, simple slopes, Johnson–Neyman regions, moderated mediation.

Read once from ``sem/estimates`` (the ``X:W`` rows), ``sem/conditional``,
``sem/johnson_neyman``, ``sem/r2`` (``r2_change_interaction``), the
``index_moderated_mediation`` rows of ``sem/effects`` and the hypotheses that name an
interaction path (``EE ~ WL:SS``) or an index (``WL -> EE -> DP | SS``). A study without a
product term has no moderation facts (``None``), and its report has no moderation section.
Verdicts are the producers' (``sem/hypotheses.csv``); the only thing derived here is on
which side of the Johnson–Neyman bounds the effect is significant, read from the conditional
effects the producer wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import inf
from statistics import NormalDist
from typing import Any

from surveysem.criteria import ci_excludes_zero, isnum
from surveysem.report.results import Results

INDEX_KIND = "index_moderated_mediation"


def split_effect(effect: str) -> tuple[tuple[str, ...], str]:
    """``"WL -> EE -> DP | SS"`` -> ``(("WL", "EE", "DP"), "SS")``; ``"EE ~ WL:SS"`` ->
    ``(("WL:SS", "EE"), "")``."""
    s, _, mod = str(effect).partition("|")
    if "->" in s:
        return tuple(x.strip() for x in s.split("->")), mod.strip()
    lhs, rhs = (x.strip() for x in s.split("~", 1))
    return (rhs.replace(" ", ""), lhs), mod.strip()


def _f(x: Any) -> float:
    return float(x) if isnum(x) else float("nan")


@dataclass(frozen=True)
class Conditional:
    """One row of ``sem/conditional.csv``: the effect at one moderator value."""

    chain: tuple[str, ...]
    moderator: str
    level: str
    value: float
    est: float
    se: float
    p: float
    ci_low: float
    ci_high: float
    method: str

    @property
    def reliable(self) -> bool:
        return ci_excludes_zero(self.ci_low, self.ci_high)


@dataclass(frozen=True)
class JohnsonNeyman:
    """One row of ``sem/johnson_neyman.csv`` and the side of the bounds where the effect is
    significant (``sig_outside``: below ``lower`` and above ``upper``; ``None`` when the
    conditional effects do not tell, or without real roots)."""

    lower: float
    upper: float
    observed_min: float
    observed_max: float
    share: float
    sig_outside: bool | None

    @property
    def roots(self) -> tuple[float, ...]:
        return tuple(v for v in (self.lower, self.upper) if isnum(v))

    @property
    def observed(self) -> bool:
        """Whether the moderator has an observed range (a latent moderator has none)."""
        return isnum(self.observed_min) and isnum(self.observed_max)

    @property
    def outside(self) -> tuple[float, ...]:
        """The bounds that lie outside the observed range of the moderator."""
        if not self.observed:
            return ()
        return tuple(v for v in self.roots if v < self.observed_min or v > self.observed_max)

    @property
    def everywhere(self) -> bool:
        """No real root and the effect significant at every moderator value."""
        return not self.roots and isnum(self.share) and self.share > 0.5

    def region(self) -> tuple[tuple[float, float], ...]:
        """The intervals of the observed range (of the whole line for a latent moderator)
        where the effect is significant."""
        lo, hi = (self.observed_min, self.observed_max) if self.observed else (-inf, inf)
        if not self.roots or self.sig_outside is None:
            return ((lo, hi),) if self.everywhere else ()
        a, b = min(self.roots), max(self.roots)
        if len(self.roots) == 1:  # one root: one side, told by sig_outside (above the root)
            segs = [(max(a, lo), hi)] if self.sig_outside else [(lo, min(a, hi))]
        elif self.sig_outside:
            segs = [(lo, min(a, hi)), (max(b, lo), hi)]
        else:
            segs = [(max(a, lo), min(b, hi))]
        return tuple((x, y) for x, y in segs if x < y)


@dataclass(frozen=True)
class Interaction:
    """A product term ``x:w`` on ``y``: its coefficient, probes and hypothesis."""

    x: str
    w: str
    y: str
    est: float
    se: float
    ci_low: float
    ci_high: float
    p: float
    std: float
    std_ci_low: float  # the CI of β when a hypothesis row gives it (bootstrap), else NaN
    std_ci_high: float
    r2_change: float
    hypothesis: Any  # facts.Hypothesis or None
    slopes: tuple[Conditional, ...]
    jn: JohnsonNeyman | None

    @property
    def term(self) -> str:
        return f"{self.x}:{self.w}"

    @property
    def reliable(self) -> bool:
        return ci_excludes_zero(self.ci_low, self.ci_high)

    @property
    def sd(self) -> float:
        """The moderator's SD on its centred scale (the ``+1 SD`` probe), NaN under percentiles."""
        for c in self.slopes:
            if c.level == "+1 SD":
                return c.value
        return float("nan")


@dataclass(frozen=True)
class ModeratedMediation:
    """An indirect effect through a moderated path: its conditional values and index."""

    chain: tuple[str, ...]
    moderator: str
    est: float
    se: float
    ci_low: float
    ci_high: float
    method: str
    hypothesis: Any
    conditional: tuple[Conditional, ...]

    @property
    def reliable(self) -> bool:
        return ci_excludes_zero(self.ci_low, self.ci_high)


@dataclass(frozen=True)
class Moderation:
    interactions: tuple[Interaction, ...]
    indices: tuple[ModeratedMediation, ...]


def _conditionals(res: Results) -> tuple[Conditional, ...]:
    if not res.has("sem/conditional"):
        return ()
    return tuple(
        Conditional(
            split_effect(r["effect"])[0], str(r["moderator"]), str(r["moderator_level"]),
            _f(r["moderator_value"]), _f(r["est"]), _f(r["se"]), _f(r["pvalue"]),
            _f(r["ci_low"]), _f(r["ci_high"]), str(r["method"]),
        )
        for r in res["sem/conditional"].to_dict("records")
    )  # fmt: skip


def sig_outside(lower: float, upper: float, slopes, ci_level: float) -> bool | None:
    """Whether the effect is significant outside the Johnson–Neyman bounds (else inside).

    The region of a linear conditional effect is outside or inside its two roots; one probe
    value off the bounds, judged as the bounds are (Wald *z* at ``ci_level``), tells which.
    """
    roots = [v for v in (lower, upper) if isnum(v)]
    if not roots:
        return None
    z = NormalDist().inv_cdf(0.5 + ci_level / 2)
    for c in slopes:
        if not (isnum(c.est) and isnum(c.se) and c.se > 0) or any(
            abs(c.value - r) < 1e-9 for r in roots
        ):
            continue
        sig = abs(c.est / c.se) > z
        if len(roots) == 1:
            above = c.value > roots[0]
            return sig == above
        inside = min(roots) < c.value < max(roots)
        return sig != inside
    return None


def _jn(res: Results, chain, w: str, slopes, ci_level: float) -> JohnsonNeyman | None:
    if not res.nonempty("sem/johnson_neyman"):
        return None
    t = res["sem/johnson_neyman"]
    for r in t.to_dict("records"):
        if split_effect(r["effect"])[0] == chain and str(r["moderator"]) == w:
            lo, hi = _f(r["lower"]), _f(r["upper"])
            return JohnsonNeyman(
                lo, hi, _f(r["observed_min"]), _f(r["observed_max"]),
                _f(r["share_significant"]), sig_outside(lo, hi, slopes, ci_level),
            )  # fmt: skip
    return None


def _r2_change(res: Results, y: str) -> float:
    if not res.has("sem/r2") or "r2_change_interaction" not in res["sem/r2"].columns:
        return float("nan")
    t = res["sem/r2"]
    hit = t.loc[t["variable"].astype(str) == y, "r2_change_interaction"]
    return _f(hit.iloc[0]) if len(hit) else float("nan")


def _hypothesis(hypotheses, chain, moderator: str = ""):
    for h in hypotheses:
        if tuple(h.chain) == tuple(chain) and getattr(h, "moderator", "") == moderator:
            return h
    return None


def _interaction(res, r, conds, hypotheses, ci_level) -> Interaction:
    y, term = str(r["lhs"]), str(r["rhs"]).replace(" ", "")
    a, b = term.split(":", 1)
    slopes = [c for c in conds if len(c.chain) == 2 and c.chain[1] == y]
    focal = [c for c in slopes if {c.chain[0], c.moderator} == {a, b}]
    x, w = (focal[0].chain[0], focal[0].moderator) if focal else (a, b)
    focal = tuple(c for c in focal if c.chain[0] == x)
    h = _hypothesis(hypotheses, (term, y))
    lo, hi = (h.std_ci_low, h.std_ci_high) if h is not None else (float("nan"),) * 2
    return Interaction(
        x, w, y, _f(r["est"]), _f(r["se"]), _f(r["ci_low"]), _f(r["ci_high"]), _f(r["pvalue"]),
        _f(r["std_all"]), _f(lo), _f(hi), _r2_change(res, y), h, focal,
        _jn(res, (x, y), w, focal, ci_level),
    )  # fmt: skip


def moderation_facts(res: Results, hypotheses=(), ci_level: float = 0.95) -> Moderation | None:
    """The moderation facts of a run, or None when its structural model has no product term.

    Parameters
    ----------
    res : Results
    hypotheses : sequence of facts.Hypothesis
        The run's hypotheses (``chain`` and ``moderator`` name the interaction or index).
    ci_level : float
        The level of the Johnson–Neyman bounds (``analysis.ci_level``).

    Returns
    -------
    Moderation or None
    """
    est = res["sem/estimates"] if res.has("sem/estimates") else None
    if est is None:
        return None
    rows = est[(est["op"] == "~") & est["rhs"].astype(str).str.contains(":")]
    if rows.empty:
        return None
    conds = _conditionals(res)
    inter = tuple(
        _interaction(res, r, conds, hypotheses, ci_level) for r in rows.to_dict("records")
    )
    idx = []
    if res.has("sem/effects"):
        eff = res["sem/effects"]
        for r in eff[eff["kind"] == INDEX_KIND].to_dict("records"):
            ch, w = split_effect(r["effect"])
            cc = tuple(c for c in conds if c.chain == ch and c.moderator == w)
            idx.append(
                ModeratedMediation(
                    ch, w, _f(r["est"]), _f(r["se"]), _f(r["ci_low"]), _f(r["ci_high"]),
                    str(r["method"]), _hypothesis(hypotheses, ch, w), cc,
                )
            )  # fmt: skip
    return Moderation(inter, tuple(idx))
