"""Every figure of issue 14 in one run, each beside its target, its floor and its peers.

    python benchmarks/run_all.py                 # everything: about 3 minutes on 2 idle cores
    python benchmarks/run_all.py --quick         # no PDF of 2,400 and 4,000 rows, no PDF roll-up
    python benchmarks/run_all.py --markdown      # also the table for the README's "Speed" section

Whole processes, as a user runs them (start-up and imports included). For each figure: the median
wall time and CPU time (user + system) of --runs runs (LibreOffice ones: one run), the largest
peak RSS (`os.wait4`; with soffice, the larger of rkt and soffice), the target, whether the median
meets it, and beside it:
- the floor: the least any program must do for the same result (the imports; parsing the YAML
  into libyaml's events; writing the same XML parts into a zip; starting LibreOffice);
- the peers: what one would write first instead (the obvious python-docx script; yaml + pydantic
  without positions or rules; python-docx reading every cell; the one-table PDF).
The inputs come from generate.py and bench_many_files.write_rollup (fixed seeds). Figures are
printed, never asserted: on a machine shared with other work, the CPU column is the steadier one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench_many_files import write_rollup  # noqa: E402  (the benchmark folder is not a package)
from bench_pdf import TimedOut, pages, soffice_command  # noqa: E402
from bench_pdf import run_measured as run_with_timeout  # noqa: E402
from bench_startup import FLOOR, PEER_DOCX  # noqa: E402
from measure import Measured, run_measured  # noqa: E402

DATA = ROOT / "data" / "rkt_2024.yaml"
RKT = [sys.executable, "-m", "rkt_cli"]
PDF_TIMEOUT = 600.0

# Parsing the YAML with libyaml into events, building nothing: no reader of this YAML does less
# (yaml.load of 40,000 rows takes several times as long, in PyYAML's Python constructor).
YAML_FLOOR = "import sys, yaml; sum(1 for _ in yaml.parse(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader))"
# What one writes first to check the file: yaml + the pydantic model (no line numbers, no rules).
YAML_PEER = (
    "import sys, yaml; from rkt_cli.model import RKT; "
    "RKT.model_validate(yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader))"
)
# The DOCX floor: parse the YAML (libyaml events), then write the XML parts of rkt's own DOCX into a new
# zip, compressed as rkt compresses them: the same bytes to produce, none of the work to make them.
DOCX_FLOOR = """\
import sys, yaml, zipfile
sum(1 for _ in yaml.parse(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader))
with zipfile.ZipFile(sys.argv[2]) as source, zipfile.ZipFile(sys.argv[3], 'w', zipfile.ZIP_DEFLATED) as out:
    for info in source.infolist():
        out.writestr(info.filename, source.read(info.filename))
"""
# The import floor: unzip document.xml and parse it with lxml. The peer: python-docx reading
# every cell's text, the obvious way to read a Word table.
IMPORT_FLOOR = """\
import sys, zipfile
from lxml import etree
with zipfile.ZipFile(sys.argv[1]) as docx:
    etree.fromstring(docx.read('word/document.xml'))
"""
IMPORT_PEER = """\
import sys
from docx import Document
rows = [[cell.text for cell in row.cells] for table in Document(sys.argv[1]).tables for row in table.rows]
"""


@dataclass(frozen=True)
class Figures:
    """Median wall and CPU seconds and the largest peak of `runs` runs of one command."""

    seconds: float
    cpu: float
    peak_mib: float
    runs: int

    def text(self) -> str:
        cpu = "" if math.isnan(self.cpu) else f" (cpu {self.cpu:.2f})"
        return f"{self.seconds:.2f} s{cpu}, {self.peak_mib:.0f} MiB"


@dataclass
class Row:
    figure: str
    target: str
    rkt: Figures | None
    met: bool | None = None
    floor: list[tuple[str, Figures]] = field(default_factory=list)
    peers: list[tuple[str, Figures]] = field(default_factory=list)
    note: str = ""


def measured(command: list[str], runs: int) -> Figures:
    """`runs` runs after one warm-up (file cache, imports), round by round."""
    run_measured(command)
    results: list[Measured] = [run_measured(command) for _ in range(runs)]
    return Figures(
        statistics.median(r.seconds for r in results),
        statistics.median(r.cpu_seconds for r in results),
        max(r.peak_mib for r in results),
        runs,
    )


def once(command: list[str]) -> Figures:
    """One run of a slow command (LibreOffice), stopped after PDF_TIMEOUT seconds; its CPU time
    is not counted (most of it is soffice's)."""
    seconds, peak = run_with_timeout(command, PDF_TIMEOUT)
    return Figures(seconds, float("nan"), peak, 1)


def generate(count: int, folder: Path) -> Path:
    target = folder / f"rkt_{count}.yaml"
    if not target.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--indikator", str(count), "-o", str(target)],
                       check=True)  # fmt: skip
    return target


