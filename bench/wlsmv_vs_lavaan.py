"""Benchmark: our WLSMV against lavaan 0.6-14 on the default study's structural model.

Every one of the model's items is treated as ordinal in both engines (lavaan ``sem(...,
ordered = <all items>, estimator = "WLSMV")``, ours :func:`surveysem.ordinal.fit_wlsmv`), on
``results/clean/data.csv`` (build it with ``.venv/bin/snakemake --cores 2
results/clean/data.csv``):

* single fit: median wall time of ``--repeats`` fits each. Ours includes the robust and scaled
  fit indices; lavaan's ``sem()`` is timed alone and with ``fitMeasures()`` (where its robust
  CFI/TLI/RMSEA are computed), and the ratio uses the sum;
* bootstrap: the cost per resample. Ours: :func:`surveysem.effects.bootstrap_effects` (thresholds,
  polychorics and weights recomputed, DWLS refit) with ``--boot`` resamples on ``--jobs``
  processes; lavaan: ``sem(..., estimator = "DWLS", se = "bootstrap", bootstrap =
  --lavaan-boot, parallel = "multicore", ncpus = 2)``, minus one fit.

Times are taken inside each process (imports, R start-up and ``library(lavaan)`` excluded);
CPU times include worker processes. BLAS is single-threaded. Printed: times, the
lavaan/ours ratios (> 1: ours is faster), and the largest differences of the estimates,
robust SEs and fit indices::

    .venv/bin/python bench/wlsmv_vs_lavaan.py                       # 3 fits, 200 + 20 resamples
    .venv/bin/python bench/wlsmv_vs_lavaan.py --repeats 1 --boot 50 --lavaan-boot 0
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402

from surveysem.codebook import read_codebook  # noqa: E402
from surveysem.effects import bootstrap_effects, enumerate_effects  # noqa: E402
from surveysem.ordinal import fit_wlsmv  # noqa: E402
from surveysem.sem import ModelSpec  # noqa: E402
from surveysem.study import model_spec  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
R_SCRIPT = Path(__file__).with_name("wlsmv_vs_lavaan.R")
FIT_INDICES = {
    "chisq": "chisq",
    "chisq_scaled": "chisq.scaled",
    "cfi_scaled": "cfi.scaled",
    "tli_scaled": "tli.scaled",
    "rmsea_scaled": "rmsea.scaled",
    "cfi_robust": "cfi.robust",
    "tli_robust": "tli.robust",
    "rmsea_robust": "rmsea.robust",
    "srmr": "srmr",
}


def _cpu() -> float:
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def lavaan_syntax(spec: ModelSpec) -> str:
    lines = [f"{f} =~ {' + '.join(items)}" for f, items in spec.measurement.items()]
    for block in (spec.structural, spec.extra):
        lines += [ln.strip() for ln in block.splitlines() if ln.strip()]
    return "\n".join(lines) + "\n"


def run_ours(frame, spec, *, repeats, n_boot, seed, n_jobs) -> dict:
    single, single_cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), _cpu()
        fit = fit_wlsmv(frame, spec)
        single.append(time.perf_counter() - t0)
        single_cpu.append(_cpu() - c0)
    out = {"single": single, "single_cpu": single_cpu, "fit": fit}
    if n_boot > 0:
        effects = enumerate_effects(spec.regressions(), "auto")
        t0, c0 = time.perf_counter(), _cpu()
        draws = bootstrap_effects(
            frame, spec, fit, effects, n_boot=n_boot, seed=seed, n_jobs=n_jobs
        )
        out["boot"], out["boot_cpu"] = time.perf_counter() - t0, _cpu() - c0
        out["boot_failed"] = int((~draws.ok).sum())
    return out


def run_lavaan(frame, spec, *, repeats, n_boot, seed) -> dict | None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        print("Rscript not found: the lavaan half of the benchmark is skipped")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        frame.to_csv(tmp / "data.csv", index=False)
        (tmp / "model.lav").write_text(lavaan_syntax(spec))
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        cmd = [rscript, str(R_SCRIPT), str(tmp / "data.csv"), str(tmp / "model.lav")]
        cmd += [str(repeats), str(n_boot), str(seed), str(tmp)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"lavaan failed:\n{proc.stderr}")
        times = pd.read_csv(tmp / "times.csv")
        out = {
            "single": times.loc[times["what"] == "fit", "sec"].tolist(),
            "single_cpu": times.loc[times["what"] == "fit", "cpu_sec"].tolist(),
            "fit_measures": float(times.loc[times["what"] == "fit_measures", "sec"].iloc[0]),
            "estimates": pd.read_csv(tmp / "single.csv"),
            "fit": pd.read_csv(tmp / "fit.csv").set_index("index")["value"],
        }
        if n_boot > 0:
            b = times.loc[times["what"] == "bootstrap"].iloc[0]
            out["boot"], out["boot_cpu"] = float(b["sec"]), float(b["cpu_sec"])
            out["boot_ok"] = int(pd.read_csv(tmp / "boot_info.csv")["n_ok"].iloc[0])
    return out


def compare(ours_fit, lav: dict) -> dict:
    ref = lav["estimates"]
    m = ref.merge(ours_fit.estimates, on=["lhs", "op", "rhs"], suffixes=("_r", ""))
    free = m["se_r"] > 0
    paths = m["op"] == "~"
    out = {
        "n_rows": int(len(m)),
        "max_est_diff": float((m["est"] - m["est_r"]).abs().max()),
        "max_path_diff": float((m.loc[paths, "est"] - m.loc[paths, "est_r"]).abs().max()),
        "max_se_diff": float((m.loc[free, "se"] - m.loc[free, "se_r"]).abs().max()),
        "max_std_diff": float((m["std_all"] - m["std.all"]).abs().max()),
    }
    got = ours_fit.fit.set_index("index")["value"]
    out["fit_diffs"] = {k: float(got[k] - lav["fit"][v]) for k, v in FIT_INDICES.items()}
    return out


def run(
    frame, spec, *, repeats=3, n_boot=200, lavaan_boot=20, seed=20261122, n_jobs=2, lavaan=True
):
    frame = frame[spec.observed()].dropna()
    res = {
        "n": len(frame),
        "n_items": len(spec.observed()),
        "n_boot": n_boot,
        "lavaan_boot": lavaan_boot,
    }
    res["ours"] = run_ours(frame, spec, repeats=repeats, n_boot=n_boot, seed=seed, n_jobs=n_jobs)
    res["lavaan"] = (
        run_lavaan(frame, spec, repeats=repeats, n_boot=lavaan_boot, seed=seed) if lavaan else None
    )
    if res["lavaan"] is not None:
        res["compare"] = compare(res["ours"]["fit"], res["lavaan"])
    return res


def _med(v):
    return float(np.median(v))


def report(res: dict) -> str:
    o, lav = res["ours"], res["lavaan"]
    lines = [
        f"N = {res['n']}, {res['n_items']} ordinal items, BLAS single-threaded; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end",
        f"single fit  ours:   median {_med(o['single']):8.3f} s wall, {_med(o['single_cpu']):.3f} s CPU "
        f"of {len(o['single'])} ({', '.join(f'{t:.3f}' for t in o['single'])})",
    ]
    if lav is not None:
        fit_lav = _med(lav["single"]) + lav["fit_measures"]
        lines += [
            f"single fit  lavaan: median {_med(lav['single']):8.3f} s wall (sem()), "
            f"+ fitMeasures() {lav['fit_measures']:.3f} s = {fit_lav:.3f} s",
            f"single fit  ratio lavaan/ours = {fit_lav / _med(o['single']):.2f} "
            f"(sem() alone: {_med(lav['single']) / _med(o['single']):.2f})",
        ]
    if "boot" in o:
        per = o["boot"] / res["n_boot"]
        lines.append(
            f"bootstrap   ours:   {res['n_boot']} resamples {o['boot']:.1f} s wall, "
            f"{o['boot_cpu']:.1f} s CPU: {per:.3f} s wall, {o['boot_cpu'] / res['n_boot']:.3f} s CPU "
            f"per resample; failed {o['boot_failed']}"
        )
    if lav is not None and "boot" in lav:
        lav_per = (lav["boot"] - _med(lav["single"])) / res["lavaan_boot"]
        lav_cpu = (lav["boot_cpu"] - _med(lav["single_cpu"])) / res["lavaan_boot"]
        lines.append(
            f"bootstrap   lavaan: {res['lavaan_boot']} resamples {lav['boot']:.1f} s wall: "
            f"{lav_per:.3f} s wall, {lav_cpu:.3f} s CPU per resample; kept {lav['boot_ok']} "
            f"of {res['lavaan_boot']}"
        )
        if "boot" in o:
            lines.append(
                f"bootstrap   ratio lavaan/ours per resample = {lav_per / per:.1f} (wall), "
                f"{lav_cpu / (o['boot_cpu'] / res['n_boot']):.1f} (CPU)"
            )
    if "compare" in res:
        c = res["compare"]
        lines.append(
            f"max |diff| over {c['n_rows']} parameters: est {c['max_est_diff']:.2e} (paths "
            f"{c['max_path_diff']:.2e}), robust se {c['max_se_diff']:.2e}, std_all {c['max_std_diff']:.2e}"
        )
        lines.append(
            "fit index diffs: " + ", ".join(f"{k} {v:+.2e}" for k, v in c["fit_diffs"].items())
        )
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(ROOT / "results" / "clean" / "data.csv"))
    ap.add_argument("--config", default=str(ROOT / "config.yaml"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--boot", type=int, default=200, help="our resamples")
    ap.add_argument("--lavaan-boot", type=int, default=20, help="lavaan's resamples (slow)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--no-lavaan", action="store_true")
    args = ap.parse_args(argv)
    config = yaml.safe_load(Path(args.config).read_text())
    codebook = read_codebook(ROOT / config["codebook"])
    data = pd.read_csv(args.data)
    res = run(
        data,
        model_spec(config, codebook),
        repeats=args.repeats,
        n_boot=args.boot,
        lavaan_boot=args.lavaan_boot,
        seed=args.seed,
        n_jobs=args.jobs,
        lavaan=not args.no_lavaan,
    )
    print(report(res))


if __name__ == "__main__":
    main()
