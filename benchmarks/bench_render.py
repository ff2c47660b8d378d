"""Benchmark `rkt render --format docx` as a whole process, against the obvious python-docx code.

    python benchmarks/bench_render.py                  # 4,000 and 40,000 indikator, 3 runs each
    python benchmarks/bench_render.py --sizes 4000 --runs 5

Inputs come from benchmarks/generate.py. Each run is a fresh `python -m rkt_cli render` process
(start-up, validation, layout, DOCX and the write included); the figure is the median wall time,
and the peak resident memory of that process. The baseline is what one would write first with
python-docx: `table.add_row()` then `cell.text = …` for every cell, on the 4,000 input; its ratio
to rkt's time is printed. Figures are printed, never asserted: timings belong to the machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import median_run

HERE = Path(__file__).resolve().parent
GENERATE = HERE / "generate.py"
COLUMNS = 8


def generate(count: int, folder: Path) -> Path:
    target = folder / f"rkt_{count}.yaml"
    subprocess.run([sys.executable, str(GENERATE), "--indikator", str(count), "-o", str(target)], check=True)
    return target


def baseline(source: Path, output: Path) -> None:
    """The obvious python-docx code: one add_row() and eight cell.text per indikator."""
    from docx import Document

    from rkt_cli.checking import check_file
    from rkt_cli.formatting import format_number, format_target

    checked = check_file(source)
    assert checked.model is not None
    document = Document()
    table = document.add_table(rows=1, cols=COLUMNS)
    for cell, text in zip(table.rows[0].cells, ("No", "Program", "Sasaran", "Indikator", "Target", "Kegiatan",
                                                "Anggaran", "Pelaksana"), strict=True):  # fmt: skip
        cell.text = text
    number = 0
    for program in checked.model.program:
        for sasaran in program.sasaran:
            number += 1
            for indikator in sasaran.indikator:
                cells = table.add_row().cells
                cells[0].text = str(number)
                cells[1].text = program.nama
                cells[2].text = f"{sasaran.nama} ({sasaran.kode})"
                cells[3].text = indikator.uraian
                cells[4].text = format_target(indikator.target)
                cells[5].text = indikator.kegiatan
                cells[6].text = format_number(sasaran.anggaran, ",")
                cells[7].text = sasaran.pelaksana_of(indikator) or ""
    document.save(str(output))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 40000], help="indikator counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median is reported)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the python-docx baseline")
    parser.add_argument("--baseline-only", nargs=2, type=Path, metavar=("YAML", "DOCX"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline_only:
        baseline(*args.baseline_only)
        return 0

    with tempfile.TemporaryDirectory(prefix="rkt-bench-") as temp:
        folder = Path(temp)
        heading = f"{'indikator':>10}  {'median s':>9}  {'µs/row':>8}  {'peak MiB':>9}"
        print(f"{heading}  (rkt render --format docx, whole process)")
        timings: dict[int, float] = {}
        for count in args.sizes:
            source = generate(count, folder)
            output = folder / f"rkt_{count}.docx"
            command = [sys.executable, "-m", "rkt_cli", "render", str(source), "-o", str(output)]
            seconds, peak = median_run(command, args.runs)
            timings[count] = seconds
            size = output.stat().st_size / (1024 * 1024)
            print(f"{count:>10,}  {seconds:>9.2f}  {seconds / count * 1e6:>8.0f}  {peak:>9.0f}  ({size:.1f} MiB DOCX)")
        if len(timings) > 1:
            small, large = min(timings), max(timings)
            growth = timings[large] / timings[small]
            print(f"time grows {growth:.1f}x for {large / small:.0f}x the rows (linear would be {large / small:.0f}x)")

        if not args.no_baseline:
            count = min(args.sizes)
            source = folder / f"rkt_{count}.yaml"
            output = folder / f"baseline_{count}.docx"
            command = [sys.executable, str(Path(__file__).resolve()), "--baseline-only", str(source), str(output)]
            seconds, peak = median_run(command, 1)
            ratio = seconds / timings[count]
            print(f"baseline (python-docx add_row + cell.text), {count:,} indikator: {seconds:.2f} s, "
                  f"peak {peak:.0f} MiB; rkt is {ratio:.1f}x faster")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
