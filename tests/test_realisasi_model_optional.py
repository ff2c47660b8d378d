"""The realisasi file against an RKT of issue 9's model: sasaran without kode (addressed by
place; ids still work), an RKT without anggaran (serapan says so, never 0 %), a realisasi
anggaran for a sasaran without anggaran (RKT516 at its line), top-level `sasaran:` without
programs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from rkt_cli.capaian_rows import TANPA_ANGGARAN, CapaianRows
from rkt_cli.checking import check_loaded
from rkt_cli.loader import load_yaml_bytes, load_yaml_file
from rkt_cli.realisasi import Checked, RktSource, check_realisasi, serapan_status
from rkt_cli.walk import walk_indikator, walk_sasaran
from tests.cli_support import run_rkt

ROOT = Path(__file__).parent.parent
NO_PROGRAMS = ROOT / "tests" / "data" / "valid" / "sasaran_tanpa_program.yaml"
RKT_2024 = ROOT / "data" / "rkt_2024.yaml"

REALISASI = """\
rkt: rkt.yaml
pengaturan:
  skala: {WTP: 4, WDP: 3, TW: 2, TMP: 1}
indikator:
  - id: iku-1
    tw1: 70
    tw2: 77.5
  - indikator: "sasaran[0].indikator[1]"
    tw2: 3.5
  - indikator: "sasaran[1].indikator[0]"
    tw4: WDP
"""


def check(realisasi: str, rkt_text: str | None = None, rkt_file: Path = NO_PROGRAMS) -> Checked:
    text = rkt_text if rkt_text is not None else rkt_file.read_text(encoding="utf-8")
    loaded = load_yaml_bytes(text.encode("utf-8"), "rkt.yaml")
    checked = check_loaded(loaded)
    assert checked.model is not None and not checked.has_errors, checked.diagnostics
    source = RktSource(checked.model, "rkt.yaml", loaded.source_map)
    return check_realisasi(source, load_yaml_bytes(realisasi.encode("utf-8"), "r.yaml"))


def test_sasaran_without_kode_are_addressed_by_place_and_by_id() -> None:
    result = check(REALISASI)
    assert result.laporan is not None, result.diagnostics
    baris = [b for s in result.laporan.sasaran for b in s.baris]
    assert [b.alamat for b in baris] == [
        "sasaran[0].indikator[0]",
        "sasaran[0].indikator[1]",
        "sasaran[1].indikator[0]",
    ]
    assert [b.capaian for b in baris] == [Decimal("100.00"), Decimal("100.00"), Decimal("75.00")]
    assert [s.kode for s in result.laporan.sasaran] == [None, None]
    assert [s.program_index for s in result.laporan.sasaran] == [None, None]
    assert result.laporan.program == []


def test_a_kode_address_in_an_rkt_without_kode_points_to_the_place() -> None:
    result = check('rkt: rkt.yaml\nindikator:\n  - indikator: "6709.1"\n    tw1: 5\n')
    assert [d.code for d in result.diagnostics] == ["RKT510"]
    assert result.diagnostics[0].line == 3
    assert "address a sasaran without kode by place: sasaran[0].indikator[0]" in result.diagnostics[0].message


def test_an_unknown_place_names_the_first_place() -> None:
    result = check('rkt: rkt.yaml\nindikator:\n  - indikator: "sasaran[5].indikator[0]"\n    tw1: 5\n')
    assert [d.code for d in result.diagnostics] == ["RKT510"]
    assert "no indikator at sasaran[5].indikator[0] (the first is sasaran[0].indikator[0])" in (
        result.diagnostics[0].message
    )


def test_no_anggaran_in_the_rkt_is_said_never_zero_percent() -> None:
    result = check(REALISASI)
    assert result.laporan is not None
    for row in [*(s.serapan for s in result.laporan.sasaran), result.laporan.total]:
        assert (row.anggaran, row.serapan, serapan_status(row)) == (None, None, TANPA_ANGGARAN)
    assert all(s.efisiensi is None for s in result.laporan.sasaran)


@pytest.mark.parametrize("name", ["ss-1", "sasaran[1]"])
def test_a_realisasi_anggaran_for_a_sasaran_without_anggaran_is_an_error_at_its_line(name: str) -> None:
    result = check(REALISASI + f'anggaran:\n  - sasaran: "{name}"\n    tw1: 1000\n')
    assert result.laporan is None
    [diagnostic] = result.diagnostics
    assert (diagnostic.code, diagnostic.file, diagnostic.line, diagnostic.col) == ("RKT516", "r.yaml", 13, 14)
    assert "has no anggaran in the RKT" in diagnostic.message


def test_a_program_sasaran_without_kode_by_place_with_its_anggaran() -> None:
    text = RKT_2024.read_text(encoding="utf-8").replace('        kode: "6709"\n', "", 1)
    realisasi = """\
