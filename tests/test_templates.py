"""Template folders: the default loads; bad ones are clear errors with file and line, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rkt_cli.templating import TemplateError, default_template_folder, load_template
from tests.render_support import DATA, TEMPLATES, run_rkt


def test_default_template_loads_with_its_own_reference_docx() -> None:
    template = load_template(None)
    assert template.reference_is_own
    assert template.reference_docx[:2] == b"PK"  # a zip
    assert [k.isi for k in template.spec.tabel.kolom] == [
        "nomor", "program", "sasaran", "indikator", "target", "kegiatan", "anggaran", "pelaksana",
    ]  # fmt: skip
    assert template.spec.kertas.size_mm == (297.0, 210.0)


def test_default_template_is_found_inside_the_package() -> None:
    folder = default_template_folder()
    assert (folder / "template.yaml").is_file()
    assert (folder / "reference.docx").is_file()


def test_pk_template_without_reference_docx_borrows_the_default_one() -> None:
    template = load_template(TEMPLATES / "pk")
    assert not template.reference_is_own
    assert template.reference_docx == (default_template_folder() / "reference.docx").read_bytes()


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # The unclosed {{ on line 4 is noticed by Jinja at the next token, on line 5.
        ("bad_syntax", ["bad_syntax/template.yaml:5:3: error[RKT405] pengantar: template syntax error"]),
        (
            "bad_key",
            [
                "bad_key/template.yaml:3:11: error[RKT404] kertas.ukuran: expected one of A4, F4, got the text 'A5'",
                "bad_key/template.yaml:7:44: error[RKT402] tabel.kolom[1].lebar: unknown key 'lebar'; "
                "did you mean 'lebar_mm'?",
            ],
        ),
        ("bad_placeholder", ["bad_placeholder/template.yaml:4:5: error[RKT405] judul[1].teks: 'tahunn' is undefined"]),
        ("bad_yaml", ["bad_yaml/template.yaml:5:1: error[RKT401] YAML syntax error"]),
        ("too_wide", ["too_wide/template.yaml:5:5: error[RKT407] tabel.kolom: the columns are 240 mm wide"]),
    ],
)
def test_bad_template_names_file_and_line(case: str, expected: list[str]) -> None:
    with pytest.raises(TemplateError) as caught:
        load_template(TEMPLATES / case)
    problems = caught.value.problems
    for text in expected:
        assert any(text in p for p in problems), (text, problems)


@pytest.mark.parametrize("case", ["bad_syntax", "bad_key", "bad_placeholder", "bad_yaml", "too_wide"])
def test_bad_template_is_exit_2_without_traceback(case: str, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    result = run_rkt("render", DATA, "--template", TEMPLATES / case, "-o", out)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{case}/template.yaml:" in result.stderr
    assert not out.exists()


def test_sandbox_blocks_python_internals(tmp_path: Path) -> None:
    folder = tmp_path / "evil"
    shutil.copytree(default_template_folder(), folder)
    spec = folder / "template.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            'pengantar: "{{ pengantar }}"', 'pengantar: "{{ unit.__class__.__mro__[1].__subclasses__() }}"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        load_template(folder)
    assert any("template.yaml:" in p and "pengantar" in p for p in caught.value.problems)


@pytest.mark.parametrize("expression", ["'x' * 10**10", "[0] * 10**9", "2 ** 100000"])
def test_sandbox_refuses_wording_that_would_exhaust_memory(tmp_path: Path, expression: str) -> None:
    folder = tmp_path / "greedy"
    shutil.copytree(default_template_folder(), folder)
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace('pengantar: "{{ pengantar }}"', f'pengantar: "{{{{ {expression} }}}}"'), "utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(folder)
    assert any("template.yaml:" in p and "too large" in p for p in caught.value.problems)


def test_missing_folder_and_missing_template_yaml(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="no such template folder"):
        load_template(tmp_path / "nope")
    with pytest.raises(TemplateError, match=r"needs a template\.yaml"):
        load_template(tmp_path)


def test_a_broken_reference_docx_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    shutil.copytree(default_template_folder(), folder)
    (folder / "reference.docx").write_bytes(b"not a zip")
    with pytest.raises(TemplateError, match=r"reference\.docx: error\[RKT406\] not a Word document"):
        load_template(folder)


def test_template_init_copies_and_check_accepts(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    result = run_rkt("template", "init", folder)
    assert result.returncode == 0, result.stderr
    assert (folder / "template.yaml").read_bytes() == (default_template_folder() / "template.yaml").read_bytes()
    assert (folder / "reference.docx").read_bytes() == (default_template_folder() / "reference.docx").read_bytes()
    check = run_rkt("template", "check", folder)
    assert check.returncode == 0, check.stderr
    assert "template OK" in check.stdout


def test_template_init_refuses_a_non_empty_folder_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "template.yaml").write_text("# my own work\n", encoding="utf-8")
    refused = run_rkt("template", "init", folder)
    assert refused.returncode == 2
    assert "not empty" in refused.stderr
    assert (folder / "template.yaml").read_text(encoding="utf-8") == "# my own work\n"
    forced = run_rkt("template", "init", folder, "--force")
    assert forced.returncode == 0
    assert (folder / "template.yaml").read_text(encoding="utf-8").startswith("# rkt template")


def test_template_check_reports_errors_with_exit_2() -> None:
    result = run_rkt("template", "check", TEMPLATES / "bad_placeholder")
    assert result.returncode == 2
    assert "'tahunn' is undefined" in result.stderr
    assert result.stderr.splitlines()[-1] == "rkt: the template has errors"  # checking renders nothing anyway
    assert "Traceback" not in result.stderr


def test_wording_that_fails_only_on_real_data_is_one_line_exit_2(tmp_path: Path) -> None:
    """The sample values of `rkt template check` have one program; the 2024 data has two, so this
    divides by zero only when rendering. The user gets the template's line, not a traceback."""
    folder = tmp_path / "t"
    shutil.copytree(default_template_folder(), folder)
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8")
    failing = '- "{{ jabatan }}{{ 1 // (2 - jumlah_program) }},"'
    spec.write_text(text.replace('- "{{ jabatan }},"', failing), encoding="utf-8")
    assert run_rkt("template", "check", folder).returncode == 0
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if '- "{{ jabatan }},"' in row)
    for fmt in ("docx", "table"):
        out = tmp_path / f"out.{fmt}"
        result = run_rkt("render", DATA, "--template", folder, "--format", fmt, "-o", out)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert (
            f"template.yaml:{line}:7: error[RKT405] tanda_tangan.atas[2].teks: cannot fill in this wording: "
            in result.stderr
        )
        assert "division or modulo by zero" in result.stderr
        assert not out.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "template.yaml: error[RKT401] the file is empty: a template needs at least tabel: with its kolom:"),
        (
            "- a\n- b\n",
            "template.yaml:1:1: error[RKT401] a template must be a mapping of keys (kertas:, judul:, tabel:, …), "
            "not a list",
        ),
    ],
)
def test_an_empty_or_list_template_is_described_as_a_template(tmp_path: Path, text: str, expected: str) -> None:
    """Not with the loader's wording for RKT data ("an RKT needs instansi:, …"), and no line 0."""
    (tmp_path / "template.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(tmp_path)
    assert caught.value.problems == [f"{tmp_path / expected}"]


def test_only_yaml_errors_are_listed_not_warnings(tmp_path: Path) -> None:
    """An unquoted No (a YAML 1.1 warning) beside a duplicate key: only the error is reported."""
    spec = "tabel: {kolom: [{isi: nomor, judul: No, lebar_mm: 10}]}\ntabel: {kolom: []}\n"
    (tmp_path / "template.yaml").write_text(spec, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(tmp_path)
    assert len(caught.value.problems) == 1
    assert "template.yaml:2:1: error[RKT401] tabel: duplicate key 'tabel'" in caught.value.problems[0]