def start_up(folder: Path, runs: int) -> list[Row]:
    floor = measured([sys.executable, "-c", FLOOR], runs)
    validate = measured([*RKT, "validate", str(DATA)], runs)
    render = measured([*RKT, "render", str(DATA), "-o", str(folder / "start.docx")], runs)
    peer = measured([sys.executable, "-c", PEER_DOCX, str(DATA), str(folder / "peer40.docx")], runs)
    floor_label = f'`python -c "{FLOOR}"`'
    return [
        Row("start-up: `rkt validate data/rkt_2024.yaml`", "< 0.15 s", validate, validate.seconds < 0.15,
            [(floor_label, floor)]),
        Row("start-up: `rkt render data/rkt_2024.yaml` (DOCX)", "< 0.30 s", render, render.seconds < 0.30,
            [(floor_label, floor)], [("python-docx script, same 40 rows", peer)]),
    ]  # fmt: skip


def validate_large(folder: Path, runs: int) -> Row:
    source = str(generate(40_000, folder))
    rkt = measured([*RKT, "validate", source], runs)
    floor = measured([sys.executable, "-c", YAML_FLOOR, source], runs)
    peer = measured([sys.executable, "-c", YAML_PEER, source], runs)
    floors = [("libyaml parse (events only)", floor)]
    peers = [("yaml + pydantic model, no positions or rules", peer)]
    return Row("`rkt validate`, 40,000 indikator", "< 1.8 s", rkt, rkt.seconds < 1.8, floors, peers)


def render_docx(folder: Path, count: int, runs: int, target: float, naive: bool) -> Row:
    source = generate(count, folder)
    output = folder / f"rkt_{count}.docx"
    rkt = measured([*RKT, "render", str(source), "-o", str(output)], runs)
    floor = measured([sys.executable, "-c", DOCX_FLOOR, str(source), str(output), str(folder / "floor.docx")], runs)
    row = Row(f"`rkt render` DOCX, {count:,} indikator", f"< {target:g} s", rkt, rkt.seconds < target,
              [("libyaml parse + zip the same XML parts", floor)])  # fmt: skip
    if naive:  # the obvious python-docx code (bench_render's baseline): slow, so one run
        baseline = [sys.executable, str(HERE / "bench_render.py"), "--baseline-only", str(source),
                    str(folder / f"naive_{count}.docx")]  # fmt: skip
        peer = measured(baseline, 1)
        ratio = peer.seconds / rkt.seconds
        row.peers.append(("python-docx add_row + cell.text", peer))
        row.target += " and ≥ 9× the naive python-docx"
        row.met = bool(row.met) and ratio >= 9
        row.note = f"rkt {ratio:.1f}× faster than the naive python-docx"
    return row


def import_docx(folder: Path, runs: int) -> Row:
    document = folder / "rkt_4000.docx"
    if not document.exists():
        subprocess.run([*RKT, "render", str(generate(4000, folder)), "-o", str(document)], check=True)
    rkt = measured([*RKT, "import", str(document), "-o", str(folder / "imported.yaml"), "--force"], runs)
    floor = measured([sys.executable, "-c", IMPORT_FLOOR, str(document)], runs)
    peer = measured([sys.executable, "-c", IMPORT_PEER, str(document)], runs)
    return Row("`rkt import` of a 4,000-row DOCX", "< 0.8 s", rkt, rkt.seconds < 0.8,
               [("unzip + lxml parse of document.xml", floor)], [("python-docx reading every cell", peer)])  # fmt: skip


def pdf(folder: Path, sizes: list[int]) -> list[Row]:
    small = DATA
    start = folder / "start.docx"
    floor = once(soffice_command(start, folder)) if start.exists() else None
    rows = []
    timings: dict[int, float] = {}
    for count in sizes:
        source = generate(count, folder)
        target = folder / f"rkt_{count}.pdf"
        try:
            rkt = once([*RKT, "render", str(source), "--format", "pdf", "-o", str(target)])
        except TimedOut:
            rows.append(Row(f"`rkt render --format pdf`, {count:,} indikator", "", None, False, note="timed out"))
            continue
        timings[count] = rkt.seconds
        row = Row(f"`rkt render --format pdf`, {count:,} indikator", "", rkt, note=f"{pages(target)} pages")
        if floor is not None:
            row.floor.append((f"LibreOffice converting the {small.stem} DOCX (40 rows)", floor))
        if count == 600:
            row.target = "(the base of the growth)"
        if count == 4000:
            row.target, row.met = "< 20 s", rkt.seconds < 20
        if count == 2400 and 600 in timings:
            growth = rkt.seconds / timings[600]
            row.target, row.met = "< 4× the 600 rows", growth < 4
            row.note += f"; {growth:.1f}× the 600 rows"
        if count == min(sizes):  # the one table (before the cut) only where it is quick
            one_table = folder / f"one_{count}.docx"
            subprocess.run([*RKT, "render", str(source), "-o", str(one_table)], check=True)
            row.peers.append(("one table (LibreOffice conversion alone)", once(soffice_command(one_table, folder))))
        rows.append(row)
    return rows


