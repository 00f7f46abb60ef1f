"""Benchmark: read and clean a survey of 1,000,000 respondents x 60 items.

The survey follows the default study's codebook (``data/codebook.yaml``: 14 scales, 60 items,
2 attention items, a duration column, 9 demographics), with realistic dirt: careless
straight-liners, failed attention checks, speeders, resubmitted ids, scattered missing answers,
missing-value markers, full-width digits, stray text and out-of-range codes.

The CSV is written to a temporary folder (not timed). The timed part runs in a fresh child
process so that its peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) is that
of reading and cleaning alone::

    .venv/bin/python bench/clean_1m.py                  # 1,000,000 respondents
    .venv/bin/python bench/clean_1m.py --n 100000       # smaller
    .venv/bin/python bench/clean_1m.py --profile        # also print a cProfile of the child

Targets: read + clean under 60 s, peak memory under 4 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "data" / "codebook.yaml"
TARGET_SEC = 60.0
TARGET_GIB = 4.0


def make_survey(n: int, codebook, seed: int = 1) -> pd.DataFrame:
    """A raw survey of ``n`` respondents shaped by ``codebook`` (all cells as CSV text)."""
    rng = np.random.default_rng(seed)
    scales = codebook.scales
    k = len(scales)
    corr = np.full((k, k), 0.3) + 0.7 * np.eye(k)
    f = rng.standard_normal((n, k)) @ np.linalg.cholesky(corr).T
    cols: dict[str, object] = {}
    ids = np.char.add("R", np.arange(1, n + 1).astype(str))
    # about 0.05% resubmissions: a later row reuses an earlier id
    n_dup = max(1, n // 2000)
    ids[rng.choice(np.arange(n // 2, n), n_dup, replace=False)] = ids[
        rng.choice(n // 2, n_dup, replace=False)
    ]
    cols["respondent_id"] = ids
    careless = rng.random(n) < 0.01
    straight = rng.integers(1, 6, n)
    for j, s in enumerate(scales):
        for item in s.items:
            x = 3 + 0.9 * f[:, j] + 0.7 * rng.standard_normal(n)
            if item in s.reverse:
                x = 6 - x
            v = np.clip(np.rint(x), 1, 5).astype(np.int8)
            v[careless] = straight[careless]
            cols[item] = v
    cols["aq1"] = np.where(rng.random(n) < 0.97, 4, rng.integers(1, 6, n)).astype(np.int8)
    cols["aq2"] = np.where(rng.random(n) < 0.97, 2, rng.integers(1, 6, n)).astype(np.int8)
    cols["duration_sec"] = np.rint(rng.lognormal(np.log(600), 0.4, n)).astype(np.int32)
    for d in codebook.demographics:
        if d.levels:
            codes = np.array(sorted(d.levels), dtype=int)
            cols[d.name] = rng.choice(codes, n).astype(np.int8)
        else:
            cols[d.name] = rng.integers(int(d.low), int(d.high) + 1, n).astype(np.int16)
    df = pd.DataFrame(cols)
    # scattered missing answers (0.1% of item cells) and dirt in a few columns
    items = list(codebook.items)
    out = {}
    for item in items:
        s = df[item].astype("Int8")
        s[rng.random(n) < 0.001] = pd.NA
        out[item] = s
    df[items] = pd.DataFrame(out)
    for item, tokens in ((items[0], ["N/A", "  ", "７", "four"]), (items[7], ["9", "0", "NA"])):
        col = df[item].astype(object).astype(str).where(df[item].notna(), "")
        hit = rng.choice(n, max(1, n // 5000), replace=False)
        col.iloc[hit] = rng.choice(tokens, len(hit))
        df[item] = col
    return df


def _peak_kib() -> int:
    """Peak resident memory of this process in KiB (VmHWM; ru_maxrss where /proc is absent).

    VmHWM is reset by exec, whereas ru_maxrss on Linux can carry the parent's peak over.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(csv_path: str, profile: bool) -> None:
    from surveysem.clean import clean_survey
    from surveysem.codebook import read_codebook
    from surveysem.ingest import read_survey

    codebook = read_codebook(str(CODEBOOK))
    base = _peak_kib()
    cpu: dict[str, float] = {}  # CPU seconds and the peak after reading

    def run():
        t0, c0 = time.perf_counter(), time.process_time()
        raw = read_survey(csv_path)
        t1, c1 = time.perf_counter(), time.process_time()
        cpu["peak_read"] = _peak_kib()
        res = clean_survey(
            raw,
            codebook,
            id_column="respondent_id",
            min_duration_sec=180,
            drop_duplicate_rows=True,
        )
        t2, c2 = time.perf_counter(), time.process_time()
        cpu["read"], cpu["clean"] = c1 - c0, c2 - c1
        return raw, res, t1 - t0, t2 - t1

    if profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        raw, res, t_read, t_clean = prof.runcall(run)
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(35)
        print(buf.getvalue(), file=sys.stderr)
    else:
        raw, res, t_read, t_clean = run()
    peak = _peak_kib()
    print(
        json.dumps(
            {
                "n_raw": len(raw),
                "n_clean": len(res.data),
                "n_excluded": len(res.exclusions),
                "n_cell_fixes": len(res.cell_fixes),
                "flow": res.flow.to_dict("list"),
                "read_sec": t_read,
                "clean_sec": t_clean,
                "read_cpu_sec": cpu["read"],
                "clean_cpu_sec": cpu["clean"],
                "loadavg_1min_after": os.getloadavg()[0],
                "peak_rss_kib": peak,
                "base_rss_kib": base,
                "peak_after_read_kib": cpu["peak_read"],
            }
        )
    )


