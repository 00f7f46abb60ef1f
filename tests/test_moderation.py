"""surveysem.moderation: product terms, simple slopes, Johnson-Neyman bounds, conditional
indirect effects and the index of moderated mediation, against lavaan / semTools
(tests/reference/R/moderation.R)."""

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from surveysem.codebook import parse_codebook
from surveysem.effects import judge_hypotheses
from surveysem.models import fit_structural, structural_effects_probed
from surveysem.moderation import (
    Product,
    add_products,
    display_name,
    find_products,
    johnson_neyman_bounds,
    product_spec,
)
from surveysem.sem import ModelSpec, fit_model
from surveysem.study import check_study

ROOT = Path(__file__).parents[1]
REF = ROOT / "tests" / "reference" / "moderation"
REALDATA = Path(os.environ.get("SURVEYSEM_REALDATA", ROOT.parent / "shared" / "realdata"))
PASKVAN = REALDATA / "paskvan2016_work_intensification" / "Paskvan.csv"
PRASOJO = REALDATA / "prasojo2020_teacher_burnout" / "teachers_burnout_prasojo2020.csv"
FIXTURE = ROOT / "tests" / "fixtures" / "paskvan"
needs_paskvan = pytest.mark.skipif(not PASKVAN.exists(), reason=f"{PASKVAN} is absent")
needs_prasojo = pytest.mark.skipif(not PRASOJO.exists(), reason=f"{PRASOJO} is absent")


def _ref_defined(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / f"{name}_defined.csv").set_index("lhs")


# ------------------------------------------------------------------ syntax


def test_product_terms_are_parsed_named_and_checked():
    spec = ModelSpec({"A": ("a1", "a2", "a3"), "B": ("b1", "b2")}, "Y ~ A + B + A:B\nZ ~ Y + C + C:A")
    prods = find_products(spec)
    assert prods == [
        Product("A", "B", (("a1", "b1"), ("a2", "b2"))),  # a3: the longer scale's extra item
        Product("C", "A", (("C", "a1"), ("C", "a2"), ("C", "a3"))),
    ]
    fitted, _ = product_spec(spec)
    assert "Y ~ A + B + A__x__B" in fitted.structural
    assert fitted.measurement["A__x__B"] == ("a1__x__b1", "a2__x__b2")
    assert display_name("A__x__B -> Y") == "A:B -> Y"
    with pytest.raises(ValueError, match="multiplies A by itself"):
        find_products(ModelSpec({}, "Y ~ A + A:A"))
    with pytest.raises(ValueError, match="uses Q, which is not in the model"):
        find_products(ModelSpec({}, "Y ~ A + A:Q"))


def test_observed_products_are_centred_and_latent_ones_double_centred():
    rng = np.random.default_rng(1)
    d = pd.DataFrame(rng.normal(3, 1, size=(50, 4)), columns=["x", "w", "a1", "a2"])
    out = add_products(d, [Product("x", "w"), Product("A", "w", (("a1", "w"), ("a2", "w")))])
    xc, wc = d["x"] - d["x"].mean(), d["w"] - d["w"].mean()
    np.testing.assert_allclose(out["x__x__w"], xc * wc)
    p = (d["a1"] - d["a1"].mean()) * wc
    np.testing.assert_allclose(out["a1__x__w"], p - p.mean())


@needs_prasojo
def test_product_indicators_equal_semtools_indprod():
    data = pd.read_csv(PRASOJO)
    spec = ModelSpec(
        {"TSC": tuple(f"TSC{i}" for i in range(1, 6)), "TE": ("TE1", "TE2", "TE3", "TE5")},
        "EE ~ TSC + TE + TSC:TE",
    )
    (prod,) = find_products(spec)
    ours = add_products(data, [prod])[prod.indicator_names()]
    ref = pd.read_csv(REF / "prasojo_latent_products_summary.csv")
    x = ours.to_numpy()
    got = np.column_stack([x.mean(0), x.std(0, ddof=1), x.min(0), x.max(0),
                           (x * np.arange(1, len(x) + 1)[:, None]).sum(0)])  # fmt: skip
    cols = ["mean", "sd", "min", "max", "weighted_sum"]
    np.testing.assert_allclose(got, ref[cols].to_numpy(), rtol=1e-10, atol=1e-10)


