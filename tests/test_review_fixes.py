"""Fixes from the review of the merged work: one section per finding, each test failing before it."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from rkt_cli.checking import check_file
from rkt_cli.diagnostics import MAX_DIAGNOSTICS_PER_RULE, Diagnostic, format_json, totals
from rkt_cli.importer import DocxImportError, _read_signer, import_docx
from rkt_cli.layout import build_layout
from rkt_cli.loader import MAX_FILE_BYTES, load_yaml_bytes
from rkt_cli.render.console_summary import render_plain, wrap
from rkt_cli.render.docx import document_datetime
from rkt_cli.render.text_wrap import measure, wrap_lines
from rkt_cli.safe_output import shell_command
from rkt_cli.summary import By, build_summary
from rkt_cli.templating import (
    REFERENCE_DOCX,
    SAMPLE_VALUES,
    TEMPLATE_FILE,
    TemplateError,
    WordingError,
    default_template_folder,
    load_template,
)
from rkt_cli.totals import document_totals
from rkt_cli.yaml_writer import dump_rkt
from tests.cli_support import run_rkt
from tests.render_support import DATA

# ---- 2. one cap for the loader's diagnostics, and every line checked ------------------------


def test_the_line_scan_checks_every_line_and_caps_each_code_on_its_own() -> None:
    # 120 tab-indented lines, then a control character far below: before, the scan stopped
    # after 20 problems of any kind and never saw the ESC.
    text = "top:\n" + "".join(f"\tk{i}: 1\n" for i in range(120)) + "last: a\x1bb\n"
    loaded = load_yaml_bytes(text.encode(), "t.yaml")
    tabs = [d for d in loaded.diagnostics if d.code == "RKT006"]
    assert len(tabs) == MAX_DIAGNOSTICS_PER_RULE + 1
    assert tabs[-1].count == 120 - MAX_DIAGNOSTICS_PER_RULE
    assert tabs[-1].message.startswith(f"… and {120 - MAX_DIAGNOSTICS_PER_RULE} more like this")
    assert tabs[-1].line == 2 + MAX_DIAGNOSTICS_PER_RULE  # at the first one left out
    (control,) = [d for d in loaded.diagnostics if d.code == "RKT009"]
    assert control.line == 122


def test_builder_diagnostics_are_capped_at_the_shared_limit_with_a_count() -> None:
    text = "".join(f"k{i}: {{a: 1, a: 2}}\n" for i in range(120))
    loaded = load_yaml_bytes(text.encode(), "t.yaml")
    assert [d.code for d in loaded.diagnostics] == ["RKT002"] * (MAX_DIAGNOSTICS_PER_RULE + 1)
    assert loaded.diagnostics[-1].count == 120 - MAX_DIAGNOSTICS_PER_RULE


# ---- 3. counts and JSON totals count what "… and N more" stands for ------------------------


def test_json_totals_are_the_true_number_of_problems() -> None:
    text = "".join(f"k{i}: {{a: 1, a: 2}}\n" for i in range(120)) + "w: no\n"
    diagnostics = load_yaml_bytes(text.encode(), "t.yaml").diagnostics
    assert totals(diagnostics) == (120, 1)
    payload = json.loads(format_json(diagnostics))
    assert (payload["errors"], payload["warnings"]) == (120, 1)
    # A script gets the same totals from the list: "count" is there where it is not 1.
    assert sum(d.get("count", 1) for d in payload["diagnostics"] if d["severity"] == "error") == 120
    assert [d.get("count") for d in payload["diagnostics"] if "count" in d] == [120 - MAX_DIAGNOSTICS_PER_RULE]


# ---- 6. one way to build a command to paste ------------------------------------------------


@pytest.mark.parametrize("name", ["plain.yaml", "my data/rkt 2024.yaml", "it's $HOME;.yaml", "esc\x1b[2J.yaml"])
def test_shell_command_words_come_back_as_bash_reads_them(name: str) -> None:
    line = shell_command("printf", "%s\\0", name, "x")
    assert "\x1b" not in line  # safe to print
    out = subprocess.run(["bash", "-c", line], capture_output=True, check=True).stdout
    assert out.decode().split("\0")[:2] == [name, "x"]


def test_the_loaders_import_suggestion_uses_the_full_quoted_path() -> None:
    file = "docs/my old.doc"
    loaded = load_yaml_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, file)
    message = loaded.diagnostics[0].message
    command = message[message.index("`rkt import") + 1 :].split("`")[0]
    assert shlex.split(command) == ["rkt", "import", "docs/my old.docx", "-o", "docs/my old.yaml"]


# ---- 1. template.yaml read with a size limit, and only as a regular file --------------------


def _template_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "tpl"
    shutil.copytree(default_template_folder(), folder)
    return folder


def _template_problems(folder: Path) -> list[Diagnostic]:
    with pytest.raises(TemplateError) as info:
        load_template(folder)
    return info.value.diagnostics


def _in_thread(work: Callable[[], list[Diagnostic]]) -> list[Diagnostic]:
    """`work()`, from a thread that must finish: a pipe opened for reading would block it."""
    result: list[list[Diagnostic]] = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "loading the template waited on the pipe"
    return result[0]


@pytest.mark.parametrize("kind", ["link to /dev/zero", "folder", "fifo"])
def test_a_template_yaml_that_is_not_a_regular_file_is_rkt401(tmp_path: Path, kind: str) -> None:
    folder = _template_copy(tmp_path)
    spec = folder / TEMPLATE_FILE
    spec.unlink()
    if kind == "link to /dev/zero":
        spec.symlink_to("/dev/zero")
    elif kind == "folder":
        spec.mkdir()
    else:
        os.mkfifo(spec)
    (problem,) = _in_thread(lambda: _template_problems(folder))
    assert problem.code == "RKT401" and problem.file == str(spec)
    expected = {"link to /dev/zero": "a device", "folder": "a folder", "fifo": "a named pipe (FIFO)"}[kind]
    assert problem.message == f"{expected}, not a file; a template folder needs template.yaml as a file"


def test_a_template_yaml_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    folder = _template_copy(tmp_path)
    with open(folder / TEMPLATE_FILE, "r+b") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    (problem,) = _template_problems(folder)
    assert problem.code == "RKT401" and "rkt reads files up to 64 MiB" in problem.message


# ---- 8. a reference.docx that is something else is reported, not replaced -------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("folder", "a folder"),
        ("broken link", "a symbolic link to nothing"),
        ("fifo", "a named pipe (FIFO)"),
        ("link to /dev/zero", "a device"),
    ],
)
def test_a_reference_docx_that_is_not_a_file_is_rkt406(tmp_path: Path, kind: str, expected: str) -> None:
    folder = _template_copy(tmp_path)
    reference = folder / REFERENCE_DOCX
    reference.unlink()
    if kind == "folder":
        reference.mkdir()
    elif kind == "broken link":
        reference.symlink_to(tmp_path / "gone.docx")
    elif kind == "fifo":
        os.mkfifo(reference)
    else:
        reference.symlink_to("/dev/zero")
    (problem,) = _in_thread(lambda: _template_problems(folder))
    assert (problem.code, problem.file) == ("RKT406", str(reference))
    assert problem.message.startswith(f"{expected}, not a Word document;")


def test_a_folder_without_reference_docx_still_gets_the_default(tmp_path: Path) -> None:
    folder = _template_copy(tmp_path)
    (folder / REFERENCE_DOCX).unlink()
    assert not load_template(folder).reference_is_own


def test_template_check_of_a_file_says_it_is_a_file(tmp_path: Path) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("x")
    result = run_rkt("template", "check", plain)
    assert result.returncode == 2
    assert "a file, not a template folder" in result.stderr and "template init" not in result.stderr


def test_template_check_of_template_yaml_names_its_folder(tmp_path: Path) -> None:
    folder = _template_copy(tmp_path / "my templates")
    result = run_rkt("template", "check", folder / TEMPLATE_FILE)
    assert result.returncode == 2
    expected = f"a file, not a template folder; give the folder that holds it: {shlex.quote(str(folder))}\n"
    assert expected in result.stderr


# ---- 4. render then import keeps plt/plh --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "plt", "plh"),
    [
        ("Plt. KETUA,", True, False),
        ("PLT. KETUA,", True, False),
        ("Plt KETUA,", True, False),
        ("plt.KETUA,", True, False),
        ("Plh. KETUA,", False, True),
        ("PLH KETUA,", False, True),
    ],
)
def test_a_plt_or_plh_prefix_becomes_the_flag(typed: str, plt: bool, plh: bool) -> None:
    signer = _read_signer(["Prabumulih, 25 Januari 2024", typed, "", "NAMA ORANG"])
    assert signer is not None
    assert (signer.jabatan, signer.plt, signer.plh, signer.nama) == ("KETUA", plt, plh, "NAMA ORANG")


@pytest.mark.parametrize("jabatan", ["PLTU KEPALA", "Plt.", "KEPALA PLT. X"])
def test_a_jabatan_that_only_looks_like_it_keeps_its_words(jabatan: str) -> None:
    signer = _read_signer([jabatan + ",", "", "NAMA"])
    assert signer is not None and (signer.jabatan, signer.plt, signer.plh) == (jabatan, False, False)


def test_a_rendered_plt_signer_imports_as_plt(tmp_path: Path) -> None:
    model = check_file(DATA).model
    assert model is not None
    signer = model.penandatangan[0].model_copy(update={"plh": True})
    source = tmp_path / "rkt.yaml"
    source.write_text(dump_rkt(model.model_copy(update={"penandatangan": [signer]})), encoding="utf-8")
    assert run_rkt("render", source, "-o", tmp_path / "rkt.docx").returncode == 0
    (imported,) = import_docx(tmp_path / "rkt.docx").rkt.penandatangan
    assert (imported.jabatan, imported.plt, imported.plh) == (signer.jabatan, False, True)


# ---- 6. the importer's advice for an old .doc pastes as it stands -------------------------------


def test_the_old_doc_advice_names_the_full_path_quoted(tmp_path: Path) -> None:
    path = tmp_path / "docs" / "my old.doc"
    path.parent.mkdir()
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(DocxImportError) as info:
        import_docx(path)
    commands = str(info.value).split("`")[1::2]
    assert [shlex.split(c) for c in commands] == [
        ["soffice", "--headless", "--convert-to", "docx", "--outdir", str(path.parent), str(path)],
        ["rkt", "import", str(path.with_suffix(".docx"))],
    ]


# ---- 9. SOURCE_DATE_EPOCH that is not ASCII digits is ignored -----------------------------------


@pytest.mark.parametrize("epoch", ["²", "١٢٣", "-5", "1e9", "12 34"])
def test_a_source_date_epoch_of_other_digits_is_ignored(monkeypatch: pytest.MonkeyPatch, epoch: str) -> None:
    model = check_file(DATA).model
    assert model is not None
    view = build_layout(model, load_template())
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    unset = document_datetime(view)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert document_datetime(view) == unset


# ---- 5. wording errors point at their own line of a block, where its text starts ---------------


def _block_wording_template(tmp_path: Path, body: list[str]) -> tuple[Path, int]:
    """A template whose pengantar is a `|` block of `body` (indented 4); the file line of its first line."""
    folder = _template_copy(tmp_path)
    spec = folder / TEMPLATE_FILE
    text = spec.read_text(encoding="utf-8")
    block = "pengantar: |\n" + "".join(f"    {line}\n" for line in body)
    text = text.replace('pengantar: "{{ pengantar }}"\n', block)
    assert block in text
    spec.write_text(text, encoding="utf-8")
    return folder, text.splitlines().index("pengantar: |") + 2


def test_template_check_points_at_the_failing_line_of_a_block(tmp_path: Path) -> None:
    body = ["Baris satu", "Baris dua", "  {{ 1 // 0 }} dan", "{{ tidak_ada }}"]
    folder, first = _block_wording_template(tmp_path, body)
    (problem,) = _template_problems(folder)
    assert (problem.code, problem.line, problem.col) == ("RKT405", first + 2, 5)
    assert "division" in problem.message


def test_an_unknown_placeholder_on_a_later_line_is_found_there(tmp_path: Path) -> None:
    folder, first = _block_wording_template(tmp_path, ["Baris satu", "{{ unit }} {{ tidak_ada }}"])
    (problem,) = _template_problems(folder)
    assert (problem.line, problem.col) == (first + 1, 5) and "'tidak_ada' is undefined" in problem.message


def test_a_wording_error_on_real_data_points_at_its_line_too(tmp_path: Path) -> None:
    body = ["Baris satu", "Baris dua", "{{ 1 // (jumlah_program - 2) }}"]
    folder, first = _block_wording_template(tmp_path, body)
    wording = load_template(folder).word(("pengantar",))
    with pytest.raises(WordingError) as info:
        wording.render({**SAMPLE_VALUES, "jumlah_program": 2})
    assert (info.value.diagnostic.line, info.value.diagnostic.col) == (first + 2, 5)


# ---- 10. the summary wraps as the table view does: in cells, long words broken -------------------

LONG_WORD = "Perencanaan_Program_dan_Anggaran_Tahunan_Kota_Prabumulih"
CJK_NAME = "計画予算管理" * 5  # 30 characters, 60 cells


def _summary_text(by: By, width: int) -> str:
    model = check_file(DATA).model
    assert model is not None
    first = model.program[0]
    sasaran = [first.sasaran[0].model_copy(update={"nama": CJK_NAME}), *first.sasaran[1:]]
    first = first.model_copy(update={"nama": LONG_WORD, "sasaran": sasaran})
    model = model.model_copy(update={"program": [first, *model.program[1:]]})
    return render_plain(build_summary([document_totals(model, "rkt.yaml")], by), width)


def _cell(text: str, start: str) -> str:
    """The cell whose first line begins with `start`, its lines joined: the column's text read
    down to the blank line under it."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if start in line)
    col = lines[first].index(start)
    pieces = []
    for line in lines[first:]:
        piece = line[col:].split(" ")[0]
        if not piece:
            break
        pieces.append(piece)
    return "".join(pieces)


