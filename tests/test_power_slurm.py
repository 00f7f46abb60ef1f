"""The power study on a real SLURM cluster: a single-node Slurm (Debian's packages) on
127.0.0.1, driven by snakemake-executor-plugin-slurm through workflow/profiles/slurm, must
give the same tables as a local run, byte for byte.

The cluster: munged on its own socket and key, slurmctld and ``slurmd -N localhost`` as root
without systemd or cgroups (``ProctrackType=proctrack/linuxproc``, ``TaskPlugin=task/none``,
``SelectType=select/cons_tres`` with ``CR_Core_Memory``, ``MinJobAge=300`` so that finished
jobs stay visible to ``squeue``), on free loopback ports, everything below one temporary
folder. The packages are installed with apt-get when they are absent and we are root; the
test is skipped, with the reason, where that cannot be done. The daemons are stopped by the
PIDs in their pid files, slurmd first, whatever happens.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from test_power import POWER_FILES, ROOT, SNAKEMAKE, write_small_study

pytestmark = pytest.mark.slow

PACKAGES = ["slurmctld", "slurmd", "slurm-client", "munge"]
DAEMONS = ["slurmctld", "slurmd", "munged", "sbatch", "srun", "squeue", "sinfo", "scancel"]
RUN_TIMEOUT = 900  # seconds for the whole SLURM run: the test fails, never hangs


def _missing_tools() -> list[str]:
    return [d for d in DAEMONS if shutil.which(d) is None]


def _install_slurm() -> str | None:
    """Install the Debian packages if needed; the reason to skip, or None."""
    if not _missing_tools():
        return None
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return f"SLURM is not installed ({', '.join(_missing_tools())} absent) and apt-get as root is not available"
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    cmd = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *PACKAGES]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        if res.returncode != 0:  # stale package lists: update once and retry
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True, env=env, timeout=600)
            res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    except subprocess.TimeoutExpired:
        return "apt-get install of the SLURM packages timed out"
    if res.returncode != 0 or _missing_tools():
        return f"apt-get could not install {' '.join(PACKAGES)}: {res.stderr.strip()[-300:]}"
    return None


def _free_ports(k: int) -> list[int]:
    socks = [socket.socket() for _ in range(k)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


SLURM_CONF = """\
ClusterName=surveysem
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort={ctld_port}
SlurmdPort={d_port}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={dir}/munge.socket
StateSaveLocation={dir}/state
SlurmdSpoolDir={dir}/spool
SlurmctldPidFile={dir}/slurmctld.pid
SlurmdPidFile={dir}/slurmd.pid
SlurmctldLogFile={dir}/log/slurmctld.log
SlurmdLogFile={dir}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/builtin
MinJobAge=300
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 RealMemory=4096 State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
"""


def _stop(pid_file: Path, grace: float = 10.0) -> None:
    """Stop the process named in a pid file (SIGTERM, then SIGKILL)."""
    try:
        pid = int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@contextlib.contextmanager
def single_node_cluster():
    """Start munged, slurmctld and slurmd below a temporary folder; yield the environment
    that reaches the cluster; stop the daemons (slurmd first) and remove the folder."""
    base = Path(tempfile.mkdtemp(prefix="ssm-slurm-", dir="/tmp"))
    for sub in ("state", "spool", "log"):
        (base / sub).mkdir()
    key = base / "munge.key"
    key.write_bytes(os.urandom(1024))
    key.chmod(0o400)
    ctld_port, d_port = _free_ports(2)
    conf = base / "slurm.conf"
    conf.write_text(SLURM_CONF.format(dir=base, ctld_port=ctld_port, d_port=d_port))
    # snakemake-executor-plugin-slurm-jobstep 0.6.1 drops SLURM_CONF from the environment of
    # the srun it runs inside each job; a real cluster's nodes find /etc/slurm/slurm.conf,
    # which this throw-away cluster must not write, so an srun shim in PATH restores it
    shim = base / "bin"
    shim.mkdir()
    real_srun = shutil.which("srun")
    (shim / "srun").write_text(f'#!/bin/sh\nSLURM_CONF={conf} exec {real_srun} "$@"\n')
    (shim / "srun").chmod(0o755)
    env = os.environ | {"SLURM_CONF": str(conf), "PATH": f"{shim}:{os.environ['PATH']}"}
    env.pop("SLURM_JOB_ID", None)
    pid_files = [base / "slurmd.pid", base / "slurmctld.pid", base / "munged.pid"]  # stop order
    try:
        munged = ["munged", "--force", f"--socket={base}/munge.socket", f"--key-file={key}"]
        munged += [f"--pid-file={base}/munged.pid", f"--seed-file={base}/munged.seed"]
        munged += [f"--log-file={base}/log/munged.log"]
        subprocess.run(munged, check=True, env=env, timeout=30, capture_output=True)
        subprocess.run(["slurmctld", "-f", str(conf)], check=True, env=env, timeout=30)
        subprocess.run(
            ["slurmd", "-f", str(conf), "-N", "localhost"], check=True, env=env, timeout=30
        )
        state = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            res = subprocess.run(
                ["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, env=env, timeout=10
            )
            state = res.stdout.strip()
            if state == "idle":
                break
            time.sleep(0.5)
        else:
            log = (base / "log" / "slurmctld.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the test cluster did not become idle (state {state!r}):\n{log}")
        yield env
    finally:
        subprocess.run(["scancel", "--user", "root"], env=env, capture_output=True, timeout=30)
        for pid_file in pid_files:
            _stop(pid_file)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def slurm_cluster():
    """A running single-node cluster (skipped, with the reason, where SLURM cannot be had)."""
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        pytest.skip("snakemake-executor-plugin-slurm is not installed (requirements.lock)")
    reason = _install_slurm()
    if reason:
        pytest.skip(reason)
    with single_node_cluster() as env:
        yield env


def _run(cmd: list[str], cwd: Path, env: dict, timeout: float) -> subprocess.CompletedProcess:
    """Run a command in its own process group; on timeout kill the group and fail."""
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"{cmd[0]} did not finish in {timeout} s:\n{err[-3000:]}")
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def test_power_study_on_slurm_equals_the_local_run(slurm_cluster, tmp_path):
    """A local run of the whole study first; then, in the same folder, the power tables are
    deleted and made again with the shards as SLURM jobs."""
    study = write_small_study(tmp_path, {"n": [60, 120], "replications": 6, "shards": 2, "seed": 3})
    base = [str(SNAKEMAKE), "--snakefile", str(ROOT / "Snakefile"), "--directory", str(tmp_path)]
    base += ["power", "--configfile", str(study)]
    env = slurm_cluster | {"OPENBLAS_NUM_THREADS": "1"}
    res = _run(base + ["--cores", "2"], tmp_path, env, RUN_TIMEOUT)
    assert res.returncode == 0, res.stderr[-4000:]
    out = tmp_path / "results" / "power"
    local = {f: (out / f"{f}.csv").read_bytes() for f in POWER_FILES}
    shutil.rmtree(out)
    slurm = base + ["--profile", str(ROOT / "workflow" / "profiles" / "slurm")]
    # poll quickly (the profile's defaults suit a real cluster)
    slurm += ["--slurm-init-seconds-before-status-checks", "1"]
    slurm += ["--seconds-between-status-checks", "1", "--latency-wait", "5"]
    res = _run(slurm, tmp_path, env, RUN_TIMEOUT)
    assert res.returncode == 0, res.stderr[-4000:]
    # the shards ran as SLURM jobs (MinJobAge = 300 keeps finished jobs listed)
    jobs = subprocess.run(
        ["squeue", "--states=all", "-h", "-o", "%k %T"],
        capture_output=True, text=True, env=env, timeout=30,
    ).stdout.split()  # fmt: skip
    comments, states = jobs[0::2], jobs[1::2]
    assert sorted(comments) == [
        "rule_simulate_power_wildcards_0_2",
        "rule_simulate_power_wildcards_1_2",
    ], jobs
    assert states == ["COMPLETED", "COMPLETED"], jobs
    assert {f: (out / f"{f}.csv").read_bytes() for f in POWER_FILES} == local