def test_johnson_neyman_bounds_solve_the_quadratic():
    lo, hi, lead = johnson_neyman_bounds(0.5, -0.2, 0.01, 0.001, 0.004)
    for w in (lo, hi):
        se = np.sqrt(0.01 + 2 * w * 0.001 + w**2 * 0.004)
        assert abs(0.5 - 0.2 * w) == pytest.approx(1.959963984540054 * se)
    assert lead > 0 and lo < hi
    assert np.isnan(johnson_neyman_bounds(0.0, 0.0, 0.01, 0.0, 0.01)[0])  # no real root


# ------------------------------------------------------------------ Paskvan (observed)


def _paskvan_study(bootstrap: int = 0, structural: str | None = None):
    from snakemake.utils import validate

    config = yaml.safe_load((FIXTURE / "study.yaml").read_text())
    config["data"]["path"] = str(PASKVAN)
    config["analysis"]["bootstrap"] = bootstrap
    if structural:
        config["model"]["structural"] = structural
        config["hypotheses"] = []
    validate(config, str(ROOT / "workflow" / "schemas" / "config.schema.yaml"))
    codebook = parse_codebook(yaml.safe_load((FIXTURE / "codebook.yaml").read_text()))
    check_study(config, codebook)
    return config, codebook, pd.read_csv(PASKVAN)


@needs_paskvan
def test_paskvan_first_stage_equals_lavaan():
    config, codebook, data = _paskvan_study()
    fit = fit_structural(data, config, codebook)
    est = fit.estimates[fit.estimates["op"] == "~"].set_index(["lhs", "rhs"])
    ref = pd.read_csv(REF / "paskvan_first_estimates.csv")
    ref = ref[ref["op"] == "~"].replace({"wi_pc": "WI:PC"})
    names = {"cogapp": "CA", "emotion": "EE", "wintense": "WI", "pclimate": "PC"}
    ref = ref.replace(names).set_index(["lhs", "rhs"])
    for key, r in ref.iterrows():
        assert est.loc[key, "est"] == pytest.approx(r["est"], abs=1e-3), key
        assert est.loc[key, "se"] == pytest.approx(r["se"], abs=1e-3), key
    # R² change of the interaction
    r2 = fit.r2.set_index("variable")
    rr = pd.read_csv(REF / "paskvan_first_r2change.csv").iloc[0]
    assert r2.loc["CA", "r2_change_interaction"] == pytest.approx(
        rr["r2_full"] - rr["r2_reduced"], abs=1e-6
    )
    assert np.isnan(r2.loc["EE", "r2_change_interaction"])
    res = structural_effects_probed(data, config, codebook)
    lav = _ref_defined("paskvan_first")
    cond = res.conditional.set_index(["effect", "moderator_level"])
    for k, level in enumerate(("-1 SD", "mean", "+1 SD"), start=1):
        for effect, name in (("WI -> CA", "slope"), ("WI -> CA -> EE", "ind")):
            row, r = cond.loc[(effect, level)], lav.loc[f"{name}_sd{k}"]
            assert row["est"] == pytest.approx(r["est"], abs=1e-3)
            assert row["se"] == pytest.approx(r["se"], abs=1e-3)
            assert row["pvalue"] == pytest.approx(r["pvalue"], abs=1e-3)
            assert row["moderator"] == "PC"
    index = res.effects.set_index("effect").loc["WI -> CA -> EE | PC"]
    assert index["kind"] == "index_moderated_mediation"
    assert index["est"] == pytest.approx(lav.loc["imm", "est"], abs=1e-3)
    assert index["se"] == pytest.approx(lav.loc["imm", "se"], abs=1e-3)
    jn = res.johnson_neyman.iloc[0]
    rj = pd.read_csv(REF / "paskvan_first_jn.csv").iloc[0]
    for c in ("lower", "upper", "observed_min", "observed_max"):
        assert jn[c] == pytest.approx(rj[c], abs=1e-3)
    assert jn["share_significant"] == 1.0 and not jn["inside_observed"]
    hyp = judge_hypotheses(config["hypotheses"], fit.estimates, res.effects).set_index("id")
    assert hyp.loc["H1", "est"] == pytest.approx(est.loc[("CA", "WI:PC"), "est"])
    assert hyp.loc["H2", "kind"] == "index_moderated_mediation"
    assert hyp["supported"].all()


