"""`rkt render --realisasi … --template lkj | rencana-aksi`: the DOCX read back cell by cell for
data/rkt_2024.yaml and data/realisasi_2024.yaml, "belum ada realisasi" where a realisasi is
missing, and the errors (no --realisasi, a realisasi file of another RKT or with errors).

The values are checked against `rkt capaian -f json` (another output of the same report), and
a few exact strings the data gives ("94,74%", the serapan total) are written out here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.cli_support import run_rkt
from tests.render_support import DATA

REALISASI = DATA.parent / "realisasi_2024.yaml"


def table_rows(path: Path, index: int) -> list[list[str]]:
    """Table `index` of a DOCX as rows of cell texts, one text per <w:tc> (a merged cell once,
    where it starts; a continued merge as ""), paragraphs joined by a space."""
    table = Document(str(path)).tables[index]
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
            cells.append(" ".join(t for t in texts if t))
        rows.append(cells)
    return rows


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result = run_rkt("capaian", DATA, REALISASI, "-f", "json")
    assert result.returncode == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


@pytest.fixture(scope="module")
def lkj_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lkj") / "lkj.docx"
    result = run_rkt("render", DATA, "--realisasi", REALISASI, "--template", "lkj", "-o", out)
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    return out


def percent(value: str | None) -> str:
    """ "94.74" (json) → "94,74%" (the documents)."""
    return "belum ada realisasi" if value is None else value.replace(".", ",") + "%"


def test_lkj_capaian_table_cell_by_cell(lkj_docx: Path, report: dict[str, Any]) -> None:
    rows = table_rows(lkj_docx, 0)
    assert rows[0] == ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian", "Kategori"]
    groups = [row[0] for row in rows if len(row) == 1]
    assert groups == [f"Sasaran {s['nomor']}: {s['nama']}" for s in report["sasaran"]]
    data = [row for row in rows[1:] if len(row) == 6]
    expected = [(s, b) for s in report["sasaran"] for b in s["indikator"]]
    assert len(data) == len(expected) == 40
    for row, (sasaran, baris) in zip(data, expected, strict=True):
        within = sasaran["indikator"].index(baris) + 1
        assert row[0] == f"{sasaran['nomor']}.{within}"
        assert row[1] == baris["uraian"]
        assert row[2] == baris["target"] + "%"  # every 2024 target is a percent
        assert row[4] == percent(baris["capaian"])
        assert row[5] == baris["kategori"]
    by_label = {row[0]: row[2:] for row in data}
    # Exact values the example data gives (README's worked example and `rkt capaian`).
    assert by_label["1.1"] == ["95%", "100%", "105,26%", "Sangat Baik"]
    assert by_label["1.2"] == ["95%", "92%", "96,84%", "Cukup"]
    assert by_label["4.3"] == ["95%", "90%", "94,74%", "Cukup"]
    assert by_label["9.9"] == ["90%", "80%", "88,89%", "Cukup"]


def test_lkj_serapan_table_ends_in_the_total(lkj_docx: Path, report: dict[str, Any]) -> None:
    rows = table_rows(lkj_docx, 1)
    assert rows == [
        ["No", "Program", "Anggaran (Rp)", "Realisasi (Rp)", "Serapan"],
        [
            "1",
            "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi",
            "17.632.649.000",
            "16.470.661.000",
            "93,41%",
        ],
        ["2", "Program Dukungan Manajemen", "5.509.836.000", "5.108.386.000", "92,71%"],
        ["Jumlah", "23.142.485.000", "21.579.047.000", "93,24%"],
    ]
    assert report["total"]["serapan"] == "93.24"


def test_lkj_has_no_third_table(lkj_docx: Path) -> None:
    assert len(Document(str(lkj_docx)).tables) == 2


def test_rencana_aksi_quarters_cell_by_cell(tmp_path: Path, report: dict[str, Any]) -> None:
    out = tmp_path / "ra.docx"
    result = run_rkt("render", DATA, "--realisasi", REALISASI, "--template", "rencana-aksi", "-o", out)
    assert result.returncode == 0, result.stderr
    rows = table_rows(out, 0)
    assert rows[0] == ["No", "Sasaran", "Indikator Kinerja", "Target Tahunan", "Target", "Realisasi"]
    assert rows[1] == ["", "", "", ""] + ["TW I", "TW II", "TW III", "TW IV"] * 2
    data = rows[2:]
    expected = [b for s in report["sasaran"] for b in s["indikator"]]
    assert len(data) == 40
    for row, baris in zip(data, expected, strict=True):
        assert row[2] == baris["uraian"]
        assert row[3] == baris["target"] + "%"
        assert row[4:8] == [baris["target_tw"].get(f"tw{q}", "-") for q in (1, 2, 3, 4)]
        assert row[8:] == [baris["realisasi"][f"tw{q}"] for q in (1, 2, 3, 4)]
    assert data[0][:2] == ["1", report["sasaran"][0]["nama"]]
    assert data[0][3:] == ["95%", "25", "50", "75", "95", "25", "50", "75", "100"]


def test_rencana_aksi_sampai_tw2_shows_the_plan_and_the_quarters_reported(tmp_path: Path) -> None:
    out = tmp_path / "ra.docx"
    result = run_rkt(
        "render", DATA, "--realisasi", REALISASI, "--template", "rencana-aksi", "--sampai", "tw2", "-o", out
    )
    assert result.returncode == 0, result.stderr
    first = table_rows(out, 0)[2]
    assert first[4:8] == ["25", "50", "75", "95"]  # the targets are the plan: every quarter
    assert first[8:] == ["25", "50", "-", "-"]  # the realisasi up to TW2


def _with_partial_realisasi(folder: Path) -> tuple[Path, Path]:
    """The 2024 RKT beside a realisasi file that reports one indikator (6709.1, TW1) and no anggaran."""
    rkt = folder / "rkt_2024.yaml"
    shutil.copyfile(DATA, rkt)
    realisasi = folder / "realisasi.yaml"
    realisasi.write_text(
        'rkt: rkt_2024.yaml\ntahun: 2024\nindikator:\n  - indikator: "6709.1"\n    tw1: 30\n', encoding="utf-8"
    )
    return rkt, realisasi


def test_an_indikator_without_realisasi_says_so(tmp_path: Path) -> None:
    rkt, realisasi = _with_partial_realisasi(tmp_path)
    out = tmp_path / "lkj.docx"
    result = run_rkt("render", rkt, "--realisasi", realisasi, "--template", "lkj", "-o", out)
    assert result.returncode == 0, result.stderr
    data = [row for row in table_rows(out, 0)[1:] if len(row) == 6]
    assert data[0][2:] == ["95%", "30%", "31,58%", "Sangat Kurang"]
    for row in data[1:]:  # never blank, never 0
        assert row[3:] == ["belum ada realisasi", "belum ada realisasi", "-"], row
    serapan = table_rows(out, 1)
    assert serapan[1][2:] == ["17.632.649.000", "-", "belum ada realisasi"]
    assert serapan[-1] == ["Jumlah", "23.142.485.000", "-", "belum ada realisasi"]


def test_a_capaian_template_without_realisasi_is_one_line_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "lkj.docx"
    for name in ("lkj", "rencana-aksi"):
        result = run_rkt("render", DATA, "--template", name, "-o", out)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1
        assert "--realisasi" in result.stderr and name in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_realisasi_with_a_template_that_shows_none_is_refused(tmp_path: Path) -> None:
    result = run_rkt("render", DATA, "--realisasi", REALISASI, "-o", tmp_path / "rkt.docx")
    assert result.returncode == 2
    assert "shows no realisasi or capaian" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_realisasi_belongs_to_one_rkt_file(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    second = tmp_path_factory.mktemp("inputs") / "rkt_2024_copy.yaml"
    shutil.copyfile(DATA, second)
    result = run_rkt("render", DATA, second, "--realisasi", REALISASI, "--template", "lkj", "--out-dir", tmp_path)
    assert result.returncode == 2
    assert "one RKT file" in result.stderr
    missing = run_rkt("render", DATA, "--realisasi", tmp_path / "nope.yaml", "--template", "lkj", "-o", tmp_path / "x")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_realisasi_file_of_another_rkt_is_an_error_exit_1(tmp_path: Path) -> None:
    other = tmp_path / "rkt_2024_copy.yaml"
    shutil.copyfile(DATA, other)
    out = tmp_path / "lkj.docx"
    result = run_rkt("render", other, "--realisasi", REALISASI, "--template", "lkj", "-o", out)
    assert result.returncode == 1
    assert f"{REALISASI}:6:6: error[RKT512] rkt: this file belongs to 'rkt_2024.yaml'" in result.stderr
    assert "1 file checked: 1 error, 0 warnings" in result.stderr
    assert not out.exists()


def test_a_realisasi_file_with_errors_prints_what_validate_prints(tmp_path: Path) -> None:
    rkt, realisasi = _with_partial_realisasi(tmp_path)
    realisasi.write_text(
        'rkt: rkt_2024.yaml\nindikator:\n  - indikator: "6709.1"\n    tw1: "95%"\n  - indikator: "9999.1"\n',
        encoding="utf-8",
    )
    validated = run_rkt("validate", realisasi)
    assert validated.returncode == 1
    out = tmp_path / "lkj.pdf"
    result = run_rkt("render", rkt, "--realisasi", realisasi, "--template", "lkj", "-o", out)
    assert result.returncode == 1
    diagnostics = [line for line in validated.stderr.splitlines() if "error[" in line]
    assert diagnostics and all(line in result.stderr for line in diagnostics)
    assert "error[RKT503]" in result.stderr
    assert not out.exists()


def test_template_list_describes_the_new_templates() -> None:
    result = run_rkt("template", "list")
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "LKjIP Bab III" in lines["lkj"] and "--realisasi" in lines["lkj"]
    assert "Rencana aksi" in lines["rencana-aksi"] and "triwulan" in lines["rencana-aksi"]


def test_sampai_without_realisasi_is_refused(tmp_path: Path) -> None:
    result = run_rkt("render", DATA, "--sampai", "tw2", "-o", tmp_path / "rkt.docx")
    assert result.returncode == 2
    assert "--sampai" in result.stderr and "--realisasi" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_document_without_programs_gets_the_capaian_table_alone(tmp_path: Path) -> None:
    """A PK written by hand (no programs, kode or anggaran; a text target on a scale): lkj
    renders, leaving out the serapan table it says `wajib: false` of."""
    rkt = tmp_path / "pk.yaml"
    shutil.copyfile(Path(__file__).parent / "data" / "valid" / "sasaran_tanpa_program.yaml", rkt)
    realisasi = tmp_path / "realisasi.yaml"
    realisasi.write_text(
        "rkt: pk.yaml\n"
        "pengaturan:\n  skala: {WTP: 4, WDP: 3, TW: 2, TMP: 1}\n"
        "indikator:\n"
        "  - id: iku-1\n    tw4: 80.2\n"
        '  - indikator: "sasaran[1].indikator[0]"\n    tw4: WDP\n',
        encoding="utf-8",
    )
    out = tmp_path / "lkj.docx"
    result = run_rkt("render", rkt, "--realisasi", realisasi, "--template", "lkj", "-o", out)
    assert result.returncode == 0, result.stderr
    assert len(Document(str(out)).tables) == 1
    rows = table_rows(out, 0)
    assert rows[1:] == [
        ["Sasaran 1: Meningkatnya kualitas penyelenggaraan pemilu"],
        ["1.1", "Persentase pemilih yang menggunakan hak pilih", "77,5%", "80,2%", "103,48%", "Sangat Baik"],
        ["1.2", "Indeks kepuasan layanan", "3,5 indeks", "belum ada realisasi", "belum ada realisasi", "-"],
        ["Sasaran 2: Terwujudnya tata kelola yang akuntabel"],
        ["2.1", "Opini BPK atas laporan keuangan", "WTP", "WDP", "75,00%", "Kurang"],
    ]
