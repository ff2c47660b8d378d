"""Run every hostile case of issue 15 as a whole `rkt` process and print time, memory and outcome.

    python benchmarks/bench_hostile.py [-k SUBSTRING ...] [--json] [--timeout 60] [--mem-cap-mib 3072]

Each case (benchmarks/hostile_cases.py) writes its inputs into a fresh temporary folder, then
`python -m rkt_cli ARGS` runs there with this interpreter (or --python), in a session of its own,
with RLIMIT_AS capped (default 3 GiB, so that a case cannot eat the machine) and a hard timeout
(default 60 s, after which its process group is killed).

Measured:
  - seconds: wall time from start to exit of the rkt process (not the preparation of inputs);
  - peak MiB: ru_maxrss of the rusage that os.wait4 returns for the rkt process. On Linux that is
    the largest resident set of the process and of the descendants it waited for (soffice, when
    rkt reaps it): the peak of the biggest single process in the tree, not a sum over processes
    alive at the same time. Descendants that outlive rkt are not counted.

Targets of the issue's acceptance: under 20 s and under 1024 MiB per case, with the right outcome
(the expected exit code, no "Traceback", a line of output naming the file, no raw control
character printed, and the case's own checks). The verdict is PASS or FAIL with the first reason;
"capped" means the case hit the memory cap (MemoryError), "timeout" that it was killed at the
timeout. The script prints figures and exits 0 whatever they are; it is not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.hostile_cases import GROUPS, Case, Context, Result, SkipCase, all_cases  # noqa: E402

TIME_TARGET_SECONDS = 20.0
MEMORY_TARGET_MIB = 1024.0
MiB = 1024 * 1024
READ_LIMIT = 32 * MiB  # of a huge stdout/stderr, the first and last 32 MiB are examined

# Printed output must not carry raw control characters (issue 15, group 4): C0 except tab and
# newline, DEL, C1, and bytes that are not UTF-8 (a lone 0x9b is CSI on some terminals).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\udc80-\udcff]")
MEMORY_ERROR = re.compile(r"MemoryError|Cannot allocate memory|out of memory|bad_alloc", re.IGNORECASE)


@dataclass
class Row:
    name: str
    group: int
    what: str
    argv: list[str]
    exit_code: int | None = None
    seconds: float = 0.0
    peak_mib: float = 0.0
    timed_out: bool = False
    capped: bool = False
    problems: list[str] = field(default_factory=list)
    last_error_line: str = ""
    verdict: str = ""
    notes: dict[str, object] = field(default_factory=dict)


def read_output(path: Path) -> str:
    size = path.stat().st_size
    with path.open("rb") as stream:
        if size <= 2 * READ_LIMIT:
            data = stream.read()
        else:
            head = stream.read(READ_LIMIT)
            stream.seek(size - READ_LIMIT)
            data = head + b"\n[...]\n" + stream.read()
    return data.decode("utf-8", "surrogateescape")


def measure(case: Case, ctx: Context, timeout: float, cap_bytes: int, logs: Path) -> tuple[Result, float, bool]:
    """Run rkt once for `case`; returns the result, the peak RSS in MiB and whether it timed out."""

    def prepare_child() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap_bytes, cap_bytes))
        # A shell without job control starts background jobs with SIGINT ignored, and an ignored
        # signal stays ignored across exec: give rkt the dispositions it has in a terminal.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT):
            signal.signal(signum, signal.SIG_DFL)

    out_path, err_path = logs / "stdout", logs / "stderr"
    finished = threading.Event()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.monotonic()
        process = subprocess.Popen(
            [*ctx.rkt, *case.argv],
            cwd=ctx.folder,
            env=ctx.env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group: the timeout kills all of it
            preexec_fn=prepare_child,  # before exec, in the child
        )
    helper = None
    if case.during is not None:
        helper = threading.Thread(target=case.during, args=(ctx, process.pid, finished), daemon=True)
        helper.start()
    timed_out = False
    try:
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                timed_out = True
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.005)
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        raise
    ended = time.monotonic()
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    finished.set()
    if helper is not None:
        helper.join(timeout=30)
    result = Result(
        exit_code=None if timed_out else process.returncode,
        stdout=read_output(out_path),
        stderr=read_output(err_path),
        seconds=ended - start,
        ended_at=ended,
    )
    return result, usage.ru_maxrss / 1024, timed_out  # ru_maxrss is in KiB on Linux


def evaluate(
    case: Case, ctx: Context, result: Result, timed_out: bool, timeout: float, near_cap: bool
) -> tuple[list[str], bool]:
    """The problems with the outcome (empty: right) and whether the memory cap was hit: a
    MemoryError (or the C libraries' words for it), or a peak within 5 % of the cap (libxml2,
    for one, reports running out of memory as an "unknown error")."""
    problems: list[str] = []
    output = result.stderr + result.stdout
    capped = near_cap or bool(MEMORY_ERROR.search(result.stderr))
    if timed_out:
        problems.append(f"timeout: killed after {timeout:g} s")
    elif result.exit_code not in case.exit_codes:
        expected = "/".join(str(code) for code in sorted(case.exit_codes))
        problems.append(f"exit {result.exit_code}, expected {expected}")
    if capped:
        problems.append("capped: ran out of memory under the cap")
    if "Traceback (most recent call last)" in result.stderr:
        last = [line for line in result.stderr.strip().splitlines() if line.strip()][-1:]
        problems.append(f"traceback: {last[0].strip()[:120] if last else ''}")
    if not timed_out and result.exit_code not in (0, None) and result.exit_code > 0:
        lines = output.splitlines()
        for pattern in case.names:
            if not any(re.search(pattern, line) for line in lines):
                problems.append(f"no line of the error matches {pattern!r}")
    raw = RAW_CONTROL.search(output)
    if raw:
        problems.append(f"raw control character U+{ord(raw.group()) & 0xFFFF:04X} printed")
    for check in case.checks:
        try:
            problems += check(ctx, result)
        except Exception as exc:  # a check that breaks is reported, not fatal to the run
            problems.append(f"check {getattr(check, '__name__', 'check')} failed: {exc!r}")
    return problems, capped


def verdict(row: Row) -> str:
    if row.timed_out:
        return "FAIL (timeout)"
    if row.capped:
        return "FAIL (capped)"
    if row.problems:
        return "FAIL (outcome)"
    if row.seconds >= TIME_TARGET_SECONDS:
        return "FAIL (time)"
    if row.peak_mib >= MEMORY_TARGET_MIB:
        return "FAIL (memory)"
    return "PASS"


def last_error_line(result: Result) -> str:
    """The last line of stderr: the one-line error, or the exception that ended a traceback."""
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    return RAW_CONTROL.sub("?", lines[-1])[:160] if lines else ""


def run_case(case: Case, python: str, cache: Path, timeout: float, cap_bytes: int) -> Row:
    row = Row(case.name, case.group, case.what, list(case.argv))
    env = dict(os.environ)
    env.pop("RKT_SOFFICE", None)  # only the cases that fake soffice set it
    env.update({"NO_COLOR": "1", "COLUMNS": "100", "PYTHONUNBUFFERED": "1"})
    with tempfile.TemporaryDirectory(prefix=f"rkt-hostile-{case.name[:40]}-") as temp:
        folder, logs = Path(temp) / "case", Path(temp) / "logs"
        folder.mkdir()
        logs.mkdir()
        ctx = Context(folder=folder, rkt=(python, "-m", "rkt_cli"), cache=cache, env=env)
        try:
            case.prepare(ctx)
        except SkipCase as exc:
            row.verdict = f"SKIP ({exc})"
            return row
        except Exception as exc:
            row.verdict = "ERROR"
            row.problems.append(f"preparing the inputs failed: {exc!r}")
            return row
        result, row.peak_mib, row.timed_out = measure(case, ctx, timeout, cap_bytes, logs)
        row.exit_code, row.seconds = result.exit_code, result.seconds
        near_cap = row.peak_mib * MiB >= 0.95 * cap_bytes
        row.problems, row.capped = evaluate(case, ctx, result, row.timed_out, timeout, near_cap)
        row.last_error_line = last_error_line(result)
        row.notes = {key: value for key, value in ctx.notes.items() if isinstance(value, (str, int, float, bool))}
    row.verdict = verdict(row)
    return row


def short(problems: list[str]) -> str:
    if not problems:
        return "ok"
    text = problems[0]
    return text if len(text) <= 44 else text[:43] + "…"


def print_table(rows: list[Row]) -> None:
    headers = ["case", "grp", "exit", "seconds", "peak MiB", "outcome", "verdict"]
    cells = [
        [
            row.name,
            str(row.group),
            "-" if row.exit_code is None else str(row.exit_code),
            f"{row.seconds:.2f}",
            f"{row.peak_mib:.0f}",
            short(row.problems),
            row.verdict,
        ]
        for row in rows
    ]
    widths = [max(len(headers[i]), *(len(c[i]) for c in cells)) for i in range(len(headers))]
    right = {2, 3, 4}

    def line(values: list[str]) -> str:
        return " | ".join(
            v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True))
        )

    print("groups: " + "; ".join(f"{number} {name}" for number, name in GROUPS.items()) + "\n")
    print(line(headers))
    print("-+-".join("-" * w for w in widths))
    for values in cells:
        print(line(values))
    passed = sum(row.verdict == "PASS" for row in rows)
    targets = f"< {TIME_TARGET_SECONDS:g} s, < {MEMORY_TARGET_MIB:g} MiB, right outcome"
    print(f"\n{passed} of {len(rows)} cases PASS (targets: {targets})")
    failing = [row for row in rows if row.verdict != "PASS"]
    if failing:
        print("\nDetails of the cases that did not pass:")
        for row in failing:
            print(f"- {row.name} (group {row.group}): {row.what}")
            print(f"    rkt {' '.join(row.argv)}")
            for problem in row.problems:
                print(f"    problem: {problem}")
            if row.last_error_line:
                print(f"    stderr:  {row.last_error_line}")
            for key, value in row.notes.items():
                if key in ("kill", "fifo_bytes", "not_signalled"):
                    print(f"    note:    {key} = {value}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-k", action="append", default=[], metavar="SUBSTRING", help="run the cases whose name holds it"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a case is killed (default 60)")
    parser.add_argument("--mem-cap-mib", type=int, default=3072, help="RLIMIT_AS of each case in MiB (default 3072)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs `-m rkt_cli`")
    args = parser.parse_args()

    cases = [case for case in all_cases() if not args.k or any(k in case.name for k in args.k)]
    if os.name != "posix":
        cases = [case for case in cases if not case.signals]
    if args.list:
        for case in cases:
            print(f"{case.name:40} {case.group}  {case.what}")
        return 0
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="rkt-hostile-cache-") as cache:
        for number, case in enumerate(cases, 1):
            if not args.json:
                print(f"[{number}/{len(cases)}] {case.name} …", file=sys.stderr, flush=True)
            rows.append(run_case(case, args.python, Path(cache), args.timeout, args.mem_cap_mib * MiB))
    if args.json:
        print(json.dumps([asdict(row) for row in rows], indent=2, ensure_ascii=False))
    else:
        print(
            f"rkt hostile inputs (issue 15): {len(rows)} cases, python {args.python}, "
            f"timeout {args.timeout:g} s, RLIMIT_AS {args.mem_cap_mib} MiB, {os.cpu_count()} CPUs; "
            "peak = ru_maxrss from os.wait4 (largest single process of rkt and its reaped children)\n"
        )
        print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
