"""rkt_cli/ids.py: the id scheme, the byte-exact insertion, the refusals and the missing-id rule."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rkt_cli.checking import check_text
from rkt_cli.ids import BOM, IdsResult, add_ids, unified_diff, yaml_id
from rkt_cli.model import RKT
from rkt_cli.rules import Document, Finding, missing_id
from rkt_cli.walk import walk_indikator, walk_sasaran
from rkt_cli.yaml_writer import dump_rkt
from tests.strategies import rkt_documents

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data" / "rkt_2024.yaml"

# Every layout the insertion must handle: comments (with tabs) everywhere, an anchored sasaran,
# an item whose mapping starts on the line after `-`, block scalars, flow mappings on one and on
# several lines, an anchored first key, a flow sequence of flow mappings with a quoted key.
LAYOUTS = """\
# yaml-language-server: $schema=../schema/rkt.schema.json
# Komentar:\tdengan tab
instansi: KPU   # komentar di ujung baris\t(tab)
unit: Sekretariat
tahun: 2024
program:
  - nama: Program A
    sasaran:
      - &sasaran_satu
        nama: Sasaran satu
        kode: "6709"
        anggaran: 100
        pelaksana: Subbagian A
        indikator:
          # komentar sebelum baris
          - uraian: Persentase a   # komentar
            target: 95
            kegiatan: Kegiatan a

          -   # komentar setelah tanda minus
            uraian: >-
              Persentase b yang
              panjang
            target: 90
            kegiatan: |-
              Kegiatan b
          - {uraian: Persentase c, target: 95, kegiatan: Kegiatan c}
          - {
              uraian: "Persentase d",
              target: 80, kegiatan: Kegiatan d }
          - &baris uraian: Persentase e
            target: 70
            kegiatan: Kegiatan e
      - nama: Sasaran dua
        kode: "6867"
        anggaran: 200
        pelaksana: Subbagian B
        indikator: [{uraian: Persentase f, target: 1, kegiatan: Kegiatan f}, {"uraian": Persentase g, target: 2,
          kegiatan: Kegiatan g}]
penandatangan:
  - {jabatan: SEKRETARIS, nama: NAMA}   # akhir, tanpa baris baru di ujung"""

SMALL = """\
instansi: KPU
unit: Sekretariat
tahun: 2024
program:
  - nama: Program A
    sasaran:
      - nama: Sasaran satu
        kode: {kode}
        anggaran: 100
        pelaksana: Subbagian A
        indikator:
{rows}
penandatangan:
  - {{jabatan: SEKRETARIS, nama: NAMA}}
"""


def small(rows: list[str], kode: str = '"6709"') -> bytes:
    """A one-sasaran file with these indikator rows (each a flow mapping's inner text)."""
    body = "\n".join(f"          - {{{row}}}" for row in rows)
    return SMALL.format(kode=kode, rows=body).encode()


def row(letter: str, extra: str = "") -> str:
    return f"uraian: Persentase {letter}, target: 95, kegiatan: Kegiatan {letter}" + extra


def without_ids(data: bytes, result: IdsResult) -> bytes:
    """`data` with the added ids deleted, found by their text alone (not by the library's offsets):
    an `id: X` line with its line break and the indentation after it, or `id: X, ` in braces."""
    out = data
    for new in result.new_ids:
        pattern = re.escape(f"id: {yaml_id(new.id)}") + r"(?:, |(?:\r\n|\n) *)"
        out, count = re.subn(pattern.encode(), b"", out, count=1)
        assert count == 1, new.id
    return out


def model_without_ids(model: RKT | None) -> Any:
    """The model as plain data with every id left out: what must not change."""
    assert model is not None
    data = model.model_dump()
    every_sasaran = [s for program in data.get("program") or [] for s in program["sasaran"]]
    for sasaran in every_sasaran + (data.get("sasaran") or []):
        sasaran.pop("id")
        for indikator in sasaran["indikator"]:
            indikator.pop("id")
    return data


def added(raw: bytes, sasaran: bool = False) -> IdsResult:
    """add_ids on `raw`, which must succeed; checks what every successful edit must hold."""
    result = add_ids(raw, "test.yaml", sasaran)
    assert not result.checked.has_errors and not result.refusals
    assert result.updated is not None
    assert without_ids(result.updated, result) == raw
    after = check_text(result.updated.removeprefix(BOM).decode(), "after.yaml")
    assert not after.has_errors
    assert model_without_ids(after.model) == model_without_ids(result.checked.model)
    again = add_ids(result.updated, "test.yaml", sasaran)
    assert again.new_ids == [] and again.updated == result.updated  # a second run adds nothing
    return result


