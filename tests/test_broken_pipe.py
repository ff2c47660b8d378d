"""A reader that goes away (`rkt rules | head -c 10`) ends rkt quietly: killed by SIGPIPE as
Unix tools are (the shell shows 141), never Click's exit 1, which README keeps for data errors.
Only a real process with a real pipe shows this."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGPIPE on Windows")
@pytest.mark.parametrize("args", [("rules",), ("schema",)])
def test_a_closed_pipe_ends_rkt_by_sigpipe_without_a_message(args: tuple[str, ...]) -> None:
    process = subprocess.Popen([sys.executable, "-m", "rkt_cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before rkt writes a byte
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=30) == -13  # SIGPIPE
    assert stderr == b""