@pytest.mark.parametrize("by", [By.PROGRAM, By.SASARAN])
def test_a_long_word_and_a_cjk_name_are_wrapped_whole_within_the_width(by: By) -> None:
    text = _summary_text(by, 60)
    assert max(measure(line) for line in text.splitlines()) <= 60
    # Every character shows, line after line: nothing is cropped with "…".
    assert _cell(text, LONG_WORD[:6]) == LONG_WORD
    if by is By.SASARAN:
        assert _cell(text, CJK_NAME[:2]) == CJK_NAME


def test_wrap_lines_measures_cells_and_breaks_long_words() -> None:
    assert wrap_lines("計画予算管理", 5) == ["計画", "予算", "管理"]
    assert wrap_lines("ab " + "x" * 12, 5, indent="  ") == ["ab", "  xxx", "  xxx", "  xxx", "  xxx"]
    assert wrap("Nama " + "y" * 30, 10).split("\n") == ["Nama", "yyyyyyyyyy", "yyyyyyyyyy", "yyyyyyyyyy"]


def test_the_count_line_counts_what_and_n_more_stands_for(tmp_path: Path) -> None:
    """120 unknown keys show 50 diagnostics and one "… and 70 more", and the count says 120."""
    from tests.cli_support import run_rkt

    text = (Path(__file__).parent.parent / "data" / "rkt_2024.yaml").read_text(encoding="utf-8")
    extra = "".join(f"kunci_{n}: x\n" for n in range(120))
    path = tmp_path / "unk.yaml"
    path.write_text(text.replace("unit:", extra + "unit:", 1), encoding="utf-8")
    result = run_rkt("validate", path)
    assert result.returncode == 1
    assert "… and 70 more like this" in result.stderr
    assert "\n1 file checked: 120 errors, " in result.stderr


