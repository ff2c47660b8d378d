"""`rkt capaian RKT REALISASI` through the command line (in-process, tests/cli_support.py): the
example of data/, every output format, exit codes 1 and 2; one real-process smoke test at the end."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from tests.cli_support import Outcome, run_rkt
from tests.conftest import Golden
from tests.test_cli_process import run  # the one helper for a real process

ROOT = Path(__file__).parent.parent
RKT = "data/rkt_2024.yaml"
REALISASI = "data/realisasi_2024.yaml"
BAD = "tests/data/realisasi"


def rkt(*args: str, columns: str = "100") -> Outcome:
    return run_rkt(*args, cwd=ROOT, env={"COLUMNS": columns})


def test_table_golden_at_100_columns(golden: Golden) -> None:
    result = rkt("capaian", RKT, REALISASI)
    assert result.returncode == 0, result.stderr
    golden.check("capaian/realisasi_2024.txt", result.stdout)
    # The RKT's warnings (its typos) do not stop the report; one line says where to see them.
    assert "rkt validate data/rkt_2024.yaml" in result.stderr


def test_table_shows_every_indikator_capaian_and_the_total() -> None:
    result = rkt("capaian", RKT, REALISASI)
    data = json.loads(rkt("capaian", RKT, REALISASI, "-f", "json").stdout)
    for sasaran in data["sasaran"]:
        assert f"{sasaran['nomor']}. {sasaran['kode']}" in result.stdout
        for row in sasaran["indikator"]:
            assert row["capaian"].replace(".", ",") + "%" in result.stdout
    assert "Rp 23.142.485.000" in result.stdout
    assert "Serapan anggaran" in result.stdout


def test_json_has_plain_numbers() -> None:
    result = rkt("capaian", RKT, REALISASI, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    first = data["sasaran"][0]["indikator"][0]
    assert first["alamat"] == "6709.1"
    assert first["target"] == "95" and first["realisasi"]["tw4"] == "100"
    assert first["capaian"] == "105.26"  # 100 / 95, nilai_akhir against the tw4 target of the rencana aksi
    assert data["total"]["anggaran"] == 23_142_485_000
    assert isinstance(data["total"]["realisasi_anggaran"], int)
    assert data["sampai"] == "tw4" and data["kategori"] == "permenpan-8-2021"
    program = data["program"]
    assert sum(p["realisasi_anggaran"] for p in program) == data["total"]["realisasi_anggaran"]


def test_sampai_limits_the_quarters() -> None:
    result = rkt("capaian", RKT, REALISASI, "--sampai", "TW2", "-f", "json")
    data = json.loads(result.stdout)
    first = data["sasaran"][0]["indikator"][0]
    assert set(first["realisasi"]) == {"tw1", "tw2"}
    assert first["capaian"] == "100.00"  # 50 against the tw2 target 50
    table = rkt("capaian", RKT, REALISASI, "--sampai", "tw2").stdout
    assert "TW2" in table and "TW3" not in table


def test_csv() -> None:
    result = rkt("capaian", RKT, REALISASI, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    indikator = [r for r in rows if r["jenis"] == "indikator"]
    assert len(indikator) == 40
    assert indikator[0]["capaian"] == "105.26"
    total = next(r for r in rows if r["jenis"] == "total")
    assert total["anggaran"] == "23142485000"


def test_markdown() -> None:
    result = rkt("capaian", RKT, REALISASI, "-f", "markdown")
    assert result.returncode == 0, result.stderr
    assert "## 1. 6709 Perencanaan Program" in result.stdout
    assert "| Total | Rp 23.142.485.000 |" in result.stdout


def test_errors_are_diagnostics_with_exit_1() -> None:
    result = rkt("capaian", RKT, f"{BAD}/errors.yaml")
    assert result.returncode == 1
    assert f"{BAD}/errors.yaml:9:16: error[RKT510]" in result.stderr  # no indikator 6709.9
    assert f"{BAD}/errors.yaml:11:9: error[RKT510]" in result.stderr  # the 2024 RKT has no ids
    assert f"{BAD}/errors.yaml:15:16: error[RKT511]" in result.stderr  # 6709.1 again, by its place
    assert result.stdout == ""  # no half report


def test_a_number_written_as_text() -> None:
    result = rkt("capaian", RKT, f"{BAD}/number_as_text.yaml")
    assert result.returncode == 1
    assert f"{BAD}/number_as_text.yaml:5:10: error[RKT503]" in result.stderr and "write 95" in result.stderr
    assert "run once it loads" in result.stderr


def test_target_zero_points_at_the_rkt(tmp_path: Path) -> None:
    text = (ROOT / RKT).read_text(encoding="utf-8").replace("target: 95", "target: 0", 1)
    (tmp_path / "rkt.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "realisasi.yaml").write_text('rkt: rkt.yaml\nindikator:\n  - indikator: "6709.1"\n    tw1: 5\n')
    result = run_rkt("capaian", "rkt.yaml", "realisasi.yaml", cwd=tmp_path)
    assert result.returncode == 1
    line = next(n for n, s in enumerate(text.splitlines(), start=1) if "target: 0" in s)
    assert f"rkt.yaml:{line}:21: error[RKT513]" in result.stderr


def test_an_rkt_with_errors_stops_as_validate_does() -> None:
    result = rkt("capaian", "tests/data/summary/invalid.yaml", REALISASI)
    assert result.returncode == 1
    assert "error[" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give the RKT file and its realisasi file"),
        ((RKT,), "give the RKT file and its realisasi file"),
        ((RKT, "nope.yaml"), "nope.yaml: no such file"),
        ((RKT, "data"), "data: is a folder"),
        ((RKT, REALISASI, "--sampai", "tw5"), "tw5"),
        ((RKT, REALISASI, "-f", "xml"), "xml"),
    ],
)
def test_usage_problems_exit_2(args: tuple[str, ...], message: str) -> None:
    result = rkt("capaian", *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_realisasi_naming_another_rkt(tmp_path: Path) -> None:
    (tmp_path / "realisasi.yaml").write_text("rkt: rkt_2023.yaml\n", encoding="utf-8")
    result = run_rkt("capaian", ROOT / RKT, tmp_path / "realisasi.yaml")
    assert result.returncode == 1
    assert "error[RKT512]" in result.stderr


def test_capaian_runs_as_a_process() -> None:
    """The installed command line, as a user runs it (module import, registration, exit code)."""
    result = run(sys.executable, "-m", "rkt_cli", "capaian", RKT, REALISASI, "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"]["anggaran"] == 23_142_485_000
