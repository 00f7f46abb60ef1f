"""Benchmark: our SEM engine against lavaan on the default study's full structural model.

Both engines fit the same model to the same data (``results/clean/data.csv``; build it with
``.venv/bin/snakemake --cores 2 results/clean/data.csv``):

* single fit: ours = :func:`surveysem.sem.fit_model`, lavaan = ``sem()``; median wall time
  of ``--repeats`` runs each;
* bootstrap: ours = :func:`surveysem.sem.fit_model` + :func:`surveysem.effects.
  estimate_effects` (what :func:`surveysem.models.structural_effects` runs) with
  ``n_jobs=2``; lavaan = ``sem(..., se = "bootstrap", bootstrap = B, parallel = "multicore",
  ncpus = 2)`` with every indirect and total effect defined by ``:=``. One run each.

Wall times are measured inside each process (R start-up and package loading excluded on both
sides). BLAS is single-threaded in both (``OPENBLAS_NUM_THREADS=1``). Printed: wall times and
ratios, the largest point-estimate difference (all ``~`` paths and all indirect/total effects)
and the largest percentile-CI-bound difference (the resamples differ, so this is Monte Carlo
noise of order ``se_boot / sqrt(B)``, also printed relative to the bootstrap SE)::

    .venv/bin/python bench/sem_vs_lavaan.py                 # B = 2000
    .venv/bin/python bench/sem_vs_lavaan.py --boot 500 --repeats 1
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

from surveysem.effects import Effect, enumerate_effects, estimate_effects  # noqa: E402
from surveysem.sem import ModelSpec, fit_model  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
R_SCRIPT = Path(__file__).with_name("sem_vs_lavaan.R")


def _label(y: str, x: str) -> str:
    return f"b__{y}__{x}"


def lavaan_syntax(spec: ModelSpec, effects: list[Effect]) -> tuple[str, dict[str, str]]:
    """The model in lavaan syntax with labelled paths and ``:=`` for indirect/total effects.

    Returns the syntax and a map from the ``:=`` name to our effect key ``"kind|label"``.
    """
    regs = spec.regressions()
    lines = [f"{f} =~ {' + '.join(items)}" for f, items in spec.measurement.items()]
    lines += [f"{y} ~ {_label(y, x)}*{x}" for y, x in regs]
    for ln in spec.extra.splitlines():
        s = ln.split("#")[0].strip()
        if s and not ("~" in s and "~~" not in s and "=~" not in s):
            lines.append(s)
    edges = set(regs)

    def product(chain):
        return "*".join(_label(v, u) for u, v in zip(chain, chain[1:], strict=False))

    names = {}
    by_pair: dict[tuple[str, str], list[str]] = {}
    for e in effects:
        if e.kind != "total":
            by_pair.setdefault((e.chain[0], e.chain[-1]), []).append(product(e.chain))
    for i, e in enumerate(effects):
        if e.kind == "direct":
            continue
        name = f"eff{i}"
        if e.kind == "indirect":
            rhs = product(e.chain)
        else:
            terms = list(by_pair.get((e.chain[0], e.chain[-1]), []))
            if (e.chain[-1], e.chain[0]) in edges and _label(e.chain[-1], e.chain[0]) not in terms:
                terms.insert(0, _label(e.chain[-1], e.chain[0]))
            rhs = " + ".join(terms)
        lines.append(f"{name} := {rhs}")
        names[name] = f"{e.kind}|{e.label}"
    return "\n".join(lines) + "\n", names


def run_ours(frame, spec, *, n_boot, seed, repeats, n_jobs=2, ci_level=0.95) -> dict:
    """Time our single fit (``repeats`` times) and the fit + bootstrap of the effects."""
    single = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fit = fit_model(frame, spec, missing="listwise", ci_level=ci_level)
        single.append(time.perf_counter() - t0)
    t0, c0 = time.perf_counter(), _cpu()
    fit = fit_model(frame, spec, missing="listwise", ci_level=ci_level)
    eff = estimate_effects(
        frame, spec, fit, n_boot=n_boot, ci_level=ci_level, seed=seed, n_jobs=n_jobs
    )
    boot, boot_cpu = time.perf_counter() - t0, _cpu() - c0
    return {
        "single": single,
        "boot": boot,
        "boot_cpu": boot_cpu,
        "estimates": fit.estimates,
        "effects": eff,
    }


def _cpu() -> float:
    """CPU seconds of this process and its finished child processes (the bootstrap pool)."""
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def run_lavaan(frame, spec, effects, *, n_boot, seed, repeats) -> dict | None:
    """Run bench/sem_vs_lavaan.R; None (with a message) when Rscript is absent."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        print("Rscript not found: the lavaan half of the benchmark is skipped")
        return None
    syntax, names = lavaan_syntax(spec, effects)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        frame.to_csv(tmp / "data.csv", index=False)
        (tmp / "model.lav").write_text(syntax)
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        cmd = [rscript, str(R_SCRIPT), str(tmp / "data.csv"), str(tmp / "model.lav")]
        cmd += [str(n_boot), str(repeats), str(seed), str(tmp)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"lavaan failed:\n{proc.stderr}")
        times = pd.read_csv(tmp / "times.csv")
        out = {
            "single": times.loc[times["what"] == "single", "sec"].tolist(),
            "estimates": pd.read_csv(tmp / "single.csv"),
            "names": names,
            "syntax": syntax,
        }
        if n_boot > 0:
            boot = times.loc[times["what"] == "bootstrap"].iloc[0]
            out["boot"], out["boot_cpu"] = float(boot["sec"]), float(boot["cpu_sec"])
            out["boot_est"] = pd.read_csv(tmp / "boot.csv")
            out["boot_info"] = pd.read_csv(tmp / "boot_info.csv").iloc[0].to_dict()
    return out


