"""Cold run of the default study, rule by rule, and a template-only rerun.

Copies the repository's tracked files into a temporary folder (the ``.venv`` is not copied:
the benchmark uses the interpreter it runs with), runs ``snakemake --cores 2`` from nothing
(2,000 bootstrap resamples, as ``config.yaml`` says), then edits one template and reruns.
Prints the wall time of every rule (from Snakemake's log), the critical path, the cold-run
and rerun times, and their ratios to the targets (cold <= 90 s, template-only rerun <= 15 s)
and to the baseline measured before the report rebuild (132 s cold).

    .venv/bin/python bench/pipeline.py               # one cold run and one rerun
    .venv/bin/python bench/pipeline.py --repeats 3   # medians of three
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = Path(sys.executable).parent / "snakemake"
TARGET_COLD, TARGET_RERUN, BASELINE_COLD = 90.0, 15.0, 132.0
STAMP = re.compile(r"^\[(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4})\]$")


def copy_repo(dest: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for f in files:
        src, dst = ROOT / f, dest / f
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def rule_times(log: str) -> dict[str, float]:
    """Wall seconds per rule from the timestamps Snakemake prints around each job."""
    start: dict[str, datetime] = {}
    out: dict[str, float] = {}
    stamp = None
    for line in log.splitlines():
        m = STAMP.match(line.strip())
        if m:
            stamp = datetime.strptime(" ".join(m.group(1).split()), "%a %b %d %H:%M:%S %Y")
            continue
        m = re.match(r"^(?:local)?rule (\w+):", line.strip())
        if m and stamp:
            rule = m.group(1)
            start[rule] = stamp
            continue
        m = re.match(r"^Finished jobid: \d+ \(Rule: (\w+)\)", line.strip())
        if m and stamp and m.group(1) in start:
            out[m.group(1)] = (stamp - start[m.group(1)]).total_seconds()
    return out


def run(work: Path, *args: str) -> tuple[float, str]:
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
    t0 = time.perf_counter()
    res = subprocess.run(
        [str(SNAKEMAKE), "--cores", "2", *args],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit(f"snakemake failed in {work}:\n{res.stderr[-3000:]}")
    return wall, res.stdout + res.stderr


def once() -> tuple[float, float, dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="surveysem-bench-") as tmp:
        work = Path(tmp)
        copy_repo(work)
        cold, log = run(work)
        template = work / "workflow" / "templates" / "thesis.css"
        template.write_text(template.read_text() + "\n/* edited by bench/pipeline.py */\n")
        rerun, _ = run(work)
        return cold, rerun, rule_times(log)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()
    colds, reruns, rules = [], [], {}
    for _ in range(args.repeats):
        c, r, t = once()
        colds.append(c)
        reruns.append(r)
        for k, v in t.items():
            rules.setdefault(k, []).append(v)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"{'rule':<22} {'median s':>9}")
    for k, v in sorted(rules.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"{k:<22} {statistics.median(v):>9.1f}")
    cold, rerun = statistics.median(colds), statistics.median(reruns)
    print(f"cold run (median of {args.repeats}): {cold:.1f} s; target {TARGET_COLD:.0f} s "
          f"(ratio {cold / TARGET_COLD:.2f}); before the rebuild {BASELINE_COLD:.0f} s "
          f"(ratio {BASELINE_COLD / cold:.2f}x faster)")  # fmt: skip
    print(f"template-only rerun: {rerun:.1f} s; target {TARGET_RERUN:.0f} s "
          f"(ratio {rerun / TARGET_RERUN:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
