"""Properties of the SAKIP-family model (issue 9) over generated documents of every shape.

Programs or none; kode, anggaran, kegiatan, pelaksana and signers on every item or on none; ids,
remarks and extra columns now and then. Each document written as YAML reads back as itself with
no diagnostic, its sums add up, and a template's needs are met exactly when the document has the
fields the template shows.
"""

from __future__ import annotations

from hypothesis import given, settings

from rkt_cli.checking import check_text
from rkt_cli.loader import load_yaml_bytes
from rkt_cli.model import RKT
from rkt_cli.requirements import missing_fields, needs_of_columns
from rkt_cli.totals import document_totals
from rkt_cli.walk import walk_indikator, walk_sasaran
from rkt_cli.yaml_writer import dump_rkt
from tests.strategies import sakip_documents

DEFAULT_COLUMNS = ["nomor", "program", "sasaran", "indikator", "target", "kegiatan", "anggaran", "pelaksana"]


@settings(max_examples=25, deadline=None)
@given(sakip_documents())
def test_yaml_of_any_shape_reads_back_as_the_same_model_without_diagnostics(rkt: RKT) -> None:
    checked = check_text(dump_rkt(rkt), "generated.yaml")
    assert [d for d in checked.diagnostics if d.is_error] == []
    assert checked.model == rkt


@settings(max_examples=25, deadline=None)
@given(sakip_documents())
def test_sums_and_counts_agree_whatever_the_shape(rkt: RKT) -> None:
    totals = document_totals(rkt)
    assert totals.anggaran == rkt.total_anggaran == sum(s.anggaran or 0 for s in rkt.all_sasaran)
    assert totals.has_anggaran == (rkt.all_sasaran[0].anggaran is not None)
    assert len(totals.sasaran) == len(list(walk_sasaran(rkt))) == len(rkt.all_sasaran)
    assert totals.indikator == len(list(walk_indikator(rkt)))
    paths = [row.path for row in walk_indikator(rkt)]
    assert all(path[0] == ("program" if rkt.program is not None else "sasaran") for path in paths)


@settings(max_examples=25, deadline=None)
@given(sakip_documents())
def test_the_default_columns_are_met_exactly_when_the_document_has_their_fields(rkt: RKT) -> None:
    text = dump_rkt(rkt)
    loaded = load_yaml_bytes(text.encode("utf-8"), "generated.yaml")
    needs = needs_of_columns("rkt", DEFAULT_COLUMNS, signs=True)
    problems = missing_fields(rkt, needs, "generated.yaml", loaded.source_map)
    first = rkt.all_sasaran[0]
    complete = (
        rkt.program is not None
        and first.anggaran is not None
        and first.indikator[0].kegiatan is not None
        and first.indikator[0].pelaksana is not None
        and bool(rkt.penandatangan)
    )
    assert (problems == []) == complete
    assert all(d.code == "RKT220" and d.line >= 1 for d in problems)
    simple = needs_of_columns("rkt-sederhana", ["nomor", "sasaran", "indikator", "target"], signs=False)
    assert missing_fields(rkt, simple, "generated.yaml", loaded.source_map) == []
