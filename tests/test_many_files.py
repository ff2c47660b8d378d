"""Many files in one run (issue 14): `--jobs 2` gives what one process gives, byte for byte and
in the same order; a directory renders as each file alone; the batch PDF holds each file's text.

The pool starts only from parallel.MIN_BYTES_TO_CHECK / MIN_BYTES_TO_RENDER of input; the
tests lower both to 0, so that a few files (and a pool start of a fraction of a second) cover
the path many files take.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rkt_cli import parallel
from rkt_cli.render import pdf
from tests.cli_support import Outcome, run_rkt
from tests.render_support import DATA

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
TEXT = DATA.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def pool_for_few_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_BYTES_TO_CHECK", 0)
    monkeypatch.setattr(parallel, "MIN_BYTES_TO_RENDER", 0)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def valid_files(folder: Path) -> Path:
    """Three valid files (the 2024 RKT has 13 warnings), one in a subfolder."""
    write(folder, "a.yaml", TEXT)
    write(folder, "b.yaml", TEXT.replace("tahun: 2024", "tahun: 2025").replace("2024-01-25", "2025-01-20"))
    write(folder, "sub/c.yaml", TEXT.replace("anggaran: 822654000", "anggaran: 922654000"))
    return folder


def files_with_problems(folder: Path) -> Path:
    """Warnings in two files, errors of each stage in three others."""
    valid_files(folder)
    write(folder, "d_syntax.yaml", TEXT + "tahun: [\n")
    write(folder, "e_schema.yaml", TEXT.replace("target: 95", 'target: "95%"', 2))
    write(folder, "f_rules.yaml", TEXT.replace("pelaksana: Subbagian Rendatin", "pelaksana: ''"))
    return folder


def same_runs(*args: str | Path, env: dict[str, str | None] | None = None) -> Outcome:
    """`rkt ARGS --jobs 1` and `--jobs 2`: the same exit code, stdout and stderr."""
    one = run_rkt(*args, "--jobs", "1", env=env)
    two = run_rkt(*args, "--jobs", "2", env=env)
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    return one


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize("strict", [False, True])
def test_validate_with_two_jobs_prints_what_one_prints(tmp_path: Path, fmt: str, strict: bool) -> None:
    folder = files_with_problems(tmp_path)
    outcome = same_runs("validate", folder, "--format", fmt, *(["--strict"] if strict else []))
    assert outcome.returncode == 1
    report = outcome.stderr if fmt == "text" else outcome.stdout
    for name in ("a.yaml", "b.yaml", "c.yaml", "d_syntax.yaml", "e_schema.yaml", "f_rules.yaml"):
        assert name in report
    if fmt == "text":
        assert "6 files checked" in outcome.stderr
        assert "fix the errors above" in outcome.stderr  # the closing line of the waiting checks


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
@pytest.mark.parametrize("by", ["file", "program", "pelaksana"])
def test_summary_with_two_jobs_prints_what_one_prints(tmp_path: Path, fmt: str, by: str) -> None:
    outcome = same_runs("summary", valid_files(tmp_path), "--format", fmt, "--by", by)
    assert outcome.returncode == 0
    assert "23142485000" in outcome.stdout.replace(".", "").replace(",", "")
    assert outcome.stderr.count(" warnings; `rkt validate ") == 3


def test_summary_with_errors_stops_alike(tmp_path: Path) -> None:
    outcome = same_runs("summary", files_with_problems(tmp_path))
    assert outcome.returncode == 1
    assert outcome.stdout == ""
    assert "error[" in outcome.stderr


def test_summary_json_keeps_control_characters_exact_with_two_jobs(tmp_path: Path) -> None:
    valid_files(tmp_path)
    write(tmp_path, "z.yaml", TEXT.replace("unit: Sekretariat", "unit: \\x1b Sekretariat".replace("\\x1b", "\x1b")))
    for fmt in ("json", "table"):
        outcome = same_runs("summary", tmp_path, "--format", fmt, "--by", "file")
        assert "\x1b" not in outcome.stdout


def test_render_with_two_jobs_writes_the_bytes_one_writes(tmp_path: Path) -> None:
    folder = valid_files(tmp_path / "in")
    one = run_rkt("render", folder, "--out-dir", tmp_path / "one", "--jobs", "1", env=EPOCH)
    two = run_rkt("render", folder, "--out-dir", tmp_path / "two", "--jobs", "2", env=EPOCH)
    assert one.returncode == two.returncode == 0
    assert (two.stdout, two.stderr.replace("/two/", "/one/")) == (one.stdout, one.stderr)
    assert [line.rsplit("/", 1)[1] for line in one.stderr.splitlines() if line.startswith("wrote")] == [
        "a.docx",
        "b.docx",
        "c.docx",
    ]
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_directory_renders_each_file_as_it_renders_alone(tmp_path: Path, jobs: str) -> None:
    folder = valid_files(tmp_path / "in")
    result = run_rkt("render", folder, "--out-dir", tmp_path / "all", "--jobs", jobs, env=EPOCH)
    assert result.returncode == 0, result.stderr
    for source in sorted(folder.rglob("*.yaml")):
        alone = tmp_path / "alone" / f"{source.stem}.docx"
        assert run_rkt("render", source, "-o", alone, env=EPOCH).returncode == 0
        assert (tmp_path / "all" / alone.name).read_bytes() == alone.read_bytes()


def test_render_table_files_with_two_jobs_match_one(tmp_path: Path) -> None:
    folder = valid_files(tmp_path / "in")
    for jobs in ("1", "2"):
        result = run_rkt("render", folder, "-f", "table", "--out-dir", tmp_path / jobs, "--jobs", jobs)
        assert result.returncode == 0, result.stderr
    assert tree(tmp_path / "1") == tree(tmp_path / "2")
    assert len(tree(tmp_path / "1")) == 3


def test_render_with_errors_writes_nothing_with_two_jobs(tmp_path: Path) -> None:
    folder = files_with_problems(tmp_path / "in")
    outcome = same_runs("render", folder, "--out-dir", tmp_path / "out")
    assert outcome.returncode == 1
    assert not (tmp_path / "out").exists()  # not even the folder


def test_strict_render_with_two_jobs_stops_on_warnings(tmp_path: Path) -> None:
    outcome = same_runs("render", valid_files(tmp_path / "in"), "--out-dir", tmp_path / "out", "--strict")
    assert outcome.returncode == 1
    assert not (tmp_path / "out").exists()


def test_jobs_must_be_at_least_one(tmp_path: Path) -> None:
    result = run_rkt("validate", DATA, "--jobs", "0")
    assert result.returncode == 2
    assert "--jobs" in result.stderr


def test_the_pool_starts_only_where_it_pays(tmp_path: Path) -> None:
    files = [write(tmp_path, f"f{number}.yaml", "x" * 1000) for number in range(3)]
    assert parallel.pool_pays(2, files, 3000)
    assert not parallel.pool_pays(2, files, 3001)  # too little to do
    assert not parallel.pool_pays(1, files, 0)  # --jobs 1: one process, as before
    assert not parallel.pool_pays(2, files[:1], 0)  # one file is not split
    assert parallel.default_jobs() == (os.cpu_count() or 1)


# A fake soffice for the batch logic: "converts" each DOCX by copying it to OUTDIR/STEM.pdf in
# the order given, except a file whose content is BAD, which it reports and skips, as
# LibreOffice does with a file it cannot load.
FAKE_SOFFICE = """#!/bin/sh
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift 2;;
    *.docx) if [ "$(cat "$1")" = BAD ]; then echo "Error: source file could not be loaded"; \
