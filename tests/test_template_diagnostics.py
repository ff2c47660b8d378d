"""Template problems are Diagnostics with codes of their own (RKT401–RKT407), printed by
`rkt template check` as `rkt validate` prints data problems: text with the caret excerpt on
stderr, json and GitHub annotations on stdout. In-process through Typer's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rkt_cli.cli import app
from rkt_cli.diagnostics import Diagnostic
from rkt_cli.templating import TEMPLATE_CODES, TemplateError, WordingError, default_template_folder, load_template

ROOT = Path(__file__).parents[1]
TEMPLATES = Path(__file__).parent / "data" / "templates"
# The smallest template that loads: one column; everything else has a default.
MINIMAL = "tabel:\n  kolom:\n    - {isi: nomor, judul: No, lebar_mm: 10}\n"


def invoke(*args: str | Path) -> Result:
    # GITHUB_ACTIONS cleared: `auto` must mean text here even when the suite runs in CI.
    return CliRunner().invoke(app, [str(a) for a in args], env={"GITHUB_ACTIONS": ""})


def template_folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "template.yaml").write_text(text, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[Diagnostic]:
    with pytest.raises(TemplateError) as caught:
        load_template(folder)
    return caught.value.diagnostics


def only(folder: Path) -> Diagnostic:
    found = problems_of(folder)
    assert len(found) == 1, found
    return found[0]


def test_the_minimal_template_loads(tmp_path: Path) -> None:
    """The base of the cases below is itself fine, so each case's problem is its own."""
    assert [k.isi for k in load_template(template_folder(tmp_path, MINIMAL)).spec.tabel.kolom] == ["nomor"]


# ---- one test per code --------------------------------------------------------------------


def test_rkt401_no_folder_no_file_and_unreadable_yaml(tmp_path: Path) -> None:
    missing = only(tmp_path / "nope")
    assert (missing.code, missing.file, missing.line) == ("RKT401", str(tmp_path / "nope"), 0)
    assert "no such template folder" in missing.message
    assert only(tmp_path).code == "RKT401"  # a folder without template.yaml
    syntax = only(TEMPLATES / "bad_yaml")
    assert (syntax.code, syntax.line, syntax.col) == ("RKT401", 5, 1)
    assert syntax.message.startswith("YAML syntax error")


def test_rkt401_duplicate_key_keeps_its_position(tmp_path: Path) -> None:
    found = only(template_folder(tmp_path, MINIMAL + "tabel: {kolom: []}\n"))
    assert (found.code, found.line, found.col, found.path) == ("RKT401", 4, 1, "tabel")
    assert "duplicate key 'tabel'" in found.message


def test_rkt402_unknown_key_with_did_you_mean() -> None:
    found = [d for d in problems_of(TEMPLATES / "bad_key") if d.code == "RKT402"]
    assert [(d.line, d.col, d.path, d.message) for d in found] == [
        (7, 44, "tabel.kolom[1].lebar", "unknown key 'lebar'; did you mean 'lebar_mm'?")
    ]


def test_rkt402_unknown_key_without_a_close_match_lists_the_keys(tmp_path: Path) -> None:
    found = only(template_folder(tmp_path, MINIMAL + "warna: merah\n"))
    assert found.code == "RKT402"
    assert found.message.startswith("unknown key 'warna'; allowed here: nama, kertas, huruf, judul")


def test_rkt403_missing_key_names_the_template(tmp_path: Path) -> None:
    found = only(template_folder(tmp_path, "nama: tanpa tabel\n"))
    assert (found.code, found.line, found.col, found.path) == ("RKT403", 1, 1, "tabel")
    assert found.message == "missing required key 'tabel' in the template"


def test_rkt403_missing_key_beside_its_misspelling() -> None:
    found = [d for d in problems_of(TEMPLATES / "bad_key") if d.code == "RKT403"]
    assert [d.message for d in found] == [
        "missing required key 'lebar_mm' in tabel.kolom[1] (is 'lebar' at line 7 a misspelling of it?)"
    ]


@pytest.mark.parametrize(
    ("extra", "path", "message"),
    [
        ("kertas: {ukuran: A5}\n", "kertas.ukuran", "expected one of A4, F4, got the text 'A5'"),
        ("kertas: {orientasi: miring}\n", "kertas.orientasi", "expected one of lanskap, potret, got the text 'miring'"),
        ("huruf: {ukuran_pt: 50}\n", "huruf.ukuran_pt", "must be at most 40, got the number 50"),
        ("huruf: {ukuran_pt: besar}\n", "huruf.ukuran_pt", "expected a number, got the text 'besar'"),
        ("tanda_tangan: {ruang_baris: -1}\n", "tanda_tangan.ruang_baris", "must be at least 0, got the number -1"),
        ("judul: [{teks: A, tebal: mungkin}]\n", "judul[0].tebal", "expected true or false, got the text 'mungkin'"),
        ("judul: judul\n", "judul", "expected a list (lines starting with '- '), got the text 'judul'"),
    ],
)
def test_rkt404_bad_values_say_what_was_expected(tmp_path: Path, extra: str, path: str, message: str) -> None:
    found = only(template_folder(tmp_path, MINIMAL + extra))
    assert (found.code, found.path, found.message) == ("RKT404", path, message)
    assert found.line == 4


