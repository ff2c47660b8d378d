"""Property: whatever a lembar holds (values, notes, quarterly targets) comes back from the
workbook and from the CSV as the same realisasi YAML, byte for byte."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rkt_cli.checking import check_loaded
from rkt_cli.lembar import Entri, Lembar, lembar_rows
from rkt_cli.loader import load_yaml_file
from rkt_cli.realisasi_csv import read_lembar_csv, render_lembar_csv
from rkt_cli.realisasi_workbook import Meta, build_workbook
from rkt_cli.realisasi_workbook_reader import read_lembar
from rkt_cli.realisasi_writer import dump_realisasi
from rkt_cli.xlsx_reader import read_workbook

ROOT = Path(__file__).parent.parent
MODEL = check_loaded(load_yaml_file(ROOT / "data" / "rkt_2024.yaml")).model
assert MODEL is not None
ROWS = lembar_rows(MODEL, None)[:6]

values = st.one_of(
    st.integers(min_value=0, max_value=10**12),
    # A spreadsheet keeps 15 significant digits (openpyxl writes fewer for tiny numbers): a value
    # such as 87.25 or 1234567.891 is what a realisasi holds.
    st.integers(min_value=1, max_value=10**10).map(lambda n: n / 1000).filter(lambda f: not f.is_integer()),
)
quarters = st.dictionaries(st.sampled_from([1, 2, 3, 4]), values, max_size=4)
# What a realisasi file may hold as a note: no control characters but line breaks (the loader
# refuses them), never blank.
notes = st.none() | st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.just("\n"),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


@st.composite
def entries(draw: st.DrawFn) -> list[Entri]:
    out = []
    for row in ROWS:
        out.append(
            dataclasses.replace(
                row.entri, tw=draw(quarters), target_tw=draw(quarters), penghambat=draw(notes), upaya=draw(notes)
            )
        )
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries())
def test_workbook_and_csv_give_back_the_same_yaml(filled: list[Entri]) -> None:
    rows = [dataclasses.replace(row, entri=entri) for row, entri in zip(ROWS, filled, strict=True)]
    lembar = Lembar("rkt_2024.yaml", 2024, {}, filled)
    expected = dump_realisasi(lembar)
    raw = build_workbook("t", Meta("rkt_2024.yaml", 2024, "rkt_2024.yaml"), rows, [], True, dt.datetime(2024, 1, 1))
    from_xlsx, diagnostics = read_lembar(read_workbook(raw, "l.xlsx"))
    assert diagnostics == []
    assert dump_realisasi(from_xlsx) == expected
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "l.csv"
        path.write_text(render_lembar_csv(lembar, rows, [], True), encoding="utf-8", newline="")
        from_csv, diagnostics = read_lembar_csv(path, "l.csv")
    assert diagnostics == []
    assert dump_realisasi(from_csv) == expected
