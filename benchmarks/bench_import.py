"""How long `rkt import` takes on a large Word RKT.

    python benchmarks/bench_import.py [--indikator 4000] [--runs 3]

Makes a valid synthetic RKT with benchmarks/generate.py, renders it to DOCX with the real
`rkt render` CLI, then prints:
  - the median time of `import_docx` in this process (reading the zip, the XML, building the model);
  - the median wall time of the whole `rkt import FILE -o OUT` process (start-up, import, writing
    the YAML, checking it as `rkt validate` does);
  - whether the imported rows equal the generated ones.
Target: a 4,000-row document imports "in a few seconds" as a whole command.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import build_rkt  # noqa: E402
from rkt_cli.files import write_atomically  # noqa: E402
from rkt_cli.importer import import_docx  # noqa: E402
from rkt_cli.model import RKT  # noqa: E402
from rkt_cli.yaml_writer import dump_rkt  # noqa: E402


def rows_of(rkt: RKT) -> list[tuple[object, ...]]:
    """Every table row as the document shows it (pagu and where a pelaksana was written are not shown)."""
    return [
        (p.nama, s.nama, s.kode, s.anggaran, i.uraian, i.target, i.satuan, i.kegiatan, s.pelaksana_of(i))
        for p in rkt.program
        for s in p.sasaran
        for i in s.indikator
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indikator", type=int, default=4000, help="indikator rows (default 4000)")
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of (default 3)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "big.yaml"
        original = build_rkt(args.indikator)
        write_atomically(source, dump_rkt(original).encode("utf-8"))
        document = work / "big.docx"
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "rkt_cli", "render", str(source), "--format", "docx", "-o", str(document)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        print(
            f"rendered {args.indikator} indikator to DOCX ({document.stat().st_size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - start:.2f} s"
        )

        library: list[float] = []
        result = None
        for _ in range(args.runs):
            start = time.perf_counter()
            result = import_docx(document)
            library.append(time.perf_counter() - start)
        assert result is not None
        print(f"import_docx (in process):        median {statistics.median(library):.3f} s over {args.runs} runs")

        command: list[float] = []
        for run in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "rkt_cli", "import", str(document), "-o", str(work / f"out{run}.yaml")],
                capture_output=True,
                text=True,
            )
            command.append(time.perf_counter() - start)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
        print(f"rkt import FILE -o OUT (process): median {statistics.median(command):.3f} s over {args.runs} runs")
        same = rows_of(result.rkt) == rows_of(original) and result.rkt.total_anggaran == original.total_anggaran
        print(f"imported rows equal the generated ones: {same}; {len(result.diagnostics)} warnings")
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
