"""surveysem.power: analytic RMSEA power (published values, semTools), the replication refit
against fit_model, shard invariance, Monte Carlo power against a lavaan simulation, and the
`power` target rule end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from surveysem import power as pw
from surveysem.effects import estimate_effects
from surveysem.models import apply_estimator
from surveysem.sem import ModelSpec, fit_model

ROOT = Path(__file__).resolve().parents[1]
REF = Path(__file__).parent / "reference"
SNAKEMAKE = Path(sys.executable).parent / "snakemake"

# ------------------------------------------------------------------ the mediation population
# X -> M -> Y (+ X -> Y), three indicators each; the same population as tests/reference/R/power.R
MEDIATION = ModelSpec(
    measurement={"X": ("x1", "x2", "x3"), "M": ("m1", "m2", "m3"), "Y": ("y1", "y2", "y3")},
    structural="M ~ X\nY ~ M + X",
)
TRUE = {
    "M ~ X": 0.3,
    "Y ~ M": 0.3,
    "Y ~ X": 0.1,
    "X ~~ X": 1.0,
    "M ~~ M": 0.91,
    "Y ~~ Y": 0.882,
    **{f"{f} =~ {f.lower()}{j}": v for f in "XMY" for j, v in ((2, 0.8), (3, 0.7))},
    **{f"{v} ~~ {v}": 0.5 for f in "xmy" for v in (f"{f}1", f"{f}2", f"{f}3")},
}


def mediation_sigma() -> np.ndarray:
    lam = np.zeros((9, 3))
    for f in range(3):
        lam[3 * f : 3 * f + 3, f] = (1.0, 0.8, 0.7)
    beta = np.array([[0, 0, 0], [0.3, 0, 0], [0.1, 0.3, 0]])
    psi = np.diag([1.0, 0.91, 0.882])
    t = np.linalg.inv(np.eye(3) - beta)
    return lam @ t @ psi @ t.T @ lam.T + 0.5 * np.eye(9)


@pytest.fixture(scope="module")
def mediation() -> pw.PowerPopulation:
    names = [f"{f}{j}" for f in "xmy" for j in (1, 2, 3)]
    rng = np.random.default_rng(3)
    x = rng.multivariate_normal(np.zeros(9), mediation_sigma(), 2000)
    fit = fit_model(pd.DataFrame(x, columns=names), MEDIATION)
    return pw.population_from_fit(
        fit,
        MEDIATION,
        values=TRUE,
        hypotheses=[{"id": "H1", "effect": "X -> M -> Y", "sign": "+"}],
    )


# ------------------------------------------------------------------ analytic RMSEA power


def test_rmsea_sample_sizes_reproduce_the_published_values():
    # semPower's documented example: RMSEA .05 (test of exact fit), df 50, power .80
    assert pw.rmsea_n_required(50, 0.0, 0.05, 0.05, 0.80) == 243
    # close fit .05 against .08, power .80 (semTools::findRMSEAsamplesize)
    for df, n in ((2, 3494), (10, 782), (20, 434), (50, 214), (100, 132)):
        assert pw.rmsea_n_required(df, 0.05, 0.08, 0.05, 0.80) == n


def test_rmsea_power_equals_semtools():
    ref = pd.read_csv(REF / "power" / "rmsea_semtools.csv")
    for (test, df), g in ref.groupby(["test", "df"]):
        e0, e1 = g["rmsea0"].iloc[0], g["rmsea1"].iloc[0]
        ours = pw.rmsea_power(df, g["n"], tests={test: (e0, e1)})
        assert list(ours.columns) == pw.RMSEA_COLUMNS
        np.testing.assert_allclose(ours["power"], g["power"], rtol=0, atol=1e-8)
        assert ours["n_required"].tolist() == g["n_required"].tolist(), (test, df)
    # not-close fit is rejected for small chi-squares: its power rises with n too
    nc = pw.rmsea_power(20, [100, 400, 1600], tests={"not_close": (0.05, 0.01)})
    assert nc["power"].is_monotonic_increasing


def test_default_rmsea_tests_follow_maccallum_browne_sugawara():
    table = pw.rmsea_power(24, [100, 200])
    assert table["test"].unique().tolist() == ["close", "not_close", "exact"]
    pairs = table.drop_duplicates("test").set_index("test")[["rmsea0", "rmsea1"]]
    assert pairs.loc["close"].tolist() == [0.05, 0.08]
    assert pairs.loc["not_close"].tolist() == [0.05, 0.01]
    assert pairs.loc["exact"].tolist() == [0.0, 0.05]


# ------------------------------------------------------------------ settings and checks


def test_settings_fill_defaults_and_take_the_seed_from_the_analysis():
    s = pw.power_settings({"analysis": {"seed": 7}, "power": {"n": [300, 100, 300]}})
    assert s.n == (100, 300) and s.seed == 7 and s.replications == 1000
    assert s.shards == 4 and s.bootstrap == 0 and s.population == "fitted"
    assert s.rmsea["close"] == (0.05, 0.08)
    with pytest.raises(ValueError, match="no `power:` block"):
        pw.power_settings({"analysis": {}})
    assert pw.simulation_grid(s, 827) == (100, 300, 827)
    assert pw.simulation_grid(pw.power_settings({"power": {"n": [50], "study_n": False}}), 9) == (
        50,
    )


def test_power_config_names_unknown_parameters():
    from surveysem.codebook import parse_codebook

    cb = parse_codebook(
        {
            "scales": {
                s: {
                    "label": s,
                    "role": "other",
                    "range": [1, 5],
                    "items": [f"{s.lower()}{j}" for j in (1, 2, 3)],
                }
                for s in ("X", "M", "Y")
            }
        }
    )
    config = {"model": {"structural": "M ~ X\nY ~ M + X"}}
    pw.check_power_config(config | {"power": {"n": [100], "population": {"M ~ X": 0.2}}}, cb)
    bad = {"M ~ Y": 0.2, "X =~ m2": 0.5, "M -> X": 1}
    with pytest.raises(ValueError, match="3 problem") as err:
        pw.check_power_config(config | {"power": {"n": [100], "population": bad}}, cb)
    assert "'M ~ Y'" in str(err.value) and "'m2'" in str(err.value)


def test_population_values_replace_the_fitted_ones(mediation):
    table = pw.population_table(mediation)
    assert len(table) == mediation.engine.n_par == 21
    assert (table["source"] == "power.population").all()  # every value was given
    got = {f"{r.lhs} {r.op} {r.rhs}": r.value for r in table.itertuples()}
    assert got == pytest.approx(TRUE, abs=1e-12)
    order = [[f"{f}{j}" for f in "xmy" for j in (1, 2, 3)].index(v) for v in mediation.engine.obs]
    np.testing.assert_allclose(mediation.sigma, mediation_sigma()[np.ix_(order, order)], atol=1e-12)
    t = mediation.targets.set_index(["target", "kind"])
    assert t.loc[("X -> M -> Y", "indirect"), "population_value"] == pytest.approx(0.09)
    assert t.loc[("X -> M -> Y", "indirect"), "hypothesis"] == "H1"
    assert t.loc[("X -> Y", "total"), "population_value"] == pytest.approx(0.19)
    assert t.loc[("chisq_exact_fit", "fit"), "population_value"] == mediation.df == 24
    with pytest.raises(ValueError, match="not a free parameter"):
        pw.population_from_fit(mediation.fit, MEDIATION, values={"Y ~~ M": 0.1})


def test_parameter_positions_match_the_fitted_estimates():
    data = pd.read_csv(REF / "data" / "poldem.csv")
    spec = ModelSpec(
        measurement={
            "ind60": ("x1", "x2", "x3"),
            "dem60": ("y1", "y2", "y3", "y4"),
            "dem65": ("y5", "y6", "y7", "y8"),
        },
        structural="dem60 ~ ind60\ndem65 ~ ind60 + dem60",
        extra="y1 ~~ y5\ny2 ~~ y4 + y6",
    )
    fit = fit_model(data, spec)
    pos = pw.parameter_positions(fit.engine, spec)
    free = fit.estimates[fit.estimates["se"] > 0]
    assert len(free) == fit.engine.n_par
    for r in free.itertuples():
        assert fit.params[pos[(r.lhs, r.op, r.rhs)]] == r.est


# ------------------------------------------------------------------ one replication


@pytest.mark.parametrize("estimator", ["ML", "MLR"])
def test_replication_refit_equals_fit_model(mediation, estimator):
    rng = np.random.default_rng(11)
    x = pw.simulate_sample(mediation, 150, rng)
    rep = pw.fit_replication(mediation, x, estimator=estimator)
    frame = pd.DataFrame(x, columns=mediation.engine.obs)
    fit = apply_estimator(fit_model(frame, MEDIATION), frame, estimator)
    est = fit.estimates[fit.estimates["op"] == "~"].set_index(["lhs", "rhs"])
    k = len(MEDIATION.regressions())
    paths = [tuple(t.split(" ~ ")) for t in mediation.targets["target"][:k]]
    np.testing.assert_allclose(rep.est[:k], est.loc[paths, "est"], atol=1e-6)
    np.testing.assert_allclose(rep.se[:k], est.loc[paths, "se"], atol=1e-6)
    eff = estimate_effects(frame, MEDIATION, fit, n_boot=0).set_index(["effect", "kind"])
    keys = list(
        zip(mediation.targets["target"][k:-1], mediation.targets["kind"][k:-1], strict=True)
    )
    np.testing.assert_allclose(rep.est[k:], eff.loc[keys, "est"], atol=1e-6)
    np.testing.assert_allclose(rep.se[k:], eff.loc[keys, "se"], atol=1e-6)
    name = "chisq" if estimator == "ML" else "chisq_scaled"
    assert rep.chisq == pytest.approx(fit.fit_value(name), abs=1e-5)
    z = stats.norm.ppf(0.975)
    np.testing.assert_allclose(rep.ci_low, rep.est - z * rep.se)
    assert rep.converged and rep.admissible


def test_bootstrap_replications_use_percentile_intervals_for_effects(mediation):
    x = pw.simulate_sample(mediation, 200, np.random.default_rng(2))
    wald = pw.fit_replication(mediation, x)
    boot = pw.fit_replication(mediation, x, bootstrap=200, seed=5)
    k = len(MEDIATION.regressions())
    np.testing.assert_array_equal(boot.ci_low[:k], wald.ci_low[:k])  # paths: Wald
    assert not np.allclose(boot.ci_low[k:], wald.ci_low[k:])
    assert (boot.ci_low[k:] < boot.est[k:]).all() and (boot.est[k:] < boot.ci_high[k:]).all()
    again = pw.fit_replication(mediation, x, bootstrap=200, seed=5)
    np.testing.assert_array_equal(again.ci_low, boot.ci_low)


def test_observed_categories_keep_their_shares(mediation):
    cats = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    cum = np.array([0.05, 0.2, 0.5, 0.85, 1.0])
    margins = {v: (cats, cum) for v in mediation.engine.obs}
    pop = pw.population_from_fit(mediation.fit, MEDIATION, values=TRUE, margins=margins)
    x = pw.simulate_sample(pop, 20000, np.random.default_rng(1))
    assert set(np.unique(x)) == set(cats)
    shares = np.cumsum([(x[:, 0] == c).mean() for c in cats])
    np.testing.assert_allclose(shares, cum, atol=0.01)
    # the categories keep the latent ordering: strongly correlated with the normal draw
    z = pw.simulate_sample(mediation, 20000, np.random.default_rng(1))
    assert np.corrcoef(x[:, 0], z[:, 0])[0, 1] > 0.9


def test_item_margins_refuse_continuous_items():
    frame = pd.DataFrame({"a": [1, 2, 2, 5, None], "b": np.linspace(0, 1, 5)})
    cats, cum = pw.item_margins(frame, ["a"])["a"]
    assert cats.tolist() == [1, 2, 5] and cum.tolist() == [0.25, 0.75, 1.0]
    with pytest.raises(ValueError, match="item 'b'"):
        pw.item_margins(pd.DataFrame({"b": np.linspace(0, 1, 50)}), ["b"])


# ------------------------------------------------------------------ shards and summaries


def test_results_are_identical_whatever_the_number_of_shards(mediation):
    grid, reps = (60, 90), 6
    tables = []
    for shards in (1, 2, 4):
        parts = [
            pw.simulate_power(mediation, pw.shard_tasks(grid, reps, i, shards), seed=9)
            for i in range(shards)
        ]
        draws = pd.concat(parts[::-1], ignore_index=True)  # shard order must not matter
        tables.append(pw.summarise_power(draws, mediation.targets).to_csv(index=False))
    assert tables[0] == tables[1] == tables[2]
    seen = []
    two_processes = pw.simulate_power(
        mediation,
        pw.shard_tasks(grid, reps),
        seed=9,
        n_jobs=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert pw.summarise_power(two_processes, mediation.targets).to_csv(index=False) == tables[0]
    # progress: one call per finished batch, counting up to every replication of the shard
    assert seen[-1] == (12, 12) and [d for d, _ in seen] == sorted({d for d, _ in seen})
    assert len(seen) == 8  # 2 processes x 4 batches each
    other_seed = pw.simulate_power(mediation, pw.shard_tasks(grid, reps), seed=10)
    assert pw.summarise_power(other_seed, mediation.targets).to_csv(index=False) != tables[0]


def test_shard_tasks_cover_every_replication_once():
    all_tasks = pw.shard_tasks((50, 100), 7)
    split = [t for i in range(3) for t in pw.shard_tasks((50, 100), 7, i, 3)]
    assert split == all_tasks and len(set(all_tasks)) == 14
    assert pw.shard_tasks((50,), 2, 4, 5) == []
    with pytest.raises(ValueError, match="shard 5"):
        pw.shard_tasks((50,), 2, 5, 5)


def test_summary_names_missing_replications(mediation):
    draws = pw.simulate_power(mediation, pw.shard_tasks((60,), 4), seed=1)
    with pytest.raises(ValueError, match="rerun the missing"):
        pw.summarise_power(draws[draws["replication"] != 2], mediation.targets, replications=4)
    with pytest.raises(ValueError, match="rerun the missing"):
        pw.summarise_power(draws[draws["replication"] != 3], mediation.targets, replications=4)
    with pytest.raises(ValueError, match="rerun the missing"):
        pw.summarise_power(draws, mediation.targets, n_values=(60, 90))
    with pytest.raises(ValueError, match="rerun the missing"):
        pw.summarise_power(pd.concat([draws, draws.iloc[:3]]), mediation.targets)


def test_summary_columns_and_hypothesis_power(mediation):
    draws = pw.simulate_power(mediation, pw.shard_tasks((80, 150), 10), seed=4)
    table = pw.summarise_power(draws, mediation.targets, study_n=150)
    assert list(table.columns[:12]) == [
        "target", "n", "replications", "power", "power_ci_low", "power_ci_high", "bias",
        "relative_bias", "coverage", "mean_se", "sd_est", "converged_share",
    ]  # fmt: skip
    assert (table["power_ci_low"] <= table["power"]).all()
    assert (table["power"] <= table["power_ci_high"]).all()
    assert table["study_n"].sum() == len(mediation.targets)
    # power of a hypothesis counts rejections with the expected sign only
    ind = draws[draws["target"] == "X -> M -> Y"]
    hit = (ind["test_low"] > 0) & (ind["est"] > 0)
    got = table.set_index(["target", "n"]).loc[("X -> M -> Y", 80), "power"]
    assert got == hit[ind["n"] == 80].mean()
    rec = pw.recommended_n(table, 0.8)
    assert "chisq_exact_fit" not in set(rec["target"])
    hyp = pw.hypothesis_power([{"id": "H1", "text": "t", "effect": "X->M->Y"}], table, rec, 150)
    assert hyp["target"].tolist() == ["X -> M -> Y"] and hyp["study_n"].tolist() == [150]
    at_150 = table.set_index(["target", "n"]).loc[("X -> M -> Y", 150), "power"]
    assert hyp["power_study_n"].iloc[0] == at_150


def test_required_n_interpolates_a_wald_power_curve():
    # power(n) = Phi(sqrt(n) * 0.2 - 1.96): 0.80 is reached at n = ((0.8416 + 1.96) / 0.2)^2
    n = np.array([50, 100, 150, 250, 400])
    curve = stats.norm.cdf(np.sqrt(n) * 0.2 - 1.959964)
    value, basis = pw.required_n(n, curve, 0.8, 1000)
    exact = ((stats.norm.ppf(0.8) + 1.959964) / 0.2) ** 2
    assert value == np.ceil(exact) and "between n = 150 and n = 250" in basis
    assert np.isnan(pw.required_n(n, curve * 0.5, 0.8, 1000)[0])
    assert pw.required_n(n, np.ones(5), 0.8, 1000)[0] == 50


# ------------------------------------------------------------------ against lavaan


def test_monte_carlo_power_agrees_with_lavaan_within_monte_carlo_error(mediation):
    """1,000 replications per n here and in R (tests/reference/R/power.R): the power
    difference is within 3.3 SD of its Monte Carlo error (two-sided 0.1%); the mean SEs and
    SDs of the estimates within 4% (their Monte Carlo error is about 1-2%)."""
    ref = pd.read_csv(REF / "power" / "mediation_lavaan.csv")
    reps = int(ref["replications"].iloc[0])
    tasks = pw.shard_tasks(sorted(ref["n"].unique()), reps)
    ours = pw.summarise_power(pw.simulate_power(mediation, tasks, seed=20261122), mediation.targets)
    merged = ref.merge(ours, on=["target", "n"], suffixes=("_r", ""))
    assert len(merged) == len(ref) == 12
    assert (merged["converged_share"] == 1).all()
    p = (merged["power"] + merged["power_r"]) / 2
    sd = np.sqrt(p * (1 - p) * 2 / reps)
    assert (np.abs(merged["power"] - merged["power_r"]) <= 3.3 * sd).all(), merged[
        ["target", "n", "power", "power_r"]
    ]
    np.testing.assert_allclose(merged["population_value"], merged["population_value_r"])
    paths = merged[merged["kind"] != "fit"]
    np.testing.assert_allclose(paths["mean_se"], paths["mean_se_r"], rtol=0.04)
    np.testing.assert_allclose(paths["sd_est"], paths["sd_est_r"], rtol=0.08)
    assert (np.abs(paths["coverage"] - paths["coverage_r"]) <= 0.035).all()
    assert (np.abs(paths["bias"] - paths["bias_r"]) <= 4 * paths["sd_est"] / np.sqrt(reps)).all()


# ------------------------------------------------------------------ the workflow


def write_small_study(work: Path, power: dict) -> Path:
    """A three-scale survey (X -> M -> Y, 300 respondents, 5-point items) and its study file."""
    rng = np.random.default_rng(7)
    n = 300
    x = rng.standard_normal(n)
    m = 0.4 * x + rng.standard_normal(n) * 0.92
    y = 0.35 * m + 0.1 * x + rng.standard_normal(n) * 0.9
    cols = {}
    for name, f in (("x", x), ("m", m), ("y", y)):
        for j, lam in enumerate((0.8, 0.7, 0.75), start=1):
            v = lam * f + rng.standard_normal(n) * np.sqrt(1 - lam * lam)
            cols[f"{name}{j}"] = np.clip(np.round(3 + 1.1 * v), 1, 5).astype(int)
    data = pd.DataFrame(cols)
    data.insert(0, "id", np.arange(1, n + 1))
    data.to_csv(work / "survey.csv", index=False)
    scales = {
        "X": ("Workload", "stressor", ["x1", "x2", "x3"]),
        "M": ("Exhaustion", "burnout", ["m1", "m2", "m3"]),
        "Y": ("Turnover intention", "outcome", ["y1", "y2", "y3"]),
    }
    codebook = {
        "scales": {
            k: {"label": lab, "role": role, "items": items, "range": [1, 5]}
            | ({"level": "organizational"} if role == "stressor" else {})
            for k, (lab, role, items) in scales.items()
        }
    }
    (work / "codebook.yaml").write_text(yaml.safe_dump(codebook))
    study = {
        "title": "A small power study",
        "data": {"path": str(work / "survey.csv"), "id_column": "id"},
        "codebook": str(work / "codebook.yaml"),
        "model": {"structural": "M ~ X\nY ~ M + X\n"},
        "hypotheses": [
            {"id": "H1", "path": "M ~ X", "sign": "+", "text": "Workload raises exhaustion."},
            {"id": "H2", "effect": "X -> M -> Y", "sign": "+", "text": "Exhaustion mediates."},
        ],
        "cleaning": {"exclude": ["duplicate_id"]},
        "analysis": {"bootstrap": 0, "groups": []},
        "power": power,
    }
    path = work / "study.yaml"
    path.write_text(yaml.safe_dump(study, sort_keys=False))
    return path


def snakemake(work: Path, study: Path, *args: str, timeout: float = 900):
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1"}
    cmd = [str(SNAKEMAKE), "--snakefile", str(ROOT / "Snakefile"), "--directory", str(work)]
    cmd += ["--configfile", str(study), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=work, timeout=timeout)


POWER_FILES = ["power", "recommended_n", "hypotheses", "population", "rmsea_power"]


@pytest.mark.slow
def test_power_target_writes_the_tables_and_shards_do_not_change_them(tmp_path):
    block = {"n": [60, 120], "replications": 8, "shards": 3, "seed": 5, "categories": "observed"}
    study = write_small_study(tmp_path, block)
    res = snakemake(tmp_path, study, "--cores", "2", "power")
    assert res.returncode == 0, res.stderr[-3000:]
    out = tmp_path / "results" / "power"
    first = {f: (out / f"{f}.csv").read_bytes() for f in POWER_FILES}
    table = pd.read_csv(out / "power.csv")
    assert list(table.columns[:12]) == pw.POWER_COLUMNS
    assert set(table["n"]) == {60, 120, 300}  # the study's own n is added
    assert {"M ~ X", "X -> M -> Y", "chisq_exact_fit"} <= set(table["target"])
    rmsea = pd.read_csv(out / "rmsea_power.csv")
    assert list(rmsea.columns) == pw.RMSEA_COLUMNS and (rmsea["df"] == 24).all()
    hyp = pd.read_csv(out / "hypotheses.csv")
    assert hyp["id"].tolist() == ["H1", "H2"] and (hyp["study_n"] == 300).all()
    assert len(list((out / "shards").glob("*-of-3.parquet"))) == 3
    # the long step shows its progress on the console: 24 replications in three shards of 8
    for shard in range(3):
        assert f"simulate_power: replications of shard {shard} 8/8 (100%)" in res.stderr
    # one shard instead of three: the same tables, byte for byte
    study.write_text(study.read_text().replace("shards: 3", "shards: 1"))
    res = snakemake(tmp_path, study, "--cores", "2", "power")
    assert res.returncode == 0, res.stderr[-3000:]
    assert (out / "shards" / "0-of-1.parquet").is_file()
    assert {f: (out / f"{f}.csv").read_bytes() for f in POWER_FILES} == first


def test_power_target_without_a_power_block_says_what_to_add(tmp_path):
    study = write_small_study(tmp_path, {"n": [60]})
    cfg = yaml.safe_load(study.read_text())
    del cfg["power"]
    study.write_text(yaml.safe_dump(cfg))
    res = snakemake(tmp_path, study, "--cores", "1", "-n", "power", timeout=300)
    assert res.returncode != 0
    assert "no `power:` block" in res.stdout + res.stderr