def ids_of(result: IdsResult) -> list[str]:
    return [new.id for new in result.new_ids]


def test_the_2024_file_gets_kode_n_ids_and_keeps_every_other_byte() -> None:
    raw = DATA.read_bytes()
    result = added(raw)
    assert len(result.new_ids) == 40
    assert ids_of(result)[:4] == ["6709.1", "6709.2", "6709.3", "6867.1"]
    assert all(new.kind == "indikator" for new in result.new_ids)
    assert result.updated is not None
    text = result.updated.decode()
    assert (
        '          - id: "6709.1"\n            uraian: Persentase KPU Kota Prabumulih yang mampu memfasilitasi' in text
    )


def test_with_sasaran_the_sasaran_get_their_kode() -> None:
    result = added(DATA.read_bytes(), sasaran=True)
    sasaran = [new.id for new in result.new_ids if new.kind == "sasaran"]
    assert sasaran[:2] == ["6709", "6867"] and len(sasaran) == 9
    assert len(result.new_ids) == 49


@pytest.mark.parametrize("line_break", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [b"", BOM])
def test_comments_anchors_flow_styles_crlf_and_bom_are_kept(line_break: str, bom: bytes) -> None:
    raw = bom + LAYOUTS.replace("\n", line_break).encode()
    result = added(raw, sasaran=True)
    assert ids_of(result) == ["6709", "6709.1", "6709.2", "6709.3", "6709.4", "6709.5", "6867", "6867.1", "6867.2"]
    assert result.updated is not None
    text = result.updated.decode("utf-8")
    assert text.startswith(bom.decode())
    if line_break == "\r\n":
        assert "\n" not in text.replace("\r\n", "")  # every inserted line break is CRLF too
    lines = text.replace("\r\n", "\n").split("\n")
    assert "      - &sasaran_satu" in lines and '        id: "6709"' in lines
    assert '          - id: "6709.1"' in lines and "            uraian: Persentase a   # komentar" in lines
    assert "          -   # komentar setelah tanda minus" in lines and '            id: "6709.2"' in lines
    assert '          - {id: "6709.3", uraian: Persentase c, target: 95, kegiatan: Kegiatan c}' in lines
    assert '              id: "6709.4", uraian: "Persentase d",' in lines
    assert '          - id: "6709.5"' in lines and "            &baris uraian: Persentase e" in lines
    assert '[{id: "6867.1", uraian: Persentase f' in text and '{id: "6867.2", "uraian": Persentase g' in text


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(original=rkt_documents(with_satuan=True), crlf=st.booleans(), bom=st.booleans(), sasaran=st.booleans())
def test_any_document_in_the_house_style_gets_every_id(original: RKT, crlf: bool, bom: bool, sasaran: bool) -> None:
    text = dump_rkt(original)
    raw = (BOM if bom else b"") + (text.replace("\n", "\r\n") if crlf else text).encode()
    assume(not add_ids(raw, "test.yaml").checked.has_errors)  # a random text may trip an error rule
    result = added(raw, sasaran)
    expected = len(list(walk_indikator(original))) + (len(list(walk_sasaran(original))) if sasaran else 0)
    assert len(result.new_ids) == expected
    assert unified_diff(raw, result.new_ids, "f.yaml") == difflib_diff(raw, result.updated or b"", "f.yaml")


@pytest.mark.parametrize("line_break", ["\n", "\r"])
def test_wide_characters_and_unicode_line_breaks_before_a_flow_item(line_break: str) -> None:
    # Columns count characters (an emoji is one), and a raw U+2028 in a quoted text is a line
    # break to libyaml: the offsets must agree with its marks. Old Mac CR-only files too.
    text = SMALL.format(kode='"6709"', rows="          - {indikator}").replace(
        "          - {indikator}",
        "          - {uraian: P\u00e9rsentase \u00f1 \u2713 \U0001f600 a, target: 95, kegiatan: K \U0001f600}\n"
        "          - {uraian: Persentase b, target: 95, kegiatan: Kegiatan b}",
    )
    text = text.replace("  - nama: Program A", '  - nama: "Program\u2028 A"')
    result = added(text.replace("\n", line_break).encode())
    assert ids_of(result) == ["6709.1", "6709.2"]


