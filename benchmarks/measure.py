"""One way the benchmarks time a whole `rkt` process: wall time, CPU time and peak memory.

CPU time is kept beside the wall time because on a machine shared with other jobs the wall time
says more about them than about rkt. Peak memory is ru_maxrss from os.wait4: on Linux the
largest resident set among the process and the children it waited for (a pool's workers,
soffice), not a sum.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_seconds: float
    peak_mib: float


def run_measured(command: list[str]) -> Measured:
    """One child process, measured; one that fails stops the benchmark with its stderr."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    stderr = process.stderr.read()  # read before waiting: a full pipe would block the child
    process.stderr.close()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit {code}:\n{stderr.decode('utf-8', 'replace')}")
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return Measured(elapsed, usage.ru_utime + usage.ru_stime, peak)


def median_run(command: list[str], runs: int) -> tuple[float, float]:
    """(median wall seconds, largest peak MiB) over `runs` runs of `command`."""
    results = [run_measured(command) for _ in range(runs)]
    return statistics.median(r.seconds for r in results), max(r.peak_mib for r in results)
