"""Benchmark many files in one run: `rkt validate|summary|render DIR` of a national roll-up.

    python benchmarks/bench_many_files.py                    # 550 files, 3 runs of each command
    python benchmarks/bench_many_files.py --files 100 --runs 1 --jobs 1 2
    python benchmarks/bench_many_files.py --pdf 17           # also PDF of 17 files, one soffice
    python benchmarks/bench_many_files.py --break-even       # pool against one process, 2–64 files

The roll-up imitates every KPU satker of the country: FILES files of 10 to 70 indikator each
(about 22,000 for 550 files), each from benchmarks/generate.py's build_rkt with its own seed and
written by rkt_cli.yaml_writer.dump_rkt, so the same arguments always give the same files. Each
figure is a fresh `python -m rkt_cli` process (start-up included): the median wall time and the
peak resident memory (os.wait4: of the largest process among rkt and the workers it waited
for). Figures are printed, never asserted.

--break-even runs `--jobs 1` and `--jobs 2` on the first 2, 4, … 64 files with the pool forced
on (its size thresholds set to 0), to show from where the pool pays: rkt_cli/parallel.py's
MIN_BYTES_TO_CHECK and MIN_BYTES_TO_RENDER come from it.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import build_rkt  # noqa: E402  (the benchmark folder is not a package)
from measure import median_run  # noqa: E402

from rkt_cli.yaml_writer import dump_rkt  # noqa: E402

MIN_INDIKATOR = 10
MAX_INDIKATOR = 70
TARGET_RENDER_SECONDS = 4.0  # issue 14: render DIR of the 550-file roll-up, DOCX


def write_rollup(folder: Path, files: int, seed: int = 14) -> int:
    """FILES YAML files of 10–70 indikator in `folder`; the number of indikator written."""
    rng = random.Random(seed)
    total = 0
    for number in range(1, files + 1):
        count = rng.randint(MIN_INDIKATOR, MAX_INDIKATOR)
        total += count
        rkt = build_rkt(count, seed=seed * 10_000 + number)
        text = dump_rkt(rkt, header_comment=f"Synthetic satker {number:03d}: {count} indikator.", schema_ref=None)
        (folder / f"satker_{number:03d}.yaml").write_text(text, encoding="utf-8")
    return total


# rkt with the pool's thresholds at 0: it starts for any two files.
FORCED_POOL = (
    "import rkt_cli.parallel as p; p.MIN_BYTES_TO_CHECK = p.MIN_BYTES_TO_RENDER = 0; "
    "from rkt_cli.cli import main; main()"
)


def break_even(folder: Path, temp: Path, runs: int) -> None:
    files = sorted(folder.iterdir())
    print(f"{'command':<10} {'files':>5} {'KiB':>6} {'jobs 1 s':>9} {'jobs 2 s':>9} {'1/2':>5}")
    for count in (2, 4, 8, 16, 32, 64):
        subset = Path(temp, f"first{count}")
        subset.mkdir()
        for path in files[:count]:
            (subset / path.name).write_bytes(path.read_bytes())
        size = sum(path.stat().st_size for path in subset.iterdir()) / 1024
        for command in ("validate", "render"):
            extra = ["--out-dir", str(Path(temp, f"out{count}"))] if command == "render" else []
            one, two = (
                median_run([sys.executable, "-c", FORCED_POOL, command, str(subset), *extra, "--jobs", jobs], runs)[0]
                for jobs in ("1", "2")
            )
            print(f"{command:<10} {count:>5} {size:>6.0f} {one:>9.3f} {two:>9.3f} {one / two:>5.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=550, help="files in the roll-up (default 550)")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (median is reported)")
    parser.add_argument(
        "--jobs", type=int, nargs="+", default=None, help="--jobs values to compare (default: 1 and the cores)"
    )
    parser.add_argument("--pdf", type=int, default=0, metavar="N", help="also render N files to PDF (one soffice)")
    parser.add_argument("--break-even", action="store_true", help="only: pool against one process, 2 to 64 files")
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    jobs = args.jobs or sorted({1, cores})

    with tempfile.TemporaryDirectory(prefix="rkt-many-") as temp:
        folder = Path(temp, "rollup")
        folder.mkdir()
        indikator = write_rollup(folder, args.files)
        out = Path(temp, "out")
        if args.break_even:
            break_even(folder, Path(temp), args.runs)
            return 0
        rkt = [sys.executable, "-m", "rkt_cli"]
        print(f"{args.files} files, {indikator:,} indikator; {cores} cores; median of {args.runs}, whole processes")
        print(f"{'command':<44} {'jobs':>4} {'median s':>9} {'ms/file':>8} {'peak MiB':>9}  target")
        commands = [
            ("rkt validate DIR", ["validate", str(folder)], ""),
            ("rkt summary DIR", ["summary", str(folder)], ""),
            ("rkt summary DIR -f json", ["summary", str(folder), "-f", "json"], ""),
            ("rkt render DIR --out-dir OUT (docx)", ["render", str(folder), "--out-dir", str(out)],
             f"< {TARGET_RENDER_SECONDS:g} s (550 files)"),
        ]  # fmt: skip
        for label, words, target in commands:
            for n in jobs:
                seconds, peak = median_run([*rkt, *words, "--jobs", str(n)], args.runs)
                per_file = seconds / args.files * 1000
                print(f"{label:<44} {n:>4} {seconds:>9.2f} {per_file:>8.1f} {peak:>9.0f}  {target}")
        if args.pdf:
            pdf_folder = Path(temp, "pdf")
            pdf_folder.mkdir()
            for path in sorted(folder.iterdir())[: args.pdf]:
                (pdf_folder / path.name).write_bytes(path.read_bytes())
            command = [*rkt, "render", str(pdf_folder), "--format", "pdf", "--out-dir", str(Path(temp, "pdf-out"))]
            seconds, peak = median_run(command, 1)
            print(f"{f'rkt render {args.pdf} files --format pdf':<44} {'':>4} {seconds:>9.2f} "
                  f"{seconds / args.pdf * 1000:>8.0f} {peak:>9.0f}  one LibreOffice for all")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
