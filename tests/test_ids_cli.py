"""`rkt ids FILE [--write] [--sasaran]`, in process (tests/cli_support.py), plus one real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rkt_cli.ids import add_ids
from tests.cli_support import Outcome, run_rkt

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data" / "rkt_2024.yaml"


def rkt(*args: str | Path, cwd: Path) -> Outcome:
    return run_rkt(*args, cwd=cwd)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """data/rkt_2024.yaml copied to tmp_path/rkt.yaml."""
    target = tmp_path / "rkt.yaml"
    target.write_bytes(DATA.read_bytes())
    return target


def test_without_write_it_shows_a_diff_and_changes_nothing(copy: Path) -> None:
    result = rkt("ids", "rkt.yaml", cwd=copy.parent)
    assert result.returncode == 0
    assert copy.read_bytes() == DATA.read_bytes()
    assert result.stdout.startswith("--- rkt.yaml\n+++ rkt.yaml\n@@ ")
    added = [line for line in result.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    removed = [line for line in result.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert len(added) == 80 and len(removed) == 40  # each `- uraian:` line becomes `- id:` over `  uraian:`
    assert '+          - id: "6709.1"' in added
    assert result.stderr == "rkt.yaml: would add 40 ids (40 indikator); `rkt ids rkt.yaml --write` writes them\n"


def test_write_adds_the_ids_and_a_second_run_adds_nothing(copy: Path) -> None:
    shown = rkt("ids", "rkt.yaml", "--sasaran", cwd=copy.parent)
    assert "`rkt ids rkt.yaml --sasaran --write` writes them" in shown.stderr
    written = rkt("ids", "rkt.yaml", "--sasaran", "--write", cwd=copy.parent)
    assert (written.returncode, written.stdout) == (0, "")
    assert written.stderr == "rkt.yaml: added 49 ids (40 indikator, 9 sasaran)\n"
    after = copy.read_bytes()
    assert after.count(b'\n      - id: "') == 9 and after.count(b'\n          - id: "') == 40
    assert rkt("validate", "rkt.yaml", cwd=copy.parent).returncode == 0
    again = rkt("ids", "rkt.yaml", "--sasaran", "--write", cwd=copy.parent)
    assert again.returncode == 0 and again.stderr == "rkt.yaml: every indikator and sasaran has an id; nothing to add\n"
    assert copy.read_bytes() == after


def test_a_file_with_errors_gets_the_report_of_validate_and_is_not_touched(tmp_path: Path) -> None:
    broken = tmp_path / "rkt.yaml"
    broken.write_text(DATA.read_text().replace("    target: 95\n", "    target: '95'\n", 1))
    before = broken.read_bytes()
    refused = rkt("ids", "rkt.yaml", "--write", cwd=tmp_path)
    validated = rkt("validate", "rkt.yaml", cwd=tmp_path)
    assert refused.returncode == validated.returncode == 1
    assert refused.stderr == validated.stderr and "error[RKT105]" in refused.stderr
    assert broken.read_bytes() == before


def test_an_alias_is_refused_with_file_and_line(tmp_path: Path) -> None:
    text = DATA.read_text().replace("pelaksana: Subbagian Rendatin", "pelaksana: &p Subbagian Rendatin", 1)
    text = text.replace("            pelaksana: Subbagian Hukum dan SDM", "            pelaksana: *p", 1)
    (tmp_path / "rkt.yaml").write_text(text)
    result = rkt("ids", "rkt.yaml", "--write", cwd=tmp_path)
    line = text.splitlines().index("            pelaksana: *p") + 1
    assert result.returncode == 1 and f"rkt.yaml:{line}:24: error[RKT003]" in result.stderr
    assert (tmp_path / "rkt.yaml").read_text() == text


def test_an_empty_id_key_is_refused_at_its_line(tmp_path: Path) -> None:
    text = DATA.read_text().replace("            target: 90\n", "            target: 90\n            id:\n", 1)
    (tmp_path / "rkt.yaml").write_text(text)
    result = rkt("ids", "rkt.yaml", "--write", cwd=tmp_path)
    line = text.splitlines().index("            id:") + 1
    assert result.returncode == 1
    # `rkt validate`'s report: the schema refuses a key written empty.
    assert f"rkt.yaml:{line}:16: error[RKT105]" in result.stderr and "is empty" in result.stderr
    assert (tmp_path / "rkt.yaml").read_text() == text


@pytest.mark.parametrize(("name", "message"), [("missing.yaml", "no such file"), (".", "is a folder, not a file")])
def test_no_file_is_a_usage_error(tmp_path: Path, name: str, message: str) -> None:
    result = rkt("ids", name, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="symbolic links")
def test_write_through_a_symbolic_link_edits_the_file_it_points_to(copy: Path) -> None:
    link = copy.parent / "link.yaml"
    link.symlink_to(copy.name)
    assert rkt("ids", "link.yaml", "--write", cwd=copy.parent).returncode == 0
    assert link.is_symlink() and b"- id: " in copy.read_bytes()


SHORT = """\
instansi: KPU
unit: Sekretariat
tahun: 2024
program:
  - nama: Program A
    sasaran:
      - nama: Sasaran satu
        kode: "6709"
        anggaran: 100
        pelaksana: Subbagian A
        indikator:
          - {uraian: Persentase a, target: 95, kegiatan: Kegiatan a}