def run_bench(n: int, profile: bool = False, keep: str | None = None) -> dict:
    """Write the survey, time read + clean in a child process and return its figures."""
    from surveysem.codebook import read_codebook

    codebook = read_codebook(str(CODEBOOK))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(keep) if keep else Path(tmp) / "survey.csv"
        t0 = time.perf_counter()
        make_survey(n, codebook).to_csv(path, index=False)
        gen = time.perf_counter() - t0
        size = path.stat().st_size
        cmd = [sys.executable, __file__, "--child", str(path)] + (["--profile"] if profile else [])
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"the timed child failed:\n{proc.stderr}")
        if profile:
            print(proc.stderr)
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["n"] = n
    out["csv_mib"] = size / 2**20
    out["generate_sec"] = gen
    return out


def report(r: dict) -> str:
    total = r["read_sec"] + r["clean_sec"]
    cpu = r["read_cpu_sec"] + r["clean_cpu_sec"]
    gib = r["peak_rss_kib"] / 2**20
    lines = [
        f"respondents: {r['n']:,} x 60 items + id, 2 attention, duration, 9 demographics "
        f"(CSV {r['csv_mib']:.0f} MiB, generated in {r['generate_sec']:.1f} s, not timed)",
        f"read_survey:  {r['read_sec']:8.2f} s wall, {r['read_cpu_sec']:8.2f} s CPU",
        f"clean_survey: {r['clean_sec']:8.2f} s wall, {r['clean_cpu_sec']:8.2f} s CPU",
        f"total:        {total:8.2f} s wall, {cpu:8.2f} s CPU (target < {TARGET_SEC:.0f} s: "
        f"{'PASS' if total < TARGET_SEC else 'FAIL'} on wall, "
        f"{'PASS' if cpu < TARGET_SEC else 'FAIL'} on CPU; machine load average "
        f"{r['loadavg_1min_after']:.1f} on {os.cpu_count()} cores)",
        f"peak RSS:     {gib:8.2f} GiB (after imports {r['base_rss_kib'] / 2**20:.2f} GiB, "
        f"after read_survey {r['peak_after_read_kib'] / 2**20:.2f} GiB; "
        f"target < {TARGET_GIB:.0f} GiB: {'PASS' if gib < TARGET_GIB else 'FAIL'})",
        f"kept {r['n_clean']:,}, excluded {r['n_excluded']:,}, cell fixes {r['n_cell_fixes']:,}",
        "flow: "
        + ", ".join(
            f"{s} -{e}" for s, e in zip(r["flow"]["step"], r["flow"]["n_excluded"], strict=True)
        ),
    ]
    return "\n".join(lines)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1_000_000, help="respondents (default 1,000,000)")
    p.add_argument("--profile", action="store_true", help="print a cProfile of read + clean")
    p.add_argument("--keep", help="write the CSV here instead of a temporary file")
    p.add_argument("--child", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child:
        _child(a.child, a.profile)
        return
    print(report(run_bench(a.n, a.profile, a.keep)))


if __name__ == "__main__":
    main()