def test_rkt404_choices_that_are_not_words_stay_quoted(tmp_path: Path) -> None:
    found = only(template_folder(tmp_path, MINIMAL.replace("tabel:\n", "tabel:\n  pemisah_ribuan: x\n")))
    assert found.code == "RKT404"
    assert found.message == "expected one of '.', ',', ' ', '', got the text 'x'"


def test_rkt404_an_empty_column_list(tmp_path: Path) -> None:
    found = only(template_folder(tmp_path, "tabel:\n  kolom: []\n"))
    assert (found.code, found.path, found.message) == ("RKT404", "tabel.kolom", "must hold at least one entry")


def test_rkt405_wording_syntax_and_unknown_placeholder() -> None:
    syntax = only(TEMPLATES / "bad_syntax")
    assert (syntax.code, syntax.line, syntax.col, syntax.path) == ("RKT405", 5, 3, "pengantar")
    assert syntax.message.startswith("template syntax error: ")
    placeholder = only(TEMPLATES / "bad_placeholder")
    assert (placeholder.code, placeholder.line, placeholder.col) == ("RKT405", 4, 5)
    assert placeholder.message.startswith("'tahunn' is undefined; placeholders here: instansi, unit, tahun")


def test_rkt405_wording_that_fails_on_real_data_is_a_diagnostic(tmp_path: Path) -> None:
    text = MINIMAL + 'pengantar: "{{ 1 // (jumlah_program - 1) }}"\n'
    folder = template_folder(tmp_path, text.replace("jumlah_program - 1", "jumlah_program - 2"))
    template = load_template(folder)  # the sample data has one program: 1 // -1 is fine
    with pytest.raises(WordingError) as caught:
        template.word(("pengantar",)).render({"jumlah_program": 2})
    found = caught.value.diagnostic
    assert (found.code, found.file, found.line, found.col, found.path) == (
        "RKT405",
        str(folder / "template.yaml"),
        4,
        12,
        "pengantar",
    )
    assert found.message.startswith("cannot fill in this wording: ")
    assert template.lines[3].startswith("pengantar:")  # for the excerpt the CLI prints


def test_rkt406_reference_docx_that_is_not_a_word_document(tmp_path: Path) -> None:
    folder = template_folder(tmp_path, MINIMAL)
    (folder / "reference.docx").write_bytes(b"not a zip")
    found = only(folder)
    assert (found.code, found.file, found.line) == ("RKT406", str(folder / "reference.docx"), 0)
    assert (
        found.message
        == "not a Word document (.docx): it is not a zip archive; save it from Word as a Word Document (.docx)"
    )


def test_rkt407_columns_wider_than_the_page() -> None:
    found = only(TEMPLATES / "too_wide")
    assert (found.code, found.line, found.col, found.path) == ("RKT407", 5, 5, "tabel.kolom")
    assert "240 mm wide but the page has 170 mm" in found.message


def test_every_code_is_covered_above_and_listed() -> None:
    codes = [code for code, _, _ in TEMPLATE_CODES]
    assert codes == [f"RKT40{n}" for n in range(1, 8)]
    this_file = Path(__file__).read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in codes:
        assert f"def test_{code.lower()}_" in this_file, code
        assert f"| {code} |" in readme, code


def test_rkt_rules_lists_the_template_codes() -> None:
    listing = invoke("rules")
    assert listing.exit_code == 0
    for code, name, description in TEMPLATE_CODES:
        assert f"{code}  error    {name:<22}  {description}\n" in listing.stdout
    assert invoke("validate", "--list-rules").stdout == listing.stdout


# ---- the three forms of `rkt template check` ----------------------------------------------


def test_check_text_form_has_codes_positions_and_the_caret() -> None:
    folder = TEMPLATES / "bad_key"
    result = invoke("template", "check", folder, "--format", "text")
    assert result.exit_code == 2
    assert result.stdout == ""
    file = folder / "template.yaml"
    assert result.stderr.splitlines() == [
        f"{file}:3:11: error[RKT404] kertas.ukuran: expected one of A4, F4, got the text 'A5'",
        "    3 |   ukuran: A5",
        "      |           ^",
        f"{file}:7:7: error[RKT403] tabel.kolom[1].lebar_mm: missing required key 'lebar_mm' in tabel.kolom[1] "
        "(is 'lebar' at line 7 a misspelling of it?)",
        '    7 |     - {isi: indikator, judul: "Indikator", lebar: 60}',
        "      |       ^",
        f"{file}:7:44: error[RKT402] tabel.kolom[1].lebar: unknown key 'lebar'; did you mean 'lebar_mm'?",
        '    7 |     - {isi: indikator, judul: "Indikator", lebar: 60}',
        "      |                                            ^",
        "rkt: the template has errors",
    ]


