"""The everyday commands as a newcomer meets them (issue 8, "The commands"), in-process:
output folders made and the format read from -o's name; a Word file or PDF given to render or
summary told to use `rkt import`; suggested commands that paste into a shell; --help without
type placeholders, plain option errors and shell completion; validate's line about the checks
that wait behind errors. One real process per group is in tests/test_cli_commands_process.py.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from rkt_cli.rules import REGISTRY
from tests.cli_support import Outcome, run_rkt

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"
MINIMAL = ROOT / "tests" / "data" / "valid" / "minimal.yaml"
RULES = f"the {len(REGISTRY)} lint rules ({REGISTRY[0].code}–{REGISTRY[-1].code})"
FAKE_PDF = b"%PDF-1.7 made by the fake soffice"

# Files that are not YAML, as their first bytes: a Word or Excel zip, a PDF (binary after its
# first line, as LibreOffice writes it), the OLE2 container of .doc/.xls.
PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\xff\xfe\x00"
OLE2_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A small valid RKT in a folder of its own (quick to render, no warnings)."""
    target = tmp_path / "rkt.yaml"
    shutil.copyfile(MINIMAL, target)
    return target


@pytest.fixture
def fake_soffice(tmp_path: Path) -> dict[str, str]:
    """An environment whose LibreOffice writes FAKE_PDF where the real one writes the PDF: the
    PDF tests here are about which format and folder rkt picks, not about LibreOffice."""
    script = tmp_path / "fake-soffice"
    script.write_text(
        "#!/bin/sh\n"
        'while [ "$#" -gt 1 ]; do [ "$1" = --outdir ] && outdir="$2"; shift; done\n'
        'name=$(basename "$1" .docx)\n'
        f"printf '%s' '{FAKE_PDF.decode()}' > \"$outdir/$name.pdf\"\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return {"RKT_SOFFICE": str(script)}


def schema_error_with_a_warning(folder: Path, name: str = "rkt_2025.yaml") -> Path:
    """The 2024 data with one target removed (RKT102, schema) and `pelaksana: no` (RKT010, loader)."""
    text = DATA.read_text(encoding="utf-8")
    text = text.replace("            target: 95\n", "", 1).replace("pelaksana: Subbagian Rendatin", "pelaksana: no", 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- 1. output folders and the output format ------------------------------------------------


def test_the_readme_example_makes_its_out_dir(tmp_path: Path, minimal: Path, fake_soffice: dict[str, str]) -> None:
    # `rkt render data/ --format pdf --out-dir out/` in a fresh clone, where out/ does not exist.
    result = run_rkt("render", "./", "--format", "pdf", "--out-dir", "out/nested/", cwd=tmp_path, env=fake_soffice)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "nested" / "rkt.pdf").read_bytes() == FAKE_PDF


def test_output_in_a_missing_folder_is_written(tmp_path: Path, minimal: Path) -> None:
    target = tmp_path / "new" / "dir" / "x.docx"
    result = run_rkt("render", minimal, "-o", target)
    assert result.returncode == 0, result.stderr
    assert zipfile.is_zipfile(target)
    assert f"wrote {target}" in result.stderr


def test_a_file_with_errors_makes_no_folder(tmp_path: Path) -> None:
    bad = schema_error_with_a_warning(tmp_path)
    result = run_rkt("render", bad, "--out-dir", tmp_path / "out")
    assert result.returncode == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("final.pdf", "pdf"),
        ("FINAL.PDF", "pdf"),
        ("final.docx", "docx"),
        ("final.txt", "text"),
        ("final.odt", "docx"),  # a name that says no format: Word, the default
    ],
)
def test_the_format_follows_the_output_name(
    tmp_path: Path, minimal: Path, fake_soffice: dict[str, str], name: str, expected: str
) -> None:
    target = tmp_path / name
    result = run_rkt("render", minimal, "-o", target, env=fake_soffice)
    assert result.returncode == 0, result.stderr
    written = target.read_bytes()
    if expected == "pdf":
        assert written == FAKE_PDF
    elif expected == "docx":
        assert zipfile.is_zipfile(target)
    else:
        assert "Pembentukan Badan Adhoc" in written.decode("utf-8")


