"""data/rkt_2024.yaml holds every cell of the signed 2024 RKT, in order, words exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rkt_cli import check_file
from rkt_cli.model import RKT
from tests.reference import Reference, parse_reference

DATA = Path(__file__).parents[1] / "data" / "rkt_2024.yaml"


@pytest.fixture(scope="module")
def reference() -> Reference:
    return parse_reference()


@pytest.fixture(scope="module")
def rkt() -> RKT:
    checked = check_file(DATA)
    assert checked.model is not None, checked.diagnostics
    return checked.model


def _model_rows(rkt: RKT) -> list[dict[str, str]]:
    """The model flattened to the reference's eight columns, every continuation filled in."""
    rows = []
    number = 0
    for program in rkt.program:
        for sasaran in program.sasaran:
            number += 1
            for indikator in sasaran.indikator:
                rows.append(
                    {
                        "no": str(number),
                        "program": program.nama,
                        "sasaran": f"{sasaran.nama} ({sasaran.kode})",
                        "indikator": indikator.uraian,
                        "target": str(indikator.target),
                        "kegiatan": indikator.kegiatan,
                        "anggaran": f"{sasaran.anggaran:,}",
                        "pelaksana": sasaran.pelaksana_of(indikator) or "",
                    }
                )
    return rows


def test_counts_and_total(rkt: RKT) -> None:
    assert len(rkt.program) == 2
    assert sum(len(p.sasaran) for p in rkt.program) == 9
    assert sum(len(s.indikator) for p in rkt.program for s in p.sasaran) == 40
    assert rkt.total_anggaran == 23_142_485_000


def test_every_cell_in_order(reference: Reference, rkt: RKT) -> None:
    model_rows = _model_rows(rkt)
    assert len(model_rows) == len(reference.rows) == 40
    for index, (expected, actual) in enumerate(zip(reference.rows, model_rows, strict=True), start=1):
        for column in ("no", "program", "sasaran", "indikator", "target", "kegiatan", "anggaran", "pelaksana"):
            assert actual[column] == getattr(expected, column), f"row {index}, column {column}"


def test_grand_total_equals_reference_sum(reference: Reference, rkt: RKT) -> None:
    reference_total = sum(int(row.anggaran.replace(",", "")) for row in reference.rows if row.starts_sasaran)
    assert rkt.total_anggaran == reference_total


def test_title_intro_and_signature(reference: Reference, rkt: RKT) -> None:
    assert rkt.instansi.upper() == "KOMISI PEMILIHAN UMUM KOTA PRABUMULIH"
    assert rkt.unit == "Sekretariat KPU Kota Prabumulih"
    assert rkt.tahun == 2024
    assert rkt.pengantar == reference.intro
    (signer,) = rkt.penandatangan
    assert reference.place_date == "Prabumulih, 25 Januari 2024"
    assert (signer.tempat, signer.tanggal) == ("Prabumulih", dt.date(2024, 1, 25))
    assert f"{signer.jabatan}," == reference.jabatan
    assert signer.nama == reference.nama