def test_check_auto_is_text_outside_github_actions() -> None:
    assert (
        invoke("template", "check", TEMPLATES / "too_wide").stderr
        == invoke("template", "check", TEMPLATES / "too_wide", "-f", "text").stderr
    )


def test_check_json_form_on_stdout() -> None:
    result = invoke("template", "check", TEMPLATES / "bad_placeholder", "--format", "json")
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert (payload["errors"], payload["warnings"]) == (1, 0)
    [found] = payload["diagnostics"]
    assert {k: found[k] for k in ("code", "severity", "line", "col", "path")} == {
        "code": "RKT405",
        "severity": "error",
        "line": 4,
        "col": 5,
        "path": "judul[1].teks",
    }
    assert found["file"] == str(TEMPLATES / "bad_placeholder" / "template.yaml")
    assert "    4 |" not in result.stderr  # the excerpt belongs to the text form only


def test_check_github_form_on_stdout() -> None:
    result = invoke("template", "check", TEMPLATES / "too_wide", "--format", "github")
    assert result.exit_code == 2
    file = TEMPLATES / "too_wide" / "template.yaml"
    assert result.stdout == (
        f"::error file={file},line=5,col=5,title=RKT407 tabel.kolom::the columns are 240 mm wide but the page "
        "has 170 mm between the margins; make some lebar_mm smaller\n"
    )


def test_check_a_file_level_problem_has_no_line_in_any_form(tmp_path: Path) -> None:
    folder = template_folder(tmp_path, MINIMAL)
    (folder / "reference.docx").write_bytes(b"not a zip")
    reference = folder / "reference.docx"
    text = invoke("template", "check", folder, "-f", "text")
    assert text.stderr.splitlines()[0] == (
        f"{reference}: error[RKT406] not a Word document (.docx): it is not a zip archive; "
        "save it from Word as a Word Document (.docx)"
    )
    github = invoke("template", "check", folder, "-f", "github")
    assert github.stdout.startswith(f"::error file={reference},title=RKT406::not a Word document")


def test_check_of_a_good_template_in_each_form(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(default_template_folder(), folder)
    text = invoke("template", "check", folder, "-f", "text")
    assert text.exit_code == 0
    assert "template OK" in text.stdout
    as_json = invoke("template", "check", folder, "-f", "json")
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout) == {"errors": 0, "warnings": 0, "diagnostics": []}
    assert "template OK" in as_json.stderr  # stdout stays one JSON document
    github = invoke("template", "check", folder, "-f", "github")
    assert (github.exit_code, github.stdout) == (0, "")


def test_render_with_a_broken_template_prints_the_same_diagnostics(tmp_path: Path) -> None:
    data = ROOT / "data" / "rkt_2024.yaml"
    out = tmp_path / "out.docx"
    result = invoke("render", data, "--template", TEMPLATES / "bad_placeholder", "-o", out)
    assert result.exit_code == 2
    check = invoke("template", "check", TEMPLATES / "bad_placeholder", "-f", "text")
    assert result.stderr == check.stderr.replace("errors\n", "errors; nothing was rendered\n")
    assert not out.exists()


def test_render_shows_wording_that_fails_on_real_data_with_its_excerpt(tmp_path: Path) -> None:
    """The sample values have one program, the 2024 data two: 1 // (2 - 2) fails only on render."""
    folder = tmp_path / "t"
    shutil.copytree(default_template_folder(), folder)
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8").replace('- "{{ jabatan }},"', '- "{{ 1 // (2 - jumlah_program) }},"')
    spec.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "jumlah_program) }}," in row)
    data = ROOT / "data" / "rkt_2024.yaml"
    out = tmp_path / "out.docx"
    result = invoke("render", data, "--template", folder, "-o", out)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()[1:]  # after the line that counts the data's warnings
    assert lines[0].startswith(
        f"{spec}:{line}:7: error[RKT405] tanda_tangan.atas[2].teks: cannot fill in this wording: "
    )
    assert lines[1] == f"{line:>5} | " + text.splitlines()[line - 1]
    assert lines[2] == "      |       ^"
    assert lines[3] == f"rkt: error: {data}: not rendered: the template's wording cannot be filled in with this data"
    assert not out.exists()