def many_files(folder: Path, runs: int, pdf_files: int) -> list[Row]:
    rollup = folder / "rollup"
    if not rollup.exists():
        rollup.mkdir()
        write_rollup(rollup, 550)
    files = [str(path) for path in sorted(rollup.glob("*.yaml"))]
    out = folder / "rollup-out"
    render = measured([*RKT, "render", str(rollup), "--out-dir", str(out)], runs)
    validate = measured([*RKT, "validate", str(rollup)], runs)
    one_job = measured([*RKT, "render", str(rollup), "--out-dir", str(out), "--jobs", "1"], runs)
    rows = [
        Row("`rkt render DIR` (DOCX), 550 files", "< 4 s", render, render.seconds < 4,
            [("`rkt validate DIR` of the same files", validate)], [("the same with `--jobs 1`", one_job)],
            note=f"--jobs {os.cpu_count()} (the default)"),
    ]  # fmt: skip
    if pdf_files:
        some = files[:pdf_files]
        pdfs = folder / "rollup-pdf"
        rkt = once([*RKT, "render", *some, "--format", "pdf", "--out-dir", str(pdfs)])
        docx_one = folder / "rollup-one.docx"
        subprocess.run([*RKT, "render", some[0], "-o", str(docx_one)], check=True)
        floor = once(soffice_command(docx_one, folder))
        rows.append(Row(f"`rkt render` {pdf_files} files `--format pdf`", "one LibreOffice", rkt, None,
                        [("LibreOffice converting one of them", floor)],
                        note=f"{rkt.seconds / pdf_files:.2f} s a file"))  # fmt: skip
    return rows


def verdict(row: Row) -> str:
    return {True: "met", False: "MISSED", None: ""}[row.met]


def print_plain(rows: list[Row]) -> None:
    for row in rows:
        figures = row.rkt.text() if row.rkt else "-"
        print(f"{row.figure}\n    rkt    {figures:<40} target {row.target or '-'}: {verdict(row)}  {row.note}")
        for label, fig in row.floor:
            print(f"    floor  {fig.text():<40} {label}")
        for label, fig in row.peers:
            print(f"    peer   {fig.text():<40} {label}")


def print_markdown(rows: list[Row]) -> None:
    print("| what (whole process) | target | rkt: median s (cpu), peak | floor | peer(s) | |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        others = [" ; ".join(f"{label}: {fig.text()}" for label, fig in group) for group in (row.floor, row.peers)]
        figures = row.rkt.text() if row.rkt else "-"
        cells = [row.figure, row.target, figures, *others, " ".join(filter(None, [verdict(row), row.note]))]
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")


def measure_as_installed(folder: Path) -> None:
    """Run every child as an installed rkt runs: with its modules' bytecode cached.

    `pip install` compiles rkt's modules once; an editable install under PYTHONDONTWRITEBYTECODE
    (as this development environment sets it) would compile them from source in every run, a
    cost no user pays. The children write their cache under `folder` (PYTHONPYCACHEPREFIX), not
    into the checkout, and each figure's warm-up run fills it.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="leave out the PDF of 2,400 and 4,000 rows and of many files"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each fast command (median printed; default 5)")
    parser.add_argument("--markdown", action="store_true", help="also print the rows as a Markdown table")
    args = parser.parse_args(argv)
    runs = args.runs
    print(f"{dt.date.today()}, {platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.1f} at the start; bytecode cached, as installed", flush=True)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="rkt-all-") as temp:
        folder = Path(temp)
        measure_as_installed(folder)
        steps: list[Callable[[], list[Row]]] = [
            lambda: start_up(folder, max(runs, 10)),
            lambda: [validate_large(folder, runs)],
            lambda: [render_docx(folder, 4000, runs, 0.45, naive=True)],
            lambda: [render_docx(folder, 40_000, max(1, runs // 2), 3.0, naive=False)],
            lambda: [import_docx(folder, runs)],
            lambda: many_files(folder, max(1, runs // 2), 0 if args.quick else 17),
            lambda: pdf(folder, [600] if args.quick else [600, 2400, 4000]),
        ]
        rows: list[Row] = []
        for step in steps:
            done = step()
            print_plain(done)
            sys.stdout.flush()
            rows += done
    print(f"load {os.getloadavg()[0]:.1f} at the end")
    if args.markdown:
        print()
        print_markdown(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
