"""The YAML loader: conversion rules (YAML 1.2 core, decided on purpose), positions, limits."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from rkt_cli.diagnostics import MAX_DIAGNOSTICS_PER_RULE, Diagnostic
from rkt_cli.loader import SourceMap, format_path, load_yaml_bytes


def load(text: str) -> tuple[Any, list[Diagnostic]]:
    loaded = load_yaml_bytes(text.encode("utf-8"), "t.yaml")
    return loaded.data, loaded.diagnostics


def value_of(plain: str) -> tuple[Any, list[str]]:
    """The Python value of `v: <plain>` and the codes of any diagnostics."""
    data, diagnostics = load(f"v: {plain}\n")
    return data["v"], [d.code for d in diagnostics]


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("2024", 2024),
        ("-5", -5),
        ("+7", 7),
        ("0", 0),
        ("87.5", 87.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("822,654,000", "822,654,000"),  # a string for the rupiah parser, not 822654000
        ("822.654.000", "822.654.000"),
        ("1_000", "1_000"),  # YAML 1.1 would read 1000
        ("2024-01-25", "2024-01-25"),  # stays text until the model reads it as a date
        ("0x1F", "0x1F"),  # YAML 1.1 hexadecimal
        ("1:30", "1:30"),  # YAML 1.1 sexagesimal (90)
        (".inf", ".inf"),
        ("Prabumulih", "Prabumulih"),
        ('"2024"', "2024"),
        ("'true'", "true"),
        ("!!str 95", "95"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(plain: str, expected: Any) -> None:
    value, codes = value_of(plain)
    assert value == expected
    assert type(value) is type(expected)
    assert codes == []


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "y", "n", "No", "YES", "Off"])
def test_yaml_1_1_booleans_stay_text_with_a_warning(word: str) -> None:
    data, diagnostics = load(f"v: {word}\n")
    assert data == {"v": word}
    assert [(d.code, d.severity.value, d.line, d.col, d.path) for d in diagnostics] == [
        ("RKT010", "warning", 1, 4, "v")
    ]
    assert f'quote it ("{word}")' in diagnostics[0].message


@pytest.mark.parametrize("word", ["no", "yes", "on"])
def test_quoted_yaml_1_1_booleans_need_no_warning(word: str) -> None:
    assert load(f'v: "{word}"\n') == ({"v": word}, [])


def test_leading_zero_number_stays_text_with_a_warning() -> None:
    data, diagnostics = load("v: 010\n")
    assert data == {"v": "010"}
    assert [d.code for d in diagnostics] == ["RKT010"]
    assert "octal" in diagnostics[0].message


def test_block_scalars_are_text() -> None:
    data, diagnostics = load("a: |\n  123\nb: >-\n  no\n  yes\n")
    assert data == {"a": "123\n", "b": "no yes"}
    assert diagnostics == []


def test_keys_are_strings_even_when_they_look_like_numbers() -> None:
    data, _ = load("2024: a\ntrue: b\n")
    assert data == {"2024": "a", "true": "b"}


def test_duplicate_key_names_both_lines_and_keeps_the_first() -> None:
    data, diagnostics = load("a: 1\nb: 2\na: 3\n")
    assert data == {"a": 1, "b": 2}
    (duplicate,) = diagnostics
    assert (duplicate.code, duplicate.line, duplicate.col, duplicate.related_line) == ("RKT002", 3, 1, 1)
    assert "first at line 1, again at line 3" in duplicate.message


def test_alias_is_reported_at_its_use_and_not_expanded() -> None:
    data, diagnostics = load("a: &x [1, 2]\nb: *x\n")
    assert data == {"a": [1, 2], "b": None}
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("RKT003", 2, 4)]


def test_alias_as_a_key_is_reported_too() -> None:
    data, diagnostics = load("&k a: 1\nb: {*k : 2}\n")
    assert data == {"a": 1, "b": {}}
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("RKT003", 2, 5)]


def test_recursive_alias_terminates() -> None:
    _, diagnostics = load("a: &x [1, *x]\n")
    assert [d.code for d in diagnostics] == ["RKT003"]


@pytest.mark.parametrize("tag", ["!foo", "!!binary", "!!python/object:os.system", "!!set", "!!timestamp"])
def test_unknown_tags_are_refused(tag: str) -> None:
    data, diagnostics = load(f"v: {tag} abc\n")
    assert data == {"v": None}
    assert [d.code for d in diagnostics] == ["RKT011"]


def test_escaped_control_character_in_double_quotes_is_an_error() -> None:
    _, diagnostics = load('v: "a\\x07b"\n')
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("RKT009", 1, 4)]


def test_raw_control_character_is_found_at_its_column() -> None:
    _, diagnostics = load("a: 1\nv: ab\x07c\n")
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("RKT009", 2, 6)]


def test_tab_indentation_is_found_before_parsing() -> None:
    _, diagnostics = load("a:\n\tb: 1\n")
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("RKT006", 2, 1)]


def test_a_tab_inside_a_value_is_fine() -> None:
    assert load("a: x\ty\n") == ({"a": "x\ty"}, [])


def test_bom_is_ignored_and_positions_still_count_from_the_first_line() -> None:
    loaded = load_yaml_bytes("\ufeff# comment\n\na: [1,\n".encode(), "t.yaml")
    (error,) = loaded.diagnostics
    assert error.code == "RKT001"
    assert error.line == 4  # the end of the file, where the flow sequence should have closed


def test_latin_1_byte_is_located_in_characters() -> None:
    raw = "a: 1\nnama: ANDRÉ ÉÉ\n".encode("latin-1")
    (error,) = load_yaml_bytes(raw, "t.yaml").diagnostics
    assert (error.code, error.line, error.col) == ("RKT005", 2, 11)
    assert "0xC9" in error.message


def test_column_after_multibyte_utf8_then_bad_byte_counts_characters() -> None:
    raw = "nama: é".encode() + b"\xe9\n"
    (error,) = load_yaml_bytes(raw, "t.yaml").diagnostics
    assert (error.line, error.col) == (1, 8)


def test_a_word_document_is_named_as_such() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>" * 100)
    (error,) = load_yaml_bytes(buffer.getvalue(), "RKT_2023.docx").diagnostics
    assert (error.code, error.line, error.col) == ("RKT005", 1, 1)
    assert "Word document" in error.message and "rkt import" in error.message


def test_utf16_file_is_named_as_such() -> None:
    (error,) = load_yaml_bytes("a: 1\n".encode("utf-16"), "t.yaml").diagnostics
    assert error.code == "RKT005" and "UTF-16" in error.message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "RKT007"),
        ("# only\n", "RKT007"),
        ("---\n", "RKT007"),
        ("--- # start\n...\n", "RKT007"),
        ("~\n", "RKT007"),
        ("- a\n", "RKT008"),
        ("x\n", "RKT008"),
        ('""\n', "RKT008"),
    ],
)
def test_documents_that_are_not_a_mapping(text: str, code: str) -> None:
    data, diagnostics = load(text)
    assert data is None
    assert [d.code for d in diagnostics] == [code]


def test_second_document_is_refused() -> None:
    _, diagnostics = load("a: 1\n---\nb: 2\n")
    assert [(d.code, d.line) for d in diagnostics] == [("RKT001", 2)]


def test_syntax_error_gives_a_hint_for_a_colon_in_text() -> None:
    _, diagnostics = load("kegiatan: Rapat: koordinasi\n")
    (error,) = diagnostics
    assert (error.code, error.line, error.col) == ("RKT001", 1, 16)
    assert "in quotes" in error.message


def test_nesting_beyond_the_limit_is_an_error() -> None:
    _, diagnostics = load("a: " + "[" * 100 + "]" * 100 + "\n")
    assert [d.code for d in diagnostics] == ["RKT012"]


def test_non_scalar_key_is_refused() -> None:
    data, diagnostics = load("? [a, b]\n: 1\nc: 2\n")
    assert data == {"c": 2}
    assert [d.code for d in diagnostics] == ["RKT013"]


def test_repeated_mistakes_are_capped_per_kind() -> None:
    text = "".join(f"k{i}: no\n" for i in range(MAX_DIAGNOSTICS_PER_RULE + 20))
    _, diagnostics = load(text)
    assert len(diagnostics) == MAX_DIAGNOSTICS_PER_RULE + 1
    assert diagnostics[-1].count == 20 and diagnostics[-1].message.startswith("… and 20 more")


SAMPLE = """\
# a comment line
top: 1
items:
  - name: a
    value: 10
  - {name: b, value: 20}
