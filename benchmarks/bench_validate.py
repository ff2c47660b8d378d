"""How long `rkt validate` takes as a whole process, and what it imports.

    python benchmarks/bench_validate.py [--runs 5] [--indikator 40000]

Prints, for each command, the median wall time (and CPU time, user + system: steadier than wall
time on a busy machine) of several runs of a fresh process (so Python
start-up and imports are included, as in CI or a pre-commit hook) and the child's peak memory
(ru_maxrss). Targets: `rkt validate data/rkt_2024.yaml` ≤ 0.35 s; a 40,000-indikator file ≤ 5 s.
Then lists heavy modules that `rkt validate` should not import (python-docx, Babel, num2words,
Jinja2), from `python -X importtime`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "rkt_2024.yaml"
FORBIDDEN = ("docx", "babel", "num2words", "jinja2")


def run_once(command: list[str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak RSS in KiB, exit code) of one fresh child process."""
    # os.wait4 gives this child's own rusage; RUSAGE_CHILDREN would be the maximum over all.
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode


def measure(label: str, command: list[str], runs: int, target: float | None = None) -> None:
    results = [run_once(command) for _ in range(runs)]
    times = [r[0] for r in results]
    cpu = statistics.median(r[1] for r in results)
    peak_mib = max(r[2] for r in results) / 1024
    codes = sorted({r[3] for r in results})
    verdict = ""
    if target is not None:
        verdict = f"  target ≤ {target:.2f} s: {'OK' if statistics.median(times) <= target else 'OVER'}"
    print(
        f"{label:<44} median {statistics.median(times):6.3f} s  "
        f"(min {min(times):.3f}, max {max(times):.3f}, n={runs})  cpu {cpu:6.3f} s  "
        f"peak {peak_mib:6.1f} MiB  exit {','.join(map(str, codes))}{verdict}"
    )


def unwanted_imports() -> list[str]:
    """Top-level packages from FORBIDDEN that `rkt validate` imports, per -X importtime."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "rkt_cli", "validate", str(DATA)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    imported = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            module = line.rsplit("|", 1)[1].strip()
            imported.add(module.split(".")[0])
    return sorted(imported.intersection(FORBIDDEN))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median is reported)")
    parser.add_argument("--indikator", type=int, default=40_000, help="size of the generated file")
    args = parser.parse_args()

    python = sys.executable
    rkt = [python, "-m", "rkt_cli"]
    print(f"python {sys.version.split()[0]} on {os.uname().sysname} {os.uname().machine}, {os.cpu_count()} CPUs")
    measure("python -c pass", [python, "-c", "pass"], args.runs)
    measure("rkt --version", [*rkt, "--version"], args.runs)
    measure("rkt validate data/rkt_2024.yaml", [*rkt, "validate", str(DATA)], args.runs, target=0.35)

    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / f"rkt_{args.indikator}.yaml"
        start = time.perf_counter()
        subprocess.run(
            [python, str(ROOT / "benchmarks" / "generate.py"), "--indikator", str(args.indikator), "-o", str(big)],
            check=True,
        )
        size_mib = big.stat().st_size / (1024 * 1024)
        print(f"(generated {args.indikator} indikator, {size_mib:.1f} MiB, in {time.perf_counter() - start:.1f} s)")
        measure(
            f"rkt validate <{args.indikator} indikator>",
            [*rkt, "validate", str(big)],
            max(1, min(args.runs, 3)),
            target=5.0,
        )

    unwanted = unwanted_imports()
    print(f"modules validate imports that it should not: {', '.join(unwanted) if unwanted else 'none'}")
    self_usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this benchmark process itself: peak {self_usage:.1f} MiB)")
    return 1 if unwanted else 0


if __name__ == "__main__":
    sys.exit(main())
