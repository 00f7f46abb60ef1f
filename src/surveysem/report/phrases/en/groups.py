"""Results on groups: measurement invariance, group differences with their direction."""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import ALPHA_LEVEL
from surveysem.report.phrases.en.common import count_of, join, lc, p, plural

GROUPS = "Group differences"
FIG_PROFILE = "Scale means by group, with 95% confidence intervals"
FIG_PROFILE_NOTE = "Each panel is one grouping variable; the vertical axis spans the answer scale. Groups with fewer than five respondents are not drawn."


def _es(d, names) -> str:
    kind = "es2" if d.es_name in ("omega_squared", "eta_squared", "epsilon_squared") else "es"
    return f"{names.label('es', d.es_name)} = {fmt.num(d.es, kind)}"


def _test(d, names) -> str:
    df = (
        f"({fmt.num(d.df1, 'dfr')})"
        if d.test == "welch_t"
        else f"({fmt.num(d.df1, 'df')}, {fmt.num(d.df2, 'dfr')})"
    )
    stat = {"welch_t": "*t*", "welch_anova": "*F*"}.get(d.test, names.label("test", d.test))
    return (
        f"{names.label('test', d.test)}, {stat}{df} = {fmt.num(d.statistic, 'stat')}, "
        f"*p*<sub>Holm</sub> {fmt.p_value(d.p_holm)}, {_es(d, names)}"
    )


# --------------------------------------------------------------------------- invariance
def invariance_scope(names, scales: list[str]) -> str:
    return (
        "The invariance models contained every scale whose means are compared below ("
        + join([lc(names.scale(s)) for s in scales])
        + "), so what they show holds for these scales ({tab:invariance})."
    )


LEVEL_WORDS = {"scalar": "scalar", "partial_scalar": "partial scalar", "metric": "metric"}


def invariance_held(names, groups: list[str], level: str) -> str:
    return (
        f"Across {join([lc(names.demo(g)) for g in groups])}, {LEVEL_WORDS[level]} invariance "
        "held, so the groups' means of these scales can be compared."
    )


def invariance_partial(names, g: str, freed: str, ordinal: bool = False) -> str:
    items = join([x.replace("~1", "") for x in freed.split("; ") if x])
    if ordinal:
        return (
            f"Across {lc(names.demo(g))}, scalar invariance held only after the thresholds of "
            f"{items} were allowed to shift between groups (their latent-response intercepts freed)."
        )
    return f"Across {lc(names.demo(g))}, scalar invariance held only after the intercepts of {items} were freed."


def invariance_ordinal() -> str:
    return (
        "With the items treated as ordinal (WLSMV), the metric model held the loadings and the "
        "thresholds of the items equal across groups, and the scalar model also the intercepts "
        "of their latent responses [@wu2016]; χ², CFI and RMSEA are the scaled-shifted "
        "(mean- and variance-adjusted) values and Δχ² is the scaled difference test."
    )


def invariance_left_out(names, g: str, levels: list, min_n: int) -> str:
    what = join([f"{lab} (*n* = {fmt.num(n, 'int')})" for lab, n in levels])
    return (
        f"For {lc(names.demo(g))}, the invariance models left out {what}, which had fewer than "
        f"{fmt.num(min_n, 'int')} complete respondents; the conclusion holds for the other "
        "groups only, and comparisons involving the groups left out rest on untested measurement."
    )


def invariance_metric(names, g: str) -> str:
    return (
        f"Across {lc(names.demo(g))}, metric but not scalar invariance held: relations can be "
        "compared across its groups, but differences in means may reflect how the items work "
        "in each group, so they are read with caution below."
    )


def invariance_failed(names, g: str, step: str) -> str:
    return (
        f"Across {lc(names.demo(g))}, invariance failed at the {step.replace('_', ' ')} step, "
        "so neither relations nor means are strictly comparable across its groups."
    )


