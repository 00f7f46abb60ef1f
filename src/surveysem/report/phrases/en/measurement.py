"""Results on measurement: reliability, validity, the item pool, method bias and the CFA."""

from __future__ import annotations

from surveysem import fmt
from surveysem.criteria import (
    ALPHA_MIN,
    AVE_MIN,
    CR_MIN,
    HTMT_MAX,
    ITEM_CR_MIN,
    ITEM_TOTAL_MIN,
    LOADING_MIN,
    ULMC_DELTA,
    isnum,
)
from surveysem.report.phrases.en.common import join, p, plural

RELIABILITY = "Reliability and validity"
CMB = "Common method bias"
MEASUREMENT = "Measurement model"


def _range(values, kind, cut) -> tuple[str, str]:
    return fmt.against(min(values), kind, cut), fmt.against(max(values), kind, cut)


def reliability(m) -> list[str]:
    sc = m.scales
    lo, hi = _range(sc["alpha"], "rel", ALPHA_MIN)
    s = f"Cronbach's alpha ranged from {lo} to {hi}"
    s += (
        f"; {join(list(m.alpha_low))} fell below the conventional .70 [@nunnally1978]."
        if m.alpha_low
        else ", at or above the conventional .70 for every scale [@nunnally1978]."
    )
    out = [s]
    cr_lo, cr_hi = _range(sc["cr"], "rel", CR_MIN)
    ave_lo, ave_hi = _range(sc["ave"], "rel", AVE_MIN)
    s = (
        f"Composite reliability ranged from {cr_lo} to {cr_hi} and the average variance "
        f"extracted (AVE) from {ave_lo} to {ave_hi} ({{tab:reliability}})"
    )
    probs = []
    if m.cr_low:
        probs.append(f"composite reliability fell below .70 for {join(list(m.cr_low))}")
    if m.ave_low:
        probs.append(f"the AVE fell below .50 for {join(list(m.ave_low))}")
    if probs:
        s += (
            "; "
            + join(probs)
            + (
                (
                    ", so this scale shares less than half of its variance with its construct"
                    if len(m.ave_low) == 1
                    else ", so these scales share less than half of their variance with "
                    "their constructs"
                )
                if m.ave_low
                else ""
            )
        )
    else:
        s += "; every scale met both criteria (CR ≥ .70, AVE ≥ .50; [-@fornell1981])"
    out.append(s + ".")
    return out


def discriminant(m, names) -> list[str]:
    out = []
    if m.htmt_max is not None:
        a, b, v = m.htmt_max
        s = (
            f"The largest heterotrait–monotrait ratio was {fmt.against(v, 'r', HTMT_MAX)} "
            f"({a}–{b}; {{tab:htmt}})"
        )
        if m.htmt_fail:
            pairs = join([f"{x}–{y}" for x, y, _ in m.htmt_fail])
            s += f"; {pairs} reached .85, so discriminant validity is in doubt for them."
        else:
            s += ", below .85 for every pair, which supports discriminant validity [@henseler2015]."
        out.append(s)
    if m.fl_fail:
        out.append(
            f"By the Fornell–Larcker criterion ({{tab:fl}}), the square root of the AVE of "
            f"{join(list(m.fl_fail))} did not exceed every correlation of "
            f"{'its' if len(m.fl_fail) == 1 else 'their'} factor{'' if len(m.fl_fail) == 1 else 's'}."
        )
    else:
        out.append(
            "By the Fornell–Larcker criterion ({tab:fl}), the square root of every scale's AVE "
            "exceeded its correlations with the other factors."
        )
    return out


def item_pool(m) -> list[str]:
    out = []
    if m.kmo is not None and m.bartlett is not None:
        b = m.bartlett
        out.append(
            f"The item pool was suitable for factor analysis: the Kaiser–Meyer–Olkin measure "
            f"was {fmt.num(m.kmo, 'r')} and Bartlett's test of sphericity was significant "
            f"(χ²({fmt.num(b['df'], 'df')}) = {fmt.num(b['chisq'], 'chisq')}, {p(b['pvalue'])})."
        )
    crit = []
    if m.n_pc is not None:
        crit.append(f"parallel analysis retained {plural(m.n_pc, 'component')}")
    if m.n_fa is not None:
        crit.append(f"{plural(m.n_fa, 'common factor')} by the factor criterion")
    if m.n_kaiser is not None:
        crit.append(f"{plural(m.n_kaiser, 'eigenvalue')} exceeded 1")
    if crit:
        counts = {m.n_pc, m.n_fa, m.n_kaiser} - {None}
        s = f"For the number of factors, {join(crit)}, against the {m.n_factors_theory} scales of the questionnaire"
        if counts == {m.n_factors_theory}:
            s += "; the criteria agree with the questionnaire's structure."
        else:
            s += (
                "; the criteria disagree with each other or with the questionnaire's "
                "structure, so the confirmatory model below, not the exploratory count, "
                "carries the test of the structure."
            )
        out.append(s)
    return out