@pytest.mark.parametrize(("given", "name"), [("pdf", "x.docx"), ("docx", "x.pdf"), ("table", "x.pdf")])
def test_a_format_that_disagrees_with_the_name_stays_an_error(
    tmp_path: Path, minimal: Path, given: str, name: str
) -> None:
    result = run_rkt("render", minimal, "--format", given, "-o", tmp_path / name)
    assert result.returncode == 2
    assert f"but --format is {given}; make them agree" in result.stderr
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("spelling", ["PDF", "Pdf", "pdf"])
def test_format_takes_any_letter_case(
    tmp_path: Path, minimal: Path, fake_soffice: dict[str, str], spelling: str
) -> None:
    result = run_rkt("render", minimal, "--format", spelling, "--out-dir", tmp_path / "out", env=fake_soffice)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "rkt.pdf").read_bytes() == FAKE_PDF


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["validate", "--format", "JSON"], "json"),
        (["summary", "--by", "PROGRAM", "--format", "CSV"], "csv"),
    ],
)
def test_other_choices_take_any_letter_case_too(args: list[str], check: str) -> None:
    result = run_rkt(args[0], DATA, *args[1:])
    assert result.returncode == 0, result.stderr
    if check == "json":
        assert json.loads(result.stdout)["errors"] == 0
    else:
        assert "Program Dukungan Manajemen,2,16,5509836000" in result.stdout  # a row per program