def _lavaan_effect_rows(lav_table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """lavaan rows (``~`` paths and ``:=`` effects) keyed like our effects: ``kind|label``."""
    paths = lav_table[lav_table["op"] == "~"].copy()
    paths["key"] = "direct|" + paths["rhs"] + " -> " + paths["lhs"]
    defined = lav_table[lav_table["op"] == ":="].copy()
    defined["key"] = defined["lhs"].map(names)
    return pd.concat([paths, defined], ignore_index=True).set_index("key")


def compare(ours: dict, lav: dict, n_boot: int) -> dict:
    """Largest differences between the engines (point estimates and percentile CI bounds)."""
    est = ours["estimates"]
    mine = est[est["op"] == "~"].set_index(["lhs", "rhs"])["est"]
    le = lav["estimates"]
    theirs = le[le["op"] == "~"].set_index(["lhs", "rhs"])["est"]
    path_diff = (mine - theirs.reindex(mine.index)).abs()
    eff = ours["effects"].copy()
    eff["key"] = eff["kind"] + "|" + eff["effect"]
    eff = eff.set_index("key")
    single = _lavaan_effect_rows(le, lav["names"])
    ind = eff[eff["kind"] != "direct"]
    eff_diff = (ind["est"] - single["est"].reindex(ind.index)).abs()
    out = {
        "n_paths": len(mine),
        "n_effects": len(ind),
        "max_path_diff": float(path_diff.max()),
        "worst_path": " ~ ".join(path_diff.idxmax()),
        "max_effect_diff": float(eff_diff.max()),
        "worst_effect": eff_diff.idxmax(),
    }
    if n_boot > 0 and "boot_est" in lav:
        b = _lavaan_effect_rows(lav["boot_est"], lav["names"]).reindex(eff.index)
        d_lo = (eff["ci_low"] - b["ci.lower"]).abs()
        d_hi = (eff["ci_high"] - b["ci.upper"]).abs()
        d = pd.concat([d_lo, d_hi], axis=1).max(axis=1)
        rel = d / eff["se_boot"]
        out |= {
            "n_ci": int(d.notna().sum()),
            "max_ci_diff": float(d.max()),
            "worst_ci": d.idxmax(),
            "median_ci_diff": float(d.median()),
            "max_ci_diff_rel_se": float(rel.max()),
            "median_ci_diff_rel_se": float(rel.median()),
            "max_se_ratio_dev": float((eff["se_boot"] / b["se"] - 1).abs().max()),
            "n_failed_ours": int(eff["n_failed"].iloc[0]),
            "n_ok_lavaan": int(lav["boot_info"]["n_ok"]),
        }
    return out


def run(frame, spec, *, n_boot=2000, seed=1, repeats=3, lavaan=True) -> dict:
    """Run both engines and compare; returns a dict of figures (also used by the smoke test)."""
    frame = frame[spec.observed()].dropna().reset_index(drop=True)
    effects = enumerate_effects(spec.regressions(), "auto")
    ours = run_ours(frame, spec, n_boot=n_boot, seed=seed, repeats=repeats)
    res = {"n": len(frame), "ours": ours, "lavaan": None}
    if lavaan:
        lav = run_lavaan(frame, spec, effects, n_boot=n_boot, seed=seed, repeats=repeats)
        res["lavaan"] = lav
        if lav is not None:
            res["compare"] = compare(ours, lav, n_boot)
    return res


def report(res: dict, n_boot: int) -> str:
    o, lav = res["ours"], res["lavaan"]
    lines = [
        f"N = {res['n']}, bootstrap B = {n_boot}, 2 processes, BLAS single-threaded; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end"
    ]
    ms = float(np.median(o["single"]))
    lines.append(
        f"single fit  ours:   median {ms:7.3f} s of {len(o['single'])} "
        f"({', '.join(f'{t:.3f}' for t in o['single'])})"
    )
    if lav is not None:
        ls = float(np.median(lav["single"]))
        lines.append(
            f"single fit  lavaan: median {ls:7.3f} s of {len(lav['single'])} "
            f"({', '.join(f'{t:.3f}' for t in lav['single'])})"
        )
        lines.append(f"single fit  ratio lavaan/ours = {ls / ms:.2f}")
    if n_boot > 0:
        lines.append(f"fit+bootstrap ours:   {o['boot']:8.1f} s wall, {o['boot_cpu']:8.1f} s CPU")
        if lav is not None:
            lines.append(
                f"fit+bootstrap lavaan: {lav['boot']:8.1f} s wall, {lav['boot_cpu']:8.1f} s CPU"
            )
            lines.append(
                f"fit+bootstrap ratio lavaan/ours = {lav['boot'] / o['boot']:.2f} (wall), "
                f"{lav['boot_cpu'] / o['boot_cpu']:.2f} (CPU)"
            )
    if lav is not None:
        c = res["compare"]
        lines.append(
            f"max |est diff|, {c['n_paths']} '~' paths:        {c['max_path_diff']:.2e} "
            f"({c['worst_path']})"
        )
        lines.append(
            f"max |est diff|, {c['n_effects']} indirect+total effects: "
            f"{c['max_effect_diff']:.2e} ({c['worst_effect']})"
        )
        if "max_ci_diff" in c:
            lines.append(
                f"max |percentile CI bound diff|, {c['n_ci']} effects: {c['max_ci_diff']:.4f} "
                f"({c['worst_ci']}); median {c['median_ci_diff']:.4f}"
            )
            lines.append(
                f"  relative to the bootstrap SE: max {c['max_ci_diff_rel_se']:.3f}, "
                f"median {c['median_ci_diff_rel_se']:.3f}; max |se_boot ratio - 1| "
                f"{c['max_se_ratio_dev']:.3f}"
            )
            lines.append(
                f"  failed resamples: ours {c['n_failed_ours']}, lavaan kept "
                f"{c['n_ok_lavaan']} of {n_boot}"
            )
    return "\n".join(lines)


def default_study():
    """The default study's model and its analysed data (with composites added)."""
    from surveysem.codebook import read_codebook
    from surveysem.models import structural_data
    from surveysem.study import model_spec

    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    codebook = read_codebook(str(ROOT / config["codebook"]))
    path = ROOT / "results" / "clean" / "data.csv"
    if not path.exists():
        raise SystemExit(
            f"{path} is missing; build it first: .venv/bin/snakemake --cores 2 "
            "results/clean/data.csv"
        )
    frame = structural_data(pd.read_csv(path), config, codebook)
    return frame, model_spec(config, codebook), config


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--boot", type=int, default=2000, help="bootstrap resamples (default 2000)")
    p.add_argument("--repeats", type=int, default=3, help="single-fit repeats (default 3)")
    p.add_argument("--no-lavaan", action="store_true", help="time our engine only")
    p.add_argument("--print-syntax", action="store_true", help="print the lavaan model")
    a = p.parse_args(argv)
    frame, spec, config = default_study()
    res = run(
        frame,
        spec,
        n_boot=a.boot,
        seed=int(config["analysis"]["seed"]),
        repeats=a.repeats,
        lavaan=not a.no_lavaan,
    )
    if a.print_syntax and res["lavaan"] is not None:
        print(res["lavaan"]["syntax"])
    print(report(res, a.boot))


if __name__ == "__main__":
    main()
