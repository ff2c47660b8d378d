"""The three output forms of diagnostics: text with a caret, JSON, GitHub annotations."""

from __future__ import annotations

import json

from rkt_cli.diagnostics import (
    Diagnostic,
    Severity,
    format_github,
    format_json,
    format_one_line,
    format_text,
    promote_warnings,
    sort_diagnostics,
)

ERROR = Diagnostic("RKT103", Severity.ERROR, "data/rkt.yaml", 14, 19, "program[0].sasaran[1].anggaran", "bad amount")
WARNING = Diagnostic("RKT206", Severity.WARNING, "data/rkt.yaml", 3, 1, "unit", "'(' is never closed")


def test_one_line_form() -> None:
    assert format_one_line(ERROR) == "data/rkt.yaml:14:19: error[RKT103] program[0].sasaran[1].anggaran: bad amount"


def test_file_level_diagnostic_has_no_position() -> None:
    whole_file = Diagnostic("RKT004", Severity.ERROR, "big.yaml", 0, 0, "", "too large")
    assert format_one_line(whole_file) == "big.yaml: error[RKT004] too large"


def test_text_shows_source_line_and_caret() -> None:
    lines = ["x"] * 13 + ["        anggaran: 822.65"]
    text = format_text([ERROR], {"data/rkt.yaml": lines})
    first, source, caret = text.splitlines()
    assert first.startswith("data/rkt.yaml:14:19:")
    assert source.endswith("|         anggaran: 822.65")
    assert caret.index("^") == source.index("8")


def test_caret_follows_tabs() -> None:
    diagnostic = Diagnostic("RKT006", Severity.ERROR, "f.yaml", 1, 3, "", "tab")
    caret = format_text([diagnostic], {"f.yaml": ["\t x: 1"]}).splitlines()[2]
    assert caret.endswith("\t ^")


def test_sorting_is_by_file_then_position() -> None:
    assert sort_diagnostics([ERROR, WARNING]) == [WARNING, ERROR]


def test_strict_promotes_warnings() -> None:
    (promoted,) = promote_warnings([WARNING])
    assert promoted.severity is Severity.ERROR and promoted.code == "RKT206"


def test_json_counts_and_fields() -> None:
    payload = json.loads(format_json([ERROR, WARNING]))
    assert (payload["errors"], payload["warnings"]) == (1, 1)
    assert payload["diagnostics"][0] == {
        "code": "RKT103",
        "severity": "error",
        "file": "data/rkt.yaml",
        "line": 14,
        "col": 19,
        "path": "program[0].sasaran[1].anggaran",
        "message": "bad amount",
    }


def test_github_annotations_are_escaped() -> None:
    tricky = Diagnostic("RKT101", Severity.WARNING, "a,b:c.yaml", 2, 5, "x", "50% done\nnext: line")
    line = format_github([tricky])
    assert line == "::warning file=a%2Cb%3Ac.yaml,line=2,col=5,title=RKT101 x::50%25 done%0Anext: line"
    assert "\n" not in line


def test_a_long_source_line_is_shown_as_a_window_around_the_caret() -> None:
    line = "x" * 5000 + "SALAH" + "y" * 5000
    diagnostic = Diagnostic("RKT210", Severity.WARNING, "f.yaml", 1, 5001, "p", "misspelt")
    _, source, caret = format_text([diagnostic], {"f.yaml": [line]}).splitlines()
    assert len(source) < 200
    assert source.endswith("…") and "| …" in source
    # The caret stands under the S of SALAH.
    assert source[caret.index("^") : caret.index("^") + 5] == "SALAH"


def test_a_short_source_line_is_shown_whole() -> None:
    diagnostic = Diagnostic("RKT210", Severity.WARNING, "f.yaml", 1, 9, "p", "misspelt")
    _, source, caret = format_text([diagnostic], {"f.yaml": ["uraian: Persentasi"]}).splitlines()
    assert source.endswith("| uraian: Persentasi")
    assert source[caret.index("^") :] == "Persentasi"
