"""What rkt prints and writes stays safe whatever the input holds (issue 15, groups 4–6):

- control characters from a file (ESC sequences, C1 such as U+009B, an 8-bit CSI) reach the
  terminal as visible escapes, in diagnostics, source excerpts, paths and data views;
- a write killed outright leaves a temp file that the next write of the same output removes;
- an output that is a FIFO or device is refused, never replaced.

In-process through Typer's CliRunner, except the SIGKILL, which needs a process to kill.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rkt_cli.cli import app
from rkt_cli.diagnostics import Diagnostic, Severity, format_github, format_json, format_one_line, format_text
from rkt_cli.files import NotARegularFile, remove_stale_temp_files, write_atomically
from rkt_cli.safe_output import escape_controls, escape_json_controls

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data" / "rkt_2024.yaml"
ESC = "\x1b"
CSI8 = "\u009b"  # an 8-bit CSI: some terminals act on it as on ESC [
NEL = "\u0085"
RAW_CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], env={"GITHUB_ACTIONS": "", "NO_COLOR": "1"})


def assert_no_raw_controls(text: str) -> None:
    """No control character but newline (and tab, which a terminal only moves over)."""
    found = sorted({f"U+{ord(c):04X}" for c in text if c in RAW_CONTROLS})
    assert not found, found


# ---- escaping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (f"a{ESC}[2Jb", "a\\x1b[2Jb"),
        (f"{ESC}]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        (f"x{CSI8}2J", "x\\u009b2J"),
        (f"a{NEL}b\x7f", "a\\u0085b\\x7f"),
        ("tab\there\nand newline", "tab\\x09here\\x0aand newline"),
        ("Sekretariat KPU — Prabumulih, é ü ‘ ’", "Sekretariat KPU — Prabumulih, é ü ‘ ’"),
    ],
)
def test_escape_controls(raw: str, shown: str) -> None:
    assert escape_controls(raw) == shown


def test_escape_controls_keeps_what_it_is_told_to_keep() -> None:
    assert escape_controls(f"a\tb\nc{ESC}", keep="\t\n") == "a\tb\nc\\x1b"


def test_json_escaping_keeps_the_data_exact() -> None:
    value = f"a{ESC}b{NEL}c\x7f{CSI8}"
    text = escape_json_controls(json.dumps({"v": value}, ensure_ascii=False))
    assert_no_raw_controls(text)
    assert json.loads(text) == {"v": value}


def test_diagnostic_forms_escape_every_field() -> None:
    d = Diagnostic("RKT101", Severity.ERROR, f"in{ESC}[2J.yaml", 1, 5, f"k{CSI8}", f"unknown key 'k{CSI8}'")
    line = format_one_line(d)
    assert line == "in\\x1b[2J.yaml:1:5: error[RKT101] k\\u009b: unknown key 'k\\u009b'"
    assert_no_raw_controls(format_github([d]))
    assert "\\u009b" in format_github([d])
    payload = format_json([d])
    assert_no_raw_controls(payload)
    assert json.loads(payload)["diagnostics"][0]["file"] == f"in{ESC}[2J.yaml"


def test_source_excerpt_is_escaped_and_the_caret_still_points_at_the_column() -> None:
    source = f"nama: a{ESC}[2Jb c\tX"
    # The diagnostic points at X (column 17 in the raw line).
    d = Diagnostic("RKT009", Severity.ERROR, "f.yaml", 1, source.index("X") + 1, "", "here")
    _, excerpt, caret = format_text([d], {"f.yaml": [source]}).splitlines()
    assert excerpt == "    1 | nama: a\\x1b[2Jb c\tX"
    assert caret.index("^") == excerpt.index("X")


def test_validate_escapes_a_raw_esc_in_the_source_line(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(f"instansi: a{ESC}[2J{ESC}]0;pwned\x07b\n", encoding="utf-8")
    result = invoke("validate", path, "-f", "text")
    assert result.exit_code == 1
    assert_no_raw_controls(result.stderr)
    assert f"{path}:1:12: error[RKT009]" in result.stderr
    assert "    1 | instansi: a\\x1b[2J\\x1b]0;pwned\\x07b" in result.stderr


def test_validate_escapes_c1_in_an_unknown_key_in_every_form(tmp_path: Path) -> None:
    path = tmp_path / "k.yaml"
    # A raw C1 character is refused by the YAML reader; a double-quoted escape gets through.
    text = DATA.read_text(encoding="utf-8").replace("unit:", '"unit\\u009b2J": x\nunit:', 1)
    path.write_text(text, encoding="utf-8")
    for fmt in ("text", "json", "github"):
        result = invoke("validate", path, "-f", fmt)
        assert result.exit_code == 1
        assert_no_raw_controls(result.stdout + result.stderr)
    shown = invoke("validate", path, "-f", "text").stderr
    assert "unknown key 'unit\\u009b2J'" in shown
    payload = json.loads(invoke("validate", path, "-f", "json").stdout)
    assert any(f"'unit{CSI8}2J'" in d["message"] for d in payload["diagnostics"])  # exact in JSON


def test_a_file_name_with_esc_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / f"a{ESC}[2J.yaml"
    path.write_text("instansi: [\n", encoding="utf-8")
    result = invoke("validate", path, "-f", "text")
    assert result.exit_code == 1
    assert_no_raw_controls(result.stderr)
    assert "a\\x1b[2J.yaml:" in result.stderr
    missing = invoke("validate", tmp_path / f"no{ESC}]0;x")
    assert missing.exit_code == 2
    assert_no_raw_controls(missing.stderr)
    assert "no\\x1b]0;x: no such file" in missing.stderr


@pytest.fixture
def c1_data(tmp_path: Path) -> Path:
    """The 2024 RKT with an 8-bit CSI and a NEL in a sasaran name, escaped in the YAML."""
    path = tmp_path / "c1.yaml"
    text = DATA.read_text(encoding="utf-8")
    text = text.replace("- nama: Perencanaan Program", '- nama: "Perencanaan\\u009b2J\\NProgram', 1)
    text = text.replace("Penyelenggara Pemilu\n", 'Penyelenggara Pemilu"\n', 1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [("validate",), ("summary",), ("summary", "-f", "json"), ("render", "--format", "table"), ("render",)],
)
def test_a_c1_control_in_a_value_is_refused_at_its_place_and_never_echoed(c1_data: Path, args: tuple[str, ...]) -> None:
    """A C1 control cannot go into a document, even written as an escape: every command refuses
    the file at the value's line (exit 1), and what it prints holds no raw control character."""
    result = invoke(*args[:1], c1_data, *args[1:])
    assert result.exit_code == 1, result.stdout + result.stderr
    assert_no_raw_controls(result.stdout + result.stderr)
    assert f"{c1_data}:23:15: error[RKT009] program[0].sasaran[0].nama: control character U+009B" in result.stderr
    assert not c1_data.with_suffix(".docx").exists()


