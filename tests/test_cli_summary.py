"""`rkt summary` through the command line (in-process, tests/cli_support.py): exit codes, streams,
golden tables. Colour on a terminal, non-UTF-8 pipes and lazy imports need a real process: they
are in tests/test_cli_process.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli_support import Outcome, run_rkt
from tests.conftest import Golden

ROOT = Path(__file__).parent.parent
DATA = "data/rkt_2024.yaml"
SUMMARY = "tests/data/summary"
PROGRAM_TOTALS = {
    "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi": 17_632_649_000,
    "Program Dukungan Manajemen": 5_509_836_000,
}
TOTAL = 23_142_485_000


def rkt(*args: str, **env: str) -> Outcome:
    """`rkt ARGS` in the repository root at 80 columns; NO_COLOR only where a test sets it."""
    return run_rkt(*args, cwd=ROOT, env={"NO_COLOR": None, "COLUMNS": "80", **env})


# ---- the acceptance totals, in every format ------------------------------------------------


def test_table_shows_program_totals_and_grand_total() -> None:
    result = rkt("summary", DATA, "--by", "program", NO_COLOR="1")
    assert result.returncode == 0, result.stderr
    assert "Penyelenggaraan Pemilu dalam Proses" in result.stdout
    assert "17.632.649.000" in result.stdout
    assert "5.509.836.000" in result.stdout
    assert "Jumlah anggaran: Rp 23.142.485.000" in result.stdout
    assert "dua puluh tiga miliar seratus empat puluh dua juta empat ratus delapan puluh lima ribu rupiah" in " ".join(
        result.stdout.split()
    )


def test_default_table_has_a_row_per_sasaran_and_program_subtotals() -> None:
    result = rkt("summary", DATA)
    assert result.returncode == 0, result.stderr
    for kode in ("6709", "6867", "6870", "6871", "6872", "6981", "6982", "3355", "3360"):
        assert f"  {kode}  " in result.stdout
    assert "17.632.649.000" in result.stdout and "5.509.836.000" in result.stdout
    assert "23.142.485.000" in result.stdout


def test_json_program_totals() -> None:
    result = rkt("summary", DATA, "--by", "program", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = data["sections"][0]["rows"]
    assert {r["nama"]: r["anggaran"] for r in rows if r["kind"] == "item"} == PROGRAM_TOTALS
    assert data["total"] == TOTAL


def test_json_default_view_carries_program_subtotals() -> None:
    data = json.loads(rkt("summary", DATA, "-f", "json").stdout)
    rows = data["sections"][0]["rows"]
    assert {r["nama"]: r["anggaran"] for r in rows if r["kind"] == "program"} == PROGRAM_TOTALS
    assert [r["anggaran"] for r in rows if r["kind"] == "total"] == [TOTAL]


def test_csv_program_totals_are_plain_integers() -> None:
    result = rkt("summary", DATA, "--by", "program", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["nama"]: int(r["anggaran"]) for r in rows if r["kind"] == "item"} == PROGRAM_TOTALS
    assert [r["anggaran"] for r in rows if r["kind"] == "total"] == [str(TOTAL)]


def test_markdown_program_totals() -> None:
    result = rkt("summary", DATA, "--by", "program", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    for name, amount in PROGRAM_TOTALS.items():
        assert f"| {name} |" in result.stdout
        assert f"{amount:,}".replace(",", ".") in result.stdout
    assert "Jumlah anggaran: Rp 23.142.485.000" in result.stdout


# ---- golden tables at 80 columns -----------------------------------------------------------

GOLDEN_CASES = {
    "rkt_2024_sasaran.txt": [DATA],
    "rkt_2024_program.txt": [DATA, "--by", "program"],
    "rkt_2024_pelaksana.txt": [DATA, "--by", "pelaksana"],
    "provinsi_file.txt": [f"{SUMMARY}/provinsi"],
    "provinsi_program.txt": [f"{SUMMARY}/provinsi", "--by", "program"],
    "two_years.txt": [f"{SUMMARY}/kota_a_2023.yaml", f"{SUMMARY}/provinsi/kota_a_2024.yaml"],
    "rkt_2024_program.md": [DATA, "--by", "program", "--format", "markdown"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_output(golden: Golden, name: str) -> None:
    result = rkt("summary", *GOLDEN_CASES[name], NO_COLOR="1")
    assert result.returncode == 0, result.stderr
    golden.check(f"summary/{name}", result.stdout)


@pytest.mark.parametrize("by", ["sasaran", "program", "pelaksana", "file"])
def test_table_fits_80_columns(by: str) -> None:
    result = rkt("summary", DATA, "--by", by)
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    assert "23.142.485.000" in result.stdout  # the total is whole, never split over two lines


# ---- streams, colour, exit codes -----------------------------------------------------------


def test_a_file_with_errors_gets_validates_diagnostics_and_no_summary() -> None:
    invalid = f"{SUMMARY}/invalid.yaml"
    summary = rkt("summary", invalid)
    validate = rkt("validate", invalid)
    assert summary.returncode == 1
    assert summary.stdout == ""
    assert summary.stderr == validate.stderr
    assert "error[RKT103]" in summary.stderr


def test_over_pagu_is_an_error_with_the_amount_over() -> None:
    result = rkt("summary", f"{SUMMARY}/pagu/over.yaml", "--format", "json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "is 1.000.000 over the pagu 1.499.000.000" in result.stderr


def test_under_pagu_is_an_error_too_while_rule_rkt208_says_so() -> None:
    # RKT208 makes any total other than the pagu an error; summary runs validation first.
    result = rkt("summary", f"{SUMMARY}/pagu/under.yaml")
    assert result.returncode == 1
    assert "is 100.000.000 under the pagu 1.600.000.000" in result.stderr


def test_pagu_total_and_difference_are_shown_when_declared() -> None:
    result = rkt("summary", f"{SUMMARY}/provinsi/kota_a_2024.yaml", NO_COLOR="1")
    assert result.returncode == 0, result.stderr
    assert "Pagu: Rp 1.500.000.000" in result.stdout
    assert "Selisih: Rp 0" in result.stdout
    data = json.loads(rkt("summary", f"{SUMMARY}/provinsi/kota_a_2024.yaml", "-f", "json").stdout)
    assert (data["pagu"], data["total"], data["selisih"]) == (1_500_000_000, 1_500_000_000, 0)


def test_several_files_roll_up_in_json() -> None:
    result = rkt("summary", f"{SUMMARY}/provinsi", "-f", "json")
    data = json.loads(result.stdout)
    rows = data["sections"][-1]["rows"]
    assert [(r["kind"], r.get("file"), r["anggaran"]) for r in rows] == [
        ("item", f"{SUMMARY}/provinsi/kabupaten_b_2024.yaml", 250_000_000),
        ("item", f"{SUMMARY}/provinsi/kota_a_2024.yaml", 1_500_000_000),
        ("total", None, 1_750_000_000),
    ]
    assert data["total"] == 1_750_000_000


def test_a_file_named_twice_is_counted_once() -> None:
    result = rkt("summary", f"{SUMMARY}/provinsi", f"{SUMMARY}/provinsi/kota_a_2024.yaml", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 1_750_000_000
    assert "given more than once" in result.stderr


def test_usage_errors_exit_2() -> None:
    assert rkt("summary").returncode == 2
    missing = rkt("summary", "no/such.yaml")
    assert missing.returncode == 2
    assert "no/such.yaml: no such file" in missing.stderr
    assert rkt("summary", DATA, "--by", "kegiatan").returncode == 2
    assert rkt("summary", DATA, "--format", "xlsx").returncode == 2


def test_an_anggaran_beyond_terbilang_gives_a_summary_not_a_traceback(tmp_path: Path) -> None:
    # 9.999.999.999.999.999 is the largest anggaran the model takes; terbilang stops at triliun.
    text = (ROOT / DATA).read_text(encoding="utf-8").replace("anggaran: 822654000", "anggaran: 9999999999999999")
    (tmp_path / "big.yaml").write_text(text, encoding="utf-8")
    result = rkt("summary", str(tmp_path / "big.yaml"), NO_COLOR="1")
    assert result.returncode == 0, result.stderr
    assert "Terbilang: tidak dieja" in result.stdout
    assert json.loads(rkt("summary", str(tmp_path / "big.yaml"), "-f", "json").stdout)["terbilang"] is None