def test_import_caps_warnings_per_code_and_refuses_a_schema_with_a_line_break(tmp_path: Path) -> None:
    from tests.cli_support import run_rkt

    data = Path(__file__).parent.parent / "data" / "rkt_2024.yaml"
    docx = tmp_path / "rkt.docx"
    assert run_rkt("render", data, "-o", docx).returncode == 0
    bad = run_rkt("import", docx, "-o", tmp_path / "x.yaml", "--schema", "x\npagu: 1")
    assert bad.returncode == 2 and "--schema: give one path or URL" in bad.stderr
    assert not (tmp_path / "x.yaml").exists()
    dash = run_rkt("import", docx, "-o", "-")
    assert dash.returncode == 2 and "leave out -o" in dash.stderr


def test_cap_per_code_keeps_fifty_of_each_code_and_counts_the_rest() -> None:
    from rkt_cli.diagnostics import MAX_DIAGNOSTICS_PER_RULE, Diagnostic, Severity, cap_per_code, totals

    made = [Diagnostic("RKT305", Severity.WARNING, "f.docx", row, 0, "p", "guess") for row in range(1, 270)]
    made.append(Diagnostic("RKT308", Severity.WARNING, "f.docx", 300, 0, "p", "other"))
    capped = cap_per_code(made)
    assert len(capped) == MAX_DIAGNOSTICS_PER_RULE + 2
    assert capped[-1].message.startswith(f"… and {269 - MAX_DIAGNOSTICS_PER_RULE} more like this")
    assert totals(capped) == (0, 270)


