"""A lembar opened and saved again by LibreOffice Calc (as an office without Excel would):
it still reads back as the same realisasi YAML, locked and validated as before. One
conversion for the module."""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from rkt_cli.checking import check_loaded
from rkt_cli.lembar import Lembar, anggaran_rows, lembar_rows, pengaturan_of
from rkt_cli.loader import load_yaml_file
from rkt_cli.realisasi import RealisasiFile
from rkt_cli.realisasi_workbook import Meta, build_workbook
from rkt_cli.realisasi_workbook_reader import read_lembar
from rkt_cli.realisasi_writer import dump_realisasi
from rkt_cli.xlsx_reader import read_workbook
from tests.libreoffice import XLSX_SAVED_BY_CALC, Documents, LibreOffice, saved_by_calc, source

ROOT = Path(__file__).parent.parent


@cache
def _lembar() -> bytes:
    """The lembar rkt writes for data/rkt_2024.yaml, prefilled from data/realisasi_2024.yaml."""
    model = check_loaded(load_yaml_file(ROOT / "data" / "rkt_2024.yaml")).model
    assert model is not None
    prefill = RealisasiFile.model_validate(load_yaml_file(ROOT / "data" / "realisasi_2024.yaml").data)
    lembar = Lembar("rkt_2024.yaml", 2024, pengaturan_of(prefill))
    meta = Meta("rkt_2024.yaml", 2024, "rkt_2024.yaml", lembar.pengaturan)
    rows, anggaran = lembar_rows(model, prefill), anggaran_rows(model, prefill)
    raw = build_workbook("Lembar", meta, rows, anggaran, False, dt.datetime(2024, 1, 1))
    return raw


@source(XLSX_SAVED_BY_CALC)
def documents() -> Documents:
    return [("lembar", _lembar())]


@pytest.fixture(scope="module")
def saved_by_libreoffice(libreoffice: LibreOffice) -> tuple[bytes, bytes]:
    """(the lembar rkt wrote, the same lembar saved by LibreOffice as .xlsx), converted in the
    session's shared LibreOffice run (tests/libreoffice.py)."""
    return _lembar(), saved_by_calc(libreoffice, documents(), "lembar")


def test_a_lembar_saved_by_libreoffice_reads_back_the_same(saved_by_libreoffice: tuple[bytes, bytes]) -> None:
    ours, theirs = saved_by_libreoffice
    assert theirs != ours
    from_ours, _ = read_lembar(read_workbook(ours, "rkt.xlsx"))
    from_theirs, diagnostics = read_lembar(read_workbook(theirs, "lo.xlsx"))
    assert diagnostics == []
    assert dump_realisasi(from_theirs) == dump_realisasi(from_ours)
    assert 'indikator: "6709.2"' in dump_realisasi(from_theirs)


def test_libreoffice_keeps_the_lock_and_the_validation(saved_by_libreoffice: tuple[bytes, bytes]) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(saved_by_libreoffice[1]))
    ws = wb["Realisasi"]
    assert ws.protection.sheet and ws["A6"].protection.locked and not ws["L6"].protection.locked
    (rule,) = ws.data_validations.dataValidation
    assert rule.type == "decimal" and "persen" in (rule.prompt or "")
    assert wb["rkt"].sheet_state in ("hidden", "veryHidden")  # Calc has no "very hidden"
