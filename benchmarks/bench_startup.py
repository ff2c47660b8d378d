"""How fast each `rkt` command starts, beside the floor and the obvious python-docx script.

    python benchmarks/bench_startup.py [--runs 10] [--no-importtime]

Every figure is a whole fresh process (interpreter start-up and imports included, as a user or
a pre-commit hook sees them), timed from outside with os.wait4: wall time, CPU time (user +
system: steadier than wall time on a busy machine) and the child's peak resident memory. Each
command runs once unmeasured, then RUNS times, round-robin with the others so that a change in
the machine's load touches every row alike; median and min are printed. The commands:

- `python -c pass`, and the floor `python -c "import pydantic, yaml, typer"`: no CLI built on
  these three libraries can start faster;
- `rkt --version`, `rkt validate`, `rkt render -o TMP.docx` and `rkt summary` of
  data/rkt_2024.yaml (40 indikator), with the targets of issue 14 beside them;
- the peer: the obvious python-docx script (yaml.safe_load, add_row(), cell.text) writing the
  same 40 rows, and pandoc converting them from Markdown when pandoc is installed.

Python writes no bytecode cache when PYTHONDONTWRITEBYTECODE is set, and then an editable install
compiles rkt's own modules from source in every run. Every command is therefore also measured
with a bytecode cache in a temporary PYTHONPYCACHEPREFIX, as a `pip install`ed rkt has (pip
compiles on install); the two columns say what each start-up costs in each case.

Then, from `python -X importtime` (the min of 3 runs per module), the 10 imports with the most
cumulative time for `rkt validate` and for `rkt render`. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "rkt_2024.yaml"
FLOOR = "import pydantic, yaml, typer"

# The DOCX anyone would write first with python-docx: the same eight columns, one row per indikator.
PEER_DOCX = """\
import sys
import yaml
from docx import Document

with open(sys.argv[1], encoding="utf-8") as stream:
    data = yaml.safe_load(stream)
document = Document()
document.add_paragraph(f"RENCANA KINERJA TAHUNAN {data['tahun']}")
table = document.add_table(rows=1, cols=8)
heading = ("No", "Program", "Sasaran", "Indikator", "Target", "Kegiatan", "Anggaran", "Pelaksana")
for cell, text in zip(table.rows[0].cells, heading):
    cell.text = text
number = 0
for program in data["program"]:
    for sasaran in program["sasaran"]:
        number += 1
        for indikator in sasaran["indikator"]:
            cells = table.add_row().cells
            cells[0].text = str(number)
            cells[1].text = program["nama"]
            cells[2].text = f"{sasaran['nama']} ({sasaran['kode']})"
            cells[3].text = indikator["uraian"]
            cells[4].text = str(indikator["target"])
            cells[5].text = indikator.get("kegiatan", "")
            cells[6].text = f"{sasaran['anggaran']:,}".replace(",", ".")
            cells[7].text = indikator.get("pelaksana", sasaran.get("pelaksana", ""))
document.save(sys.argv[2])
"""


@dataclass
class Command:
    label: str
    argv: list[str]
    target: float | None = None  # seconds, wall, median


@dataclass
class Figures:
    wall_median: float
    wall_min: float
    cpu_median: float
    peak_mib: float
    exit_codes: list[int]


def run_once(argv: Sequence[str], env: Mapping[str, str]) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MiB, exit code) of one fresh child process."""
    start = time.perf_counter()
    devnull = subprocess.DEVNULL
    process = subprocess.Popen(list(argv), cwd=ROOT, env=dict(env), stdout=devnull, stderr=devnull)
    _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, not all children's
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return wall, usage.ru_utime + usage.ru_stime, peak, process.returncode


def measure_all(
    listed: Sequence[Command], envs: Mapping[str, Mapping[str, str]], runs: int
) -> list[dict[str, Figures]]:
    """Figures of every command in every environment. The runs go round-robin (each command and
    environment once, then again), so a change in the machine's load touches every row alike."""
    for command in listed:
        for env in envs.values():
            run_once(command.argv, env)  # warm-up: file cache, and the bytecode cache where one is kept
    samples: list[dict[str, list[tuple[float, float, float, int]]]] = [{name: [] for name in envs} for _ in listed]
    for _ in range(runs):
        for command, per_env in zip(listed, samples, strict=True):
            for name, env in envs.items():
                per_env[name].append(run_once(command.argv, env))
    return [{name: figures(results) for name, results in per_env.items()} for per_env in samples]


def figures(results: Sequence[tuple[float, float, float, int]]) -> Figures:
    walls = [r[0] for r in results]
    return Figures(
        wall_median=statistics.median(walls),
        wall_min=min(walls),
        cpu_median=statistics.median(r[1] for r in results),
        peak_mib=max(r[2] for r in results),
        exit_codes=sorted({r[3] for r in results}),
    )


def rkt_argv() -> list[str]:
    """The installed `rkt` script beside this Python (what a user types), else python -m rkt_cli."""
    script = shutil.which("rkt", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "rkt_cli"]