def cmb(m) -> list[str]:
    out = []
    if m.harman_share is not None:
        share = fmt.pct(m.harman_share)
        cut = fmt.pct(m.harman_threshold, 0) if m.harman_threshold is not None else "50%"
        out.append(
            f"In Harman's single-factor test, the first unrotated component explained "
            f"{share} of the variance of all items, "
            + ("above" if m.harman_exceeds else "below")
            + f" the {cut} that would indicate a dominant method factor"
            + (" by the criterion Chinese theses apply [@zhou2004]; [!podsakoff2003] speak of"
               " a majority of the variance."
               if m.harman_threshold is not None and m.harman_threshold < 0.5
               else " [@podsakoff2003; @zhou2004].")
        )  # fmt: skip
    if m.cmb is not None:
        c = m.cmb
        stats = (
            f"one factor: CFI = {fmt.num(c['one_cfi'], 'fit')}, RMSEA = "
            f"{fmt.num(c['one_rmsea'], 'fit')}; measurement model: CFI = "
            f"{fmt.num(c['cfi'], 'fit')}, RMSEA = {fmt.num(c['rmsea'], 'fit')}; "
            f"Δχ²({fmt.num(c['delta_df'], 'df')}) = {fmt.num(c['delta_chisq'], 'chisq')}, "
            f"{p(c['delta_pvalue'])}"
        )
        out.append(
            f"A single common factor fitted the data much worse than the measurement model "
            f"({stats}; {{tab:cmb}}), so common method variance is unlikely to account for the "
            "relations among the constructs; both tests are weak, however [@podsakoff2003]."
            if m.cmb_worse
            else "A single common factor fitted the data about as well as the measurement "
            f"model ({stats}; {{tab:cmb}}): common method variance may inflate the relations "
            "reported below [@podsakoff2003]."
        )
    if m.ulmc is not None:
        out.append(ulmc(m.ulmc))
    return out


def ulmc(u) -> str:
    """The method-factor (ULMC) comparison: the changes in fit and the verdict."""
    if not isnum(u.get("cfi")):
        return (
            "A model adding an unmeasured method factor to the measurement model could not "
            "be estimated, so this check is missing [@podsakoff2003]."
        )
    d = (
        f"ΔCFI = {fmt.num(u['delta_cfi'], 'fit')}, ΔTLI = {fmt.num(u['delta_tli'], 'fit')}, "
        f"ΔRMSEA = {fmt.num(u['delta_rmsea'], 'fit')}, ΔSRMR = {fmt.num(u['delta_srmr'], 'fit')}"
    )
    rule = (
        f"CFI or TLI rising by more than {fmt.num(ULMC_DELTA['cfi'], 'fit')}, or RMSEA or SRMR "
        f"falling by more than {fmt.num(ULMC_DELTA['rmsea'], 'fit')}"
    )
    s = (
        "Adding an unmeasured latent method factor, loading on every item and uncorrelated "
        f"with the constructs [@podsakoff2003], changed the fit by {d} ({{tab:ulmc}}); "
    )
    s += (
        f"this exceeds the rule applied in Chinese studies ({rule}), so common method "
        "variance is a serious concern for the relations reported below [@zhou2004]."
        if u["flagged"]
        else f"the rule applied in Chinese studies flags only {rule} [@zhou2004], so the "
        "method factor does not improve the fit materially."
    )
    if not u["admissible"]:
        s += (
            " The method-factor solution was not proper (a negative variance or no "
            "convergence), as happens when there is little method variance to model."
        )
    elif isnum(u.get("method_variance")):
        s += (
            f" The method factor explained on average {fmt.pct(u['method_variance'])} of an "
            "item's variance."
        )
    return s


FIT_WORDS = {
    "good": "fitted the data well",
    "acceptable": "fitted the data acceptably",
    "poor": "did not fit the data well",
}


