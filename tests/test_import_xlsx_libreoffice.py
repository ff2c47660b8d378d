"""The exported RKT workbook opened and saved again by LibreOffice Calc (as an office without
Excel would) still imports as data/rkt_2024.yaml: Calc rewrites the merges and styles and saves
the Jumlah SUM's value, which the import then checks against the sasaran's sum. One conversion
for the module."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from rkt_cli.checking import check_file
from rkt_cli.importer import import_workbook
from rkt_cli.model import RKT
from rkt_cli.xlsx_reader import read_workbook
from tests.test_import_xlsx import exported

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory: pytest.TempPathFactory) -> tuple[RKT, bytes]:
    """(the model of data/rkt_2024.yaml, its exported workbook saved by LibreOffice as .xlsx)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    model = check_file(ROOT / "data" / "rkt_2024.yaml").model
    assert model is not None
    folder = tmp_path_factory.mktemp("rkt_lo")
    (folder / "rkt.xlsx").write_bytes(exported(model))
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder / "out"), str(folder / "rkt.xlsx")],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    out = folder / "out" / "rkt.xlsx"
    if not out.exists() and "source file could not be loaded" in done.stderr + done.stdout:
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    assert out.exists(), f"LibreOffice did not convert the workbook: {done.stdout} {done.stderr}"
    return model, out.read_bytes()


def test_the_workbook_saved_by_libreoffice_imports_as_the_yaml(saved_by_libreoffice: tuple[RKT, bytes]) -> None:
    model, theirs = saved_by_libreoffice
    book = read_workbook(theirs, "lo.xlsx")
    (total,) = [c for c in book.sheets[0].cells.values() if c.formula and c.formula.startswith("=SUM(")]
    assert total.value == model.total_anggaran  # Calc saved the SUM's value: the import checks it
    result = import_workbook(book)
    assert result.rkt == model
    assert result.diagnostics == []