def test_out_dir_naming_a_file_says_so_in_one_line(tmp_path: Path, minimal: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file", encoding="utf-8")
    result = run_rkt("render", minimal, "--out-dir", blocker)
    assert result.returncode == 2
    assert result.stderr == f"rkt: error: {blocker}: is a file; --out-dir names the folder to write the outputs into\n"
    assert blocker.read_text(encoding="utf-8") == "a file"


@pytest.mark.parametrize("option", ["--out-dir", "-o"])
def test_a_folder_cannot_be_made_under_a_file(tmp_path: Path, minimal: Path, option: str) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file", encoding="utf-8")
    where = blocker / "sub" if option == "--out-dir" else blocker / "sub" / "x.docx"
    result = run_rkt("render", minimal, option, where)
    assert result.returncode == 2
    assert result.stderr == f"rkt: error: {blocker}: is a file, not a folder; outputs cannot be written into it\n"


def test_import_makes_the_folder_of_its_output(tmp_path: Path, minimal: Path) -> None:
    docx = tmp_path / "rkt.docx"
    assert run_rkt("render", minimal, "-o", docx).returncode == 0
    target = tmp_path / "new" / "data" / "rkt.yaml"
    result = run_rkt("import", docx, "-o", target)
    assert result.returncode == 0, result.stderr
    assert "Pembentukan Badan Adhoc" in target.read_text(encoding="utf-8")


# ---- 2. a Word file or PDF where YAML belongs ------------------------------------------------


def foreign_file(folder: Path, suffix: str) -> Path:
    """A file of the kind its suffix names, as far as its first bytes go."""
    path = folder / f"RKT_2023{suffix}"
    if suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
    else:
        path.write_bytes(PDF_BYTES if suffix == ".pdf" else OLE2_BYTES)
    return path


# The way out each kind of file is shown: named after a .docx (or the .docx a .doc is saved as),
# the workbook itself for a spreadsheet, to fill in for a PDF.
IMPORT_COMMANDS = {
    ".docx": "rkt import RKT_2023.docx -o RKT_2023.yaml",
    ".doc": "rkt import RKT_2023.docx -o RKT_2023.yaml",
    ".pdf": "rkt import FILE.docx -o FILE.yaml",
    ".xlsx": "rkt import RKT_2023.xlsx -o RKT_2023.yaml",  # a workbook is read by rkt import itself
}


@pytest.mark.parametrize("suffix", IMPORT_COMMANDS)
@pytest.mark.parametrize("command", [["render"], ["render", "--format", "pdf"], ["summary"]])
def test_render_and_summary_of_a_word_file_say_what_validate_says(
    tmp_path: Path, suffix: str, command: list[str]
) -> None:
    document = foreign_file(tmp_path, suffix)
    before = document.read_bytes()
    validate = run_rkt("validate", document.name, cwd=tmp_path)
    result = run_rkt(command[0], document.name, *command[1:], cwd=tmp_path)
    assert result.returncode == validate.returncode == 1
    assert result.stderr == validate.stderr
    assert "error[RKT005]" in result.stderr and f"`{IMPORT_COMMANDS[suffix]}`" in result.stderr
    assert "refusing to overwrite" not in result.stderr
    assert result.stdout == ""
    assert document.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [document.name]  # nothing written


@pytest.mark.parametrize(
    ("suffix", "words"),
    [
        (".docx", "this is a Word document (.docx) or another zip file, not YAML"),
        (".pdf", "this is a PDF, not YAML"),
        (".doc", "this is an old Word (.doc) or Excel (.xls) file, not YAML; save it as .docx in Word"),
    ],
)
def test_validate_names_the_kind_of_file(tmp_path: Path, suffix: str, words: str) -> None:
    result = run_rkt("validate", foreign_file(tmp_path, suffix))
    assert result.returncode == 1
    assert words in result.stderr
    assert "fix the errors above" not in result.stderr  # fixing will not make a Word file YAML


def test_the_suggested_import_is_quoted_for_a_shell(tmp_path: Path) -> None:
    document = tmp_path / "RKT 2023 (final).docx"
    shutil.copyfile(foreign_file(tmp_path, ".docx"), document)
    result = run_rkt("render", document.name, cwd=tmp_path)
    words = suggested_command(result.stderr, "rkt import")
    assert words == ["rkt", "import", "RKT 2023 (final).docx", "-o", "RKT 2023 (final).yaml"]


def test_a_yaml_file_under_another_name_still_renders(tmp_path: Path) -> None:
    odd = tmp_path / "rkt.txt"
    shutil.copyfile(MINIMAL, odd)
    result = run_rkt("render", odd)
    assert result.returncode == 0, result.stderr
    assert zipfile.is_zipfile(tmp_path / "rkt.docx")


# ---- 3. suggested commands paste into a shell ----------------------------------------------


def suggested_command(text: str, start: str) -> list[str]:
    """The words of the command that begins with `start` in `text`, as a shell splits it: inside
    backquotes when it is quoted so, else up to the end of the line."""
    line = next(line for line in text.splitlines() if start in line)
    rest = line[line.index(start) :]
    if line[line.index(start) - 1] == "`":
        rest = rest[: rest.index("`")]
    return shlex.split(rest)


@pytest.mark.parametrize("name", ["my data/rkt 2024.yaml", "rkt;2024 $HOME.yaml", "it's.yaml"])
def test_the_warnings_hint_names_the_file_as_a_shell_reads_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DATA, path)
    result = run_rkt("summary", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    words = suggested_command(result.stderr, "rkt validate")
    assert words == ["rkt", "validate", name]
    again = run_rkt(*words[1:], cwd=tmp_path)  # pasted, it runs and finds the warnings
    assert again.returncode == 0 and "13 warnings" in again.stderr


def test_template_init_suggests_a_check_that_runs(tmp_path: Path) -> None:
    result = run_rkt("template", "init", "my template", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    words = suggested_command(result.stdout, "rkt template check")
    assert words == ["rkt", "template", "check", "my template"]
    check = run_rkt(*words[1:], cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "template OK" in check.stdout


def test_a_missing_template_folder_suggests_init_quoted(tmp_path: Path, minimal: Path) -> None:
    result = run_rkt("render", minimal, "--template", "my template", cwd=tmp_path)
    assert result.returncode == 2
    words = suggested_command(result.stderr, "rkt template init")
    assert words == ["rkt", "template", "init", "my template"]


# ---- 4. --help, option errors, completion ---------------------------------------------------

HELP_PAGES = [
    [],
    ["render"],
    ["validate"],
    ["summary"],
    ["import"],
    ["schema"],
    ["rules"],
    ["template"],
    ["template", "init"],
    ["template", "check"],
]
# Typer's own placeholders: `<bool>`, `<list[Path]>`, `<path>`, `<str>`, `<docx|pdf|table>`, `{files}`.
PLACEHOLDER = re.compile(r"<[A-Za-z|\[\]]+>|\{[a-z_]+\}")


@pytest.mark.parametrize("words", HELP_PAGES, ids=lambda words: " ".join(words) or "rkt")
def test_help_has_no_type_placeholders(words: list[str]) -> None:
    result = run_rkt(*words, "--help", env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    assert PLACEHOLDER.findall(result.stdout) == []
    assert "Show this message and exit." in result.stdout


@pytest.mark.parametrize(
    ("words", "usage", "names"),
    [
        (["render"], "rkt render [OPTIONS] FILE|DIR...", ["--format     -f      FORMAT", "--out-dir    -d      DIR"]),
        (["validate"], "rkt validate [OPTIONS] [FILE|DIR]...", ["--format      -f      FORMAT"]),
        (["summary"], "rkt summary [OPTIONS] [FILE|DIR]...", ["--by      -b      ROW"]),
        (["import"], "rkt import [OPTIONS] FILE.docx", ["--output  -o      FILE"]),
        (["template", "init"], "rkt template init [OPTIONS] DIR", []),
    ],
)
def test_help_names_what_each_argument_takes(words: list[str], usage: str, names: list[str]) -> None:
    result = run_rkt(*words, "--help", env={"COLUMNS": "100"})
    assert f"Usage: {usage}" in result.stdout
    for name in names:
        assert name in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "x.yaml", "--format", "foo"], "'foo' is not one of 'docx', 'pdf', 'table'."),
        (["summary", str(DATA), "--by", "foo"], "'foo' is not one of 'sasaran', 'program', 'pelaksana', 'file'."),
        (["validate", str(DATA), "--format", "xml"], "'xml' is not one of 'auto', 'text', 'json', 'github'."),
    ],
)
def test_option_errors_read_without_value_error(args: list[str], message: str) -> None:
    result = run_rkt(*args, env={"COLUMNS": "200"})
    assert result.returncode == 2
    assert "Value error" not in result.stderr
    assert message in result.stderr


