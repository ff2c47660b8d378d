"""The default output name says which template made the document: `rkt render X.yaml` writes
X.docx, `--template pk` writes X_pk.docx, so rendering the PK after the RKT (README's own
sequence) keeps both documents instead of replacing the RKT with the PK."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rkt_cli.shipped_templates import output_label
from tests.cli_support import run_rkt
from tests.render_support import DATA, ROOT

DEFAULT_FOLDER = ROOT / "templates" / "default"


@pytest.mark.parametrize("given", [None, "rkt", "default", str(DEFAULT_FOLDER)])
def test_the_default_template_adds_nothing(given: str | None) -> None:
    assert output_label(None if given is None else Path(given)) == ""


@pytest.mark.parametrize("name", ["pk", "rkt-sederhana", "lkj", "rencana-aksi"])
def test_a_shipped_template_adds_its_name(name: str) -> None:
    assert output_label(Path(name)) == f"_{name}"


def test_the_rkt_and_its_pk_side_by_side(tmp_path: Path) -> None:
    source = tmp_path / "rkt_2024.yaml"
    shutil.copyfile(DATA, source)
    assert run_rkt("render", source).returncode == 0
    rkt_bytes = (tmp_path / "rkt_2024.docx").read_bytes()
    outcome = run_rkt("render", source, "--template", "pk")
    assert outcome.returncode == 0, outcome.stderr
    assert (tmp_path / "rkt_2024_pk.docx").is_file()
    assert (tmp_path / "rkt_2024.docx").read_bytes() == rkt_bytes  # the RKT is still the RKT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rkt_2024.docx", "rkt_2024.yaml", "rkt_2024_pk.docx"]


def test_a_template_folder_adds_the_folders_name_also_in_out_dir(tmp_path: Path) -> None:
    mine = tmp_path / "kop_surat"
    assert run_rkt("template", "init", mine).returncode == 0
    out = tmp_path / "out"
    outcome = run_rkt("render", DATA, "--template", mine, "--out-dir", out)
    assert outcome.returncode == 0, outcome.stderr
    assert [p.name for p in out.iterdir()] == ["rkt_2024_kop_surat.docx"]


def test_o_names_the_file_whatever_the_template(tmp_path: Path) -> None:
    target = tmp_path / "pk.docx"
    assert run_rkt("render", DATA, "--template", "pk", "-o", target).returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["pk.docx"]


def test_export_names_a_templates_workbook_alike(tmp_path: Path) -> None:
    source = tmp_path / "rkt_2024.yaml"
    shutil.copyfile(DATA, source)
    assert run_rkt("export", source).returncode == 0
    outcome = run_rkt("export", source, "--template", "rkt-sederhana")
    assert outcome.returncode == 0, outcome.stderr
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == ["rkt_2024.xlsx", "rkt_2024_rkt-sederhana.xlsx"]
