"""The document walker: every sasaran and indikator once, in order, with the path a diagnostic
uses and the numbers the printed table shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from rkt_cli.checking import check_file
from rkt_cli.loader import format_path, load_yaml_file
from rkt_cli.model import RKT
from rkt_cli.walk import walk_indikator, walk_sasaran

DATA = Path(__file__).parents[1] / "data" / "rkt_2024.yaml"


@pytest.fixture(scope="module")
def rkt() -> RKT:
    checked = check_file(DATA)
    assert checked.model is not None
    return checked.model


def test_sasaran_come_in_document_order_with_indices_numbers_and_paths(rkt: RKT) -> None:
    walked = list(walk_sasaran(rkt))
    assert [at.sasaran for at in walked] == [s for p in rkt.program for s in p.sasaran]
    assert [at.number for at in walked] == list(range(1, 10))
    assert [(at.program_index, at.sasaran_index) for at in walked] == [(0, i) for i in range(7)] + [(1, 0), (1, 1)]
    assert walked[7].path == ("program", 1, "sasaran", 0)
    assert walked[7].program_path == ("program", 1)
    assert walked[7].program is rkt.program[1]
    sizes = [len(at.sasaran.indikator) for at in walked]
    assert [at.rows_before for at in walked] == [sum(sizes[:k]) for k in range(9)]


def test_indikator_are_the_table_rows_with_their_sasaran(rkt: RKT) -> None:
    rows = list(walk_indikator(rkt))
    assert len(rows) == 40
    assert [row.number for row in rows] == list(range(1, 41))
    assert [row.indikator for row in rows] == [i for p in rkt.program for s in p.sasaran for i in s.indikator]
    first_size = len(rkt.program[0].sasaran[0].indikator)
    row = rows[first_size]  # the first row of the second sasaran
    assert row.path == ("program", 0, "sasaran", 1, "indikator", 0)
    assert format_path(row.path) == "program[0].sasaran[1].indikator[0]"
    assert (row.sasaran_at.number, row.indikator_index) == (2, 0)
    assert row.sasaran is rkt.program[0].sasaran[1] and row.program is rkt.program[0]
    # Rows of one sasaran, walked from it, are the same rows.
    second_size = len(rkt.program[0].sasaran[1].indikator)
    assert list(row.sasaran_at.indikator()) == rows[first_size : first_size + second_size]


def test_pelaksana_is_the_indikator_s_own_else_the_sasaran_s(rkt: RKT) -> None:
    rows = list(walk_indikator(rkt))
    assert rows[0].indikator.pelaksana is None and rows[0].pelaksana == rows[0].sasaran.pelaksana
    own = [row for row in rows if row.indikator.pelaksana is not None]
    assert own and all(row.pelaksana == row.indikator.pelaksana for row in own)


def test_every_walked_path_exists_in_the_yaml(rkt: RKT) -> None:
    loaded = load_yaml_file(DATA)
    for row in walk_indikator(rkt):
        line, _ = loaded.source_map.locate((*row.path, "uraian"))
        assert row.indikator.uraian.split()[0] in loaded.lines[line - 1]