def test_schema_makes_its_folder_and_dash_is_refused_by_every_writer(tmp_path: Path) -> None:
    from tests.cli_support import run_rkt

    made = run_rkt("schema", "-o", tmp_path / "new" / "deeper" / "rkt.schema.json")
    assert made.returncode == 0 and (tmp_path / "new" / "deeper" / "rkt.schema.json").is_file()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    blocked = run_rkt("schema", "-o", tmp_path / "afile" / "s.json")
    assert blocked.returncode == 2 and "is a file, not a folder" in blocked.stderr
    init = run_rkt("template", "init", tmp_path / "afile" / "t")
    assert init.returncode == 2 and "is a file, not a folder" in init.stderr
    data = Path(__file__).parent.parent / "data" / "rkt_2024.yaml"
    for args in (("schema", "-o", "-"), ("render", str(data), "-o", "-")):
        result = run_rkt(*args, cwd=tmp_path)
        assert result.returncode == 2 and "-o -:" in result.stderr
    assert not (tmp_path / "-").exists()


def test_export_refuses_dash_and_capaian_refuses_a_huge_realisasi(tmp_path: Path) -> None:
    from tests.cli_support import run_rkt

    root = Path(__file__).parent.parent
    dash = run_rkt("export", root / "data" / "rkt_2024.yaml", "-f", "csv", "-o", "-", cwd=tmp_path)
    assert dash.returncode == 2 and "-o -:" in dash.stderr and not (tmp_path / "-").exists()
    (tmp_path / "rkt_2024.yaml").write_text((root / "data" / "rkt_2024.yaml").read_text(encoding="utf-8"))
    text = (root / "data" / "realisasi_2024.yaml").read_text(encoding="utf-8")
    huge = tmp_path / "realisasi.yaml"
    huge.write_text(text.replace("    tw4: 100\n", "    tw4: 1000000000000000000000000000000\n", 1), encoding="utf-8")
    result = run_rkt("capaian", tmp_path / "rkt_2024.yaml", huge)
    assert result.returncode == 1, result.stderr
    assert "the number is too large" in result.stderr and "Traceback" not in result.stderr


