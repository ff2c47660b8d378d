"""Shipped templates by name: `--template NAME`, `rkt template list`, `rkt template init --from`."""

from __future__ import annotations

from pathlib import Path

import pytest

from rkt_cli.templating import SHIPPED_TEMPLATES, load_template, shipped_template_folder
from tests.cli_support import run_rkt
from tests.render_support import DATA, table_cells


def test_every_shipped_template_loads_by_name() -> None:
    for name in SHIPPED_TEMPLATES:
        template = load_template(name)
        assert template.folder == shipped_template_folder(name)


def test_template_list_names_each_with_one_line() -> None:
    result = run_rkt("template", "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(SHIPPED_TEMPLATES)
    assert lines[0].endswith("(default)")


def test_an_unknown_name_is_one_line_listing_the_names(tmp_path: Path) -> None:
    out = tmp_path / "x.docx"
    result = run_rkt("render", DATA, "--template", "rkt-sedrhana", "-o", out, cwd=tmp_path)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("rkt-sedrhana: error[RKT401] no such template folder")
    assert first.endswith("no shipped template of that name: " + ", ".join(SHIPPED_TEMPLATES))
    assert not out.exists()


def test_a_folder_with_a_template_wins_over_a_shipped_name(tmp_path: Path) -> None:
    assert run_rkt("template", "init", tmp_path / "pk", "--from", "rkt-sederhana").returncode == 0
    template = load_template(tmp_path / "pk")
    assert template.folder == tmp_path / "pk"


@pytest.mark.parametrize("name", list(SHIPPED_TEMPLATES))
def test_init_from_copies_the_shipped_template(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "mine"
    result = run_rkt("template", "init", folder, "--from", name)
    assert result.returncode == 0, result.stderr
    origin = shipped_template_folder(name)
    assert (folder / "template.yaml").read_bytes() == (origin / "template.yaml").read_bytes()
    assert (folder / "reference.docx").is_file()
    assert run_rkt("template", "check", folder).returncode == 0


def test_init_from_an_unknown_name_lists_the_names(tmp_path: Path) -> None:
    result = run_rkt("template", "init", tmp_path / "t", "--from", "lakip")
    assert result.returncode == 2
    assert "no shipped template of that name; shipped: " + ", ".join(SHIPPED_TEMPLATES) in result.stderr
    assert not (tmp_path / "t").exists()


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "reference.docx").write_bytes(b"mine")
    assert run_rkt("template", "init", folder, "--from", "rkt-sederhana").returncode == 2
    assert (folder / "reference.docx").read_bytes() == b"mine"
    assert not (folder / "template.yaml").exists()


def test_rkt_sederhana_renders_the_plain_form(tmp_path: Path) -> None:
    out = tmp_path / "s.docx"
    assert run_rkt("render", DATA, "--template", "rkt-sederhana", "-o", out).returncode == 0
    rows = table_cells(out)
    assert rows[0] == ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]
    assert rows[1] == ["1", "2", "3", "4"]
    assert rows[2][:2] == [
        "1",
        "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan Penyelenggara Pemilu",
    ]
    assert rows[2][3] == "95%"
    assert len(rows) == 2 + 40
