"""YAML that used to validate or summarise slowly (issue 15, group 2): each case generated here,
checked for its outcome (exit code, the capped diagnostics, the "… and N more" line). How long
each takes is measured by benchmarks/hostile_yaml.py, never asserted here."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rkt_cli.checking import check_text
from rkt_cli.cli import app
from rkt_cli.diagnostics import MAX_DIAGNOSTICS_PER_RULE
from rkt_cli.render.console_summary import MAX_WRAPPED_LINES, shorten, wrap
from tests import hostile_yaml

runner = CliRunner()


def _validate_json(path: Path) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    diagnostics: list[dict[str, object]] = json.loads(result.stdout)["diagnostics"]
    return result.exit_code, diagnostics


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _more(count: int) -> str:
    return f"… and {count} more like this (only the first {MAX_DIAGNOSTICS_PER_RULE} of each kind are shown)"


def test_200000_unknown_keys_give_50_diagnostics_and_one_more_line(tmp_path: Path) -> None:
    code, diagnostics = _validate_json(_write(tmp_path, hostile_yaml.unknown_keys(200_000)))
    assert code == 1
    assert [d["code"] for d in diagnostics] == ["RKT101"] * (MAX_DIAGNOSTICS_PER_RULE + 1)
    assert diagnostics[0]["message"] == "unknown key 'kunci_0'; allowed here: " + (
        "instansi, unit, tahun, judul, pengantar, pagu, kolom_tambahan, program, sasaran, penandatangan"
    )
    # The last one stands where the first left-out key is: line 4 holds kunci_0.
    assert diagnostics[-1]["message"] == _more(200_000 - MAX_DIAGNOSTICS_PER_RULE)
    assert (diagnostics[-1]["line"], diagnostics[-1]["path"]) == (4 + MAX_DIAGNOSTICS_PER_RULE, "kunci_50")


def test_a_misspelt_key_among_many_unknown_ones_is_still_explained() -> None:
    text = hostile_yaml.unknown_keys(3).replace("        kegiatan: Penyusunan", "        kegiatn: Penyusunan")
    text = text.replace("            target:", "            targt:")
    messages = [d.message for d in check_text(text).diagnostics if d.code in ("RKT101", "RKT102")]
    assert "unknown key 'kegiatn'; did you mean 'kegiatan'?" in messages
    missing = [
        m for m in messages if m.startswith("missing required key 'target' in program[0].sasaran[0].indikator[0]")
    ]
    assert len(missing) == 1 and "(is 'targt' at line" in missing[0]


def test_20000_misspellings_in_one_text_are_capped_and_each_shown_one_points_at_its_word() -> None:
    checked = check_text(hostile_yaml.misspellings(20_000))
    spelling = [d for d in checked.diagnostics if d.code == "RKT210"]
    assert len(spelling) == MAX_DIAGNOSTICS_PER_RULE + 1
    assert spelling[-1].message == _more(20_000 - MAX_DIAGNOSTICS_PER_RULE)
    shown = spelling[:-1]
    line = checked.lines[shown[0].line - 1]
    # "Persentasi " is 11 characters: the k-th diagnostic points at the k-th word, in one pass.
    assert [d.col for d in shown] == [shown[0].col + 11 * k for k in range(MAX_DIAGNOSTICS_PER_RULE)]
    assert all(line[d.col - 1 : d.col - 1 + 10] == "Persentasi" for d in shown)
    assert spelling[-1].col == shown[0].col + 11 * MAX_DIAGNOSTICS_PER_RULE
    assert not checked.has_errors


def test_a_rule_with_exactly_the_cap_gets_no_more_line() -> None:
    checked = check_text(hostile_yaml.misspellings(MAX_DIAGNOSTICS_PER_RULE))
    spelling = [d for d in checked.diagnostics if d.code == "RKT210"]
    assert len(spelling) == MAX_DIAGNOSTICS_PER_RULE
    assert not any(d.message.startswith("…") for d in spelling)


def test_every_text_rule_is_capped_on_a_file_that_breaks_it_everywhere() -> None:
    # 300 indikator each with a lower-case, doubled-space, misspelt, other-year text.
    rows = "".join(
        f"          - uraian: persentasi  laporan {n} Tahun 2023\n            target: 95\n"
        f"            kegiatan: persentasi  laporan {n} Tahun 2023\n"
        for n in range(300)
    )
    text = hostile_yaml.document().replace(
        "          - uraian: Persentase laporan keuangan yang tepat waktu\n"
        "            target: 95\n            kegiatan: Penyusunan laporan keuangan\n",
        rows,
    )
    counts = Counter(d.code for d in check_text(text).diagnostics)
    for code in ("RKT210", "RKT211", "RKT212", "RKT213", "RKT214"):
        assert counts[code] == MAX_DIAGNOSTICS_PER_RULE + 1, code


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ('"' + " " * 100_000 + '"', "must not be empty"),
        ('"95' + " " * 100_000 + '%"', "is a number written as text"),
    ],
)
def test_a_target_of_100000_spaces_is_refused_at_once(target: str, message: str) -> None:
    diagnostics = check_text(hostile_yaml.document(target=target)).diagnostics
    assert [d.code for d in diagnostics] == ["RKT105"]
    assert message in diagnostics[0].message
    assert diagnostics[0].path == "program[0].sasaran[0].indikator[0].target"


def test_a_target_of_a_number_100000_spaces_and_a_word_is_text() -> None:
    # Text is allowed where a number cannot say it; the point is that reading it is linear.
    checked = check_text(hostile_yaml.document(target='"95' + " " * 100_000 + 'x"'))
    assert checked.model is not None and not checked.diagnostics


def test_summary_of_a_6mb_program_name_wraps_it_into_a_few_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, hostile_yaml.long_program_name(6_000_000))
    result = runner.invoke(app, ["summary", str(path), "--by", "program"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    program = [line for line in lines if "Penyelenggaraan" in line or "Manajemen" in line]
    assert len(program) == MAX_WRAPPED_LINES
    assert program[-1].rstrip().endswith("…")
    assert max(len(line) for line in lines) <= 80
    assert "Jumlah anggaran: Rp 1.000.000" in result.stdout


def test_summary_json_keeps_the_whole_name(tmp_path: Path) -> None:
    name_size = 1_000_000
    path = _write(tmp_path, hostile_yaml.long_program_name(name_size))
    result = runner.invoke(app, ["summary", str(path), "--by", "program", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)["sections"][0]["rows"]
    assert rows[0]["nama"] == hostile_yaml.long_name(name_size)


def test_wrap_and_shorten_read_only_the_start_and_agree_with_textwrap_on_short_text() -> None:
    name = "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi"
    assert wrap(name, 38) == "Penyelenggaraan Pemilu dalam Proses\nKonsolidasi Demokrasi"
    assert wrap("x" * 5_000_000, 20).startswith("x" * 20)
    # The one huge word is broken into lines of the width, as many as a cell shows.
    lines = wrap("x" * 5_000_000, 20).split("\n")
    assert len(lines) == MAX_WRAPPED_LINES and all(len(line) <= 20 for line in lines)
    assert lines[-1].endswith("…")
    assert shorten("Kata" + " " * 1_000_000 + "lain dan seterusnya", 12) == "Kata lain…"
    assert shorten("  a  b  ", 10) == "a b"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("target", '"95' + " " * 100_000 + '%"'),
        ("target", '"' + "1" * 100_000 + '"'),
        ("anggaran", '"Rp' + " " * 100_000 + 'x"'),
        ("anggaran", '"-' + "1" * 100_000 + '"'),
    ],
)
def test_a_message_about_a_huge_value_stays_one_short_line(key: str, value: str) -> None:
    text = hostile_yaml.document()
    text = (
        text.replace("target: 95", f"target: {value}")
        if key == "target"
        else text.replace("anggaran: 1000000", f"anggaran: {value}")
    )
    diagnostics = check_text(text).diagnostics
    assert [d.code for d in diagnostics] in (["RKT103"], ["RKT105"])
    assert len(diagnostics[0].message) < 300 and "\n" not in diagnostics[0].message


def test_rule_messages_about_a_huge_kode_or_satuan_stay_short() -> None:
    kode = "K" * 1_000_000
    text = hostile_yaml.document().replace('kode: "6709"', f'kode: "{kode}"')
    text = text.replace(
        "            target: 95\n", "            target: 95\n            satuan: " + "s" * 1_000_000 + "\n"
    )
    diagnostics = check_text(text).diagnostics
    assert sorted(d.code for d in diagnostics) == ["RKT203", "RKT205"]
    assert all(len(d.message) < 300 for d in diagnostics)
