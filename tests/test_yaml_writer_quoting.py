"""The YAML writer quotes every text that a YAML 1.1 or 1.2 reader would take for something else.

Issue 15: `kegiatan: 1e3` and `pelaksana: 2E5` were written plain, and read back as floats.
Each text goes through the writer and back through both readers that matter: rkt's own loader
(YAML 1.2 core schema) and PyYAML's safe_load (YAML 1.1), which other tools use.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rkt_cli.checking import check_file, check_text
from rkt_cli.loader import load_yaml_bytes
from rkt_cli.yaml_writer import dump_rkt, scalar

DATA = Path(__file__).parent.parent / "data" / "rkt_2024.yaml"

# Texts each reader is known to take for a number, bool, null or date when written plain.
LOOKALIKES = [
    "1e3", "2E5", "1.0e3", "1e-3", ".5", "-.5", "+1", "0x1F", "0o17", "0b101", "012", "1_000", "1.", "1.2.3",
    "12:30:00", "1:20", "190:20:30.15", "~", "null", "Null", "NULL", "true", "False", "TRUE",
    "Yes", "No", "On", "Off", "y", "n", "Y", "N", "YES", "off",
    ".inf", "-.inf", "+.INF", ".nan", ".NaN", "2024-01-25", "2024-1-5", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5", "<<", "=",
]  # fmt: skip


def _read_back(text: str) -> tuple[object, object]:
    line = f"k: {scalar(text)}\n"
    ours = load_yaml_bytes(line.encode("utf-8"), "t.yaml")
    assert ours.ok, ours.diagnostics
    return ours.data["k"], yaml.safe_load(line)["k"]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_are_quoted_and_read_back_as_text(text: str) -> None:
    assert _read_back(text) == (text, text)


@pytest.mark.parametrize("text", ["x\u2028y", "x\u2029y", "a\rb"])
def test_line_breaks_that_yaml_11_knows_are_kept(text: str) -> None:
    # PyYAML writes these raw inside single quotes, and reading folds them into a space: escape them.
    assert _read_back(text) == (text, text)


def test_nel_is_escaped_so_that_the_loader_names_it_instead_of_folding_it() -> None:
    """NEL (a C1 control) cannot go into a document, so the loader refuses it (RKT009); written
    escaped, it reaches the loader as itself and is named there, instead of becoming a space."""
    line = "k: " + scalar("a\x85b") + "\n"
    assert "\\N" in line
    assert yaml.safe_load(line)["k"] == "a\x85b"
    loaded = load_yaml_bytes(line.encode("utf-8"), "t.yaml")
    assert [(d.code, d.line, d.col) for d in loaded.diagnostics] == [("RKT009", 1, 4)]


def test_ordinary_wording_stays_plain() -> None:
    for text in ("Subbagian Rendatin", "95 dokumen", "6709.EBA.994", "e5", "Bimtek (Tahap 1)"):
        assert scalar(text) == text


def _lookalike_strategy() -> st.SearchStrategy[str]:
    sign = st.sampled_from(["", "+", "-"])
    digits = st.from_regex(r"[0-9][0-9_]{0,4}", fullmatch=True)
    number = st.builds(
        lambda s, a, dot, b, exp: f"{s}{a}{dot}{b}{exp}",
        sign,
        digits,
        st.sampled_from(["", ".", ":", "-"]),
        st.sampled_from(["", "0", "5", "30", "01", "59"]),
        st.sampled_from(["", "e3", "E5", "e-2", "E+10"]),
    )
    prefixed = st.builds(lambda s, p, d: f"{s}{p}{d}", sign, st.sampled_from(["0x", "0o", "0b", "0X"]), digits)
    words = st.sampled_from(
        ["yes", "no", "on", "off", "y", "n", "true", "false", "null", "~", ".inf", ".nan", "<<", "="]
    ).flatmap(lambda w: st.sampled_from([w, w.upper(), w.title()]))
    date = st.builds(
        lambda y, m, d, t: f"{y:04d}-{m}-{d}{t}",
        st.integers(1000, 9999),
        st.sampled_from(["1", "01", "12"]),
        st.sampled_from(["5", "05", "31"]),
        st.sampled_from(["", " 1:02:03", "T10:20:30Z", "t10:20:30.5+07:00"]),
    )
    return st.one_of(number, prefixed, words, date, st.text(max_size=12))


@settings(max_examples=400, deadline=None)
@given(text=_lookalike_strategy())
def test_dump_then_load_gives_back_the_text(text: str) -> None:
    # Control characters are refused by the loader on purpose (RKT009), C1 ones (NEL included)
    # too; PyYAML's reader refuses lone surrogates, written raw or escaped alike.
    assume(not any((ord(c) < 32 and c not in "\n\r\t") or c in "\x7f\ufffe\uffff" for c in text))
    assume(not any(0x80 <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in text))
    assert _read_back(text) == (text, text)


def test_import_of_1e3_and_2e5_round_trips_through_the_model() -> None:
    model = check_file(DATA).model
    assert model is not None
    sasaran = model.program[0].sasaran[0]
    first = sasaran.indikator[0].model_copy(update={"kegiatan": "1e3", "pelaksana": "2E5"})
    changed = model.model_copy(
        update={
            "program": [
                model.program[0].model_copy(
                    update={"sasaran": [sasaran.model_copy(update={"indikator": [first, *sasaran.indikator[1:]]})]}
                ),
                *model.program[1:],
            ]
        }
    )
    text = dump_rkt(changed)
    assert 'kegiatan: "1e3"' in text and 'pelaksana: "2E5"' in text
    checked = check_text(text)
    assert checked.model == changed
