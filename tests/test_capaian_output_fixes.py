"""`rkt capaian` output fixes: json's target_tw honours --sampai; the CSV carries the quarterly
targets and is written as `rkt export -f csv` writes (BOM, UTF-8, CRLF, formula guard)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli_support import run_rkt

ROOT = Path(__file__).parent.parent
RKT = "data/rkt_2024.yaml"
REALISASI = "data/realisasi_2024.yaml"


def capaian(*args: str) -> str:
    result = run_rkt("capaian", RKT, REALISASI, *args, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_json_target_tw_stops_at_sampai() -> None:
    tw2 = json.loads(capaian("-f", "json", "--sampai", "tw2"))
    first = tw2["sasaran"][0]["indikator"][0]
    assert first["target_tw"] == {"tw1": "25", "tw2": "50"}
    assert first["realisasi"] == {"tw1": "25", "tw2": "50"}
    tw4 = json.loads(capaian("-f", "json"))
    assert tw4["sasaran"][0]["indikator"][0]["target_tw"] == {"tw1": "25", "tw2": "50", "tw3": "75", "tw4": "95"}


def test_csv_is_written_as_export_writes_it() -> None:
    from rkt_cli.checking import check_loaded
    from rkt_cli.cli.capaian import to_csv
    from rkt_cli.loader import load_yaml_file
    from rkt_cli.realisasi import RktSource, check_realisasi
    from rkt_cli.render.csv_rows import BOM

    assert capaian("-f", "csv").startswith(BOM + "jenis,")  # (the test runner folds CRLF: checked below)
    rkt_loaded = load_yaml_file(ROOT / RKT)
    model = check_loaded(rkt_loaded).model
    assert model is not None
    source = RktSource(model, RKT, rkt_loaded.source_map, ROOT / RKT)
    laporan = check_realisasi(source, load_yaml_file(ROOT / REALISASI), 4, ROOT / REALISASI).laporan
    assert laporan is not None
    text = to_csv(laporan)
    assert text.startswith(BOM + "jenis,")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")


def test_csv_has_the_quarterly_targets_up_to_sampai() -> None:
    rows = list(csv.DictReader(io.StringIO(capaian("-f", "csv", "--sampai", "tw3").removeprefix("\ufeff"))))
    first = rows[0]
    assert [first[f"target_tw{q}"] for q in (1, 2, 3, 4)] == ["25", "50", "75", ""]
    assert (first["tw3"], first["tw4"]) == ("75", "")
    no_plan = next(r for r in rows if r["alamat"] == "6867.1")  # no target_tw in the file
    assert no_plan["target_tw1"] == "" and no_plan["tw1"] == "25"


def test_csv_guards_a_formula_in_a_name(tmp_path: Path) -> None:
    text = (ROOT / RKT).read_text(encoding="utf-8")
    text = text.replace("Persentase pelantikan PPK sesuai jadwal", "=HYPERLINK(1)")
    (tmp_path / "rkt.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "realisasi.yaml").write_text('rkt: rkt.yaml\nindikator:\n  - indikator: "6867.1"\n    tw1: 5\n')
    result = run_rkt("capaian", "rkt.yaml", "realisasi.yaml", "-f", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert next(r for r in rows if r["alamat"] == "6867.1")["nama"] == "'=HYPERLINK(1)"


def test_the_readme_worked_example_at_the_sangat_baik_edge() -> None:
    from decimal import Decimal

    from rkt_cli import capaian as cp

    bands = cp.PRESET_KATEGORI[cp.DEFAULT_KATEGORI]
    assert cp.capaian(Decimal(95), Decimal(92)) == Decimal("96.84")
    above = cp.capaian(Decimal(95), Decimal("95.5"))
    assert above == Decimal("100.53") and cp.kategori(above, bands) == "Sangat Baik"
    assert cp.kategori(cp.capaian(Decimal(95), Decimal(95)), bands) == "Baik"
    assert cp.kategori(Decimal("99.50"), bands) == "Cukup"
    assert cp.kategori(Decimal("59.50"), bands) == "Sangat Kurang"