def test_an_anggaran_column_merged_over_a_program_is_refused(tmp_path: Path) -> None:
    from tests.cli_support import run_rkt

    folder = tmp_path / "t"
    assert run_rkt("template", "init", folder).returncode == 0
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8")
    line = '    - {isi: anggaran, judul: "Anggaran", lebar_mm: 28, rata: kanan, gabung: sasaran}'
    assert line in text
    spec.write_text(text.replace(line, line.replace("gabung: sasaran", "gabung: program")), encoding="utf-8")
    result = run_rkt("template", "check", folder)
    assert result.returncode == 2
    assert "error[RKT404] tabel.kolom[6].gabung: an anggaran column merges per sasaran" in result.stderr


def test_the_readme_folder_commands_work_on_the_shipped_data_folder(tmp_path: Path) -> None:
    """data/ holds the RKT and its realisasi file: validate checks the realisasi file against its
    RKT, render and summary leave it out with a note, instead of reading it as an RKT and failing
    every folder command of the README."""
    from tests.cli_support import run_rkt

    data = Path(__file__).parent.parent / "data"
    validate = run_rkt("validate", data, "--strict", "--jobs", "1")
    assert "2 files checked" in validate.stderr
    assert "error[RKT101]" not in validate.stderr  # only the RKT's warnings, made errors by --strict
    render = run_rkt("render", data, "--out-dir", tmp_path / "out")
    assert render.returncode == 0, render.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["rkt_2024.docx"]
    assert run_rkt("summary", data).returncode == 0


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_wording_that_fails_on_a_later_file_leaves_every_output_unwritten(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cli_support import run_rkt

    def no_libreoffice(documents: list[tuple[str, bytes]], **_: object) -> list[bytes]:
        raise AssertionError("nothing is converted when a file's wording fails")

    monkeypatch.setattr("rkt_cli.render.pdf.convert_many", no_libreoffice)
    text = (Path(__file__).parent.parent / "data" / "rkt_2024.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    # An instansi past the wording sandbox's 1,000,000 characters: the title cannot be filled in.
    (folder / "b.yaml").write_text(
        text.replace("Komisi Pemilihan Umum Kota Prabumulih", "K" * 1_100_000, 1), encoding="utf-8"
    )
    result = run_rkt("render", folder, "--format", fmt, "--out-dir", tmp_path / "out", "--jobs", "1")
    assert result.returncode == 2
    assert "b.yaml: not rendered: the template's wording cannot be filled in" in result.stderr
    assert not (tmp_path / "out").exists()