penandatangan:
  - {jabatan: SEKRETARIS, nama: NAMA}"""


def test_the_diff_of_a_crlf_file_without_a_final_line_break(tmp_path: Path) -> None:
    from rkt_cli.cli.ids import diff_text

    raw = SHORT.replace("\n", "\r\n").encode()
    (tmp_path / "rkt.yaml").write_bytes(raw)
    result = rkt("ids", "rkt.yaml", cwd=tmp_path)
    assert result.returncode == 0
    # The runner shows CRLF as LF; the diff itself keeps the file's CR (below).
    assert result.stdout.endswith(
        "-          - {uraian: Persentase a, target: 95, kegiatan: Kegiatan a}\n"
        '+          - {id: "6709.1", uraian: Persentase a, target: 95, kegiatan: Kegiatan a}\n'
        " penandatangan:\n"
        "   - {jabatan: SEKRETARIS, nama: NAMA}\n"
        "\\ No newline at end of file\n"
    )
    written = raw.replace(b"- {uraian", b'- {id: "6709.1", uraian')
    diff = diff_text(raw, add_ids(raw, "rkt.yaml").new_ids, "rkt.yaml")
    assert '+          - {id: "6709.1", uraian: Persentase a, target: 95, kegiatan: Kegiatan a}\r\n' in diff
    assert rkt("ids", "rkt.yaml", "--write", cwd=tmp_path).returncode == 0
    assert (tmp_path / "rkt.yaml").read_bytes() == written


def test_the_missing_id_rule_through_validate(copy: Path) -> None:
    """What `rkt validate` prints with the rule registered (RKT218, rules.missing_id)."""
    from rkt_cli import rules

    code = "RKT218"
    assert any(r.code == code and r.name == "missing-id" for r in rules.REGISTRY)
    text = copy.read_text().replace("            target: 90\n", "            target: 90\n            id: iku-3\n", 1)
    copy.write_text(text)
    result = rkt("validate", "rkt.yaml", cwd=copy.parent)
    assert result.returncode == 0
    first = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("          - uraian:"))
    assert (
        f"rkt.yaml:{first}:13: warning[{code}] program[0].sasaran[0].indikator[0]: 39 of 40 indikator have no id "
        "(this is the first)"
    ) in result.stderr
    assert rkt("ids", "rkt.yaml", "--write", cwd=copy.parent).returncode == 0
    assert code not in rkt("validate", "rkt.yaml", cwd=copy.parent).stderr


def test_a_real_process_writes_the_ids(copy: Path) -> None:
    """The installed entry point end to end: the command is registered and writes the file."""
    result = subprocess.run(
        [sys.executable, "-m", "rkt_cli", "ids", "rkt.yaml", "--write"],
        cwd=copy.parent,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "rkt.yaml: added 40 ids (40 indikator)\n")
    assert copy.read_bytes().count(b"- id: ") == 40


def test_ids_change_neither_the_document_nor_the_capaian(tmp_path: Path) -> None:
    """Ids are for matching, never printed: the DOCX is byte-identical after `rkt ids`, and the
    example realisasi file, which addresses rows by place ("6709.1"), still gives the same capaian."""
    for name in ("rkt_2024.yaml", "realisasi_2024.yaml"):
        (tmp_path / name).write_bytes((ROOT / "data" / name).read_bytes())
    before = rkt("capaian", "rkt_2024.yaml", "realisasi_2024.yaml", "-f", "json", cwd=tmp_path)
    assert rkt("render", "rkt_2024.yaml", "-o", "before.docx", cwd=tmp_path).returncode == 0
    assert rkt("ids", "rkt_2024.yaml", "--sasaran", "--write", cwd=tmp_path).returncode == 0
    after = rkt("capaian", "rkt_2024.yaml", "realisasi_2024.yaml", "-f", "json", cwd=tmp_path)
    assert rkt("render", "rkt_2024.yaml", "-o", "after.docx", cwd=tmp_path).returncode == 0
    assert before.returncode == after.returncode == 0
    assert without_key(json.loads(before.stdout), "id") == without_key(json.loads(after.stdout), "id")
    assert '"id": "6709.1"' in after.stdout and '"id": "6709.1"' not in before.stdout
    assert (tmp_path / "before.docx").read_bytes() == (tmp_path / "after.docx").read_bytes()


def without_key(data: Any, key: str) -> Any:
    """`data` (parsed JSON) with every `key` left out of every object, at any depth."""
    if isinstance(data, dict):
        return {k: without_key(v, key) for k, v in data.items() if k != key}
    if isinstance(data, list):
        return [without_key(item, key) for item in data]
    return data
