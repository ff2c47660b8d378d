"""How long `rkt import` takes on a large Word RKT.

    python benchmarks/bench_import.py [--indikator 4000] [--runs 3]

Makes a valid synthetic RKT with benchmarks/generate.py, renders it to DOCX with the real
`rkt render` CLI, then prints:
  - the median time of `import_docx` in this process (reading the zip, the XML, building the model);
  - the median wall and CPU time and the peak RSS of the whole `rkt import FILE -o OUT` process
    (start-up, import, writing the YAML, checking it as `rkt validate` does);
  - beside it, the floor: a process that opens the same file with python-docx and reads every
    cell's text (no model, no YAML), and one that only unzips and parses document.xml with lxml;
  - whether the imported rows equal the generated ones.
Target (issue 14): `rkt import` of a 4,000-row DOCX under 0.8 s.
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
from benchmarks.measure import Measured, run_measured  # noqa: E402
from rkt_cli.files import write_atomically  # noqa: E402
from rkt_cli.importer import import_docx  # noqa: E402
from rkt_cli.model import RKT  # noqa: E402
from rkt_cli.walk import walk_indikator  # noqa: E402
from rkt_cli.yaml_writer import dump_rkt  # noqa: E402


def rows_of(rkt: RKT) -> list[tuple[object, ...]]:
    """Every table row as the document shows it (pagu and where a pelaksana was written are not shown)."""
    rows: list[tuple[object, ...]] = []
    for at in walk_indikator(rkt):
        s, i = at.sasaran, at.indikator
        program = at.program.nama if at.program is not None else None
        rows.append((program, s.nama, s.kode, s.anggaran, i.uraian, i.target, i.satuan, i.kegiatan, s.pelaksana_of(i)))
    return rows


# The floor: what reading the same file costs without rkt's work (no model, no YAML, no checks).
PYTHON_DOCX_READ = (
    "import sys, docx\n"
    "d = docx.Document(sys.argv[1])\n"
    "n = sum(len(c.text) for t in d.tables for r in t.rows for c in r.cells)\n"
)
LXML_READ = (
    "import sys, zipfile\n"
    "from lxml import etree\n"
    "root = etree.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))\n"
    "n = sum(1 for _ in root.iter())\n"
)


def peak_mib(command: list[str]) -> float:
    """The peak RSS of `command` as GNU time reports it.

    Not ru_maxrss from this process's wait4: a child forked from this benchmark, which holds the
    generated model, starts with its resident pages counted, so every command measured 150 MiB.
    /usr/bin/time forks the command from its own small process.
    """
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, check=True)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def median_measured(command: list[str], runs: int) -> Measured:
    results = [run_measured(command) for _ in range(runs)]
    return Measured(
        statistics.median(r.seconds for r in results),
        statistics.median(r.cpu_seconds for r in results),
        peak_mib(command) if Path("/usr/bin/time").exists() else max(r.peak_mib for r in results),
    )


def show(label: str, measured: Measured, runs: int) -> None:
    print(
        f"{label:<44} median {measured.seconds:6.3f} s wall, {measured.cpu_seconds:6.3f} s CPU, "
        f"peak RSS {measured.peak_mib:5.0f} MiB ({runs} runs)"
    )


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

        runs = args.runs
        out = work / "out.yaml"
        rkt = median_measured(
            [sys.executable, "-m", "rkt_cli", "import", str(document), "-o", str(out), "--force"], runs
        )
        show("rkt import FILE -o OUT (process)", rkt, runs)
        floor = median_measured([sys.executable, "-c", PYTHON_DOCX_READ, str(document)], runs)
        show("floor: python-docx open + read every cell", floor, runs)
        show(
            "floor: unzip + lxml parse of document.xml",
            median_measured([sys.executable, "-c", LXML_READ, str(document)], runs),
            runs,
        )
        print(f"rkt import / python-docx floor: {rkt.seconds / floor.seconds:.2f} (wall), target: under 0.8 s wall")
        same = rows_of(result.rkt) == rows_of(original) and result.rkt.total_anggaran == original.total_anggaran
        print(f"imported rows equal the generated ones: {same}; {len(result.diagnostics)} warnings")
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
