"""The shortcuts of rules.Document: one search over the joined texts finds what a search of
each text finds, and the cues that pick the texts worth a spelling search miss no misspelling."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from rkt_cli import check_text
from rkt_cli.rule_document import _SEPARATOR, folded_text
from rkt_cli.rules import (
    _BRACKET_OR_QUOTE,
    _MISSPELLED,
    _MISSPELLING_CUES,
    _YEAR_MENTION,
    MISSPELLINGS,
)
from tests.test_rules import BASE, DEFAULTS

# Texts made of the characters that matter to the patterns: word characters, spaces of several
# kinds, brackets, quotes, digits and letters that fold in unusual ways.
_ALPHABET = 'Tt ahunAnggr2023 4\t\n\u00a0persntaikPSEKRİıſßK()[]{}"“”x_'
texts = st.lists(st.text(alphabet=_ALPHABET, max_size=40), max_size=8)


def _per_text(pattern: re.Pattern[str], fields: list[str]) -> list[tuple[int, str, tuple[str | None, ...]]]:
    return [(i, m.group(), m.groups()) for i, text in enumerate(fields) for m in pattern.finditer(text)]


def _joined(pattern: re.Pattern[str], fields: list[str]) -> list[tuple[int, str, tuple[str | None, ...]]]:
    joined = _SEPARATOR.join(fields)
    starts = []
    start = 0
    for text in fields:
        starts.append(start)
        start += len(text) + 1
    found = []
    for m in pattern.finditer(joined):
        index = max(i for i, s in enumerate(starts) if s <= m.start())
        found.append((index, m.group(), m.groups()))
    return found


@given(texts)
def test_one_search_over_the_joined_texts_finds_what_each_text_holds(fields: list[str]) -> None:
    fields = [text.replace(_SEPARATOR, "") for text in fields]  # the loader refuses NUL in a text
    for pattern in (_YEAR_MENTION, _BRACKET_OR_QUOTE, _MISSPELLED):
        assert _joined(pattern, fields) == _per_text(pattern, fields)


def test_the_year_pattern_is_the_plain_one_with_its_boundary_moved() -> None:
    plain = re.compile(r"\b[Tt]ahun(?:\s+[Aa]nggaran)?\s+(\d{4})\b")
    for text in ("Tahun 2023", "xTahun 2023", "tahun  anggaran 2025x", "(Tahun\n 2024)", "_tahun 2024", "é Tahun 1999"):
        assert [m.span() for m in _YEAR_MENTION.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_every_misspelling_holds_a_cue_and_no_right_word_does() -> None:
    for wrong, right in MISSPELLINGS.items():
        assert any(cue in wrong for cue in _MISSPELLING_CUES), wrong
        assert not any(cue in folded_text(right) for cue in _MISSPELLING_CUES), right


def test_each_character_the_search_takes_for_a_letter_folds_to_that_letter() -> None:
    # The cues are looked for in the casefolded text: that finds every misspelling only if
    # each character re.IGNORECASE matches to a letter of the words folds to the letter
    # (the dotted İ folds to i + U+0307, which breaks no cue: an i comes last in a cue).
    letters = sorted(set("".join(MISSPELLINGS)))
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    for match in re.finditer("[" + "".join(letters) + "]", every_character, re.IGNORECASE):
        char = match.group()
        for letter in letters:
            if re.fullmatch(letter, char, re.IGNORECASE):
                assert folded_text(char).replace("\u0307", "") == letter, (hex(ord(char)), letter)


def test_a_misspelling_with_a_dotted_or_dotless_i_is_reported_not_a_crash() -> None:
    for word in ("PERSENTASİ", "Persentası", "perſentasi"):
        text = BASE.format(**{**DEFAULTS, "uraian1": f"{word} laporan keuangan"})
        messages = [d.message for d in check_text(text, "case.yaml").diagnostics if d.code == "RKT210"]
        assert messages == [f"'{word}' should be 'Persentase'"]


def test_misspellings_and_years_in_many_texts_are_each_reported_in_document_order() -> None:
    text = BASE.format(
        **{
            **DEFAULTS,
            "uraian1": "Prosentase laporan Tahun 2023 dan persentasi",
            "uraian2": "Persentase gedung (Sekertariat) tahun anggaran 2022",
        }
    )
    found = [(d.code, d.line, d.col, d.message) for d in check_text(text, "case.yaml").diagnostics]
    spelling = [f for f in found if f[0] == "RKT210"]
    years = [f for f in found if f[0] == "RKT214"]
    assert [f[3] for f in spelling] == [
        "'Prosentase' should be 'Persentase'",
        "'persentasi' should be 'Persentase'",
        "'Sekertariat' should be 'Sekretariat'",
    ]
    assert [f[3] for f in years] == [
        "mentions Tahun 2023 in the RKT for tahun 2024",
        "mentions tahun anggaran 2022 in the RKT for tahun 2024",
    ]
    assert spelling[0][1] == spelling[1][1] < spelling[2][1]
    assert spelling[0][2] < spelling[1][2]
