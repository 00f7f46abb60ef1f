"""Monte Carlo: coverage of the bootstrap CIs of an indirect effect.

Population: three latent factors X -> M -> Y (plus a small direct path X -> Y), three
indicators each (loadings 1, 0.8, 0.7; residual variances 0.5), latent variances 1, so the
true unstandardized indirect effect is a * b (default 0.3 * 0.4 = 0.12). Each replication draws
N respondents, fits the model with :func:`surveysem.sem.fit_model` and bootstraps the indirect
effect with :func:`surveysem.effects.estimate_effects` (B resamples). Printed: the coverage of
the 95% percentile and bias-corrected (BC) intervals with a Clopper-Pearson 95% CI, misses
below/above, mean width and power (interval excludes zero)::

    .venv/bin/python bench/coverage_indirect.py                     # R = 200, B = 500, N = 300
    .venv/bin/python bench/coverage_indirect.py --reps 100 --boot 500 --jobs 2

Replications run in ``--jobs`` processes (each bootstrap single-process, BLAS one thread).
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor

os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

from surveysem.effects import estimate_effects  # noqa: E402
from surveysem.sem import ModelSpec, fit_model  # noqa: E402

SPEC = ModelSpec(
    measurement={"X": ("x1", "x2", "x3"), "M": ("m1", "m2", "m3"), "Y": ("y1", "y2", "y3")},
    structural="M ~ X\nY ~ M + X",
)
LOADINGS = (1.0, 0.8, 0.7)
RESIDUAL_VAR = 0.5
EFFECT = "X -> M -> Y"


def simulate(n: int, a: float, b: float, c: float, rng: np.random.Generator) -> pd.DataFrame:
    """One sample from the population model (latent variances 1)."""
    x = rng.standard_normal(n)
    m = a * x + np.sqrt(1 - a**2) * rng.standard_normal(n)
    mean_y = b * m + c * x
    var_y = b**2 + c**2 + 2 * a * b * c
    y = mean_y + np.sqrt(max(1 - var_y, 0.05)) * rng.standard_normal(n)
    cols = {}
    for name, f in (("x", x), ("m", m), ("y", y)):
        for j, lam in enumerate(LOADINGS, start=1):
            cols[f"{name}{j}"] = lam * f + np.sqrt(RESIDUAL_VAR) * rng.standard_normal(n)
    return pd.DataFrame(cols)


def one_replication(args) -> dict:
    """Fit and bootstrap one simulated sample; the interval bounds of the indirect effect."""
    r, n, a, b, c, n_boot, seed = args
    data = simulate(n, a, b, c, np.random.default_rng([seed, r]))
    fit = fit_model(data, SPEC)
    eff = estimate_effects(
        data, SPEC, fit, indirect=[EFFECT], n_boot=n_boot, seed=seed * 100_003 + r, n_jobs=1
    )
    row = eff[(eff["effect"] == EFFECT) & (eff["kind"] == "indirect")].iloc[0]
    return {
        "rep": r,
        "est": row["est"],
        "se": row["se"],
        "pct_low": row["ci_low"],
        "pct_high": row["ci_high"],
        "bc_low": row["ci_low_bc"],
        "bc_high": row["ci_high_bc"],
        "n_failed": int(row["n_failed"]),
    }


def run(reps=200, n=300, a=0.3, b=0.4, c=0.1, n_boot=500, seed=2026, jobs=2) -> pd.DataFrame:
    """All replications as a table (one row per replication)."""
    tasks = [(r, n, a, b, c, n_boot, seed) for r in range(reps)]
    if jobs == 1:
        rows = [one_replication(t) for t in tasks]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            rows = list(pool.map(one_replication, tasks, chunksize=max(1, reps // (8 * jobs))))
    return pd.DataFrame(rows)


def summarise(res: pd.DataFrame, true: float) -> pd.DataFrame:
    """Coverage with Clopper-Pearson 95% CI, misses, mean width and power per interval type."""
    out = []
    for kind in ("pct", "bc"):
        lo, hi = res[f"{kind}_low"], res[f"{kind}_high"]
        hit = (lo <= true) & (true <= hi)
        k, m = int(hit.sum()), len(res)
        ci = stats.binomtest(k, m).proportion_ci(confidence_level=0.95, method="exact")
        out.append(
            {
                "interval": "percentile" if kind == "pct" else "bias-corrected",
                "coverage": k / m,
                "cov_ci_low": ci.low,
                "cov_ci_high": ci.high,
                "miss_below": int((hi < true).sum()),
                "miss_above": int((lo > true).sum()),
                "mean_width": float((hi - lo).mean()),
                "power": float(((lo > 0) | (hi < 0)).mean()),
            }
        )
    return pd.DataFrame(out)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reps", type=int, default=200, help="replications R (default 200)")
    p.add_argument("--boot", type=int, default=500, help="bootstrap resamples B (default 500)")
    p.add_argument("--n", type=int, default=300, help="sample size N (default 300)")
    p.add_argument("--a", type=float, default=0.3, help="X -> M path (default 0.3)")
    p.add_argument("--b", type=float, default=0.4, help="M -> Y path (default 0.4)")
    p.add_argument("--c", type=float, default=0.1, help="direct X -> Y path (default 0.1)")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--seed", type=int, default=2026)
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    res = run(a.reps, a.n, a.a, a.b, a.c, a.boot, a.seed, a.jobs)
    sec = time.perf_counter() - t0
    true = a.a * a.b
    print(
        f"R = {a.reps} replications, N = {a.n}, B = {a.boot}, true indirect a*b = "
        f"{a.a}*{a.b} = {true:.4f}, direct c' = {a.c}; {sec:.0f} s on {a.jobs} process(es)"
    )
    print(
        f"mean estimate {res['est'].mean():.4f} (bias {res['est'].mean() - true:+.4f}), "
        f"SD {res['est'].std(ddof=1):.4f}, mean delta-method SE {res['se'].mean():.4f}, "
        f"failed resamples {int(res['n_failed'].sum())} of {a.reps * a.boot}"
    )
    s = summarise(res, true)
    for row in s.itertuples():
        print(
            f"{row.interval:>15}: coverage {row.coverage:.3f} "
            f"[{row.cov_ci_low:.3f}, {row.cov_ci_high:.3f}]  misses below/above "
            f"{row.miss_below}/{row.miss_above}  mean width {row.mean_width:.4f}  "
            f"power {row.power:.3f}"
        )


if __name__ == "__main__":
    main()
