"""surveysem.effects: enumeration, delta method (vs lavaan :=), bootstrap, hypotheses."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.effects import (
    Effect,
    bootstrap_effects,
    effect_values,
    enumerate_effects,
    estimate_effects,
    judge_hypotheses,
)
from surveysem.sem import ModelSpec, fit_model

REF = Path(__file__).parent / "reference"
POLDEM = ModelSpec(
    {
        "ind60": ("x1", "x2", "x3"),
        "dem60": ("y1", "y2", "y3", "y4"),
        "dem65": ("y5", "y6", "y7", "y8"),
    },
    "dem60 ~ ind60\ndem65 ~ ind60 + dem60",
    "y1 ~~ y5\ny2 ~~ y4 + y6\ny3 ~~ y7\ny4 ~~ y8\ny6 ~~ y8",
)


@pytest.fixture(scope="module")
def poldem():
    data = pd.read_csv(REF / "data" / "poldem.csv")
    return data, fit_model(data, POLDEM)


def test_enumerate_effects_auto_lists_direct_indirect_and_total():
    effects = enumerate_effects([("M", "X"), ("Y", "M"), ("Y", "X")])
    assert effects == [
        Effect(("X", "M"), "direct"),
        Effect(("X", "M"), "total"),
        Effect(("X", "Y"), "direct"),
        Effect(("X", "M", "Y"), "indirect"),
        Effect(("X", "Y"), "total"),
        Effect(("M", "Y"), "direct"),
        Effect(("M", "Y"), "total"),
    ]
    # every structural path has a direct and a total row, also without an indirect path
    kinds = {(e.label, e.kind) for e in enumerate_effects([("B", "A")])}
    assert kinds == {("A -> B", "direct"), ("A -> B", "total")}
    listed = enumerate_effects([("M", "X"), ("Y", "M")], ["X -> M -> Y"])
    assert listed == [Effect(("X", "M", "Y"), "indirect"), Effect(("X", "Y"), "total")]


def test_delta_method_effects_equal_lavaan_defined_parameters(poldem):
    data, fit = poldem
    eff = estimate_effects(data, POLDEM, fit, n_boot=0).set_index(["effect", "kind"])
    ref = pd.read_csv(REF / "sem" / "poldem_sem_ml_estimates.csv")
    ref = ref[ref["op"] == ":="].set_index("lhs")
    ind = eff.loc[("ind60 -> dem60 -> dem65", "indirect")]
    tot = eff.loc[("ind60 -> dem65", "total")]
    for ours, lav in ((ind, "ind_eff"), (tot, "total")):
        assert ours["est"] == pytest.approx(ref.loc[lav, "est"], abs=1e-3)
        assert ours["se"] == pytest.approx(ref.loc[lav, "se"], abs=1e-3)
        assert ours["std_all"] == pytest.approx(ref.loc[lav, "std.all"], abs=1e-3)
    assert (eff["method"] == "delta method (Wald)").all()


def test_bootstrap_is_seeded_and_independent_of_the_process_split(poldem):
    data, fit = poldem
    effects = enumerate_effects(POLDEM.regressions())
    one = bootstrap_effects(data, POLDEM, fit, effects, n_boot=24, seed=7, n_jobs=1)
    seen = []
    two = bootstrap_effects(
        data, POLDEM, fit, effects, n_boot=24, seed=7, n_jobs=2, progress=lambda *a: seen.append(a)
    )
    np.testing.assert_array_equal(one.raw, two.raw)
    assert seen == [(3 * k, 24) for k in range(1, 9)]  # 8 batches of 3 resamples, in order
    other = bootstrap_effects(data, POLDEM, fit, effects, n_boot=24, seed=8, n_jobs=1)
    assert not np.allclose(one.raw, other.raw)
    assert one.ok.all()


def test_bootstrap_table_counts_resamples_and_brackets_the_estimate(poldem):
    data, fit = poldem
    eff = estimate_effects(data, POLDEM, fit, n_boot=60, seed=3)
    assert (eff["method"] == "percentile bootstrap, 60 resamples").all()
    assert (eff["n_failed"] >= 0).all() and "n_nonadmissible" in eff
    assert (eff["ci_low"] < eff["est"]).all() and (eff["est"] < eff["ci_high"]).all()
    assert (eff["std_ci_low"] < eff["std_all"]).all()


def test_hypotheses_are_judged_by_sign_and_interval(poldem):
    data, fit = poldem
    eff = estimate_effects(data, POLDEM, fit, n_boot=0)
    hyps = [
        {"id": "H1", "path": "dem60 ~ ind60", "sign": "+", "text": "a"},
        {"id": "H2", "path": "dem60 ~ ind60", "sign": "-", "text": "b"},
        {"id": "H3", "effect": "ind60 -> dem60 -> dem65", "sign": "+", "text": "c"},
    ]
    table = judge_hypotheses(hyps, fit.estimates, eff).set_index("id")
    assert table.loc["H1", "supported"] and not table.loc["H2", "supported"]
    assert "opposite" in table.loc["H2", "evidence"]
    assert table.loc["H1", "reason"] == "" and table.loc["H2", "reason"] == "opposite_reliable"
    assert table.loc["H3", "supported"]
    with pytest.raises(ValueError, match="H9"):
        judge_hypotheses(
            [{"id": "H9", "path": "dem65 ~ x1", "sign": "+", "text": "d"}], fit.estimates, eff
        )


def test_fiml_bootstrap_is_seeded_and_converges():
    """The FIML bootstrap (case weights on the pattern statistics, warm-started BFGS on the
    FIML objective) gives the same draws for the same seed however it is split."""
    data = pd.read_csv(REF / "data" / "poldem.csv")
    cols = list(data.columns)
    for i in range(len(data)):
        for j in range(len(cols)):
            if (i * 7 + j * 13) % 17 == 0:
                data.iat[i, j] = np.nan
    assert data.isna().any(axis=1).sum() > 30
    fit = fit_model(data, POLDEM, missing="fiml")
    effects = enumerate_effects(POLDEM.regressions())
    one = bootstrap_effects(data, POLDEM, fit, effects, n_boot=8, seed=11, n_jobs=1)
    two = bootstrap_effects(data, POLDEM, fit, effects, n_boot=8, seed=11, n_jobs=2)
    np.testing.assert_array_equal(one.raw, two.raw)
    assert one.ok.all()
    est, _ = effect_values(fit, fit.params, effects)
    assert np.isfinite(one.raw).all() and not np.allclose(one.raw, est)  # refitted, not stuck


def _poldem_composites():
    data = pd.read_csv(REF / "data" / "poldem.csv")
    data["X"] = data[["x1", "x2", "x3"]].mean(axis=1)
    data["M"] = data[["y1", "y2", "y3", "y4"]].mean(axis=1)
    data["Y"] = data[["y5", "y6", "y7", "y8"]].mean(axis=1)
    return data


COMPOSITE_MODELS = {
    # composite predictor and outcome, latent mediator
    "comp_xy": ModelSpec({"dem60": ("y1", "y2", "y3", "y4")}, "dem60 ~ X\nY ~ dem60 + X"),
    # latent predictor, composite mediator and outcome
    "comp_my": ModelSpec({"ind60": ("x1", "x2", "x3")}, "M ~ ind60\nY ~ M + ind60"),
}


@pytest.mark.parametrize("name", sorted(COMPOSITE_MODELS))
def test_effects_through_and_into_composites_equal_lavaan(name):
    """Composites (observed item means) as predictors, mediators and outcomes: the indirect
    and total effects and their delta-method SEs equal lavaan's := (the bug of issue 13:
    an effect ending in a composite used to fail)."""
    spec = COMPOSITE_MODELS[name]
    data = _poldem_composites()
    fit = fit_model(data, spec)
    eff = estimate_effects(data, spec, fit, n_boot=0).set_index(["effect", "kind"])
    ref = pd.read_csv(REF / "moderation" / f"{name}_estimates.csv").set_index("lhs")
    x, m = ("X", "dem60") if name == "comp_xy" else ("ind60", "M")
    ind = eff.loc[(f"{x} -> {m} -> Y", "indirect")]
    tot = eff.loc[(f"{x} -> Y", "total")]
    for ours, lav in ((ind, "ind"), (tot, "tot")):
        assert ours["est"] == pytest.approx(ref.loc[lav, "est"], abs=1e-3)
        assert ours["se"] == pytest.approx(ref.loc[lav, "se"], abs=1e-3)
        assert ours["std_all"] == pytest.approx(ref.loc[lav, "std.all"], abs=1e-3)
    boot = estimate_effects(data, spec, fit, n_boot=40, seed=5).set_index(["effect", "kind"])
    assert boot.loc[(f"{x} -> {m} -> Y", "indirect"), "n_failed"] == 0
    assert np.isfinite(boot["ci_low"]).all()
    hyps = [
        {"id": "H1", "path": f"Y ~ {m}", "sign": "+", "text": "outcome"},
        {"id": "H2", "path": f"{m} ~ {x}", "sign": "+", "text": "predictor"},
        {"id": "H3", "effect": f"{x} -> {m} -> Y", "sign": "+", "text": "mediator"},
    ]
    table = judge_hypotheses(hyps, fit.estimates, boot.reset_index()).set_index("id")
    assert table["supported"].all()
    assert table.loc["H3", "est"] == pytest.approx(ref.loc["ind", "est"], abs=1e-3)


def test_effects_name_an_unknown_variable():
    data = _poldem_composites()
    spec = COMPOSITE_MODELS["comp_xy"]
    fit = fit_model(data, spec)
    with pytest.raises(ValueError, match="Q are not in the structural model"):
        effect_values(fit, fit.params, [Effect(("X", "Q"), "direct")])


@pytest.mark.parametrize(
    ("sign", "est", "lo", "hi", "reason"),
    [
        ("+", 0.3, 0.1, 0.5, ""),
        ("+", 0.1, -0.1, 0.3, "ci_zero"),
        ("+", -0.1, -0.3, 0.1, "opposite"),
        ("+", -0.3, -0.5, -0.1, "opposite_reliable"),
        ("-", 0.3, 0.1, 0.5, "opposite_reliable"),
    ],
)
def test_the_verdict_names_why_a_hypothesis_fails(sign, est, lo, hi, reason):
    from surveysem.effects import _verdict

    supported, _, why = _verdict(sign, est, lo, hi, "Wald")
    assert why == reason and supported == (reason == "")
