"""Benchmark: our measurement-invariance sequence against lavaan's, for one group variable.

The sequence configural -> metric -> scalar of the measurement model of the compared scales
(:func:`surveysem.groups.compared_scales`; EE, DP, RE, WI, PSO in the default study) across
one group variable of ``results/clean/data.csv`` (build it with
``.venv/bin/snakemake --cores 2 results/clean/data.csv``), complete cases:

* ours: :func:`surveysem.invariance.fit_multigroup` three times (each model warm-started from
  the previous one; estimates, standard errors and fit indices, as lavaan gives them), and,
  separately, :func:`surveysem.invariance.assess_invariance` for that variable alone (what the
  pipeline runs: the three fit-index-only fits, the partial scalar search when needed and the
  verdict);
* lavaan 0.6-14: ``cfa(model, group = g, group.equal = ...)`` three times, each followed by
  ``fitMeasures()`` (``bench/invariance.R``).

One untimed warm-up run on each side (module and package loading, semopy's import), then
``--repeats`` timed runs; wall times are measured inside each process (R start-up excluded).
BLAS is single-threaded in both. Printed: the medians, the ratio lavaan/ours (> 1: ours is
faster), and the largest differences between the engines' chi-square, CFI, RMSEA, SRMR and
parameter estimates, standard errors and ``std.all`` of the same run::

    .venv/bin/python bench/invariance.py                    # gender, 5 repeats
    .venv/bin/python bench/invariance.py --group post --repeats 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from surveysem.codebook import Codebook, read_codebook  # noqa: E402
from surveysem.groups import compared_scales  # noqa: E402
from surveysem.invariance import assess_invariance, fit_multigroup  # noqa: E402
from surveysem.sem import ModelSpec  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
R_SCRIPT = Path(__file__).with_name("invariance.R")
EQUAL = {"configural": (), "metric": ("loadings",), "scalar": ("loadings", "intercepts")}
FIT_KEYS = ("chisq", "df", "cfi", "tli", "rmsea", "srmr")


def sequence(frame: pd.DataFrame, spec: ModelSpec, group: str, levels: list[str]) -> dict:
    """Our three fits (warm starts), as :func:`fit_multigroup` gives them."""
    fits, start = {}, None
    for name, equal in EQUAL.items():
        fits[name] = fit_multigroup(frame, spec, group, equal=equal, levels=levels, start=start)
        start = fits[name].local
    return fits


def _timed(fn, repeats: int) -> tuple[list[float], object]:
    fn()  # warm-up
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


def run_ours(data, codebook: Codebook, frame, spec, group, levels, repeats) -> dict:
    seq_times, fits = _timed(lambda: sequence(frame, spec, group, levels), repeats)
    assess_times, res = _timed(
        lambda: assess_invariance(data, codebook, [group], max_freed=3), repeats
    )
    return {"sequence": seq_times, "assess": assess_times, "fits": fits, "assess_res": res}


def run_lavaan(frame, spec, group, levels, repeats) -> dict | None:
    """Run bench/invariance.R; None (with a message) when Rscript is absent."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        print("Rscript not found: the lavaan half of the benchmark is skipped")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        frame.to_csv(tmp / "data.csv", index=False)
        (tmp / "model.lav").write_text(
            "\n".join(f"{f} =~ {' + '.join(i)}" for f, i in spec.measurement.items()) + "\n"
        )
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        cmd = [rscript, str(R_SCRIPT), str(tmp / "data.csv"), str(tmp / "model.lav"), group]
        (tmp / "levels.txt").write_text("\n".join(levels) + "\n", encoding="utf-8")
        cmd += [str(tmp / "levels.txt"), str(repeats), str(tmp)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"lavaan failed:\n{proc.stderr}")
        out = {"sequence": pd.read_csv(tmp / "times.csv")["sec"].tolist()}
        for name in EQUAL:
            out[f"{name}_fit"] = pd.read_csv(tmp / f"{name}_fit.csv").set_index("index")["value"]
            out[f"{name}_est"] = pd.read_csv(tmp / f"{name}_est.csv")
    return out


def _keyed(est: pd.DataFrame) -> pd.DataFrame:
    est = est[est["op"].isin(["=~", "~~", "~1"])].copy()
    est["rhs"] = est["rhs"].fillna("").astype(str)
    cov = est["op"] == "~~"
    a, b = est.loc[cov, "lhs"].to_numpy(), est.loc[cov, "rhs"].to_numpy()
    est.loc[cov, "lhs"], est.loc[cov, "rhs"] = np.minimum(a, b), np.maximum(a, b)
    return est.set_index(["group", "lhs", "op", "rhs"])


