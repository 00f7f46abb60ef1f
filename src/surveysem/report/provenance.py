"""The reproducibility record: hashes, package versions, git state and a data-derived date."""

from __future__ import annotations

import hashlib
import platform
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

PACKAGES = (
    "surveysem",
    "snakemake",
    "pandas",
    "numpy",
    "scipy",
    "semopy",
    "statsmodels",
    "pingouin",
    "scikit-learn",
    "matplotlib",
    "jinja2",
    "weasyprint",
    "pyyaml",
)


def sha256_file(path: str | Path) -> str:
    """SHA-256 hex digest of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return r.stdout.strip()


def collect_provenance(
    files: Mapping[str, str | Path],
    *,
    data_file: str | Path,
    seed: Any,
    repo_dir: str | Path = ".",
    packages: Sequence[str] = PACKAGES,
    source_date_epoch: str | None = None,
) -> dict:
    """Hashes, versions, git state and a data-derived date for the reproducibility appendix.

    Parameters
    ----------
    files : mapping
        Role (e.g. ``"raw data"``) -> path; shown relative to the repository root, or by its
        file name when it lies outside the repository (no machine paths in the report).
    data_file : str or Path
        The raw data; its date is the report's date.
    seed : int
        The analysis seed.
    repo_dir : str or Path
        The repository root (for git).
    packages : sequence of str
        Distributions whose versions are listed.
    source_date_epoch : str, optional
        ``SOURCE_DATE_EPOCH`` (seconds), used when the data file has no git history.

    Returns
    -------
    dict
        ``files`` (list of ``role``, ``path``, ``sha256``), ``packages`` (``name``,
        ``version``), ``python``, ``git_commit``, ``git_state`` (``clean``, ``dirty`` or
        ``no_git``), ``seed``, ``data_date`` (YYYY-MM-DD), ``data_timestamp`` (ISO 8601,
        UTC), ``data_date_source`` (``git``, ``epoch`` or ``mtime``).

    Notes
    -----
    The date is the commit date of the last commit that touched the data file; failing that,
    ``SOURCE_DATE_EPOCH``; failing that, the file's modification time. Wall-clock time is never
    used. The tree counts as dirty when tracked files differ from the commit (untracked files,
    such as the outputs being produced, are ignored).
    """
    repo = Path(repo_dir)
    recs = []
    for role, p in files.items():
        pp = Path(p)
        if not pp.exists():
            raise ValueError(f"provenance: {role} file {str(p)!r} does not exist")
        recs.append({"role": role, "path": _shown_path(pp, repo), "sha256": sha256_file(pp)})
    commit, state = _git_state(repo)
    ts, src = _data_date(Path(data_file), repo, source_date_epoch)
    return {
        "files": recs,
        "packages": _versions(packages),
        "python": platform.python_version(),
        "git_commit": commit or "",
        "git_state": state,
        "seed": seed,
        "data_date": ts.strftime("%Y-%m-%d"),
        "data_timestamp": ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data_date_source": src,
    }


def _shown_path(path: Path, repo: Path) -> str:
    """The path relative to the repository, or the file name alone for a file outside it."""
    try:
        return path.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return path.name


def _versions(packages: Sequence[str]) -> list[dict]:
    vers = [{"name": "Python", "version": platform.python_version()}]
    for name in packages:
        try:
            vers.append({"name": name, "version": importlib_metadata.version(name)})
        except importlib_metadata.PackageNotFoundError:
            vers.append({"name": name, "version": "not installed"})
    return vers


def _git_state(repo: Path) -> tuple[str | None, str]:
    """The commit and whether tracked files differ from it (``clean``, ``dirty``, ``no_git``)."""
    commit = _git(["rev-parse", "HEAD"], repo)
    if commit is None:
        return None, "no_git"
    status = _git(["status", "--porcelain", "--untracked-files=no"], repo)
    return commit, "clean" if status == "" else "dirty"


def _data_date(data_file: Path, repo: Path, source_date_epoch: str | None):
    """The data's date and where it came from (``git``, ``epoch`` or ``mtime``)."""
    iso = _git(["log", "-1", "--format=%cI", "--", str(data_file)], repo)
    if iso:
        return datetime.fromisoformat(iso).astimezone(UTC), "git"
    if source_date_epoch:
        return datetime.fromtimestamp(int(source_date_epoch), UTC), "epoch"
    return datetime.fromtimestamp(int(data_file.stat().st_mtime), UTC), "mtime"
