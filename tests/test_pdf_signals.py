"""Signals and the LibreOffice child (issue 15, group 6): real processes, a fake soffice.

A fake soffice (a shell script named by RKT_SOFFICE) stands in for LibreOffice so that the
tests are fast and need no LibreOffice: it starts a child as soffice starts soffice.bin, writes
both pids to $FAKE_DIR/pids and then waits, or floods its output, or hangs. rkt is started as a
user would start it, and its temporary folders go to a TMPDIR of the test's own, so that
"nothing left behind" is "that folder is empty".
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rkt_cli.cli import app
from rkt_cli.interrupts import Interrupted, deferred, handled_signals, on_signal
from rkt_cli.render import pdf
from tests.render_support import DATA

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups and these signals are POSIX")

# Marks the fake's profile folder the way soffice makes it, so that its removal is checked too.
MAKE_PROFILE = (
    'for arg; do case "$arg" in -env:UserInstallation=file://*) '
    'mkdir -p "${arg#-env:UserInstallation=file://}";; esac; done\n'
)
# A child in the fake's process group, like soffice.bin; the pids file appears whole.
START_CHILD = 'sleep 60 &\necho "$$ $!" > "$FAKE_DIR/pids.tmp" && mv "$FAKE_DIR/pids.tmp" "$FAKE_DIR/pids"\n'

WAITS = "#!/bin/sh\n" + MAKE_PROFILE + START_CHILD + "wait\n"
# Ignores SIGTERM (so does its child, which inherits the ignored disposition): only SIGKILL ends it.
STUBBORN = "#!/bin/sh\n" + MAKE_PROFILE + "trap '' TERM\n" + START_CHILD + "wait\n"


def write_fake(directory: Path, body: str) -> Path:
    fake = directory / "soffice"
    fake.write_text(body)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return fake


def running(pid: int) -> bool:
    """Still running: a zombie is not (here PID 1 does not reap orphans, so they stay zombies)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process now holds the number
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc: os.kill said it exists
    return state != "Z"


def wait_for(path: Path, process: subprocess.Popen[bytes]) -> None:
    """Until the fake has started (its pids file exists); fails at once if rkt ended first."""
    deadline = time.monotonic() + 60  # a generous bound for a loaded machine, not a measurement
    while not path.exists():
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"rkt ended before soffice started: {err.decode()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the fake soffice did not start")
        time.sleep(0.02)