def fit_stats(fit) -> str:
    """χ²(df) = ..., p ..., CFI = ..., TLI = ..., RMSEA = ... [90% CI], SRMR = ...: the versions
    the verdict uses (robust under MLR and WLSMV, the scaled test statistic)."""
    v = fit.value
    parts = [f"χ²({fmt.num(v('df'), 'df')}) = {fmt.num(v('chisq'), 'chisq')}, {p(v('pvalue'))}"]
    parts += [f"{lab} = {fmt.num(v(k), 'fit')}" for k, lab in (("cfi", "CFI"), ("tli", "TLI"))]
    s = f"RMSEA = {fmt.num(v('rmsea'), 'fit')}"
    lo, hi = fit.rmsea_ci
    if isnum(lo) and isnum(hi):
        s += f", 90% CI {fmt.ci(lo, hi, 'fit')}"
    parts += [s, f"SRMR = {fmt.num(v('srmr'), 'fit')}"]
    version = {"robust": "robust indices", "scaled": "scaled indices"}.get(fit.version, "")
    return ", ".join(parts) + ("; " + version if version else "")


def model_fit(fit) -> str:
    subject = "The measurement model" if fit.model == "measurement" else "The structural model"
    return (
        f"{subject} {FIT_WORDS.get(fit.verdict, 'was estimated')} ({fit_stats(fit)}; {{tab:fit}})."
    )


def loadings(m) -> str:
    lo = fmt.against(m.loading_min, "r", LOADING_MIN)
    hi = fmt.against(m.loading_max, "r", LOADING_MIN)
    s = f"Standardized loadings ranged from {lo} to {hi} ({{tab:loadings}})"
    if m.weak_items:
        s += f"; {join(list(m.weak_items))} loaded below .50 [@hair2019]."
    else:
        s += ", all at or above .50 [@hair2019]."
    return s


def modification(row) -> str:
    return (
        f"The largest modification index, {fmt.num(row['mi'], 'chisq')}, was for "
        f"{row['lhs']} {row['op']} {row['rhs']} (standardized expected change "
        f"{fmt.num(row['sepc_all'], 'std')}; {{tab:mi}}); the indices are listed for "
        "information, and no parameter was freed."
    )


def ordinal_reliability(m) -> str:
    sc = m.scales
    a = (fmt.num(min(sc["alpha_ordinal"]), "rel"), fmt.num(max(sc["alpha_ordinal"]), "rel"))
    w = (fmt.num(min(sc["omega_categorical"]), "rel"), fmt.num(max(sc["omega_categorical"]), "rel"))
    return (
        f"On the polychoric correlations, ordinal alpha ranged from {a[0]} to {a[1]} "
        f"[@zumbo2007] and categorical omega from {w[0]} to {w[1]} [@green2009]. Ordinal alpha "
        "describes the latent responses behind the answers rather than the scale scores "
        "computed from them, and its use is contested [@chalmers2018]; both kinds of "
        "coefficient are therefore reported, and the scale scores' reliability is read from "
        "α and ω."
    )


def item_analysis(it) -> str:
    """Item analysis: the range of the critical ratios and item-total correlations, the flags."""
    cr = f"CR = {fmt.num(it['cr_min'], 'stat')} to {fmt.num(it['cr_max'], 'stat')}, the largest {p(it['p_max'])}"
    r = f"*r*<sub>it</sub> = {fmt.num(it['r_min'], 'r')} to {fmt.num(it['r_max'], 'r')}"
    s = (
        "In the item analysis, each item's mean was compared between the respondents in the "
        f"top and bottom 27% of its scale total by Student's *t* test (critical ratios {cr}), "
        f"and each item was correlated with the sum of the other items of its scale ({r}; "
        "{tab:item-analysis}). "
    )
    if it["flagged"]:
        return s + (
            f"{join(list(it['flagged']))} fell short of a critical ratio of "
            f"{fmt.num(ITEM_CR_MIN.value, 'int')} or an item–total correlation of "
            f"{fmt.num(ITEM_TOTAL_MIN.value, 'r')}; "
            + ("it was" if len(it["flagged"]) == 1 else "they were")
            + " kept, as the confirmatory model below judges the scales."
        )
    return s + (
        f"Every item reached a critical ratio of at least {fmt.num(ITEM_CR_MIN.value, 'int')} "
        f"and an item–total correlation of at least {fmt.num(ITEM_TOTAL_MIN.value, 'r')}, so "
        "all items discriminate and were kept."
    )