def test_an_indikator_keeps_its_id_and_new_ids_never_collide() -> None:
    # The second row already has the id the first would get, and a sasaran-level id is taken too.
    raw = small([row("a"), row("b", ", id: '6709.1'"), row("c"), row("d", ", id: 6709.3-2")])
    result = added(raw)
    assert ids_of(result) == ["6709.1-2", "6709.3"]


def test_ids_of_both_kinds_are_avoided() -> None:
    text = (
        small([row("a")])
        .decode()
        .replace("      - nama: Sasaran satu", '      - id: "6709.1"\n        nama: Sasaran satu')
    )
    result = added(text.encode())
    assert ids_of(result) == ["6709.1-2"]


def test_a_kode_that_is_no_id_word_falls_back_to_the_row_number() -> None:
    result = added(small([row("a"), row("b")], kode='"6709 A"'))
    assert ids_of(result) == ["iku-1", "iku-2"]


def test_the_sasaran_id_is_the_prefix_when_the_kode_cannot_be() -> None:
    text = small([row("a"), row("b")], kode='"6709 A"').decode()
    text = text.replace("        kode:", "        id: ss-satu\n        kode:")
    result = added(text.encode())
    assert ids_of(result) == ["ss-satu.1", "ss-satu.2"]


def test_with_sasaran_a_kode_that_is_no_id_word_gives_sasaran_n() -> None:
    result = added(small([row("a")], kode='"6709 A"'), sasaran=True)
    assert ids_of(result) == ["sasaran-1", "iku-1"]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("iku-1", "iku-1"),
        ("6709.1", '"6709.1"'),
        ("6709", '"6709"'),
        ("no", '"no"'),
        ("Null", '"Null"'),
        ("a_b", "a_b"),
    ],
)
def test_an_id_is_quoted_when_plain_it_would_not_load_as_that_text(value: str, written: str) -> None:
    assert yaml_id(value) == written


def test_nothing_to_add_gives_the_same_bytes() -> None:
    raw = small([row("a", ", id: x1"), row("b", ", id: x2")])
    result = add_ids(raw, "test.yaml")
    assert result.new_ids == [] and result.updated == raw and not result.refusals


def test_an_empty_id_key_is_refused_at_its_line() -> None:
    raw = small([row("a"), row("b", ", id: ")])
    result = add_ids(raw, "test.yaml")
    # The schema refuses a key written empty (as `rkt validate` does), so the file is not edited.
    assert result.updated is None and result.checked.has_errors
    errors = [(d.line, d.message) for d in result.checked.diagnostics if d.is_error]
    assert errors == [(13, "is empty: write the value after the colon, or leave the key out")]


def test_a_file_with_errors_is_not_edited() -> None:
    raw = small([row("a"), "uraian: Persentase b, kegiatan: Kegiatan b"])  # no target
    result = add_ids(raw, "test.yaml")
    assert result.checked.has_errors and result.updated is None and result.new_ids == []


def test_an_alias_is_refused_by_the_loader_at_its_line() -> None:
    raw = small([row("a")]).decode().replace("        pelaksana: Subbagian A", "        pelaksana: &p Subbagian A")
    raw = raw.replace("kegiatan: Kegiatan a}", "kegiatan: Kegiatan a, pelaksana: *p}")
    result = add_ids(raw.encode(), "test.yaml")
    assert result.updated is None
    codes = [(d.code, d.line) for d in result.checked.diagnostics if d.is_error]
    assert codes == [("RKT003", 12)]


def top_level_sasaran_supported() -> bool:
    return "sasaran" in RKT.model_fields


@pytest.mark.skipif(not top_level_sasaran_supported(), reason="needs the model change (tag model-optional)")
def test_top_level_sasaran_without_programs() -> None:
    raw = b"""\
instansi: KPU
unit: Sekretariat
tahun: 2024
sasaran:
  - nama: Sasaran tanpa kode
    pelaksana: Subbagian A
    indikator:
      - uraian: Persentase a
        target: 95
      - {uraian: Persentase b, target: 90}
  - nama: Sasaran dengan kode
    kode: "6709"
    pelaksana: Subbagian A
    indikator:
      - uraian: Persentase c
        target: 95
penandatangan: []
"""
    result = add_ids(raw, "test.yaml", sasaran=True)
    assert not result.checked.has_errors and not result.refusals and result.updated is not None
    assert ids_of(result) == ["sasaran-1", "iku-1", "iku-2", "6709", "6709.1"]
    assert without_ids(result.updated, result) == raw
    assert add_ids(result.updated, "test.yaml", sasaran=True).new_ids == []