@needs_paskvan
def test_paskvan_percentile_probe_equals_lavaan():
    config, codebook, data = _paskvan_study()
    config["analysis"]["probe"] = "percentiles"
    res = structural_effects_probed(data, config, codebook)
    lav = _ref_defined("paskvan_first")
    cond = res.conditional.set_index(["effect", "moderator_level"])
    for k, level in enumerate(("p16", "p50", "p84"), start=1):
        assert cond.loc[("WI -> CA", level), "est"] == pytest.approx(
            lav.loc[f"slope_percentiles{k}", "est"], abs=1e-3
        )
        assert cond.loc[("WI -> CA -> EE", level), "se"] == pytest.approx(
            lav.loc[f"ind_percentiles{k}", "se"], abs=1e-3
        )


@needs_paskvan
def test_paskvan_second_stage_equals_lavaan():
    config, codebook, data = _paskvan_study(structural="CA ~ WI\nEE ~ CA + PC + CA:PC + WI")
    res = structural_effects_probed(data, config, codebook)
    lav = _ref_defined("paskvan_second")
    index = res.effects.set_index("effect").loc["WI -> CA -> EE | PC"]
    assert index["est"] == pytest.approx(lav.loc["imm", "est"], abs=1e-3)
    assert index["se"] == pytest.approx(lav.loc["imm", "se"], abs=1e-3)
    cond = res.conditional.set_index(["effect", "moderator_level"])
    for k, level in enumerate(("-1 SD", "mean", "+1 SD"), start=1):
        row, r = cond.loc[("WI -> CA -> EE", level)], lav.loc[f"ind_sd{k}"]
        assert row["est"] == pytest.approx(r["est"], abs=1e-3)
        assert row["se"] == pytest.approx(r["se"], abs=1e-3)


@needs_paskvan
def test_paskvan_bootstrap_cis_agree_with_lavaan_and_do_not_depend_on_processes():
    """Percentile CIs from 1000 resamples each: the endpoints differ from lavaan's by Monte
    Carlo error only (well under 0.4 SE, about 3 SDs of the difference of two independent
    bootstrap quantiles); the same seed gives the same numbers on 1 or 2 processes."""
    config, codebook, data = _paskvan_study(bootstrap=1000)
    one = structural_effects_probed(data, config, codebook, n_jobs=1)
    two = structural_effects_probed(data, config, codebook, n_jobs=2)
    pd.testing.assert_frame_equal(one.conditional, two.conditional)
    pd.testing.assert_frame_equal(one.effects, two.effects)
    boot = pd.read_csv(REF / "paskvan_first_boot.csv").set_index("lhs")
    index = one.effects.set_index("effect").loc["WI -> CA -> EE | PC"]
    assert index["n_failed"] == 0 and "1000 resamples" in index["method"]
    cond = one.conditional.set_index(["effect", "moderator_level"])
    pairs = [(index, "imm")] + [
        (cond.loc[("WI -> CA -> EE", lvl)], f"ind_sd{k}")
        for k, lvl in enumerate(("-1 SD", "mean", "+1 SD"), start=1)
    ]
    for ours, name in pairs:
        r = boot.loc[name]
        assert abs(ours["ci_low"] - r["ci.lower"]) < 0.4 * r["se"], name
        assert abs(ours["ci_high"] - r["ci.upper"]) < 0.4 * r["se"], name
        assert ours["ci_low_bc"] < ours["est"] < ours["ci_high_bc"]


