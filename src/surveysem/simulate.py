"""Simulate the default study: a questionnaire survey of grassroots police officers.

The true population (latent correlations, structural weights, demographic shifts, loadings,
thresholds and the data flaws) is a plain mapping, read by the caller from
``data/population.yaml``; the codebook says which items belong to which scale and which are
reverse-keyed. :func:`simulate_survey` draws one survey from them with a single
``numpy.random.default_rng(seed)`` generator used in a fixed order, so the same population gives
the same data on every machine. :func:`population_moments` gives the population values that the
sample should recover (residual variances, implied group means of the latent variables).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from surveysem.codebook import Codebook

DEMOGRAPHIC_COLUMNS = (
    "gender",
    "age",
    "marital",
    "education",
    "service_band",
    "post",
    "rank",
    "pay_band",
    "station",
)


@dataclass(frozen=True)
class SimulatedSurvey:
    """One simulated survey.

    Attributes
    ----------
    data : DataFrame
        The raw survey as written to CSV: ``respondent_id``, ``duration_sec``, the demographics,
        then the items in questionnaire order with the attention checks in the middle. Columns
        that only hold numbers are ``Int64``; item columns holding a non-numeric entry are
        ``object`` (numbers as ``int``, entries such as ``"N/A"``, ``"x"`` or ``"3 "`` as ``str``).
    latent : DataFrame
        One row per intended respondent: ``person`` (1..N), ``row`` (1-based row of the
        respondent's first submission in ``data``), ``respondent_id`` (as written), the true
        latent scores (one column per scale) and ``demo_<latent>``, the centred demographic shift
        added to each burnout latent.
    flaws : DataFrame
        ``row`` (1-based row in ``data``), ``respondent_id``, ``flaw``, ``column`` (the affected
        cell's column, ``""`` for respondent-level flaws), ``value`` (the value written, as text).
        Flaws: breakoff, straightliner, random_responder, speeder, attention_slip,
        exact_duplicate (the copy), duplicate_id (the respondent carrying another's ID),
        item_nonresponse, out_of_range, non_numeric, padded_number, age_typo,
        demographic_nonresponse. Cell-level flaws of a respondent who also submitted an exact
        copy are listed at the first submission's row only; the copy carries them too.
    """

    data: pd.DataFrame
    latent: pd.DataFrame
    flaws: pd.DataFrame


@dataclass(frozen=True)
class PopulationMoments:
    """Population values implied by a population specification.

    Attributes
    ----------
    parameters : DataFrame
        ``lhs``, ``op``, ``rhs``, ``value``: structural weights (``~``), exogenous correlations
        and residual variances of the endogenous latents (``~~``), standardized loadings
        (``=~``), and the share of each endogenous latent's variance explained by the
        demographic shift (``op == "r2_demo"``).
    group_means : DataFrame
        ``group_var``, ``level`` (code), ``share`` (population share of the level), ``latent``,
        ``mean``: the population mean of each endogenous latent (SD units, overall mean 0) by
        level of each demographic, including the spillover through the structural paths and
        the demographics that go with the level.
    """

    parameters: pd.DataFrame
    group_means: pd.DataFrame


# --------------------------------------------------------------------------------------------
# population specification
# --------------------------------------------------------------------------------------------


def _get(spec: Mapping[str, Any], path: str) -> Any:
    node: Any = spec
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            raise ValueError(
                f"population: key {path!r} is missing; see data/population.yaml for the "
                "expected layout"
            )
        node = node[key]
    return node


def _structure(population: Mapping[str, Any]) -> tuple[list[str], list[str], dict]:
    exo = [str(x) for x in _get(population, "latent.exogenous")]
    structural = _get(population, "latent.structural")
    endo = [str(k) for k in structural]
    known = set(exo)
    for lhs, rhs in structural.items():
        for r in rhs:
            if r not in known:
                raise ValueError(
                    f"population: latent.structural.{lhs}: predictor {r!r} is neither exogenous "
                    "nor an endogenous latent listed earlier; list the equations in causal order"
                )
        known.add(lhs)
    return exo, endo, structural


def _interactions(population: Mapping[str, Any], exo: list[str], R: np.ndarray):
    """``latent.interactions``: (outcome, x, w, weight, r_xw) per standardized product."""
    out = []
    for lat, terms in (population.get("latent", {}).get("interactions") or {}).items():
        for term, weight in terms.items():
            x, _, w = (t.strip() for t in str(term).partition(":"))
            if x not in exo or w not in exo or x == w:
                raise ValueError(
                    f"population: latent.interactions.{lat}.{term}: a product of two "
                    f"different exogenous latents ({', '.join(exo)}), written X:W"
                )
            out.append((str(lat), x, w, float(weight), float(R[exo.index(x), exo.index(w)])))
    return out


def _correlation_matrix(population: Mapping[str, Any], exo: list[str]) -> np.ndarray:
    R = np.eye(len(exo))
    for a, row in (_get(population, "latent.correlations") or {}).items():
        for b, r in row.items():
            if a not in exo or b not in exo:
                raise ValueError(
                    f"population: latent.correlations.{a}.{b}: both must be exogenous latents "
                    f"({', '.join(exo)})"
                )
            i, j = exo.index(a), exo.index(b)
            R[i, j] = R[j, i] = float(r)
    if np.linalg.eigvalsh(R).min() <= 0:
        raise ValueError(
            "population: latent.correlations is not positive definite; lower some correlations"
        )
    return R


def _check(population: Mapping[str, Any], codebook: Codebook) -> None:
    exo, endo, _ = _structure(population)
    problems = []
    names = set(codebook.scale_names)
    for lat in exo + endo:
        if lat not in names:
            problems.append(f"latent {lat!r} is not a scale in the codebook")
    loadings = _get(population, "measurement.loadings")
    thresholds = _get(population, "measurement.thresholds")
    for s in codebook.scales:
        if s.name not in exo + endo:
            problems.append(f"codebook scale {s.name!r} has no latent in the population")
            continue
        th = thresholds.get(s.name)
        n_cat = int(s.high - s.low) + 1
        if th is None or len(th) != n_cat - 1 or list(th) != sorted(th):
            problems.append(
                f"measurement.thresholds.{s.name}: need {n_cat - 1} increasing thresholds for "
                f"the range [{s.low:g}, {s.high:g}]"
            )
        for item in s.items:
            lam = loadings.get(item)
            if lam is None or not 0 < float(lam) < 1:
                problems.append(f"measurement.loadings.{item}: need a loading between 0 and 1")
    for item in codebook.attention:
        if item not in _get(population, "questionnaire.attention_after"):
            problems.append(f"questionnaire.attention_after: no position for {item!r}")
    for lat, effects in (population.get("demographic_effects") or {}).items():
        if lat not in endo:
            problems.append(f"demographic_effects.{lat}: not an endogenous latent")
        for var in effects:
            if var not in DEMOGRAPHIC_COLUMNS:
                problems.append(
                    f"demographic_effects.{lat}.{var}: unknown demographic; use one of "
                    f"{', '.join(DEMOGRAPHIC_COLUMNS)}"
                )
    if problems:
        raise ValueError("population: does not match the codebook:\n  - " + "\n  - ".join(problems))


# --------------------------------------------------------------------------------------------
# demographics
# --------------------------------------------------------------------------------------------


def _cut(x: np.ndarray, cuts: list[float]) -> np.ndarray:
    return 1 + np.searchsorted(np.asarray(cuts, dtype=float), x, side="left")


def _draw_demographics(rng: np.random.Generator, n: int, spec: Mapping[str, Any]) -> pd.DataFrame:
    gender = np.where(rng.random(n) < spec["female_share"], 2, 1)
    a = spec["age"]
    age = np.clip(np.rint(rng.normal(a["mean"], a["sd"], n)), a["min"], a["max"]).astype(int)
    e = spec["entry_age"]
    entry = rng.integers(e["min"], e["max"] + 1, n)
    years = np.maximum(age - entry, 0)
    service_band = np.select([years < 5, years <= 10, years <= 20], [1, 2, 3], 4)
    m = spec["marital"]
    p_single = 1.0 / (1.0 + np.exp((age - m["single_centre"]) / m["single_scale"]))
    u = rng.random(n)
    marital = np.where(
        u < p_single, 1, np.where(u < p_single + (1 - p_single) * m["divorced_share"], 3, 2)
    )
    education = 1 + rng.choice(len(spec["education_probs"]), n, p=spec["education_probs"])
    post = 1 + rng.choice(len(spec["post_probs"]), n, p=spec["post_probs"])
    station = np.where(rng.random(n) < spec["urban_share"], 1, 2)
    r = spec["rank"]
    rank = _cut(years / 10 + rng.normal(0, r["sd"], n), r["cuts"])
    p = spec["pay"]
    pay_star = (
        p["rank"] * rank
        + p["years"] * years
        + p["urban"] * (station == 1)
        + rng.normal(0, p["sd"], n)
    )
    pay_band = _cut(pay_star, p["cuts"])
    return pd.DataFrame(
        {
            "gender": gender,
            "age": age,
            "marital": marital,
            "education": education,
            "service_band": service_band,
            "post": post,
            "rank": rank,
            "pay_band": pay_band,
            "station": station,
        }
    )


def _raw_shifts(demo: pd.DataFrame, effects: Mapping[str, Any], endo: list[str]) -> np.ndarray:
    out = np.zeros((len(demo), len(endo)))
    for lat, by_var in (effects or {}).items():
        k = endo.index(lat)
        for var, by_code in by_var.items():
            for code, shift in by_code.items():
                out[:, k] += float(shift) * (demo[var].to_numpy() == int(code))
    return out


# --------------------------------------------------------------------------------------------
# population moments
# --------------------------------------------------------------------------------------------


def _solve(population: Mapping[str, Any], shift_cov: np.ndarray):
    """Coefficients of every endogenous latent on the base variables, and residual variances."""
    exo, endo, structural = _structure(population)
    R = _correlation_matrix(population, exo)
    inter = _interactions(population, exo, R)
    p, m = len(exo), len(endo)
    size = p + 2 * m + len(inter)  # X, centred shifts D, residuals zeta, standardized products
    cov = np.zeros((size, size))
    cov[:p, :p] = R
    cov[p : p + m, p : p + m] = shift_cov
    # (XW - r) / sqrt(1 + r^2) has variance 1 and is uncorrelated with X, D and zeta (the odd
    # moments of a normal vector vanish)
    for j in range(len(inter)):
        cov[p + 2 * m + j, p + 2 * m + j] = 1.0
    coef = np.zeros((m, size))
    psi = np.zeros(m)
    for k, lat in enumerate(endo):
        a = np.zeros(size)
        for rhs, w in structural[lat].items():
            if rhs in exo:
                a[exo.index(rhs)] += float(w)
            else:
                a += float(w) * coef[endo.index(rhs)]
        for j, (y, _, _, w, _) in enumerate(inter):
            if y == lat:
                a[p + 2 * m + j] += w
        a[p + k] = 1.0
        explained = float(a @ cov @ a)
        if explained >= 1:
            raise ValueError(
                f"population: latent.structural.{lat}: predictors and demographic shifts explain "
                f"{explained:.3f} >= 1 of its variance; lower the weights"
            )
        psi[k] = 1.0 - explained
        cov[p + m + k, p + m + k] = psi[k]
        a[p + m + k] = 1.0
        coef[k] = a
    return exo, endo, R, coef, psi


def _shift_moments(population: Mapping[str, Any], n_draws: int = 400_000):
    """Population mean and covariance of the demographic shifts (Monte Carlo, own generator)."""
    _, endo, _ = _structure(population)
    rng = np.random.default_rng([int(_get(population, "seed")), 1])
    demo = _draw_demographics(rng, n_draws, _get(population, "demographics"))
    shifts = _raw_shifts(demo, population.get("demographic_effects") or {}, endo)
    mean = shifts.mean(axis=0)
    centred = shifts - mean
    cov = np.cov(centred, rowvar=False, bias=True)
    return endo, mean, cov, demo, centred


def population_moments(population: Mapping[str, Any], n_draws: int = 400_000) -> PopulationMoments:
    """Population values implied by a population specification.

    Parameters
    ----------
    population : mapping
        The population specification (``data/population.yaml``).
    n_draws : int
        Demographic profiles drawn to compute the moments of the demographic shifts (the
        demographics are discrete apart from age, so this is a Monte Carlo integral with its own
        generator ``default_rng([seed, 1])``; it does not touch the survey's generator).

    Returns
    -------
    PopulationMoments
        ``parameters`` with columns ``lhs``, ``op``, ``rhs``, ``value``; ``group_means`` with
        columns ``group_var``, ``level``, ``share``, ``latent``, ``mean``.

    Notes
    -----
    With exogenous latents X ~ N(0, R), centred demographic shifts D (independent of X) and
    residuals zeta, each endogenous latent is a linear combination eta_k = a_k' (X, D, zeta);
    the residual variance is psi_k = 1 - a_k' Sigma a_k (before adding zeta_k) so that
    Var(eta_k) = 1. A product term of ``latent.interactions`` (``EE: {WL:SS: -0.10}``) adds
    its weight times the standardized product :math:`(XW - r_{XW}) / \\sqrt{1 + r_{XW}^2}`,
    which has variance 1 and is uncorrelated with X, D and zeta for normal X, so the budget
    Var(eta_k) = 1 still holds and the weight is the product's standardized coefficient
    (the ``~`` row ``EE ~ WL:SS``). Group means are a_k' E[(X, D, zeta) | level] =
    a_k,D' E[D | level]
    (Bollen, 1989, ch. 4, for the reduced form of a recursive model).
    """
    _, _, shift_cov, demo, centred = _shift_moments(population, n_draws)
    exo, endo, R, coef, psi = _solve(population, shift_cov)
    p, m = len(exo), len(endo)
    rows = []
    for lhs, rhs_map in _get(population, "latent.structural").items():
        for rhs, w in rhs_map.items():
            rows.append((lhs, "~", rhs, float(w)))
    for lhs, x, w, weight, _ in _interactions(population, exo, R):
        rows.append((lhs, "~", f"{x}:{w}", weight))  # on the standardized product
    for i in range(p):
        for j in range(i + 1, p):
            rows.append((exo[i], "~~", exo[j], float(R[i, j])))
    for k, lat in enumerate(endo):
        rows.append((lat, "~~", lat, float(psi[k])))
    for k, lat in enumerate(endo):
        d = coef[k, p : p + m]
        rows.append((lat, "r2_demo", lat, float(d @ shift_cov @ d)))
    for item, lam in _get(population, "measurement.loadings").items():
        rows.append(("", "=~", str(item), float(lam)))
    parameters = pd.DataFrame(rows, columns=["lhs", "op", "rhs", "value"])
    means = []
    for var in DEMOGRAPHIC_COLUMNS:
        if var == "age":
            continue
        values = demo[var].to_numpy()
        for level in np.unique(values):
            mask = values == level
            level_means = coef[:, p : p + m] @ centred[mask].mean(axis=0)
            for k, lat in enumerate(endo):
                means.append((var, float(level), float(mask.mean()), lat, float(level_means[k])))
    group_means = pd.DataFrame(means, columns=["group_var", "level", "share", "latent", "mean"])
    return PopulationMoments(parameters=parameters, group_means=group_means)


# --------------------------------------------------------------------------------------------
# the survey
# --------------------------------------------------------------------------------------------


def _lognormal(rng: np.random.Generator, n: int, spec: Mapping[str, Any]) -> np.ndarray:
    d = rng.lognormal(np.log(spec["median_sec"]), spec["sigma_log"], n)
    return np.maximum(np.floor(d), spec["floor_sec"]).astype(int)


def simulate_survey(population: Mapping[str, Any], codebook: Codebook) -> SimulatedSurvey:
    """Draw one raw survey, with its true latent scores and a list of its flaws.

    Parameters
    ----------
    population : mapping
        The population specification (``data/population.yaml``): ``seed``, ``n_respondents``,
        ``latent`` (exogenous latents, their correlations, structural weights),
        ``demographic_effects``, ``demographics``, ``measurement`` (thresholds per scale,
        loadings per item), ``questionnaire``, ``duration`` and ``flaws``.
    codebook : Codebook
        The study's codebook: scales, items, reverse keying, range, attention checks.

    Returns
    -------
    SimulatedSurvey
        ``data`` (columns ``respondent_id``, ``duration_sec``, the demographics ``gender``,
        ``age``, ``marital``, ``education``, ``service_band``, ``post``, ``rank``,
        ``pay_band``, ``station``, then the items in questionnaire order), ``latent``
        (``person``, ``row``, ``respondent_id``, one column per latent, ``demo_<latent>``) and
        ``flaws`` (``row``, ``respondent_id``, ``flaw``, ``column``, ``value``).

    Raises
    ------
    ValueError
        When the population and the codebook do not fit together (a scale without a latent,
        an item without a loading, thresholds that do not match the answer range, ...).

    Notes
    -----
    Latent variables follow the recursive model of :func:`population_moments`; each answer is
    an ordinal discretization of a normal latent response y* = lambda eta + sqrt(1 - lambda^2) e
    at fixed thresholds (Muthen, 1984), reversed (min + max - keyed) for reverse-keyed items.
    Flaws follow the typology of careless responding of Meade and Craig (2012) and Curran
    (2016): break-offs, straight-lining, random responding, speeding, duplicates, typos.
    Every random draw comes from one ``default_rng(seed)`` in a fixed order (demographics,
    exogenous latents, residuals, item responses, durations, flaws); the population moments
    use their own generator (see :func:`population_moments`).
    """
    _check(population, codebook)
    _, shift_mean, shift_cov, _, _ = _shift_moments(population)
    exo, endo, R, _, psi_values = _solve(population, shift_cov)
    psi = dict(zip(endo, psi_values, strict=True))
    structural = _get(population, "latent.structural")
    n = int(_get(population, "n_respondents"))
    flaws_spec = _get(population, "flaws")
    rng = np.random.default_rng(int(_get(population, "seed")))

    # demographics and latent variables
    demo = _draw_demographics(rng, n, _get(population, "demographics"))
    shifts = _raw_shifts(demo, population.get("demographic_effects") or {}, endo) - shift_mean
    X = rng.standard_normal((n, len(exo))) @ np.linalg.cholesky(R).T
    zeta = rng.standard_normal((n, len(endo))) * np.sqrt([psi[e] for e in endo])
    latent = {x: X[:, i] for i, x in enumerate(exo)}
    inter = _interactions(population, exo, R)
    for k, lat in enumerate(endo):
        v = shifts[:, k] + zeta[:, k]
        for rhs, w in structural[lat].items():
            v = v + float(w) * latent[rhs]
        for y, a, b, w, r in inter:
            if y == lat:
                v = v + w * (latent[a] * latent[b] - r) / np.sqrt(1 + r**2)
        latent[lat] = v

    # item answers (keyed, then reversed where the codebook says so)
    loadings = _get(population, "measurement.loadings")
    thresholds = _get(population, "measurement.thresholds")
    attention_after = _get(population, "questionnaire.attention_after")
    columns: list[str] = []
    answers: dict[str, np.ndarray] = {}
    for s in codebook.scales:
        th = np.asarray(thresholds[s.name], dtype=float)
        for item in s.items:
            lam = float(loadings[item])
            ystar = lam * latent[s.name] + np.sqrt(1 - lam**2) * rng.standard_normal(n)
            keyed = s.low + np.searchsorted(th, ystar, side="left")
            answers[item] = (s.low + s.high - keyed) if item in s.reverse else keyed
            columns.append(item)
            for aq, after in attention_after.items():
                if after == item:
                    columns.append(aq)
    for aq, correct in codebook.attention.items():
        answers[aq] = np.full(n, correct)
    scale_items = codebook.items
    q = np.column_stack([answers[c] for c in columns]).astype(float)
    col_index = {c: i for i, c in enumerate(columns)}
    duration = _lognormal(rng, n, _get(population, "duration"))

    # respondent-level flaws on disjoint, randomly chosen respondents
    order = rng.permutation(n)
    sizes = {
        "breakoff": flaws_spec["breakoff"]["n"],
        "straightliner": flaws_spec["straightliners"]["n"],
        "random_responder": flaws_spec["random_responders"]["n"],
        "speeder": flaws_spec["speeders"]["n"],
        "attention_slip": flaws_spec["attention_slips"]["n"],
        "exact_duplicate": flaws_spec["exact_duplicates"]["n"],
        "duplicate_id": flaws_spec["duplicate_ids"]["n"],
        "id_donor": flaws_spec["duplicate_ids"]["n"],
    }
    groups: dict[str, np.ndarray] = {}
    start = 0
    for name, size in sizes.items():
        groups[name] = np.sort(order[start : start + size])
        start += size
    clean_pool = np.sort(order[start:])
    flagged = np.concatenate([groups[g] for g in sizes if g not in ("exact_duplicate", "id_donor")])
    records: list[tuple[int, str, str, str]] = []  # person, flaw, column, value

    st = flaws_spec["straightliners"]
    for i in groups["straightliner"]:
        v = rng.choice(st["values"], p=st["probs"])
        q[i, :] = v
        records.append((i, "straightliner", "", str(int(v))))
    duration[groups["straightliner"]] = _lognormal(rng, sizes["straightliner"], st)
    rr = flaws_spec["random_responders"]
    for i in groups["random_responder"]:
        q[i, :] = rng.integers(1, 6, q.shape[1])
        records.append((i, "random_responder", "", ""))
    duration[groups["random_responder"]] = _lognormal(rng, sizes["random_responder"], rr)
    lo, hi = flaws_spec["speeders"]["duration_sec"]
    duration[groups["speeder"]] = np.floor(rng.uniform(lo, hi, sizes["speeder"])).astype(int)
    for i in groups["speeder"]:
        records.append((i, "speeder", "duration_sec", str(duration[i])))
    aq_names = list(codebook.attention)
    for i in groups["attention_slip"]:
        aq = aq_names[int(rng.integers(0, len(aq_names)))]
        correct = codebook.attention[aq]
        # "strongly" instead of the requested answer, i.e. one step away from the middle
        middle = (codebook.scales[0].low + codebook.scales[0].high) / 2
        wrong = correct + 1 if correct >= middle else correct - 1
        q[i, col_index[aq]] = wrong
        records.append((i, "attention_slip", aq, str(int(wrong))))
    bo = flaws_spec["breakoff"]
    last_scale_first = col_index[codebook.scales[-1].items[0]]
    for i in groups["breakoff"]:
        share = rng.uniform(*bo["start_share"])
        k = min(int(np.floor(share * len(columns))), last_scale_first)
        q[i, k:] = np.nan
        records.append((i, "breakoff", columns[k], ""))

    # sporadic item non-response (MAR on service band) for the attentive respondents
    nr = flaws_spec["item_nonresponse"]
    careless = np.concatenate(
        [groups["breakoff"], groups["straightliner"], groups["random_responder"]]
    )
    eligible = np.setdiff1d(np.arange(n), careless)
    mult = np.asarray(nr["service_band_multiplier"], dtype=float)
    p_skip = nr["skipper_share"] * mult[demo["service_band"].to_numpy()[eligible] - 1]
    skippers = eligible[rng.random(len(eligible)) < p_skip]
    item_cols = [col_index[c] for c in scale_items]
    for i in skippers:
        k = min(1 + int(rng.poisson(nr["extra_items_mean"])), len(item_cols))
        for j in np.sort(rng.choice(item_cols, k, replace=False)):
            q[i, j] = np.nan
            records.append((int(i), "item_nonresponse", columns[j], ""))

    # data-entry typos, clustered on a few questionnaires, then a few odd entries; only on
    # respondents without respondent-level flaws and only in answered cells
    oor, nn, pad = (
        flaws_spec["out_of_range"],
        flaws_spec["non_numeric"],
        flaws_spec["padded_numbers"],
    )
    candidates = np.setdiff1d(np.arange(n), flagged)
    used: set[tuple[int, int]] = set()
    remaining = int(oor["n"])
    while remaining > 0:
        i = int(rng.choice(candidates))
        answered = [j for j in item_cols if not np.isnan(q[i, j]) and (i, j) not in used]
        k = min(1 + int(rng.poisson(oor["extra_cells_mean"])), remaining, len(answered))
        for j in np.sort(rng.choice(answered, k, replace=False)):
            q[i, j] = rng.choice(oor["values"])
            used.add((i, int(j)))
            records.append((i, "out_of_range", columns[j], str(int(q[i, j]))))
        remaining -= k
    cells = [
        (int(i), j)
        for i in candidates
        for j in item_cols
        if not np.isnan(q[i, j]) and (int(i), j) not in used
    ]
    kinds = ["N/A"] * nn["n_na"] + ["x"] * nn["n_x"] + ["padded_number"] * pad["n"]
    picked = rng.choice(len(cells), len(kinds), replace=False)
    text: dict[tuple[int, int], str] = {}
    for kind, c in zip(kinds, picked, strict=True):
        i, j = cells[c]
        if kind == "padded_number":
            text[(i, j)] = f"{int(q[i, j])} "
            records.append((i, "padded_number", columns[j], text[(i, j)]))
        else:
            text[(i, j)] = kind
            records.append((i, "non_numeric", columns[j], kind))

    # demographic flaws
    demo_out = demo.astype("Int64")
    ages = flaws_spec["age_typos"]["values"]
    for i, age in zip(rng.choice(clean_pool, len(ages), replace=False), ages, strict=True):
        demo_out.loc[i, "age"] = int(age)
        records.append((int(i), "age_typo", "age", str(age)))
    for var, k in flaws_spec["demographic_nonresponse"].items():
        for i in np.sort(rng.choice(clean_pool, k, replace=False)):
            demo_out.loc[i, var] = pd.NA
            records.append((int(i), "demographic_nonresponse", var, ""))

    # identifiers, duplicate IDs, exact duplicate submissions
    ids = np.array([f"P{i + 1:05d}" for i in range(n)], dtype=object)
    for i, donor in zip(groups["duplicate_id"], groups["id_donor"], strict=True):
        ids[i] = ids[donor]
        records.append((int(i), "duplicate_id", "respondent_id", ids[i]))
    row_order = list(range(n))
    copies = []
    for src in groups["exact_duplicate"]:
        pos = row_order.index(src)
        at = int(rng.integers(pos + 1, len(row_order) + 1))
        row_order.insert(at, int(src))
        copies.append(int(src))

    # assemble the data in row order
    frame: dict[str, Any] = {
        "respondent_id": pd.array(ids[row_order], dtype=object),
        codebook.duration_column or "duration_sec": pd.array(duration[row_order], dtype="Int64"),
    }
    for c in DEMOGRAPHIC_COLUMNS:
        frame[c] = demo_out[c].to_numpy()[row_order]
        frame[c] = pd.array(frame[c], dtype="Int64")
    text_cols = {j for (_, j) in text}
    for j, c in enumerate(columns):
        vals = q[row_order, j]
        if j in text_cols:
            obj = [None if np.isnan(v) else int(v) for v in vals]
            for r, person in enumerate(row_order):
                if (person, j) in text:
                    obj[r] = text[(person, j)]
            frame[c] = pd.array(obj, dtype=object)
        else:
            frame[c] = pd.array([pd.NA if np.isnan(v) else int(v) for v in vals], dtype="Int64")
    data = pd.DataFrame(frame)

    # rows: first occurrence for each person; copies point to the later row
    first_row: dict[int, int] = {}
    copy_rows: list[int] = []
    for r, person in enumerate(row_order):
        if person in first_row:
            copy_rows.append(r + 1)
        else:
            first_row[person] = r + 1
    flaw_rows = [(first_row[i], str(ids[i]), flaw, col, val) for i, flaw, col, val in records] + [
        (r, str(data.loc[r - 1, "respondent_id"]), "exact_duplicate", "", "") for r in copy_rows
    ]
    flaws = (
        pd.DataFrame(flaw_rows, columns=["row", "respondent_id", "flaw", "column", "value"])
        .sort_values(["row", "flaw", "column"], kind="stable")
        .reset_index(drop=True)
    )
    latent_df = pd.DataFrame(
        {
            "person": np.arange(1, n + 1),
            "row": [first_row[i] for i in range(n)],
            "respondent_id": ids,
        }
    )
    for lat in exo + endo:
        latent_df[lat] = latent[lat]
    for k, lat in enumerate(endo):
        if lat in (population.get("demographic_effects") or {}):
            latent_df[f"demo_{lat}"] = shifts[:, k]
    return SimulatedSurvey(data=data, latent=latent_df, flaws=flaws)
