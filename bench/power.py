"""Benchmark: Monte Carlo power replications per second, ours against lavaan, on 2 cores.

The default study's structural model (config.yaml: 14 factors, 60 items, 26 paths, 170
indirect and total effects) with the population fitted to ``results/clean/data.csv`` (build
it with ``.venv/bin/snakemake --cores 2 results/clean/data.csv``). One replication draws n
respondents from the population and refits the model with ML, with SEs of every path and
every indirect and total effect and the chi-square test:

* ours: :func:`surveysem.power.simulate_power` with ``n_jobs=2`` (what a ``simulate_power``
  shard runs), warm-started from the population values, fitted from the sample moments;
* lavaan: ``simulateData()`` from the population model plus ``sem()`` of the study's model
  with its indirect and total effects as ``:=``, and ``parameterEstimates()``, in
  ``parallel::mclapply(mc.cores = 2)`` (simsem-style; bench/power.R).

Times are taken inside each process around the replications (imports, R start-up, building
the population excluded on both sides). Printed: replications per second of each, and the
ratio ours/lavaan (> 1: ours is faster)::

    .venv/bin/python bench/power.py                       # n = 500, 400 ours, 100 lavaan
    .venv/bin/python bench/power.py --n 827 --reps 200 --lavaan-reps 50
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ.setdefault("OMP_NUM_THREADS", "1")

import pandas as pd  # noqa: E402
import yaml  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sem_vs_lavaan import lavaan_syntax  # noqa: E402

from surveysem import power as pw  # noqa: E402
from surveysem.codebook import read_codebook  # noqa: E402
from surveysem.effects import enumerate_effects  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
R_SCRIPT = Path(__file__).with_name("power.R")


def population_syntax(pop: pw.PowerPopulation) -> str:
    """The population model in lavaan syntax, every parameter fixed to its value."""
    table = pw.population_table(pop)
    lines = []
    for factor, items in pop.spec.measurement.items():
        loads = {
            r.rhs: r.value for r in table[(table.op == "=~") & (table.lhs == factor)].itertuples()
        }
        terms = [f"{loads.get(i, 1.0)!r}*{i}" for i in items]
        lines.append(f"{factor} =~ " + " + ".join(terms))
    for r in table[table.op != "=~"].itertuples():
        lines.append(f"{r.lhs} {r.op} {r.value!r}*{r.rhs}")
    return "\n".join(lines) + "\n"


def _cpu() -> float:
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def run_ours(pop: pw.PowerPopulation, n: int, reps: int, seed: int, n_jobs: int = 2) -> dict:
    tasks = pw.shard_tasks([n], reps)
    t0, c0 = time.perf_counter(), _cpu()
    draws = pw.simulate_power(pop, tasks, seed=seed, n_jobs=n_jobs)
    sec, cpu = time.perf_counter() - t0, _cpu() - c0
    fit_rows = draws[draws["target"] == pw.CHISQ_TARGET]
    return {
        "reps": reps,
        "sec": sec,
        "cpu_sec": cpu,
        "converged": int(fit_rows["converged"].sum()),
        "mean_chisq": float(fit_rows.loc[fit_rows["converged"], "est"].mean()),
    }


def run_lavaan(pop: pw.PowerPopulation, n: int, reps: int, seed: int) -> dict | None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        print("Rscript not found: the lavaan half of the benchmark is skipped")
        return None
    model, _ = lavaan_syntax(pop.spec, enumerate_effects(pop.spec.regressions(), "auto"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "population.lav").write_text(population_syntax(pop))
        (tmp / "model.lav").write_text(model)
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        cmd = [rscript, str(R_SCRIPT), str(tmp / "population.lav"), str(tmp / "model.lav")]
        cmd += [str(n), str(reps), str(seed), str(tmp)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"lavaan failed:\n{proc.stderr}")
        times = pd.read_csv(tmp / "times.csv").iloc[0]
        summary = pd.read_csv(tmp / "summary.csv").iloc[0]
    return {
        "reps": reps,
        "sec": float(times["sec"]),
        "cpu_sec": float(times["cpu_sec"]),
        "converged": int(summary["converged"]),
        "mean_chisq": float(summary["mean_chisq"]),
    }


def load_population(data_path: Path, config_path: Path) -> pw.PowerPopulation:
    config = yaml.safe_load(config_path.read_text())
    config["power"] = {"n": [100]}
    codebook = read_codebook(str(ROOT / config["codebook"]))
    return pw.study_population(pd.read_csv(data_path), config, codebook)


def run(pop, *, n, reps, lavaan_reps, seed, lavaan=True) -> dict:
    out = {"n": n, "df": pop.df, "n_par": pop.engine.n_par, "n_targets": len(pop.targets) - 1}
    out["ours"] = run_ours(pop, n, reps, seed)
    out["lavaan"] = run_lavaan(pop, n, lavaan_reps, seed) if lavaan and lavaan_reps else None
    return out


def report(res: dict) -> str:
    load = os.getloadavg()[0]
    lines = [
        f"n = {res['n']}, {res['n_par']} free parameters, df {res['df']}, {res['n_targets']} "
        f"targets (paths + indirect/total effects) per replication; 2 processes, BLAS "
        f"single-threaded; load average {load:.1f} at the end"
    ]
    rates = {}
    for who in ("ours", "lavaan"):
        r = res.get(who)
        if r is None:
            continue
        rates[who] = r["reps"] / r["sec"]
        lines.append(
            f"{who:>6}: {r['reps']:5d} replications in {r['sec']:8.2f} s wall, "
            f"{r['cpu_sec']:8.2f} s CPU = {rates[who]:8.2f} replications/s; converged "
            f"{r['converged']}/{r['reps']}, mean chi-square {r['mean_chisq']:.1f} (df {res['df']})"
        )
    if len(rates) == 2:
        cpu = (res["lavaan"]["cpu_sec"] / res["lavaan"]["reps"]) / (
            res["ours"]["cpu_sec"] / res["ours"]["reps"]
        )
        lines.append(
            f"ratio ours/lavaan = {rates['ours'] / rates['lavaan']:.1f} (replications/s, wall), "
            f"{cpu:.1f} (CPU per replication)"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "results" / "clean" / "data.csv")
    ap.add_argument("--config", type=Path, default=ROOT / "config.yaml")
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--reps", type=int, default=400)
    ap.add_argument("--lavaan-reps", type=int, default=100)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--no-lavaan", action="store_true")
    args = ap.parse_args()
    if not args.data.is_file():
        sys.exit(
            f"{args.data} not found: run `.venv/bin/snakemake --cores 2 results/clean/data.csv`"
        )
    pop = load_population(args.data, args.config)
    res = run(pop, n=args.n, reps=args.reps, lavaan_reps=args.lavaan_reps, seed=args.seed,
              lavaan=not args.no_lavaan)  # fmt: skip
    print(report(res))


if __name__ == "__main__":
    main()