rkt: rkt.yaml
indikator:
  - indikator: "program[0].sasaran[0].indikator[1]"
    tw1: 19
anggaran:
  - sasaran: "program[0].sasaran[0]"
    tw1: 411327000
  - sasaran: "6867"
    tw1: 12406404000
"""
    result = check(realisasi, text)
    assert result.laporan is not None, result.diagnostics
    first = result.laporan.sasaran[0]
    assert first.kode is None and first.baris[1].alamat == "program[0].sasaran[0].indikator[1]"
    assert first.baris[1].capaian == Decimal("20.00")  # 19 / 95
    assert first.serapan.serapan == Decimal("50.00")  # 411.327.000 / 822.654.000
    assert result.laporan.sasaran[1].serapan.serapan == Decimal("100.00")


def test_an_overspent_sasaran_without_kode_is_named_by_place() -> None:
    text = RKT_2024.read_text(encoding="utf-8").replace('        kode: "6709"\n', "", 1)
    result = check('rkt: rkt.yaml\nanggaran:\n  - sasaran: "program[0].sasaran[0]"\n    tw1: 900000000\n', text)
    [warning] = result.diagnostics
    assert warning.code == "RKT514" and warning.message.endswith("of sasaran program[0].sasaran[0]")


def test_capaian_rows_without_anggaran() -> None:
    result = check(REALISASI)
    assert result.laporan is not None
    loaded = load_yaml_file(NO_PROGRAMS)
    model = check_loaded(loaded).model
    assert model is not None
    rows = CapaianRows(result.laporan)
    last = rows.indikator(list(walk_indikator(model))[-1])
    assert (last.target, last.realisasi_tw[4], last.capaian, last.kategori) == ("WTP", "WDP", "75,00%", "Kurang")
    serapan = rows.sasaran(next(walk_sasaran(model))).serapan
    assert (serapan.anggaran, serapan.anggaran_angka, serapan.serapan) == ("", None, TANPA_ANGGARAN)
    assert rows.total().serapan.serapan == TANPA_ANGGARAN


def test_the_command_on_an_rkt_without_programs_and_anggaran(tmp_path: Path) -> None:
    (tmp_path / "rkt.yaml").write_text(NO_PROGRAMS.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "realisasi.yaml").write_text(REALISASI, encoding="utf-8")
    table = run_rkt("capaian", "rkt.yaml", "realisasi.yaml", cwd=tmp_path, env={"COLUMNS": "100"})
    assert table.returncode == 0, table.stderr
    assert "1. Meningkatnya kualitas penyelenggaraan pemilu" in table.stdout
    assert "None" not in table.stdout and " 0,00%" not in table.stdout
    assert "Serapan: RKT tanpa anggaran" in table.stdout
    data = json.loads(run_rkt("capaian", "rkt.yaml", "realisasi.yaml", "-f", "json", cwd=tmp_path).stdout)
    assert data["total"]["anggaran"] is None and data["total"]["serapan_status"] == TANPA_ANGGARAN
    assert data["program"] == [] and data["sasaran"][0]["kode"] is None
    markdown = run_rkt("capaian", "rkt.yaml", "realisasi.yaml", "-f", "markdown", cwd=tmp_path).stdout
    assert "## 1. Meningkatnya kualitas" in markdown and "| Total | - | Rp 0 | RKT tanpa anggaran |" in markdown
    validate = run_rkt("validate", "realisasi.yaml", cwd=tmp_path)
    assert validate.returncode == 0, validate.stderr