def commands(folder: Path) -> list[Command]:
    rkt = rkt_argv()
    data = str(DATA.relative_to(ROOT))
    peer = str(folder / "peer.docx")
    listed = [
        Command("python -c pass", [sys.executable, "-c", "pass"]),
        Command(f'floor: python -c "{FLOOR}"', [sys.executable, "-c", FLOOR]),
        Command("rkt --version", [*rkt, "--version"]),
        Command(f"rkt validate {data}", [*rkt, "validate", data], target=0.15),
        Command(f"rkt render {data} -o TMP.docx", [*rkt, "render", data, "-o", str(folder / "rkt.docx")], target=0.30),
        Command(f"rkt summary {data}", [*rkt, "summary", data]),
        Command("peer: python-docx script, same 40 rows", [sys.executable, "-c", PEER_DOCX, data, peer]),
    ]
    pandoc = shutil.which("pandoc")
    if pandoc:
        markdown = folder / "rkt.md"
        markdown.write_text(subprocess.run([*rkt, "summary", data, "-f", "markdown"], cwd=ROOT, capture_output=True,
                                           text=True, check=True).stdout, encoding="utf-8")  # fmt: skip
        output = str(folder / "pandoc.docx")
        listed.append(Command("peer: pandoc, Markdown to DOCX", [pandoc, str(markdown), "-o", output]))
    return listed


def environments(pycache: Path) -> dict[str, dict[str, str]]:
    """As this process runs, and with a bytecode cache kept in `pycache`."""
    cached = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(pycache)
    return {"as run": dict(os.environ), "with .pyc": cached}


def print_table(results: list[tuple[Command, dict[str, Figures]]]) -> None:
    print(
        f"{'command (whole process)':<46} {'median s':>8} {'min s':>6} {'cpu s':>6} {'peak MiB':>8}"
        f" | {'with .pyc: median':>17} {'min':>6} {'cpu':>6} | target (wall median)"
    )
    for command, figures in results:
        plain, cached = figures["as run"], figures["with .pyc"]
        target = ""
        if command.target is not None:
            verdict = "met" if plain.wall_median < command.target else "over"
            if plain.wall_median >= command.target and cached.wall_median < command.target:
                verdict = "over as run; met with .pyc"
            target = f"< {command.target:.2f} s: {verdict}"
        codes = "" if plain.exit_codes == [0] else f"  (exit {','.join(map(str, plain.exit_codes))})"
        print(
            f"{command.label:<46} {plain.wall_median:>8.3f} {plain.wall_min:>6.3f} {plain.cpu_median:>6.3f}"
            f" {plain.peak_mib:>8.1f} | {cached.wall_median:>17.3f} {cached.wall_min:>6.3f} {cached.cpu_median:>6.3f}"
            f" | {target}{codes}"
        )


IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def importtime_top(argv: Sequence[str], env: Mapping[str, str], count: int = 10, runs: int = 3) -> list[str]:
    """The `count` imports with the most cumulative time, min over `runs` runs, as lines."""
    self_us: dict[str, int] = {}
    cumulative_us: dict[str, int] = {}
    depth: dict[str, int] = {}
    for _ in range(runs):
        stderr = subprocess.run(
            [sys.executable, "-X", "importtime", *argv], cwd=ROOT, env=dict(env), capture_output=True, text=True
        ).stderr
        for match in IMPORT_LINE.finditer(stderr):
            own, total, indent, name = int(match[1]), int(match[2]), len(match[3]), match[4]
            self_us[name] = min(own, self_us.get(name, own))
            cumulative_us[name] = min(total, cumulative_us.get(name, total))
            depth[name] = (indent - 1) // 2
    top = sorted(cumulative_us, key=cumulative_us.__getitem__, reverse=True)[:count]
    return [
        f"  {cumulative_us[name] / 1000:7.1f} ms cumulative {self_us[name] / 1000:6.1f} ms self  "
        f"{'  ' * depth[name]}{name}"
        for name in top
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="measured runs per command (median and min printed)")
    parser.add_argument("--no-importtime", action="store_true", help="skip the -X importtime lists")
    args = parser.parse_args(argv)

    print(
        f"{time.strftime('%Y-%m-%d', time.gmtime())}, python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} cores; PYTHONDONTWRITEBYTECODE="
        f"{os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}; {args.runs} runs each"
    )
    with tempfile.TemporaryDirectory(prefix="rkt-bench-startup-") as temp:
        folder = Path(temp)
        envs = environments(folder / "pycache")
        listed = commands(folder)
        results = list(zip(listed, measure_all(listed, envs, args.runs), strict=True))
        print_table(results)
        floor = results[1][1]["as run"]
        if floor.wall_median > 1.25 * floor.cpu_median:
            print("(wall time well above CPU time: other processes shared the cores; compare the cpu columns)")

        if not args.no_importtime:
            data = str(DATA.relative_to(ROOT))
            cases = {
                f"rkt validate {data}": ["-m", "rkt_cli", "validate", data],
                f"rkt render {data}": ["-m", "rkt_cli", "render", data, "-o", str(folder / "it.docx")],
            }
            for label, command in cases.items():
                print(f"\n-X importtime, {label} (as run): top 10 by cumulative time")
                print("\n".join(importtime_top(command, envs["as run"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