else name=$(basename "$1" .docx); cp "$1" "$out/$name.pdf"; fi; shift;;
    *) shift;;
  esac
done
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if os.name != "posix":
        pytest.skip("the fake soffice is a shell script")
    fake = tmp_path / "fake" / "soffice"
    fake.parent.mkdir()
    fake.write_text(FAKE_SOFFICE)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("RKT_SOFFICE", str(fake))
    return fake


def test_one_run_converts_every_document_in_order(fake_soffice: Path) -> None:
    converted: list[int] = []
    results = pdf.convert_many([("a", b"A"), ("b", b"B"), ("a", b"A2")], converted=lambda: converted.append(1))
    assert results == [b"A", b"B", b"A2"]  # the same stem twice still gives each its own PDF
    assert len(converted) == 3


def test_a_document_that_fails_ends_the_results_with_its_error(fake_soffice: Path) -> None:
    results = pdf.convert_many([("a", b"A"), ("b", b"BAD"), ("c", b"C")])
    assert results[0] == b"A"
    assert isinstance(results[1], pdf.LibreOfficeError)
    assert "source file could not be loaded" in str(results[1])
    assert len(results) == 2


def test_the_timeout_bounds_each_document_not_the_whole_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A LibreOffice that converts the first document and then hangs: the first PDF comes back,
    the second is the timeout's error, and the converter is ended."""
    if os.name != "posix":
        pytest.skip("the fake soffice is a shell script")
    fake = tmp_path / "soffice"
    fake.write_text(
        '#!/bin/sh\nout=""; first=""\n'
        'while [ $# -gt 0 ]; do case "$1" in --outdir) out="$2"; shift 2;; '
        '*.docx) [ -z "$first" ] && first="$1"; shift;; *) shift;; esac; done\n'
        'cp "$first" "$out/$(basename "$first" .docx).pdf"\nexec sleep 60\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("RKT_SOFFICE", str(fake))
    whole = b"%PDF-1.7 a whole document\n%%EOF\n"
    results = pdf.convert_many([("a", whole), ("b", b"B")], timeout=1.0)  # room for sh and cp under load
    assert results[0] == whole
    assert isinstance(results[1], pdf.LibreOfficeError)
    assert str(results[1]) == "LibreOffice did not finish within 1 s; it was stopped"


def test_render_pdf_of_a_directory_stops_at_the_file_that_fails(
    tmp_path: Path, fake_soffice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = valid_files(tmp_path / "in")
    # b's DOCX becomes BAD on its way to LibreOffice: the fake refuses it.
    real = pdf.convert_many

    def spoil_b(documents: list[tuple[str, bytes]], *args: object, **kwargs: object) -> object:
        return real([(stem, b"BAD" if stem == "b" else data) for stem, data in documents], *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "convert_many", spoil_b)
    result = run_rkt("render", folder, "--format", "pdf", "--out-dir", tmp_path / "out", "--jobs", "1")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"rkt: error: {folder / 'b.yaml'}: LibreOffice could not convert the document: "
        "Error: source file could not be loaded"
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.pdf"]  # the file before it


needs_libreoffice = [
    pytest.mark.skipif(
        shutil.which("soffice") is None and shutil.which("libreoffice") is None,
        reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui",
    ),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


@needs_libreoffice[0]
@needs_libreoffice[1]
def test_the_batch_pdf_holds_the_text_of_each_file_alone(tmp_path: Path) -> None:
    """LibreOffice writes the time of the conversion into each PDF, so the bytes differ from run
    to run; what a reader sees, the text of every page, is compared instead. The second file is
    the one a batch could spoil (the first converts as it would alone), so it is the one
    converted alone too."""
    folder = tmp_path / "in"
    write(folder, "a.yaml", TEXT)
    write(folder, "b.yaml", TEXT.replace("tahun: 2024", "tahun: 2025").replace("2024-01-25", "2025-01-20"))
    result = run_rkt("render", folder, "--format", "pdf", "--out-dir", tmp_path / "batch", env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert "TAHUN 2024" in pdf_text(tmp_path / "batch" / "a.pdf")
    alone = tmp_path / "alone" / "b.pdf"
    assert run_rkt("render", folder / "b.yaml", "-o", alone, env=EPOCH).returncode == 0
    text = pdf_text(tmp_path / "batch" / "b.pdf")
    assert "TAHUN 2025" in text and "TAHUN 2024" not in text
    assert text == pdf_text(alone)


@pytest.mark.skipif(os.name != "posix" or not Path("/proc").is_dir(), reason="process groups and /proc")
def test_ctrl_c_during_the_pool_stops_cleanly(tmp_path: Path) -> None:
    """A real process: Ctrl-C reaches rkt and its workers; one line, exit 130, no traceback."""
    folder = tmp_path / "in"
    for number in range(200):  # rendering is fast since the reference's parts are cached
        write(folder, f"f{number:03d}.yaml", TEXT)
    process = subprocess.Popen(
        [sys.executable, "-m", "rkt_cli", "render", str(folder), "--out-dir", str(tmp_path / "out"), "--jobs", "2"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
        start_new_session=True,  # a group of its own, as a shell gives a job
    )
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60  # a bound for a loaded machine, not a measurement
    while process.poll() is None and time.monotonic() < deadline:
        if children.exists() and children.read_text().split():
            break  # the workers are running
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)  # what a Ctrl-C at the terminal does
    try:
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:  # a hang fails the test; it must not outlive it
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if process.returncode == 0:
        pytest.skip("rkt finished before the signal came (a very fast machine)")
    assert process.returncode == 130
    assert err.decode() == "rkt: stopped by SIGINT\n"
    assert not (tmp_path / "out").exists()  # nothing is written before every file is done