@pytest.mark.skipif(not top_level_sasaran_supported(), reason="needs the model change (tag model-optional)")
def test_the_hand_written_pk_with_some_ids() -> None:
    raw = (ROOT / "tests" / "data" / "valid" / "sasaran_tanpa_program.yaml").read_bytes()
    result = added(raw, sasaran=True)
    # The second indikator of sasaran ss-1 is named after it; the other sasaran has neither kode nor id.
    assert ids_of(result) == ["ss-1.2", "sasaran-2", "iku-3"]


# The missing-id rule (RKT218, rules.missing_id).


def missing_ids(rkt: RKT) -> list[Finding]:
    return list(missing_id(Document(rkt)))


def model(raw: bytes) -> RKT:
    checked = check_text(raw.decode())
    assert checked.model is not None
    return checked.model


def test_no_ids_at_all_says_nothing() -> None:
    assert list(missing_ids(model(small([row("a"), row("b")])))) == []


def test_every_id_present_says_nothing() -> None:
    assert list(missing_ids(model(small([row("a", ", id: x1"), row("b", ", id: x2")])))) == []


def test_some_ids_missing_is_one_finding_at_the_first_without_one() -> None:
    findings = list(missing_ids(model(small([row("a", ", id: x1"), row("b"), row("c")]))))
    assert [f.path for f in findings] == [("program", 0, "sasaran", 0, "indikator", 1)]
    assert findings[0].message.startswith("2 of 3 indikator have no id (this is the first)")
    assert "`rkt ids --write`" in findings[0].message


def test_sasaran_ids_missing_on_some_is_its_own_finding() -> None:
    text = DATA.read_text().replace('        kode: "6709"', '        kode: "6709"\n        id: s1', 1)
    findings = list(missing_ids(model(text.encode())))
    assert [f.path for f in findings] == [("program", 0, "sasaran", 1)]
    assert findings[0].message.startswith("8 of 9 sasaran have no id") and "--sasaran" in findings[0].message


def difflib_diff(before: bytes, after: bytes, name: str) -> str:
    """What difflib makes of the two versions (LF lines), marking a last line without a break."""
    split = re.compile(r"[^\n]*\n|[^\n]+$")
    old = split.findall(before.decode("utf-8-sig"))
    new = split.findall(after.decode("utf-8-sig"))
    out = []
    for line in difflib.unified_diff(old, new, name, name):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


@pytest.mark.parametrize("sasaran", [False, True])
@pytest.mark.parametrize(
    "raw",
    [
        DATA.read_bytes(),
        LAYOUTS.encode(),
        BOM + LAYOUTS.replace("\n", "\r\n").encode() + b"\r\n",
        small([row("a"), row("b", ", id: x"), row("c")]),
    ],
    ids=["rkt_2024", "layouts", "crlf-bom", "small"],
)
def test_the_diff_is_the_one_difflib_makes(raw: bytes, sasaran: bool) -> None:
    result = added(raw, sasaran)
    assert result.updated is not None
    assert unified_diff(raw, result.new_ids, "f.yaml") == difflib_diff(raw, result.updated, "f.yaml")


@pytest.mark.parametrize(
    ("between", "headers"), [(6, ["@@ -9,13 +9,13 @@"]), (7, ["@@ -9,7 +9,7 @@", "@@ -17,6 +17,6 @@"])]
)
def test_changes_far_apart_get_a_hunk_each(between: int, headers: list[str]) -> None:
    # As diff -u: six unchanged lines (twice the context) between two changes still make one hunk.
    rows = [row("a")] + [row(f"b{n}", f", id: x{n}") for n in range(between)] + [row("z")]
    raw = small(rows)
    result = added(raw)
    diff = unified_diff(raw, result.new_ids, "f.yaml")
    assert [line for line in diff.splitlines() if line.startswith("@@")] == headers
    assert diff == difflib_diff(raw, result.updated or b"", "f.yaml")