def invariance_untested(names, g: str, min_n: int, left: list, reason: str) -> str:
    """A group variable not tested: ``min_n`` > 0 when fewer than two of its levels had
    ``min_n`` complete respondents, ``left`` the (label, n) of the levels left out; else
    the producer's ``reason``."""
    if not min_n:
        return f"Invariance across {lc(names.demo(g))} was not tested ({reason})."
    what = join([f"“{lab}” (*n* = {fmt.num(n, 'int')})" for lab, n in left])
    return (
        f"Invariance across {lc(names.demo(g))} was not tested: fewer than two of its groups "
        f"had at least {fmt.num(min_n, 'int')} complete respondents"
        + (f" (left out: {what})" if left else "")
        + "."
    )


def invariance_fiml() -> str:
    return (
        "Unlike the structural model, the multi-group models are not estimated with "
        "full-information maximum likelihood: each uses the respondents who answered every "
        "item of the tested scales."
    )


def paths_compared(k: int, n: int, n_paths: int, n_groups: int) -> str:
    what = (
        f"{plural(n, 'comparison')} of a hypothesized path across groups "
        f"({plural(n_paths, 'path')}, {plural(n_groups, 'grouping variable')})"
    )
    if not k:
        return (
            f"In none of the {what} did holding the path equal worsen the fit reliably "
            "(Holm-adjusted Δχ² tests; {tab:invariance-paths}): no path differed reliably "
            "between the groups, which does not show that the paths are equal."
        )
    return (
        f"In {fmt.num(k, 'int')} of the {what}, holding the path equal worsened the fit "
        "reliably (Holm-adjusted Δχ² tests; {tab:invariance-paths})."
    )


# --------------------------------------------------------------------------- differences
def not_compared(names, g: str, levels: list) -> str:
    """A group variable whose comparisons could not run: fewer than two of its levels had
    usable answers among the analysed respondents (``levels``: (label, n) of each)."""
    what = "; ".join(f"“{lab}”: *n* = {fmt.num(n, 'int')}" for lab, n in levels)
    return (
        f"No comparison by {lc(names.demo(g))} was possible: among the analysed respondents, "
        f"fewer than two of its groups had answers to compare"
        + (f" ({what})" if what else "")
        + ", so these data cannot show whether the scales differ by "
        f"{lc(names.demo(g))}."
    )


def none_reliable(n: int) -> str:
    return count_of(0, n, "comparison", "reliable") + " after Holm's correction ({tab:groups-all})."


def n_reliable(k: int, n: int) -> str:
    return (
        count_of(k, n, "comparison", "reliable")
        + " after Holm's correction ({tab:groups}; means in {fig:group_profile})."
    )


def difference(names, d, caution: bool) -> str:
    hi, lo = d.means[0], d.means[-1]
    s = (
        f"{names.scale(d.outcome)} differed by {lc(names.demo(d.group_var))} "
        f"({_test(d, names)}, {d.size}): respondents in “{names.level(d.group_var, hi.level)}” had the highest mean "
        f"(*M* = {fmt.num(hi.mean, 'mean')}) and those in “{names.level(d.group_var, lo.level)}” the lowest "
        f"(*M* = {fmt.num(lo.mean, 'mean')})"
    )
    if len(d.means) == 2:
        s = (
            f"{names.scale(d.outcome)} differed by {lc(names.demo(d.group_var))} "
            f"({_test(d, names)}, {d.size}): respondents in “{names.level(d.group_var, hi.level)}” scored higher "
            f"(*M* = {fmt.num(hi.mean, 'mean')}) than those in “{names.level(d.group_var, lo.level)}” "
            f"(*M* = {fmt.num(lo.mean, 'mean')})"
        )
    if caution:
        s += ", a difference in means that invariance does not fully license"
    return s + "."


def posthoc(pairs) -> str:
    """Each reliable Games-Howell pair, as (a, b, mean_b - mean_a, p), with its direction."""
    parts = [
        f"“{b}” scored {fmt.num(abs(diff), 'mean')} {'lower' if diff < 0 else 'higher'} than "
        f"“{a}” ({p(pv)})"
        for a, b, diff, pv in pairs
    ]
    return "In the Games–Howell comparisons, " + join(parts) + "."