def compare(ours: dict, lav: dict) -> dict:
    """Largest absolute differences between the engines over the three models."""
    fit_diff = {k: 0.0 for k in FIT_KEYS}
    est_diff = {"est": 0.0, "se": 0.0, "std_all": 0.0}
    n_par = 0
    for name, fit in ours["fits"].items():
        mine = fit.fit.set_index("index")["value"]
        for k in FIT_KEYS:
            fit_diff[k] = max(fit_diff[k], abs(mine[k] - lav[f"{name}_fit"][k]))
        a = _keyed(fit.estimates)
        b = _keyed(lav[f"{name}_est"]).reindex(a.index)
        free = b["se"] > 0
        n_par += int(free.sum())
        est_diff["est"] = max(est_diff["est"], float((a["est"] - b["est"]).abs().max()))
        se = (a.loc[free, "se"] - b.loc[free, "se"]).abs().max()
        est_diff["se"] = max(est_diff["se"], float(se))
        std = (a["std_all"] - b["std.all"]).abs().max()
        est_diff["std_all"] = max(est_diff["std_all"], float(std))
    return {"fit": fit_diff, "est": est_diff, "n_free": n_par}


def prepare(data: pd.DataFrame, codebook: Codebook, group: str):
    """Complete cases of the compared scales' items with the group recoded to its labels."""
    demo = {d.name: d for d in codebook.demographics}[group]
    spec = ModelSpec({s: tuple(codebook.scale(s).items) for s in compared_scales(codebook)})
    frame = data[spec.observed()].apply(pd.to_numeric, errors="coerce")
    frame[group] = pd.to_numeric(data[group], errors="coerce").map(demo.levels)
    frame = frame.dropna().reset_index(drop=True)
    levels = [lab for lab in demo.levels.values() if (frame[group] == lab).any()]
    return frame, spec, levels


def run(data, codebook, group, *, repeats=5, lavaan=True) -> dict:
    """Run both engines and compare; a dict of figures (also used by the smoke test)."""
    frame, spec, levels = prepare(data, codebook, group)
    ours = run_ours(data, codebook, frame, spec, group, levels, repeats)
    res = {"n": len(frame), "group": group, "levels": levels, "spec": spec, "ours": ours}
    res["lavaan"] = run_lavaan(frame, spec, group, levels, repeats) if lavaan else None
    if res["lavaan"] is not None:
        res["compare"] = compare(ours, res["lavaan"])
    return res


def _times(label: str, times: list[float]) -> str:
    listed = ", ".join(f"{t:.3f}" for t in times)
    return f"{label}: median {np.median(times):7.3f} s of {len(times)} ({listed})"


def report(res: dict) -> str:
    o, lav = res["ours"], res["lavaan"]
    spec = res["spec"]
    items = sum(len(v) for v in spec.measurement.values())
    lines = [
        f"group {res['group']} ({', '.join(res['levels'])}), N = {res['n']}, scales "
        f"{', '.join(spec.measurement)} ({items} items); BLAS single-threaded; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end",
        _times("configural+metric+scalar ours  ", o["sequence"]),
        _times("assess_invariance (this group) ", o["assess"]),
    ]
    if lav is not None:
        ratio = np.median(lav["sequence"]) / np.median(o["sequence"])
        lines += [
            _times("configural+metric+scalar lavaan", lav["sequence"]),
            f"ratio lavaan/ours = {ratio:.2f} (the sequence with SEs); "
            f"{np.median(lav['sequence']) / np.median(o['assess']):.2f} (assess_invariance)",
        ]
        c = res["compare"]
        fit = ", ".join(f"{k} {v:.1e}" for k, v in c["fit"].items())
        est = ", ".join(f"{k} {v:.1e}" for k, v in c["est"].items())
        lines += [
            f"max |diff| of fit indices over the 3 models: {fit}",
            f"max |diff| over {c['n_free']} free parameters (3 models): {est}",
        ]
    verdict = o["assess_res"].verdicts.iloc[0]
    lines.append(f"verdict: level {verdict['level']}, failed step {verdict['failed_step'] or '-'}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "results" / "clean" / "data.csv"))
    ap.add_argument("--codebook", default=str(ROOT / "data" / "codebook.yaml"))
    ap.add_argument("--group", default="gender")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-lavaan", action="store_true")
    a = ap.parse_args()
    if not Path(a.data).is_file():
        raise SystemExit(
            f"{a.data} not found: build it with .venv/bin/snakemake --cores 2 "
            "results/clean/data.csv"
        )
    res = run(
        pd.read_csv(a.data), read_codebook(a.codebook), a.group,
        repeats=a.repeats, lavaan=not a.no_lavaan,
    )  # fmt: skip
    print(report(res))


if __name__ == "__main__":
    main()
