"""Benchmark `rkt render --format pdf` as a whole process: one table (before) against the tables
cut for LibreOffice (after, issue 14).

    python benchmarks/bench_pdf.py                          # 600, 1,200, 2,400, 4,000 rows
    python benchmarks/bench_pdf.py --before-max 2400 --timeout 900
    python benchmarks/bench_pdf.py --sweep 2400 --rows-per-table 50 100 150 200 400

Inputs come from benchmarks/generate.py. "after" is `python -m rkt_cli render X --format pdf`,
whole process, LibreOffice included (rkt cuts the PDF's DOCX into tables of at most
PDF_MAX_ROWS_PER_TABLE rows). "before" is what that command did before the cut: the one-table
DOCX (`rkt render X -o X.docx`, which stays one table) then the same soffice conversion rkt runs
(a fresh private profile), timed together. The one-table conversion grows with rows² (70 s at
2,400 rows, 336 s at 4,000 when the issue was filed), so "before" runs only up to --before-max
rows (default 1,200) and is stopped after --timeout seconds. One run each: these are slow, and
the differences are large. `--sweep N` times only the conversion of an N-row document cut at each
--rows-per-table (how PDF_MAX_ROWS_PER_TABLE was chosen). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATE = HERE / "generate.py"
SIZES = [600, 1200, 2400, 4000]
TARGET_GROWTH = 4.0  # 2,400 rows under 4x the time of 600 rows
TARGET_4000_SECONDS = 20.0


class TimedOut(Exception):
    pass


def run_measured(command: list[str], timeout: float) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one child process: ru_maxrss from wait4, on Linux the
    largest of the process and the children it reaped (soffice)."""
    # stderr into a file, not a pipe: while this polls, nothing would drain a pipe the child fills.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        # A session of its own: a timeout ends the soffice it started too.
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
        while True:  # wait4 with a timeout: poll
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                process.returncode = -signal.SIGKILL  # reaped here: Popen must not wait for it again
                raise TimedOut
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            stderr = errors.read().decode("utf-8", "replace")
            raise SystemExit(f"{' '.join(command)} failed with exit {process.returncode}:\n{stderr}")
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return elapsed, peak


def soffice_command(docx: Path, folder: Path) -> list[str]:
    """The conversion rkt_cli/render/pdf.py runs, with a fresh private profile."""
    from rkt_cli.render.pdf import find_soffice
    from rkt_cli.render.pdf import soffice_command as rkt_soffice_command

    profile = folder / f"profile-{docx.stem}"
    shutil.rmtree(profile, ignore_errors=True)
    return rkt_soffice_command(find_soffice(), profile, folder, [docx])


def pages(pdf: Path) -> str:
    if shutil.which("pdfinfo") is None:
        return "?"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def generate(count: int, folder: Path) -> Path:
    target = folder / f"rkt_{count}.yaml"
    subprocess.run([sys.executable, str(GENERATE), "--indikator", str(count), "-o", str(target)], check=True)
    return target


def before(source: Path, folder: Path, timeout: float) -> tuple[float, float, str]:
    """One table: the DOCX a user gets, converted as rkt converts."""
    docx = folder / f"{source.stem}_one_table.docx"
    render = [sys.executable, "-m", "rkt_cli", "render", str(source), "-o", str(docx)]
    render_s, render_peak = run_measured(render, timeout)
    convert_s, convert_peak = run_measured(soffice_command(docx, folder), max(1.0, timeout - render_s))
    return render_s + convert_s, max(render_peak, convert_peak), pages(docx.with_suffix(".pdf"))


def after(source: Path, folder: Path, timeout: float) -> tuple[float, float, str]:
    pdf = folder / f"{source.stem}_split.pdf"
    seconds, peak = run_measured(
        [sys.executable, "-m", "rkt_cli", "render", str(source), "--format", "pdf", "-o", str(pdf)], timeout
    )
    return seconds, peak, pages(pdf)


def sweep(count: int, limits: list[int], folder: Path, timeout: float) -> None:
    """Conversion time of one document cut at each limit (soffice alone, one run each)."""
    from rkt_cli.checking import check_file
    from rkt_cli.layout import build_layout
    from rkt_cli.render.docx import render_docx, table_cuts
    from rkt_cli.templating import load_template

    template = load_template(None)
    model = check_file(generate(count, folder)).model
    assert model is not None
    view = build_layout(model, template)
    print(f"{count:,} rows, soffice conversion only, cut at most every N rows (at sasaran starts):")
    print(f"{'N':>6}  {'tables':>6}  {'seconds':>8}  {'pages':>6}")
    for limit in limits:
        docx = folder / f"sweep_{count}_{limit}.docx"
        docx.write_bytes(render_docx(view, template.reference_docx, max_rows_per_table=limit))
        tables = len(table_cuts(view, limit)) + 1
        try:
            seconds, _ = run_measured(soffice_command(docx, folder), timeout)
        except TimedOut:
            print(f"{limit:>6}  {tables:>6}  {'> ' + str(int(timeout)):>8}")
            continue
        print(f"{limit:>6}  {tables:>6}  {seconds:>8.1f}  {pages(docx.with_suffix('.pdf')):>6}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, help="indikator counts")
    parser.add_argument("--before-max", type=int, default=1200, help="largest size to time with one table")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a run is stopped")
    parser.add_argument("--sweep", type=int, metavar="ROWS", help="only time the cut at each --rows-per-table")
    parser.add_argument("--rows-per-table", type=int, nargs="+", default=[50, 100, 150, 200, 400])
    args = parser.parse_args(argv)
    if os.name != "posix":
        raise SystemExit("bench_pdf.py needs a POSIX system (process groups, rusage)")

    with tempfile.TemporaryDirectory(prefix="rkt-bench-pdf-") as temp:
        folder = Path(temp)
        if args.sweep:
            sweep(args.sweep, args.rows_per_table, folder, args.timeout)
            return 0
        print("rkt render X --format pdf, whole processes, one run each")
        heading = f"{'rows':>6}  {'before s':>9}  {'pages':>5}  {'MiB':>5}  {'after s':>8}  {'pages':>5}  {'MiB':>5}"
        print(f"{heading}  {'speed-up':>8}")
        timings: dict[int, float] = {}
        for count in args.sizes:
            source = generate(count, folder)
            after_s, after_peak, after_pages = after(source, folder, args.timeout)
            timings[count] = after_s
            if count <= args.before_max:
                try:
                    before_s, before_peak, before_pages = before(source, folder, args.timeout)
                    one, one_peak, gain = f"{before_s:.1f}", f"{before_peak:.0f}", f"{before_s / after_s:.1f}x"
                except TimedOut:
                    one, one_peak, before_pages, gain = f"> {args.timeout:.0f}", "", "", ""
            else:
                one, one_peak, before_pages, gain = "not run", "", "", ""
            print(
                f"{count:>6,}  {one:>9}  {before_pages:>5}  {one_peak:>5}  {after_s:>8.1f}  {after_pages:>5}  "
                f"{after_peak:>5.0f}  {gain:>8}"
            )
        if 600 in timings and 2400 in timings:
            growth = timings[2400] / timings[600]
            verdict = "met" if growth < TARGET_GROWTH else "NOT met"
            print(f"2,400 rows take {growth:.1f}x the time of 600 (target < {TARGET_GROWTH:g}x): {verdict}")
        if 4000 in timings:
            verdict = "met" if timings[4000] < TARGET_4000_SECONDS else "NOT met"
            print(f"4,000 rows: {timings[4000]:.1f} s (target < {TARGET_4000_SECONDS:g} s): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