def test_template_check_refuses_a_control_in_the_template_name_without_echoing_it(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    spec = 'nama: "evil\\u009b]0;title\\u009c"\ntabel:\n  kolom:\n    - {isi: nomor, judul: No, lebar_mm: 10}\n'
    (folder / "template.yaml").write_text(spec, encoding="utf-8")
    result = invoke("template", "check", folder)
    assert result.exit_code == 2, result.stderr
    assert_no_raw_controls(result.stdout + result.stderr)
    assert f"{folder / 'template.yaml'}:1:7: error[RKT401] nama: control character U+009B" in result.stderr


# ---- interrupted writes -----------------------------------------------------------------


def test_a_write_removes_stale_temp_files_of_its_own_naming_only(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")
    stale = [tmp_path / ".out.docx.abcd_123.tmp", tmp_path / ".out.docx.zz99zz99.tmp"]
    others = [
        tmp_path / ".out.docx.short.tmp",  # not mkstemp's eight characters
        tmp_path / ".other.docx.abcd1234.tmp",  # another output's
        tmp_path / "out.docx.abcd1234.tmp",  # not hidden
        tmp_path / ".out.docx.abcd1234.tmp.bak",
    ]
    for path in stale + others:
        path.write_bytes(b"partial")
    link = tmp_path / ".out.docx.link1234.tmp"
    link.symlink_to(others[0])  # a link is never ours: mkstemp makes regular files
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in others)
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.docx.")) == sorted(
        [".out.docx.short.tmp", ".out.docx.abcd1234.tmp.bak", ".out.docx.link1234.tmp"]
    )


def test_removing_stale_files_in_a_missing_folder_is_a_no_op(tmp_path: Path) -> None:
    assert remove_stale_temp_files(tmp_path / "nope" / "out.docx") == []


def test_render_after_a_sigkilled_write_leaves_no_temp_file(tmp_path: Path) -> None:
    """A real process is killed between writing the temp file and the rename; the old output is
    intact and its temp file stays, until the next render of the same output removes it."""
    target = tmp_path / "rkt.docx"
    target.write_bytes(b"the previous render")
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from rkt_cli import files
        files.os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
        files.write_atomically(Path({str(target)!r}), b"half of a new render")
        """
    )
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert killed.returncode == -signal.SIGKILL
    assert target.read_bytes() == b"the previous render"
    [left] = [p for p in tmp_path.iterdir() if p.name.startswith(".rkt.docx.")]
    assert left.name.endswith(".tmp")

    result = invoke("render", DATA, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["rkt.docx"]


# ---- outputs that are not regular files -------------------------------------------------


@contextlib.contextmanager
def fifo_at(path: Path) -> Iterator[Path]:
    """A FIFO with a reader held open (non-blocking), so that even a wrong write into it would
    not hang the test: it would fill the pipe and fail the assertions instead."""
    os.mkfifo(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        yield path
    finally:
        os.close(reader)


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    with fifo_at(tmp_path / "out.docx") as path:
        yield path


def test_write_atomically_refuses_a_fifo(fifo: Path) -> None:
    with pytest.raises(NotARegularFile, match=r"is a FIFO \(named pipe\); rkt writes only regular files"):
        write_atomically(fifo, b"data")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in fifo.parent.iterdir()] == [fifo.name]  # no temp file either


def test_write_atomically_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(NotARegularFile, match="is a directory"):
        write_atomically(tmp_path, b"data")


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("render", str(DATA), "-o"), "out.docx"),
        (("render", str(DATA), "--format", "table", "-o"), "out.txt"),
        (("schema", "-o"), "schema.json"),
    ],
)
def test_cli_refuses_a_fifo_output_in_one_line(tmp_path: Path, args: tuple[str, ...], name: str) -> None:
    with fifo_at(tmp_path / name) as target:
        result = invoke(*args, target)
        assert result.exit_code == 2
        assert result.stderr == f"rkt: error: {target}: is a FIFO (named pipe); rkt writes only regular files\n"
        assert stat.S_ISFIFO(os.stat(target).st_mode)


def test_import_refuses_a_fifo_output(tmp_path: Path) -> None:
    docx = tmp_path / "rkt.docx"
    assert invoke("render", DATA, "-o", docx).exit_code == 0
    with fifo_at(tmp_path / "rkt.yaml") as target:
        result = invoke("import", docx, "-o", target, "--force")
        assert result.exit_code == 2
        assert result.stderr == f"rkt: error: {target}: is a FIFO (named pipe); rkt writes only regular files\n"
        assert stat.S_ISFIFO(os.stat(target).st_mode)
