"""surveysem.scriptlog: a script's stderr to its log, user errors also to the console."""

import subprocess
import sys
import textwrap
import time

from surveysem.scriptlog import MARK, error_message, failure_messages

SCRIPT = """
import sys
from types import SimpleNamespace
from surveysem.scriptlog import log_to, progress
sm = SimpleNamespace(log=[sys.argv[1]], rule="fit_sem")
log_to(sm)
print("to the log", file=sys.stderr)
tick = progress(sm, "bootstrap resamples", step=0.5)
for done in (10, 20, 30, 40):
    tick(done, 40)
raise {error}
"""


def run(tmp_path, error):
    script = tmp_path / "s.py"
    script.write_text(textwrap.dedent(SCRIPT.format(error=error)))
    log = tmp_path / "fit_sem.log"
    res = subprocess.run([sys.executable, str(script), str(log)], capture_output=True, text=True)
    return res, log.read_text()


def test_a_user_error_reaches_the_console_and_the_log(tmp_path):
    res, log = run(tmp_path, 'ValueError("data.csv: column wl9 not found; add it")')
    assert res.returncode == 1
    assert res.stderr == (
        "fit_sem: bootstrap resamples 10/40 (25%), 0 s\n"
        "fit_sem: bootstrap resamples 20/40 (50%), 0 s\n"
        "fit_sem: bootstrap resamples 40/40 (100%), 0 s\n"
        "\nfit_sem failed: data.csv: column wl9 not found; add it\n\n"
    )
    assert log.startswith("to the log\nfit_sem: bootstrap resamples 10/40 (25%)")
    assert "Traceback (most recent call last)" in log
    assert log.endswith(f"\n{MARK}fit_sem failed: data.csv: column wl9 not found; add it\n")
    assert failure_messages([tmp_path / "fit_sem.log", tmp_path / "none.log"], since=0) == [
        "fit_sem failed: data.csv: column wl9 not found; add it"
    ]
    assert failure_messages([tmp_path / "fit_sem.log"], since=time.time() + 60) == []


def test_other_errors_point_to_the_log(tmp_path):
    res, _ = run(tmp_path, 'KeyError("x")')
    assert res.stderr.endswith(
        "fit_sem failed: unexpected KeyError: 'x' (the traceback is in "
        f"{tmp_path / 'fit_sem.log'}; this is likely a bug in surveysem, please report it with "
        "that log)\n\n"
    )
    assert error_message("r", ValueError("m"), "l") == "r failed: m"