nested:
  inner:
    leaf: x
"""


def test_source_map_locates_values_keys_and_nearest_ancestors() -> None:
    source_map = load_yaml_bytes(SAMPLE.encode(), "t.yaml").source_map
    assert source_map.locate(("top",)) == (2, 6)
    assert source_map.locate(("top",), prefer_key=True) == (2, 1)
    assert source_map.locate(("items", 0, "value")) == (5, 12)
    assert source_map.locate(("items", 0, "value"), prefer_key=True) == (5, 5)
    assert source_map.locate(("items", 1)) == (6, 5)
    assert source_map.locate(("items", 1, "value")) == (6, 22)
    assert source_map.locate(("nested", "inner", "leaf")) == (9, 11)
    # Paths that do not exist fall back to the nearest ancestor that does.
    assert source_map.locate(("items", 7, "name")) == (4, 3)
    assert source_map.locate(("nested", "inner", "missing")) == (9, 5)
    assert source_map.locate(("nope",)) == (2, 1)
    assert source_map.locate(()) == (2, 1)


def test_source_map_without_a_tree_puts_everything_at_the_start() -> None:
    assert SourceMap().locate(("x",)) == (1, 1)
    assert SourceMap().locate(("x",), prefer_key=True) == (1, 1)


def test_format_path() -> None:
    assert format_path(("program", 0, "sasaran", 1, "anggaran")) == "program[0].sasaran[1].anggaran"
    assert format_path(()) == ""
    assert format_path((0, "a")) == "[0].a"


def test_absurdly_long_number_is_an_error_not_a_crash() -> None:
    # Python's int() refuses more than 4300 digits; the loader must not pass such text to it.
    data, diagnostics = load("v: " + "9" * 5000 + "\n")
    assert data == {"v": None}
    assert [(d.code, d.message) for d in diagnostics] == [("RKT014", "a number of 5000 digits is too long")]


def test_source_map_span_covers_the_lines_of_a_multi_line_value() -> None:
    source_map = load_yaml_bytes(b"a: >-\n  one\n  two\nb: plain\n  wrapped\nc: x\n", "t.yaml").source_map
    assert source_map.span(("a",)) == (1, 4, 3)  # not line 4, where the block scalar's end mark stands
    assert source_map.span(("b",)) == (4, 4, 5)
    assert source_map.span(("c",)) == (6, 4, 6)
    assert SourceMap().span(("a",)) == (1, 1, 1)
