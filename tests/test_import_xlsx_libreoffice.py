"""The exported RKT workbook opened and saved again by LibreOffice Calc (as an office without
Excel would) still imports as data/rkt_2024.yaml: Calc rewrites the merges and styles and saves
the Jumlah SUM's value, which the import then checks against the sasaran's sum. One conversion
for the module."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from rkt_cli.checking import check_file
from rkt_cli.importer import import_workbook
from rkt_cli.model import RKT
from rkt_cli.xlsx_reader import read_workbook
from tests.libreoffice import XLSX_SAVED_BY_CALC, Documents, LibreOffice, saved_by_calc, source
from tests.test_import_xlsx import exported

ROOT = Path(__file__).parent.parent


@cache
def _model() -> RKT:
    model = check_file(ROOT / "data" / "rkt_2024.yaml").model
    assert model is not None
    return model


@source(XLSX_SAVED_BY_CALC)
def documents() -> Documents:
    return [("rkt", exported(_model()))]


@pytest.fixture(scope="module")
def saved_by_libreoffice(libreoffice: LibreOffice) -> tuple[RKT, bytes]:
    """(the model of data/rkt_2024.yaml, its exported workbook saved by LibreOffice as .xlsx),
    converted in the session's shared LibreOffice run (tests/libreoffice.py)."""
    return _model(), saved_by_calc(libreoffice, documents(), "workbook")


def test_the_workbook_saved_by_libreoffice_imports_as_the_yaml(saved_by_libreoffice: tuple[RKT, bytes]) -> None:
    model, theirs = saved_by_libreoffice
    book = read_workbook(theirs, "lo.xlsx")
    (total,) = [c for c in book.sheets[0].cells.values() if c.formula and c.formula.startswith("=SUM(")]
    assert total.value == model.total_anggaran  # Calc saved the SUM's value: the import checks it
    result = import_workbook(book)
    assert result.rkt == model
    assert result.diagnostics == []