# ------------------------------------------------------------------ latent (Prasojo)


@needs_prasojo
def test_latent_interaction_equals_semtools_and_lavaan():
    data = pd.read_csv(PRASOJO)
    raw = ModelSpec(
        {
            "TSC": tuple(f"TSC{i}" for i in range(1, 6)),
            "TE": ("TE1", "TE2", "TE3", "TE5"),
            "EE": ("EE1", "EE2", "EE3", "EE4"),
        },
        "EE ~ TSC + TE + TSC:TE",
    )
    spec, prods = product_spec(raw)
    frame = add_products(data, prods)
    fit = fit_model(frame, spec)
    ref = pd.read_csv(REF / "prasojo_latent_estimates.csv")
    ref = ref[ref["op"].isin(["~", "=~", "~~"])].copy()
    for c in ("lhs", "rhs"):
        ref[c] = ref[c].str.replace("INT", "TSC__x__TE").str.replace(".", "__x__", regex=False)
    ref = ref.set_index(["lhs", "op", "rhs"])
    est = fit.estimates.set_index(["lhs", "op", "rhs"])
    diff = (est.loc[ref.index, ["est", "se"]] - ref[["est", "se"]]).abs().max()
    assert diff.max() < 1e-3, diff
    from surveysem.moderation import conditional_effects, johnson_neyman, moderation_probes

    probes = moderation_probes(fit, spec, prods)
    cond = conditional_effects(fit, frame, probes)
    slopes = pd.read_csv(REF / "prasojo_latent_slopes.csv")
    for c in ("moderator_value", "est", "se"):
        assert np.abs(cond[c].to_numpy() - slopes[c].to_numpy()).max() < 1e-3, c
    jn = johnson_neyman(fit, frame, probes).iloc[0]
    rj = pd.read_csv(REF / "prasojo_latent_jn.csv").iloc[0]
    assert jn["lower"] == pytest.approx(rj["lower"], abs=1e-3)
    assert jn["upper"] == pytest.approx(rj["upper"], abs=1e-3)
    assert np.isnan(jn["observed_min"]) and 0 < jn["share_significant"] <= 1


def test_products_are_removed_for_comparisons_that_cannot_carry_them():
    from surveysem.moderation import without_any_products, without_products

    spec = ModelSpec({}, "M ~ X + W + X:W\nY ~ b*M + X + M:W\nZ ~ X:W")
    assert without_products(spec, "M").structural.splitlines()[0] == "M ~ X + W"
    bare = without_any_products(spec)
    assert bare.regressions() == [("M", "X"), ("M", "W"), ("Y", "M"), ("Y", "X")]
    assert "b*M" in bare.structural


@needs_paskvan
def test_study_checks_name_moderators_that_moderate_nothing():
    config, codebook, _ = _paskvan_study()
    config["hypotheses"] = [
        {"id": "H9", "effect": "WI -> CA -> EE | EE", "sign": "-", "text": "x"},
        {"id": "H8", "path": "CA ~ WI : PC", "sign": "-", "text": "spaces are fine"},
    ]
    with pytest.raises(ValueError, match="H9.*names the moderator EE") as err:
        check_study(config, codebook)
    assert "H8" not in str(err.value)
    config["model"]["structural"] = "CA ~ WI + PC + WI:WI\nEE ~ CA"
    config["hypotheses"] = []
    with pytest.raises(ValueError, match="multiplies WI by itself"):
        from surveysem.study import model_spec

        model_spec(config, codebook)