class Setup:
    def __init__(self, tmp_path: Path, body: str) -> None:
        self.fake_dir = tmp_path / "fake"
        self.temp = tmp_path / "tmp"
        self.out_dir = tmp_path / "out"
        for folder in (self.fake_dir, self.temp, self.out_dir):
            folder.mkdir()
        self.out = self.out_dir / "rkt_2024.pdf"
        self.out.write_bytes(b"previous pdf")
        self.env = {
            **os.environ,
            "NO_COLOR": "1",
            "RKT_SOFFICE": str(write_fake(self.fake_dir, body)),
            "FAKE_DIR": str(self.fake_dir),
            "TMPDIR": str(self.temp),
        }

    def start(self, grace: float | None = None) -> subprocess.Popen[bytes]:
        """`python -m rkt_cli render ...`; with `grace`, the same entry point with
        KILL_GRACE_SECONDS set to it, for a test about what ends soffice, not how long it waits."""
        entry = ["-m", "rkt_cli"]
        if grace is not None:
            entry = ["-c", f"from rkt_cli.render import pdf\npdf.KILL_GRACE_SECONDS = {grace}\nimport rkt_cli.__main__"]
        # A session of its own, as a shell gives a job: a Ctrl-C at a terminal goes to that group.
        return subprocess.Popen(
            [sys.executable, *entry, "render", str(DATA), "--format", "pdf", "-o", str(self.out)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self.env,
            start_new_session=True,
        )

    def pids(self) -> list[int]:
        return [int(word) for word in (self.fake_dir / "pids").read_text().split()]

    def assert_nothing_left(self, pids: list[int]) -> None:
        assert len(pids) == 2
        assert [pid for pid in pids if running(pid)] == []
        assert list(self.temp.iterdir()) == []  # the profile and work folder are gone
        assert list(self.out_dir.iterdir()) == [self.out]  # no temp file beside the output
        assert self.out.read_bytes() == b"previous pdf"


@pytest.mark.parametrize(
    ("signum", "to_group", "code"),
    [
        (signal.SIGTERM, False, 143),  # kill PID, as a service manager does
        (signal.SIGINT, True, 130),  # Ctrl-C: the terminal signals the whole foreground job
        (signal.SIGINT, False, 130),  # kill -INT PID
        (signal.SIGHUP, False, 129),  # the terminal was closed
    ],
)
def test_a_signal_during_the_conversion_ends_soffice_and_leaves_nothing(
    tmp_path: Path, signum: signal.Signals, to_group: bool, code: int
) -> None:
    setup = Setup(tmp_path, WAITS)
    process = setup.start()
    wait_for(setup.fake_dir / "pids", process)
    (os.killpg if to_group else os.kill)(process.pid, signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code
    lines = err.decode().splitlines()
    assert lines[-1] == f"rkt: stopped by {signum.name}"
    assert "Traceback" not in err.decode()
    assert not any("wrote" in line for line in lines)
    setup.assert_nothing_left(setup.pids())


def test_a_soffice_that_ignores_sigterm_is_killed(tmp_path: Path) -> None:
    setup = Setup(tmp_path, STUBBORN)
    process = setup.start(grace=0.5)  # the grace's length is not what this test is about
    wait_for(setup.fake_dir / "pids", process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143
    assert err.decode().splitlines()[-1] == "rkt: stopped by SIGTERM"
    setup.assert_nothing_left(setup.pids())


def test_a_second_ctrl_c_does_not_cut_the_cleanup_short(tmp_path: Path) -> None:
    """The stubborn fake holds rkt in its grace period, where the second Ctrl-C arrives."""
    setup = Setup(tmp_path, STUBBORN)
    process = setup.start()
    wait_for(setup.fake_dir / "pids", process)
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(0.3)  # not a measurement: lets the first one start the cleanup
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.decode().count("rkt: stopped by SIGINT") == 1
    assert "Traceback" not in err.decode()
    setup.assert_nothing_left(setup.pids())


def test_a_child_left_running_after_a_good_conversion_is_ended(tmp_path: Path) -> None:
    """soffice that exits with its PDF written but leaves its child (soffice.bin) behind,
    still holding the output pipe: rkt must neither wait for it nor leave it running."""
    body = (
        "#!/bin/sh\n"
        + START_CHILD
        + 'while [ "$#" -gt 1 ]; do [ "$1" = --outdir ] && outdir="$2"; shift; done\n'
        + 'printf "%%PDF-1.7 fake" > "$outdir/$(basename "$1" .docx).pdf"\n'
    )
    setup = Setup(tmp_path, body)
    result = subprocess.run(
        [sys.executable, "-m", "rkt_cli", "render", str(DATA), "--format", "pdf", "-o", str(setup.out)],
        capture_output=True,
        env=setup.env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert setup.out.read_bytes() == b"%PDF-1.7 fake"
    assert [pid for pid in setup.pids() if running(pid)] == []
    assert list(setup.temp.iterdir()) == []


# Runs the command and writes the peak memory of its process tree (ru_maxrss) to argv[1].
# Measured from a small parent, not from pytest: a child's ru_maxrss starts at the peak of
# the process it was forked from (Linux keeps the pre-exec peak), and pytest may be large.
MEASURE = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def test_soffice_output_is_not_held_in_memory(tmp_path: Path) -> None:
    """200 MB on soffice's stdout, then a failure: the error quotes the last line, and rkt's peak
    memory stays far below what holding the output would take."""
    body = (
        "#!/bin/sh\nyes 'soffice noise' | head -c 200000000\necho\n"
        "echo 'Error: source file could not be loaded'\nexit 1\n"
    )
    setup = Setup(tmp_path, body)
    peak_file = tmp_path / "peak"
    rkt = [sys.executable, "-m", "rkt_cli", "render", str(DATA), "--format", "pdf", "-o", str(setup.out)]
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(peak_file), *rkt],
        capture_output=True,
        env=setup.env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[-1] == (
        f"rkt: error: {DATA}: LibreOffice could not convert the document: Error: source file could not be loaded"
    )
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak_mb = int(peak_file.read_text()) / (1024 * 1024 if sys.platform == "darwin" else 1024)
    assert peak_mb < 300, f"rkt peaked at {peak_mb:.0f} MB"
    assert list(setup.temp.iterdir()) == []
    assert setup.out.read_bytes() == b"previous pdf"


def test_a_hanging_soffice_is_stopped_with_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup = Setup(tmp_path, STUBBORN)  # ignores SIGTERM too: only SIGKILL ends it
    monkeypatch.setenv("RKT_SOFFICE", setup.env["RKT_SOFFICE"])
    monkeypatch.setenv("FAKE_DIR", str(setup.fake_dir))
    monkeypatch.setattr(tempfile, "tempdir", str(setup.temp))
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 1)
    monkeypatch.setattr(pdf, "KILL_GRACE_SECONDS", 0.5)  # the grace's length is not what this test is about
    result = CliRunner().invoke(app, ["render", str(DATA), "--format", "pdf", "-o", str(setup.out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"rkt: error: {DATA}: LibreOffice did not finish within 1 s; it was stopped"
    )
    setup.assert_nothing_left(setup.pids())


def test_the_last_line_of_the_output_is_short_and_safe_to_print() -> None:
    assert pdf.last_line(b"first\n\x1b]0;owned\x07 bad thing \n\n") == "\\x1b]0;owned\\x07 bad thing"
    long = pdf.last_line(b"x" * 100_000)
    assert long.startswith("…") and len(long) == 301
    assert pdf.last_line(b"\n \n") == ""


def test_a_signal_inside_a_deferred_step_is_raised_when_the_step_is_done() -> None:
    previous = {handled: signal.getsignal(handled) for handled in handled_signals()}
    steps = []
    try:
        signal.signal(signal.SIGTERM, on_signal)
        with pytest.raises(Interrupted) as raised, deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            steps.append("after the signal")  # the handler ran (signals are handled between bytecodes)
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # a second one is ignored
            steps.append("step done")
        assert raised.value.signum == signal.SIGTERM
        assert steps == ["after the signal", "step done"]
    finally:
        for handled, handler in previous.items():
            signal.signal(handled, handler)
