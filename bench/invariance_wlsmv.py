"""Benchmark: our WLSMV measurement-invariance sequence against lavaan's, one group variable.

The measurement model of the compared scales (:func:`surveysem.groups.compared_scales`) of
``results/clean/data.csv`` (build it with ``.venv/bin/snakemake --cores 2
results/clean/data.csv``) across one group variable, complete cases, every item ordinal:

* ours: :func:`surveysem.invariance_ordinal.prepare_ordinal_groups` (thresholds, polychorics
  and Γ per group), :func:`~surveysem.invariance_ordinal.fit_ordinal_groups` for configural,
  metric (loadings and thresholds equal) and scalar (and intercepts), warm-started, with
  robust SEs and the scaled fit indices, and the two
  :func:`~surveysem.invariance_ordinal.scaled_difference` tests;
* lavaan 0.6-14: the same three models from ``semTools::measEq.syntax`` (its defaults for
  ordered items: ``ID.cat = "Wu.Estabrook.2016"``, ``ID.fac = "std.lv"``), each ``cfa(...,
  estimator = "WLSMV")`` with ``fitMeasures()``, and the two ``lavTestLRT()`` tests
  (``bench/invariance_wlsmv.R``).

One untimed warm-up on each side, then ``--repeats`` timed runs (wall time inside each
process, R start-up and package loading excluded; BLAS single-threaded). Printed: the
medians, the ratio lavaan/ours (> 1: ours is faster), and the largest differences of the
scaled chi-square, CFI, TLI, RMSEA and Δχ² of the same run::

    .venv/bin/python bench/invariance_wlsmv.py                 # gender, 3 repeats
    .venv/bin/python bench/invariance_wlsmv.py --group post --repeats 1
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
from surveysem.invariance_ordinal import (  # noqa: E402
    fit_ordinal_groups,
    prepare_ordinal_groups,
    scaled_difference,
)

ROOT = Path(__file__).resolve().parents[1]
R_SCRIPT = Path(__file__).with_name("invariance_wlsmv.R")
MODELS = ("configural", "metric", "scalar")
FIT_KEYS = {
    "chisq_scaled": "chisq.scaled",
    "cfi_scaled": "cfi.scaled",
    "tli_scaled": "tli.scaled",
    "rmsea_scaled": "rmsea.scaled",
    "srmr": "srmr",
}


def sequence(frame: pd.DataFrame, measurement: dict, group: str, levels: list[str]) -> dict:
    """Statistics, the three fits (warm starts) and the two scaled difference tests."""
    og = prepare_ordinal_groups(frame, measurement, group, levels)
    fits, start = {}, None
    for name in MODELS:
        fits[name] = fit_ordinal_groups(og, name, start=start)
        start = fits[name].local
    lrt = {
        "configural_metric": scaled_difference(fits["configural"], fits["metric"], og),
        "metric_scalar": scaled_difference(fits["metric"], fits["scalar"], og),
    }
    return {"fits": fits, "lrt": lrt}


def run_ours(frame, measurement, group, levels, repeats) -> dict:
    sequence(frame, measurement, group, levels)  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = sequence(frame, measurement, group, levels)
        times.append(time.perf_counter() - t0)
    return out | {"times": times}


def run_lavaan(frame, measurement, group, levels, repeats) -> dict | None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        print("Rscript not found: the lavaan half of the benchmark is skipped")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        frame.to_csv(tmp / "data.csv", index=False)
        syntax = "\n".join(f"{f} =~ {' + '.join(i)}" for f, i in measurement.items())
        (tmp / "model.lav").write_text(syntax + "\n")
        (tmp / "levels.txt").write_text("\n".join(levels) + "\n", encoding="utf-8")
        cmd = [rscript, str(R_SCRIPT), str(tmp / "data.csv"), str(tmp / "model.lav"), group]
        cmd += [str(tmp / "levels.txt"), str(repeats), str(tmp)]
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"lavaan failed:\n{proc.stderr}")
        return {
            "times": pd.read_csv(tmp / "times.csv")["sec"].tolist(),
            "fit": pd.read_csv(tmp / "fit.csv"),
            "lrt": pd.read_csv(tmp / "lrt.csv").set_index("comparison"),
        }


def compare(ours: dict, lav: dict) -> dict[str, float]:
    """Largest |ours - lavaan| per statistic over the three models (and the two tests)."""
    out = {}
    fit = lav["fit"].set_index(["model", "index"])["value"]
    for key, rkey in FIT_KEYS.items():
        out[key] = max(abs(ours["fits"][m].fit_value(key) - fit[(m, rkey)]) for m in MODELS)
    out["delta_chisq"] = max(
        abs(ours["lrt"][c]["delta_chisq"] - lav["lrt"].loc[c, "chisq_diff"]) for c in ours["lrt"]
    )
    return out


def prepare(data: pd.DataFrame, codebook: Codebook, group: str):
    """Complete cases of the compared scales' items with the group recoded to its labels."""
    demo = {d.name: d for d in codebook.demographics}[group]
    measurement = {s: list(codebook.scale(s).items) for s in compared_scales(codebook)}
    items = [i for its in measurement.values() for i in its]
    frame = data[items].apply(pd.to_numeric, errors="coerce")
    frame[group] = pd.to_numeric(data[group], errors="coerce").map(demo.levels)
    frame = frame.dropna().reset_index(drop=True)
    frame[items] = frame[items].astype(int)
    levels = [lab for lab in demo.levels.values() if (frame[group] == lab).any()]
    return frame, measurement, levels


def report(frame, group, levels, measurement, ours, lav) -> str:
    med = float(np.median(ours["times"]))
    lines = [
        f"group {group} ({', '.join(levels)}), N = {len(frame)}, scales "
        f"{', '.join(measurement)} ({sum(len(v) for v in measurement.values())} ordinal items)",
        f"ours   configural/metric/scalar + 2 scaled Δχ²: median {med:.3f} s "
        f"({len(ours['times'])} runs)",
    ]
    if lav is not None:
        lmed = float(np.median(lav["times"]))
        lines.append(f"lavaan the same (cfa + fitMeasures, lavTestLRT): median {lmed:.3f} s")
        lines.append(f"ratio lavaan/ours: {lmed / med:.1f}")
        for k, v in compare(ours, lav).items():
            lines.append(f"  max |diff| {k}: {v:.2e}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "results" / "clean" / "data.csv"))
    ap.add_argument("--codebook", default=str(ROOT / "data" / "codebook.yaml"))
    ap.add_argument("--group", default="gender")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-lavaan", action="store_true")
    a = ap.parse_args()
    if not Path(a.data).is_file():
        raise SystemExit(
            f"{a.data} not found: build it with .venv/bin/snakemake --cores 2 "
            "results/clean/data.csv"
        )
    frame, measurement, levels = prepare(pd.read_csv(a.data), read_codebook(a.codebook), a.group)
    ours = run_ours(frame, measurement, a.group, levels, a.repeats)
    lav = None if a.no_lavaan else run_lavaan(frame, measurement, a.group, levels, a.repeats)
    print(report(frame, a.group, levels, measurement, ours, lav))


if __name__ == "__main__":
    main()