@needs_prasojo
def test_latent_by_composite_product_and_a_latent_outcome_fit():
    """A latent focal predictor moderated by a composite: every item of the latent part
    times the centred composite; conditional effects and JN bounds exist, and the ordinal
    estimators refuse product indicators with a message."""
    from surveysem.models import structural_effects_probed as probed

    codebook = parse_codebook(
        {
            "scales": {
                "TSC": {"label": "Self-concept", "role": "resource", "level": "individual",
                        "items": [f"TSC{i}" for i in range(1, 5)], "range": [1, 5]},
                "TE": {"label": "Efficacy", "role": "resource", "level": "individual",
                       "items": ["TE1", "TE2", "TE3", "TE5"], "range": [1, 5]},
                "EE": {"label": "Exhaustion", "role": "burnout",
                       "items": [f"EE{i}" for i in range(1, 5)], "range": [1, 5]},
            }
        }
    )  # fmt: skip
    config = {
        "model": {"structural": "EE ~ TSC + TE + TSC:TE", "composites": ["TE"]},
        "analysis": {"estimator": "ML", "missing": "listwise", "ci_level": 0.95,
                     "bootstrap": 0, "seed": 1, "probe": "sd"},
    }  # fmt: skip
    data = pd.read_csv(PRASOJO)
    res = probed(data, config, codebook)
    assert list(res.conditional["moderator_level"]) == ["-1 SD", "mean", "+1 SD"]
    sd = data[["TE1", "TE2", "TE3", "TE5"]].mean(axis=1).std(ddof=1)
    assert res.conditional["moderator_value"].iloc[2] == pytest.approx(sd)
    assert np.isfinite(res.johnson_neyman["observed_max"]).all()
    fit = fit_structural(data, config, codebook)
    assert set(fit.estimates.loc[fit.estimates["op"] == "=~", "lhs"]) == {"TSC", "EE", "TSC:TE"}
    assert "r2_change_interaction" in fit.r2  # latent outcome: NaN
    assert fit.r2["r2_change_interaction"].isna().all()
    config["analysis"]["estimator"] = "WLSMV"
    with pytest.raises(ValueError, match="product terms .* need continuous items"):
        fit_structural(data, config, codebook)


# ------------------------------------------------------------------ the default study


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_default_study_recovers_the_true_buffering_effect():
    """data/population.yaml gives EE a standardized WL x SS product coefficient of -0.10
    (support buffers workload); the default study's latent interaction (H16) estimates it
    with a 95% CI (Wald, standardized) that covers the truth, and the hypotheses H16 and H17
    are judged from it."""
    import sys

    from surveysem.codebook import read_codebook
    from surveysem.simulate import population_moments

    sys.path.insert(0, str(ROOT / "tests"))
    from test_sem import _default_clean_data

    pop = yaml.safe_load((ROOT / "data" / "population.yaml").read_text(encoding="utf-8"))
    truth = population_moments(pop, n_draws=20_000).parameters.set_index(["lhs", "op", "rhs"])
    assert truth.loc[("EE", "~", "WL:SS"), "value"] == -0.10
    cfg, cb, data = _default_clean_data()
    assert "WL:SS" in cfg["model"]["structural"]
    cfg["analysis"].setdefault("probe", "sd")
    cb = read_codebook(str(ROOT / "data" / "codebook.yaml"))
    fit = fit_structural(data, cfg, cb)
    row = fit.estimates.set_index(["lhs", "op", "rhs"]).loc[("EE", "~", "WL:SS")]
    scale = row["std_all"] / row["est"]
    lo, hi = sorted((row["ci_low"] * scale, row["ci_high"] * scale))
    assert lo < -0.10 < hi, (lo, row["std_all"], hi)
    assert row["pvalue"] < 0.05
    no_boot = {**cfg, "analysis": {**cfg["analysis"], "bootstrap": 0}}
    res = structural_effects_probed(data, no_boot, cb)
    hyp = judge_hypotheses(
        [h for h in cfg["hypotheses"] if h["id"] in ("H16", "H17")], fit.estimates, res.effects
    ).set_index("id")
    assert hyp.loc["H16", "supported"] and hyp.loc["H17", "kind"] == "index_moderated_mediation"
    slopes = res.conditional[res.conditional["effect"] == "WL -> EE"]
    assert (np.diff(slopes["est"].to_numpy()) < 0).all()  # weaker with more support