def no_posthoc() -> str:
    return "No pair of groups differed reliably in the Games–Howell comparisons."


def regression(names, d) -> str:
    rel = [(lvl, b, pv, ag) for lvl, b, pv, ag in d.regression if pv < ALPHA_LEVEL]
    if any(not ag for _, _, _, ag in rel):
        return (
            "In the regression on all demographics the difference reverses its sign once the "
            "other demographics are held constant ({tab:regression})."
        )
    if rel:
        lvl, b, pv, _ = rel[0]
        what = f"“{names.level(d.group_var, lvl)}”: " if lvl else ""
        return (
            f"The regression on all demographics agrees ({what}*B* = {fmt.num(b, 'coef')}, "
            f"{p(pv)}; {{tab:regression}})."
        )
    return (
        "In the regression on all demographics the difference is not reliable once the other "
        "demographics are held constant ({tab:regression})."
    )


def rank_disagrees() -> str:
    return "The rank-based test of the same comparison did not confirm it."


def collinearity(terms: list[str], top: float) -> str:
    one = len(terms) == 1
    return (
        f"In the demographic regressions, {join(terms)} had a variance inflation factor above "
        f"10 (up to {fmt.num(top, 'vif')}; [-@hair2019]): the demographics overlap, so the "
        f"separate {'coefficient of this term is' if one else 'coefficients of these terms are'} "
        "unstable and not interpreted."
    )


def classic_intro() -> str:
    return (
        "Chinese theses report these comparisons with the classic tests: Student's *t* (Welch's "
        "*t*′ when the variances are unequal) or the one-way ANOVA *F*, with Levene's test "
        "(median-centred) deciding the variances and the post hoc tests, "
        "LSD and Scheffé when the variances are equal and Tamhane's T2 when they are not. "
        "They are given here for comparison; the conclusions above rest on Welch's tests "
        "with Holm's correction [@welch1947; @welch1951; @holm1979]."
    )


def classic(names, c, means, pairs) -> str:
    """One classic comparison: M ± SD per level, Levene's verdict, t or F with its direction,
    the post hoc pairs (a, b, diff, method, p) significant at .05."""
    g = c["group_var"]
    ms = "; ".join(
        f"“{names.level(g, lv)}” {fmt.num(m, 'mean')} ± {fmt.num(sd, 'mean')}"
        for lv, m, sd in means
    )
    lev = (
        f"Levene's *F*({fmt.num(c['levene_df1'], 'df')}, {fmt.num(c['levene_df2'], 'df')}) = "
        f"{fmt.num(c['levene_statistic'], 'stat')}, {p(c['levene_pvalue'])}, variances "
        + ("equal" if c["equal_var"] else "unequal")
    )
    if c["test"] == "student_t":
        test = f"*t*({fmt.num(c['df1'], 'df')}) = {fmt.num(c['statistic'], 'stat')}"
    elif c["test"] == "welch_t":  # unequal variances: Welch's t', fractional df
        test = f"*t*′({fmt.num(c['df1'], 'dfr')}) = {fmt.num(c['statistic'], 'stat')}"
    else:
        test = (
            f"*F*({fmt.num(c['df1'], 'df')}, {fmt.num(c['df2'], 'df')}) = "
            f"{fmt.num(c['statistic'], 'stat')}"
        )
    s = f"{names.scale(c['outcome'])} by {lc(names.demo(g))} (*M* ± *SD*: {ms}; {lev}): {test}, {p(c['pvalue'])}"
    if c["pvalue"] < ALPHA_LEVEL and means:
        hi, lo = max(means, key=lambda x: x[1]), min(means, key=lambda x: x[1])
        s += f", “{names.level(g, hi[0])}” higher than “{names.level(g, lo[0])}”"
    if pairs:
        s += "; " + ", ".join(
            f"{m}: “{names.level(g, b)}” {'above' if d > 0 else 'below'} “{names.level(g, a)}” ({p(pv)})"
            for a, b, d, m, pv in pairs
        )
    return s + "."
