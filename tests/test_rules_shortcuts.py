"""The rules' cheaper paths find exactly what the plain ones found: the year search that starts
at each "ahun", the bracket search by `str.find`, the walk over the brackets alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rkt_cli.loader import format_path
from rkt_cli.model import RKT
from rkt_cli.rule_document import Document, comparable, last_compared
from rkt_cli.rules import (
    _BRACKET_OR_QUOTE,
    _BRACKETS_AND_QUOTES,
    _PAIRS,
    _YEAR_MENTION,
    _from,
    _unbalanced,
    duplicate_indikator,
    indikator_is_kegiatan,
)

# The characters that matter to the patterns: the year's words and digits (a full-width digit
# too), spaces of several kinds, brackets and quotes, word characters around them.
_ALPHABET = 'Tt ahunAnggr2023\uff12 4\t\n\u00a0_x()[]{}"“”é'
_TOKENS = [
    "Tahun",
    "tahun",
    "T",
    "ahun",
    "Anggaran",
    "anggaran",
    "2023",
    "2024",
    "\uff12\uff10\uff12\uff13",
    " ",
    "  ",
    "\n",
]
_TEXT = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=40),
    st.lists(st.sampled_from(_TOKENS + list(_ALPHABET)), max_size=12).map("".join),
)
texts = st.lists(_TEXT.filter(str.strip), min_size=1, max_size=8)


def _document(uraian: list[str]) -> Document:
    """A document whose indikator carry `uraian`, one each, besides its fixed texts."""
    indikator = [{"uraian": text, "target": 1, "kegiatan": text} for text in uraian]
    data = {
        "instansi": "Tahun 2023 (x",
        "unit": "Unit",
        "tahun": 2024,
        "program": [{"nama": "Program", "sasaran": [{"nama": "Sasaran", "indikator": indikator}]}],
    }
    return Document(RKT.model_validate(data))


@given(texts)
def test_the_year_search_from_each_literal_finds_what_a_search_of_each_text_finds(uraian: list[str]) -> None:
    document = _document(uraian)
    found = [(field, m.group(), m.groups()) for field, m in document.matches_at(_YEAR_MENTION, "ahun", 1)]
    expected = [(field, m.group(), m.groups()) for field in document.fields for m in _YEAR_MENTION.finditer(field.text)]
    assert found == expected


@given(texts)
def test_the_fields_containing_a_bracket_are_those_the_pattern_finds_one_in(uraian: list[str]) -> None:
    assert set(_BRACKETS_AND_QUOTES) == {chr(c) for c in range(0x3000) if _BRACKET_OR_QUOTE.match(chr(c))}
    document = _document(uraian)
    expected = [field for field in document.fields if _BRACKET_OR_QUOTE.search(field.text)]
    assert list(document.fields_containing(_BRACKETS_AND_QUOTES)) == expected


def _unbalanced_walking_every_character(text: str) -> tuple[str, str | None] | None:
    """The walk as it was before it visited only the brackets: the oracle."""
    stack: list[tuple[str, int]] = []
    for index, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append((ch, index))
        elif ch in _PAIRS.values():
            if not stack or _PAIRS[stack[-1][0]] != ch:
                return f"'{ch}' closes nothing", _from(text, index)
            stack.pop()
    if stack:
        opener, index = stack[-1]
        return f"'{opener}' is never closed", _from(text, index)
    if text.count('"') % 2:
        return 'a double quote (") is never closed', None
    if text.count("“") != text.count("”"):
        return "curly quotes “ ” do not pair up", None
    return None


@given(_TEXT)
def test_walking_the_brackets_alone_reports_what_walking_every_character_did(text: str) -> None:
    assert _unbalanced(text) == _unbalanced_walking_every_character(text)


def test_a_duplicate_uraian_and_one_repeated_as_kegiatan_are_found_keeping_rows_not_paths() -> None:
    document = _document(["Jumlah  Dokumen", "jumlah dokumen", "Lain"])
    duplicates = list(duplicate_indikator(document))
    assert [(format_path(f.path), f.message) for f in duplicates] == [
        (
            "program[0].sasaran[0].indikator[1].uraian",
            "same indikator text as program[0].sasaran[0].indikator[0]",
        )
    ]
    assert len(list(indikator_is_kegiatan(document))) == 3  # each row's kegiatan is its uraian


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
    | st.text(alphabet="ßſİıΣσς \t\u00a0\u2028xX", max_size=8)
)
def test_the_last_compared_character_is_the_comparable_texts_last(text: str) -> None:
    assert last_compared(text) == comparable(text)[-1:]
