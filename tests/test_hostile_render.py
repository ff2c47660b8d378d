"""Hostile data on its way to the document (issue 15): signing dates the zip format cannot hold,
C1 control characters. Each case: the right exit code, one line naming the file, no traceback."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rkt_cli.checking import check_file
from rkt_cli.cli.app import app
from rkt_cli.layout import build_layout
from rkt_cli.model import MAX_SIGNING_YEARS_FROM_TAHUN, RKT
from rkt_cli.render.docx import ZIP_LATEST, document_datetime, normalize_zip, render_docx
from rkt_cli.templating import load_template
from tests.render_support import DATA

runner = CliRunner()


def _with_tanggal(tmp_path: Path, tanggal: str) -> Path:
    text = DATA.read_text(encoding="utf-8").replace("tanggal: 2024-01-25", f"tanggal: {tanggal}")
    assert f"tanggal: {tanggal}" in text
    target = tmp_path / "rkt.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize("tanggal", ["9999-12-31", "2204-01-25", "2021-12-31", "2026-01-01"])
def test_a_signing_date_far_from_tahun_is_an_error_at_its_line(tmp_path: Path, tanggal: str) -> None:
    source = _with_tanggal(tmp_path, tanggal)
    out = tmp_path / "rkt.docx"
    result = runner.invoke(app, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    line = _line_of(source, "tanggal:")
    errors = [x for x in result.output.splitlines() if "error[" in x]
    assert len(errors) == 1
    assert errors[0].startswith(f"{source}:{line}:")
    assert "penandatangan[0].tanggal" in errors[0] and "tahun 2024" in errors[0]
    assert not out.exists()


@pytest.mark.parametrize("tanggal", ["2023-12-01", "2024-01-25", "2025-12-31"])
def test_a_signing_date_near_tahun_is_accepted(tmp_path: Path, tanggal: str) -> None:
    assert MAX_SIGNING_YEARS_FROM_TAHUN == 1  # the README documents one year either way
    checked = check_file(_with_tanggal(tmp_path, tanggal))
    assert not checked.has_errors, checked.diagnostics


def _far_future_model() -> RKT:
    """The 2024 RKT with a signing date in 9999, past the model's check (model_copy does not
    validate): the writer must cope with any date on its own."""
    model = check_file(DATA).model
    assert model is not None
    signer = model.penandatangan[0].model_copy(update={"tanggal": dt.date(9999, 12, 31)})
    return model.model_copy(update={"penandatangan": [signer]})


def test_the_docx_writer_clamps_zip_times_into_what_zip_can_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    view = build_layout(_far_future_model(), load_template())
    assert document_datetime(view).year == 9999
    data = render_docx(view, load_template().reference_docx)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        stamps = {info.date_time for info in archive.infolist()}
    assert stamps == {(2107, 12, 31, 23, 59, 58)}


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (dt.datetime(1970, 1, 1), (1980, 1, 1, 0, 0, 0)),
        (dt.datetime(2024, 1, 25, 10, 30, 5), (2024, 1, 25, 10, 30, 4)),
        (dt.datetime(2108, 1, 1), ZIP_LATEST.timetuple()[:6]),
        (dt.datetime(9999, 12, 31, 23, 59, 59), ZIP_LATEST.timetuple()[:6]),
    ],
)
def test_normalize_zip_keeps_every_time_in_the_zip_range(when: dt.datetime, expected: tuple[int, ...]) -> None:
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with zipfile.ZipFile(io.BytesIO(normalize_zip(source.getvalue(), when))) as archive:
        assert archive.infolist()[0].date_time == expected


@pytest.mark.parametrize("epoch", ["99999999999", "9" * 40])
def test_a_huge_source_date_epoch_renders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, epoch: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    out = tmp_path / "rkt.docx"
    result = runner.invoke(app, ["render", str(DATA), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_LATEST.timetuple()[:6]}


# --- C1 control characters (U+0080–U+009F) -------------------------------------------------------

C1_CASES = [
    # (character, where: in a value or in a comment)
    ("\u0085", "value"),
    ("\u009b", "value"),
    ("\u009b", "comment"),
    ("\u0085", "comment"),
    ("\u0080", "value"),
    ("\u009f", "comment"),
]


@pytest.mark.parametrize(("char", "where"), C1_CASES)
def test_a_c1_control_character_is_refused_at_its_line_and_column(tmp_path: Path, char: str, where: str) -> None:
    text = DATA.read_text(encoding="utf-8")
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("unit:"))
    if where == "value":
        lines[index] = lines[index][:12] + char + lines[index][12:]
        col = 13
    else:
        col = len(lines[index]) + len(" # catatan ") + 1
        lines[index] += " # catatan " + char + " akhir"
    source = tmp_path / "rkt.yaml"
    source.write_bytes("\n".join(lines).encode("utf-8"))

    result = runner.invoke(app, ["validate", str(source)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [x for x in result.output.splitlines() if "error[" in x]
    assert len(errors) == 1
    assert errors[0].startswith(f"{source}:{index + 1}:{col}: error[RKT009] control character U+{ord(char):04X}")
    assert "is not allowed" in errors[0]
    assert char not in result.output  # never echoed raw to the terminal


def test_a_c1_control_character_named_in_the_message() -> None:
    from rkt_cli.loader import load_yaml_bytes

    loaded = load_yaml_bytes("a: b\nc: d\u009be\n".encode(), "f.yaml")
    [diagnostic] = loaded.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("RKT009", 2, 5)
    assert "U+009B (CSI" in diagnostic.message


def test_line_numbers_after_a_nel_or_form_feed_are_the_editors(tmp_path: Path) -> None:
    """str.splitlines() breaks at NEL and form feed, an editor does not: the line must be the editor's."""
    from rkt_cli.loader import load_yaml_bytes

    for char in ("\u0085", "\x0c", "\x1c"):
        loaded = load_yaml_bytes(f"a: x{char}y\nb: c\n".encode(), "f.yaml")
        assert [(d.code, d.line, d.col) for d in loaded.diagnostics] == [("RKT009", 1, 5)]


def test_an_escaped_c1_character_in_a_quoted_value_is_refused() -> None:
    from rkt_cli.loader import load_yaml_bytes

    loaded = load_yaml_bytes(b'a: b\nc: "d\\u009be"\nd: "\\N"\n', "f.yaml")
    assert [(d.code, d.line, d.col, d.path) for d in loaded.diagnostics] == [
        ("RKT009", 2, 4, "c"),
        ("RKT009", 3, 4, "d"),
    ]
