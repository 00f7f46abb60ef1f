"""Tests for surveysem.efa against psych 2.2.9 and GPArotation (tests/reference/R/reliability.R)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_reliability import DATASETS, load, ref

from surveysem import efa
from surveysem.criteria import HARMAN_MAX

NAMES = list(DATASETS)


def items_of(name):
    return [i for its in DATASETS[name][1].values() for i in its]


def match_columns(got: np.ndarray, exp: np.ndarray) -> float:
    """Largest absolute difference after matching columns up to order and sign."""
    k = exp.shape[1]
    used, worst = set(), 0.0
    for j in range(k):
        best, arg = np.inf, None
        for m in range(k):
            if m in used:
                continue
            d = min(np.abs(got[:, j] - exp[:, m]).max(), np.abs(got[:, j] + exp[:, m]).max())
            if d < best:
                best, arg = d, m
        used.add(arg)
        worst = max(worst, best)
    return worst


@pytest.mark.parametrize("name", NAMES)
def test_kmo_matches_psych(name):
    data, _ = load(name)
    got = efa.kmo(data, items_of(name))
    exp = ref(name, "kmo")
    assert list(got["item"]) == list(exp["item"])
    np.testing.assert_allclose(got["msa"], exp["msa"], atol=1e-10)


@pytest.mark.parametrize("name", NAMES)
def test_bartlett_matches_psych(name):
    data, _ = load(name)
    got = efa.bartlett_test(data, items_of(name)).iloc[0]
    exp = ref(name, "bartlett").iloc[0]
    assert got["chisq"] == pytest.approx(exp["chisq"], abs=1e-6)
    assert got["df"] == exp["df"] and got["n"] == exp["n"]
    assert got["pvalue"] == pytest.approx(exp["pvalue"], abs=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_parallel_observed_eigenvalues_match_psych(name):
    data, _ = load(name)
    got = efa.parallel_analysis(data, items=items_of(name), n_iter=10, seed=3)
    exp = ref(name, "parallel")
    np.testing.assert_allclose(got["pc_observed"], exp["pc_values"], atol=1e-8)
    np.testing.assert_allclose(got["fa_observed"], exp["fa_values"], atol=1e-4)
    # retained = leading run above the simulated quantile
    n_pc = int(got["pc_retain"].sum())
    assert (got["pc_observed"][:n_pc] > got["pc_sim_quantile"][:n_pc]).all()
    assert got["pc_observed"].iloc[n_pc] <= got["pc_sim_quantile"].iloc[n_pc]


def test_parallel_is_seeded_and_finds_three_hs_factors():
    data, _ = load("hs")
    a = efa.parallel_analysis(data, n_iter=20, seed=1)
    b = efa.parallel_analysis(data, n_iter=20, seed=1)
    pd.testing.assert_frame_equal(a, b)
    c = efa.parallel_analysis(data, n_iter=20, seed=2)
    assert not np.allclose(a["pc_sim_mean"], c["pc_sim_mean"])
    # psych::fa.parallel: "number of factors = 3 and the number of components = 3"
    assert a["pc_retain"].sum() == 3 and a["fa_retain"].sum() == 3


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("method", ["minres", "ml"])
@pytest.mark.parametrize("rotation", ["none", "oblimin"])
def test_efa_loadings_match_psych(name, method, rotation):
    data, scales = load(name)
    k = len(scales)
    items = items_of(name)
    res = efa.efa(data, k, items=items, method=method, rotation=rotation)
    suffix = "_unrotated" if rotation == "none" else ""
    exp = ref(name, f"fa_{method}{suffix}")
    cols = [f"F{j + 1}" for j in range(k)]
    got = res.loadings.pivot(index="item", columns="factor", values="loading").loc[items, cols]
    assert match_columns(got.to_numpy(), exp[cols].to_numpy()) < 1e-4
    h2 = res.loadings.drop_duplicates("item").set_index("item")["communality"].loc[items]
    np.testing.assert_allclose(h2, exp["h2"], atol=1e-4)
    assert res.converged
    if rotation == "oblimin":
        phi = res.factor_correlations.pivot(index="factor_a", columns="factor_b", values="r")
        exp_phi = ref(name, f"fa_{method}_phi")[cols].to_numpy()
        got_off = np.sort(np.abs(phi.to_numpy()[np.triu_indices(k, 1)]))
        exp_off = np.sort(np.abs(exp_phi[np.triu_indices(k, 1)]))
        np.testing.assert_allclose(got_off, exp_off, atol=1e-4)


def test_variance_table_is_consistent():
    data, _ = load("hs")
    res = efa.efa(data, 3, method="minres")
    v = res.variance
    unrot = res.loadings.pivot(index="item", columns="factor", values="unrotated")
    np.testing.assert_allclose(v["ss_loadings_unrotated"], (unrot**2).sum().to_numpy())
    np.testing.assert_allclose(
        v["cum_prop_unrotated"].iloc[-1], v["ss_loadings_unrotated"].sum() / 9
    )
    assert (np.diff(v["ss_loadings"]) <= 0).all()  # ordered as psych
    assert res.loadings.groupby("item")["primary"].sum().eq(1).all()


@pytest.mark.parametrize("name", NAMES)
def test_harman_matches_first_principal_component(name):
    data, _ = load(name)
    got = efa.harman_single_factor(data, items_of(name))
    exp = ref(name, "harman").iloc[0]
    pc = got[got["method"] == "unrotated principal components"].iloc[0]
    assert pc["share"] == pytest.approx(exp["share"], abs=1e-10)
    assert pc["first_factor_variance"] == pytest.approx(exp["first_eigenvalue"], abs=1e-10)
    assert bool(pc["exceeds"]) == (exp["share"] > HARMAN_MAX.value)  # the 40% criterion
    strict = efa.harman_single_factor(data, items_of(name), threshold=0.5)
    assert bool(strict[strict["method"] == pc["method"]].iloc[0]["exceeds"]) == (exp["share"] > 0.5)


def test_oblimin_recovers_simple_structure():
    rng = np.random.default_rng(0)
    f = rng.multivariate_normal([0, 0], [[1, 0.4], [0.4, 1]], size=3000)
    lam = np.array([[0.8, 0], [0.7, 0], [0.6, 0], [0, 0.8], [0, 0.7], [0, 0.6]])
    x = f @ lam.T + rng.standard_normal((3000, 6)) * np.sqrt(1 - (lam**2).sum(1))
    res = efa.efa(pd.DataFrame(x, columns=list("abcdef")), 2, method="ml")
    got = res.loadings.pivot(index="item", columns="factor", values="loading").to_numpy()
    assert match_columns(got, lam) < 0.05
    r = res.factor_correlations.query("factor_a == 'F1' and factor_b == 'F2'")["r"].iloc[0]
    assert abs(r) == pytest.approx(0.4, abs=0.05)


def test_explore_factors_tables():
    data, scales = load("hs")
    res = efa.explore_factors(data, scales, n_iter=5, seed=1)
    assert res.loadings["scale"].tolist()[:3] == ["visual"] * 3
    assert len(res.loadings) == 27 and len(res.variance) == 3
    assert res.kmo["item"].iloc[0] == "overall"
    assert len(res.harman) == 2 and len(res.parallel) == 9


def test_errors():
    df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 2, 2], "c": [1, 3, 2, 4]})
    with pytest.raises(ValueError, match="no variance"):
        efa.kmo(df)
    with pytest.raises(ValueError, match="zz"):
        efa.bartlett_test(df, ["a", "zz"])
    with pytest.raises(ValueError, match="n_factors"):
        efa.extract_factors(np.eye(3), 3)
