"""How long `rkt export` takes on a large RKT, as a whole process.

    python benchmarks/bench_export.py [--indikator 4000] [--runs 3]

Writes a valid synthetic RKT with benchmarks/generate.py's build_rkt, then runs
`python -m rkt_cli export FILE -f xlsx`, `-f csv` and `--lembar realisasi`, then `import` of that
lembar and of the exported RKT workbook, as fresh processes (start-up, validation,
layout, the workbook and the atomic write included) and prints the median wall and CPU time, µs per
indikator, the peak resident memory and the output size; and, in this process, how much of the
XLSX time is render_xlsx itself (openpyxl building and writing the workbook).
Target: 4,000 indikator under 2 s. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import build_rkt  # noqa: E402
from benchmarks.measure import run_measured  # noqa: E402
from rkt_cli.yaml_writer import dump_rkt  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indikator", type=int, default=4000, help="indikator rows (default 4000)")
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of (default 3)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"rkt_{args.indikator}.yaml"
        rkt = build_rkt(args.indikator)
        source.write_text(dump_rkt(rkt), encoding="utf-8")
        print(f"{args.indikator:,} indikator, {source.stat().st_size / 2**20:.1f} MiB of YAML")
        rkt_command = [sys.executable, "-m", "rkt_cli"]
        lembar = Path(folder) / "lembar.xlsx"
        runs = [
            ("export -f xlsx", ["export", str(source), "-f", "xlsx", "-o", f"{folder}/out.xlsx", "--force"]),
            ("export -f csv", ["export", str(source), "-f", "csv", "-o", f"{folder}/out.csv", "--force"]),
            (
                "export --lembar realisasi",
                ["export", str(source), "--lembar", "realisasi", "-o", str(lembar), "--force"],
            ),
            ("import LEMBAR.xlsx", ["import", str(lembar), "-o", f"{folder}/realisasi.yaml", "--force"]),
            ("import RKT.xlsx", ["import", f"{folder}/out.xlsx", "-o", f"{folder}/back.yaml", "--force"]),
        ]
        for label, words in runs:
            target = Path(words[words.index("-o") + 1])
            command = rkt_command + words
            results = [run_measured(command) for _ in range(args.runs)]
            seconds = statistics.median(r.seconds for r in results)
            cpu = statistics.median(r.cpu_seconds for r in results)
            peak = max(r.peak_mib for r in results)
            per_row = seconds / args.indikator * 1e6
            size = target.stat().st_size / 2**20
            print(f"rkt {label}: {seconds:.2f} s wall, {cpu:.2f} s CPU ({per_row:.0f} µs per indikator), "
                  f"peak {peak:.0f} MiB, output {size:.1f} MiB")  # fmt: skip

        from rkt_cli import __version__
        from rkt_cli.layout import build_layout
        from rkt_cli.render.xlsx import ExportInfo, render_xlsx
        from rkt_cli.templating import load_template

        view = build_layout(rkt, load_template(None))
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            render_xlsx(view, rkt, ExportInfo(source.name, __version__))
            times.append(time.perf_counter() - start)
        print(f"  of which render_xlsx (in process): {statistics.median(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