def test_a_missing_argument_is_named_by_its_metavar() -> None:
    result = run_rkt("render", env={"COLUMNS": "200"})
    assert result.returncode == 2
    assert "Missing argument 'FILE|DIR'." in result.stderr


def test_help_offers_shell_completion() -> None:
    result = run_rkt("--help", env={"COLUMNS": "100"})
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout


def complete(words: str) -> list[str]:
    """What bash completion offers after `words` (the protocol the installed script speaks)."""
    env = {"_RKT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    result = run_rkt(env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_completion_offers_commands_and_choices() -> None:
    assert complete("rkt ren") == ["render"]
    assert complete("rkt render --format ") == ["docx", "pdf", "table"]
    assert complete("rkt summary --by p") == ["program", "pelaksana"]


# ---- 5. validate: what the errors hide -------------------------------------------------------


def last_line(result: Outcome) -> str:
    return result.stderr.rstrip("\n").splitlines()[-1]


def test_schema_errors_show_the_loaders_warnings_and_say_the_rules_wait(tmp_path: Path) -> None:
    bad = schema_error_with_a_warning(tmp_path)
    result = run_rkt("validate", bad.name, cwd=tmp_path)
    assert result.returncode == 1
    assert "warning[RKT010]" in result.stderr and "error[RKT102]" in result.stderr
    assert "1 file checked: 1 error, 1 warning\n" in result.stderr
    assert last_line(result) == f"fix the errors above; {RULES} run once rkt_2025.yaml matches the schema"


def test_a_file_that_does_not_load_says_the_schema_and_rules_wait(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("instansi: [unclosed\n", encoding="utf-8")
    result = run_rkt("validate", broken.name, cwd=tmp_path)
    assert result.returncode == 1
    expected = f"fix the errors above; the schema check and {RULES} run once broken.yaml loads without errors"
    assert last_line(result) == expected


def test_rule_errors_come_with_every_warning_and_no_closing_line(tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8").replace('kode: "6867"', 'kode: "6709"', 1)  # RKT202: a kode twice
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_rkt("validate", path.name, cwd=tmp_path)
    assert result.returncode == 1
    assert "error[RKT202]" in result.stderr
    assert "1 file checked: 1 error, 13 warnings" in result.stderr  # the 2024 data's warnings, all shown
    assert "fix the errors above" not in result.stderr


def test_several_files_are_named_up_to_three(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.yaml"):
        schema_error_with_a_warning(tmp_path, name)
    result = run_rkt("validate", ".", cwd=tmp_path)
    names = "a.yaml, b.yaml, c.yaml and 2 more"
    assert last_line(result) == f"fix the errors above; {RULES} run once {names} match the schema"


def test_summary_and_render_end_with_the_same_line(tmp_path: Path) -> None:
    bad = schema_error_with_a_warning(tmp_path)
    validate = run_rkt("validate", bad.name, cwd=tmp_path)
    for command in ("summary", "render"):
        result = run_rkt(command, bad.name, cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr == validate.stderr


def test_json_and_github_output_are_unchanged_by_the_closing_line(tmp_path: Path) -> None:
    bad = schema_error_with_a_warning(tmp_path)
    as_json = run_rkt("validate", bad.name, "--format", "json", cwd=tmp_path)
    assert json.loads(as_json.stdout)["errors"] == 1
    github = run_rkt("validate", bad.name, "--format", "github", cwd=tmp_path)
    assert "fix the errors above" not in as_json.stderr + as_json.stdout + github.stderr + github.stdout
