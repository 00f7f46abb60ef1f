"""Logging for the workflow scripts: stderr to the rule's log, user errors also to the console.

Every script in ``workflow/scripts`` starts with ``log_to(snakemake)``. Its stderr (warnings,
progress, tracebacks) goes to the rule's log file. When the script stops on a ``ValueError``
(the library's user errors: they name the file, key or column and say how to fix it), that
one message is also printed on the console, where Snakemake itself shows only the log's path.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

MARK = "[surveysem] "  # starts the closing message of a failed script's log


def error_message(rule: str, err: BaseException, log: str) -> str:
    """The console line for a script that stopped on ``err``.

    Parameters
    ----------
    rule : str
        The rule's name.
    err : BaseException
    log : str
        The rule's log file (holds the traceback).

    Returns
    -------
    str
        ``"<rule> failed: <message>"`` for a ``ValueError`` (a user error); otherwise the
        exception's type and message with a pointer to the log.
    """
    if isinstance(err, ValueError):
        return f"{rule} failed: {err}"
    return (
        f"{rule} failed: unexpected {type(err).__name__}: {err} (the traceback is in {log}; "
        "this is likely a bug in surveysem, please report it with that log)"
    )


def log_to(sm: Any) -> None:
    """Send this script's stderr to the rule's log and echo user errors to the console.

    Parameters
    ----------
    sm : snakemake.script.Snakemake
        The ``snakemake`` object of the script (``sm.log[0]`` is the log file).
    """
    log = open(sm.log[0], "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives as stderr
    sys.stderr = log

    def hook(kind, err, tb):
        message = error_message(sm.rule, err, sm.log[0])
        traceback.print_exception(kind, err, tb, file=log)
        print(f"\n{MARK}{message}", file=log, flush=True)
        print(f"\n{message}\n", file=sys.__stderr__, flush=True)

    sys.excepthook = hook


def progress(sm: Any, what: str, step: float = 0.1) -> Callable[[int, int], None]:
    """A progress callback that writes ``done/total`` to the log and the console.

    Parameters
    ----------
    sm : snakemake.script.Snakemake
    what : str
        What is counted, e.g. ``"bootstrap resamples"``.
    step : float
        Report at most once per this share of the total (and at the end).

    Returns
    -------
    callable
        ``report(done, total)``.
    """
    start = time.monotonic()
    last = [-1]

    def report(done: int, total: int) -> None:
        mark = int(done / total / step) if total else 0
        if mark == last[0] and done < total:
            return
        last[0] = mark
        line = (
            f"{sm.rule}: {what} {done}/{total} ({done / total:.0%}), "
            f"{time.monotonic() - start:.0f} s"
        )
        print(line, file=sys.stderr, flush=True)
        if sys.stderr is not sys.__stderr__:
            print(line, file=sys.__stderr__, flush=True)

    return report


def failure_messages(logs: Iterable[str], since: float) -> list[str]:
    """The closing messages of the scripts that failed in this run, read from their logs.

    Parameters
    ----------
    logs : iterable of str
        Log files of the run's jobs (missing ones are skipped).
    since : float
        The run's start (``time.time()``); older logs are from earlier runs.

    Returns
    -------
    list of str
        One message per failed script (see :func:`error_message`), in the order given.
    """
    out = []
    for log in dict.fromkeys(str(p) for p in logs):
        path = Path(log)
        if not path.is_file() or path.stat().st_mtime < since:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if MARK in text:
            out.append(text.rsplit(MARK, 1)[1].strip())
    return out
