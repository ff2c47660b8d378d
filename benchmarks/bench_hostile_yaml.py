"""Time and peak memory of `rkt` on YAML built to be slow to check (issue 15, group 2).

    python benchmarks/bench_hostile_yaml.py

Writes each case from tests/hostile_yaml.py (the same generators the tests use) to a temporary
folder, runs the command as a fresh process and prints a table: wall and CPU time, peak memory
(the child's ru_maxrss), exit code and bytes written to stdout and stderr. The bound each case
should keep: well under 20 s and 1 GiB. Nothing is asserted; the tests check the outcomes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile_yaml  # noqa: E402  (the repository root is on the path only now)

CASES: list[tuple[str, Callable[[], str], list[str]]] = [
    ("200,000 unknown keys", hostile_yaml.unknown_keys, ["validate"]),
    ("20,000 misspellings in one text", hostile_yaml.misspellings, ["validate"]),
    ("a target of 100,000 spaces", hostile_yaml.spaces_target, ["validate"]),
    (
        "a target: 95, 100,000 spaces, a word",
        lambda: hostile_yaml.document(target='"95' + " " * 100_000 + 'x"'),
        ["validate"],
    ),
    ("6 MB program name: validate", hostile_yaml.long_program_name, ["validate"]),
    ("6 MB program name: summary", hostile_yaml.long_program_name, ["summary"]),
    ("6 MB program name: summary --by program", hostile_yaml.long_program_name, ["summary", "--by", "program"]),
    ("6 MB program name: render --format table", hostile_yaml.long_program_name, ["render", "--format", "table"]),
]


def run_once(command: list[str]) -> tuple[float, float, int, int, int, int]:
    """(wall s, CPU s, peak RSS KiB, exit code, stdout bytes, stderr bytes) of one fresh process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, "NO_COLOR": "1"})
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        sizes = out.seek(0, os.SEEK_END), err.seek(0, os.SEEK_END)
    code = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code, *sizes


def main() -> int:
    print(f"{'case':<44} {'wall s':>7} {'cpu s':>7} {'peak MiB':>9} {'exit':>5} {'stdout':>10} {'stderr':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for label, generate, args in CASES:
            path = Path(folder) / "case.yaml"
            path.write_text(generate(), encoding="utf-8")
            wall, cpu, peak, code, out, err = run_once([sys.executable, "-m", "rkt_cli", *args, str(path)])
            print(f"{label:<44} {wall:7.2f} {cpu:7.2f} {peak / 1024:9.1f} {code:>5} {out:>10,} {err:>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
