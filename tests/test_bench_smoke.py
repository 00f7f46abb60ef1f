"""Smoke tests of the benchmark scripts under bench/ (tiny sizes; nothing is timed)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
REF = Path(__file__).parent / "reference"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def sem_bench():
    return _load("sem_vs_lavaan")


@pytest.fixture(scope="module")
def coverage():
    return _load("coverage_indirect")


@pytest.fixture(scope="module")
def clean_bench():
    return _load("clean_1m")


def _hs_spec(mod):
    return mod.ModelSpec(
        measurement={
            "visual": ("x1", "x2", "x3"),
            "textual": ("x4", "x5", "x6"),
            "speed": ("x7", "x8", "x9"),
        },
        structural="textual ~ visual\nspeed ~ textual + visual",
    )


def test_lavaan_syntax_labels_paths_and_defines_effects(sem_bench):
    spec = _hs_spec(sem_bench)
    effects = sem_bench.enumerate_effects(spec.regressions(), "auto")
    syntax, names = sem_bench.lavaan_syntax(spec, effects)
    lines = syntax.splitlines()
    assert "speed ~ b__speed__textual*textual" in lines
    assert "speed ~ b__speed__visual*visual" in lines
    defined = dict(ln.split(" := ") for ln in lines if ":=" in ln)
    by_key = {v: defined[k] for k, v in names.items()}
    assert by_key["indirect|visual -> textual -> speed"] == ("b__textual__visual*b__speed__textual")
    assert by_key["total|visual -> speed"] == (
        "b__speed__visual + b__textual__visual*b__speed__textual"
    )


def test_sem_bench_runs_and_agrees_with_lavaan(sem_bench):
    """Tiny run on Holzinger-Swineford; with Rscript present both engines must agree."""
    data = pd.read_csv(REF / "data" / "holzinger.csv")
    has_r = shutil.which("Rscript") is not None
    res = sem_bench.run(data, _hs_spec(sem_bench), n_boot=10, seed=3, repeats=1, lavaan=has_r)
    assert res["n"] == len(data)
    eff = res["ours"]["effects"]
    assert set(eff["kind"]) == {"direct", "indirect", "total"}
    assert (eff["ci_low"] <= eff["ci_high"]).all()
    text = sem_bench.report(res, 10)
    assert "single fit  ours" in text
    if has_r:
        c = res["compare"]
        assert c["max_path_diff"] < 1e-3
        assert c["max_effect_diff"] < 1e-3
        assert c["n_ci"] == len(eff)
        assert "ratio lavaan/ours" in text


def test_coverage_simulation_has_the_population_covariances(coverage):
    d = coverage.simulate(200_000, 0.3, 0.4, 0.1, np.random.default_rng(5))
    cov = d.cov()
    # cov(x1, m1) = a; cov(m1, y1) = b + a c; var(x2) = 0.8^2 + 0.5
    assert cov.loc["x1", "m1"] == pytest.approx(0.3, abs=0.01)
    assert cov.loc["m1", "y1"] == pytest.approx(0.4 + 0.03, abs=0.01)
    assert cov.loc["x2", "x2"] == pytest.approx(0.64 + 0.5, abs=0.01)


def test_coverage_runs_tiny(coverage):
    res = coverage.run(reps=2, n=200, n_boot=20, seed=1, jobs=1)
    assert len(res) == 2
    assert (res["pct_low"] <= res["pct_high"]).all()
    s = coverage.summarise(res, 0.12)
    assert list(s["interval"]) == ["percentile", "bias-corrected"]
    assert ((s["coverage"] >= 0) & (s["coverage"] <= 1)).all()
    assert (s["cov_ci_low"] <= s["coverage"]).all() and (s["coverage"] <= s["cov_ci_high"]).all()


def test_clean_bench_tiny(clean_bench):
    r = clean_bench.run_bench(3000)
    assert r["n_raw"] == 3000
    assert r["n_clean"] + r["n_excluded"] == 3000
    assert r["n_cell_fixes"] > 0  # the injected dirt is found
    assert r["read_sec"] > 0 and r["clean_sec"] > 0 and r["peak_rss_kib"] > 0
    assert "read_survey" in clean_bench.report(r)


@pytest.fixture(scope="module")
def invariance_bench():
    return _load("invariance")


def test_invariance_bench_tiny(invariance_bench):
    """Tiny run on the simulated two-group set; with Rscript present both engines agree."""
    from surveysem.codebook import parse_codebook

    data = pd.read_csv(REF / "invariance" / "sim_data.csv")
    data["grp"] = data["grp"].map({"A": 1, "B": 2})
    items = {"F1": ["x1", "x2", "x3", "x4"], "F2": ["y1", "y2", "y3", "y4"]}
    cb = parse_codebook(
        {
            "scales": {
                f: {"label": f, "role": "burnout", "items": i, "range": [-20, 20]}
                for f, i in items.items()
            },
            "demographics": {
                "grp": {"label": "Group", "type": "categorical", "levels": {1: "A", 2: "B"}}
            },
        }
    )
    has_r = shutil.which("Rscript") is not None
    res = invariance_bench.run(data, cb, "grp", repeats=1, lavaan=has_r)
    assert res["n"] == len(data) and res["levels"] == ["A", "B"]
    assert len(res["ours"]["sequence"]) == 1 and res["ours"]["sequence"][0] > 0
    text = invariance_bench.report(res)
    assert "configural+metric+scalar ours" in text and "verdict: level partial_scalar" in text
    if has_r:
        c = res["compare"]
        assert max(c["fit"].values()) < 1e-3
        assert max(c["est"].values()) < 1e-3
        assert "ratio lavaan/ours" in text


@pytest.fixture(scope="module")
def power_bench():
    return _load("power")


def test_power_bench_runs_tiny(power_bench):
    """Holzinger-Swineford chain model as the population; with Rscript present lavaan too."""
    data = pd.read_csv(REF / "data" / "holzinger.csv")
    from surveysem import sem

    spec = _hs_spec(sem)
    fit = sem.fit_model(data, spec)
    pop = power_bench.pw.population_from_fit(fit, spec)
    syntax = power_bench.population_syntax(pop).splitlines()
    assert syntax[0].startswith("visual =~ 1.0*x1 + ")
    assert any(line.startswith("speed ~ ") for line in syntax)
    has_r = shutil.which("Rscript") is not None
    res = power_bench.run(pop, n=120, reps=4, lavaan_reps=2 if has_r else 0, seed=1)
    assert res["ours"]["converged"] == 4
    text = power_bench.report(res)
    assert "replications/s" in text
    if has_r:
        assert res["lavaan"]["converged"] == 2
        assert "ratio ours/lavaan" in text


def test_wlsmv_bench_runs_and_agrees_with_lavaan():
    """Tiny WLSMV run on the committed synthetic ordinal data; with Rscript, lavaan agrees."""
    mod = _load("wlsmv_vs_lavaan")
    data = pd.read_csv(REF / "data" / "ordinal_synthetic.csv")
    spec = mod.ModelSpec(measurement={"F": ("b1", "b2", "b3"), "G": ("b4", "o1", "o2")},
                         structural="G ~ F")  # fmt: skip
    has_r = shutil.which("Rscript") is not None
    res = mod.run(data, spec, repeats=1, n_boot=4, lavaan_boot=0, n_jobs=1, lavaan=has_r)
    assert res["n"] == len(data) and res["ours"]["boot_failed"] == 0
    text = mod.report(res)
    assert "single fit  ours" in text and "per resample" in text
    if has_r:
        c = res["compare"]
        assert c["max_est_diff"] < 1e-3 and c["max_se_diff"] < 1e-3
        assert max(abs(v) for v in c["fit_diffs"].values()) < 1e-3


def test_wlsmv_invariance_bench_runs_on_a_small_frame():
    mod = _load("invariance_wlsmv")
    rng = np.random.default_rng(1)
    f = rng.normal(size=400)
    y = 0.7 * f[:, None] + 0.7 * rng.normal(size=(400, 4))
    frame = pd.DataFrame(np.digitize(y, [-1.0, 0.0, 1.0]) + 1, columns=["a", "b", "c", "d"])
    frame["g"] = np.repeat(["x", "y"], 200)
    out = mod.run_ours(frame, {"F": ["a", "b", "c", "d"]}, "g", ["x", "y"], repeats=1)
    assert len(out["times"]) == 1
    assert out["lrt"]["configural_metric"]["delta_df"] == out["fits"]["metric"].fit_value(
        "df"
    ) - out["fits"]["configural"].fit_value("df")
