"""Issue 12: `rkt render --template NAME` then `rkt import` gives back the same model, for every
shipped template, on data/rkt_2024.yaml and on generated documents. "The same model" is what the
template shows (tests/template_projection.py); the program table of `pk` and `lkj`, which names
each program's total but not its sasaran, comes back as `check_program_table` says."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from rkt_cli.capaian_rows import CapaianRows
from rkt_cli.formatting import format_rupiah
from rkt_cli.importer import ImportResult, import_docx
from rkt_cli.layout import build_layout
from rkt_cli.loader import SourceMap, load_yaml_bytes, load_yaml_file
from rkt_cli.model import RKT
from rkt_cli.realisasi import RktSource, check_realisasi
from rkt_cli.render.docx import render_docx
from rkt_cli.templating import Template, load_template
from rkt_cli.walk import walk_sasaran
from tests.pagination_support import rkt_2024, with_two_signers
from tests.render_support import DATA
from tests.strategies import rkt_documents, sakip_documents
from tests.template_projection import SHIPPED, program_table, shown_by

REALISASI = DATA.parent / "realisasi_2024.yaml"
_CAPAIAN = {"lkj", "rencana-aksi"}


@cache
def template(name: str) -> Template:
    return load_template(name)


def realisasi_2024(rkt: RKT) -> CapaianRows:
    loaded = load_yaml_file(REALISASI, str(REALISASI))
    source = RktSource(rkt, str(DATA), load_yaml_file(DATA, str(DATA)).source_map, DATA)
    result = check_realisasi(source, loaded, 4, REALISASI)
    assert result.laporan is not None, result.diagnostics
    return CapaianRows(result.laporan)


def nothing_reported(rkt: RKT) -> CapaianRows:
    loaded = load_yaml_bytes(f"rkt: generated.yaml\ntahun: {rkt.tahun}\n".encode(), "realisasi.yaml")
    result = check_realisasi(RktSource(rkt, "generated.yaml", SourceMap()), loaded, 4)
    assert result.laporan is not None, result.diagnostics
    return CapaianRows(result.laporan)


def round_trip(rkt: RKT, name: str, capaian: CapaianRows | None = None) -> ImportResult:
    """Render `rkt` with shipped template `name` in process, then import the DOCX."""
    spec = template(name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.docx"
        path.write_bytes(render_docx(build_layout(rkt, spec, capaian=capaian), spec.reference_docx))
        return import_docx(path)


def check_program_table(original: RKT, result: ImportResult) -> None:
    """The program table of `pk` / `lkj`: one program holds every sasaran (its anggaran on the
    sasaran where it has one); several programs are each named, with the amount, in an RKT327
    warning and the sasaran stay top-level; no table, no programs."""
    table = program_table(original)
    warned = [d.message for d in result.diagnostics if d.code == "RKT327"]
    back = result.rkt
    if not table:
        assert back.program is None and not warned
    elif len(table) == 1:
        (nama, total), sasaran = table[0], [s for p in original.program or [] for s in p.sasaran]
        assert back.program is not None and [p.nama for p in back.program] == [nama]
        if len(sasaran) == 1:
            assert back.program[0].sasaran[0].anggaran == total and not warned
        else:
            assert not back.has_anggaran
            assert len(warned) == 1 and repr(nama) in warned[0] and format_rupiah(total) in warned[0]
    else:
        assert back.program is None
        assert len(warned) == len(table)
        for (nama, total), message in zip(table, warned, strict=True):
            assert repr(nama) in message and f"({format_rupiah(total)})" in message


def test_the_projection_knows_only_shipped_templates() -> None:
    with pytest.raises(ValueError, match="not a shipped template"):
        shown_by(rkt_2024(), "nope")


@pytest.mark.parametrize("name", SHIPPED)
def test_rkt_2024_with_every_shipped_template(name: str) -> None:
    original = rkt_2024()
    result = round_trip(original, name, realisasi_2024(original) if name in _CAPAIAN else None)
    assert shown_by(result.rkt, name) == shown_by(original, name)
    if name in ("pk", "lkj"):
        check_program_table(original, result)
    if name == "rkt":
        assert result.rkt == original  # the default template shows all of this file


@pytest.mark.parametrize("name", ["pk", "rkt-sederhana"])
def test_rkt_2024_with_both_parties(name: str) -> None:
    original = with_two_signers(rkt_2024())
    result = round_trip(original, name)
    assert shown_by(result.rkt, name) == shown_by(original, name)
    assert [s.pihak for s in result.rkt.penandatangan] == ["PIHAK KEDUA", "PIHAK PERTAMA"]


def test_the_lkj_of_rkt_2024_reads_no_sasaran_from_its_group_rows_or_serapan_table() -> None:
    original = rkt_2024()
    result = round_trip(original, "lkj", realisasi_2024(original))
    # Nine sasaran, named by their "Sasaran N: …" rows; no row of the serapan table, no
    # "Sasaran N" text, no program name among them.
    names = [s.nama for s in result.rkt.sasaran or []]
    assert names == [at.sasaran.nama for at in walk_sasaran(original)]
    programs = {p.nama for p in original.program or []}
    assert not programs & set(names)
    assert not any(n.lower().startswith("sasaran ") for n in names)
    row_codes = [d for d in result.diagnostics if d.code == "RKT319"]
    assert len(row_codes) == len(names) and all("read as sasaran" in d.message for d in row_codes)
    # The realisasi side is kept as extra columns, every indikator filled, never as sasaran.
    assert list(result.rkt.kolom_tambahan) == ["realisasi", "capaian", "kategori"]


def test_the_rencana_aksi_of_rkt_2024_keeps_the_quarters_as_extra_columns() -> None:
    original = rkt_2024()
    result = round_trip(original, "rencana-aksi", realisasi_2024(original))
    keys = list(result.rkt.kolom_tambahan)
    assert keys == [f"{side}_tw_{q}" for side in ("target", "realisasi") for q in ("i", "ii", "iii", "iv")]
    warned = {d.message.split("'")[1] for d in result.diagnostics if d.code == "RKT317"}
    assert warned == {c.judul for c in result.rkt.kolom_tambahan.values()}
    assert result.rkt.program is None and len(result.rkt.sasaran or []) == 9


_SETTINGS = settings(
    max_examples=int(os.environ.get("RTRIP_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_SETTINGS
@given(original=rkt_documents(with_satuan=True))
def test_random_rkt_documents_with_the_default_template(original: RKT) -> None:
    result = round_trip(original, "rkt")
    assert shown_by(result.rkt, "rkt") == shown_by(original, "rkt")


@pytest.mark.parametrize("name", ["pk", "rkt-sederhana"])
def test_sakip_documents_with_pk_and_rkt_sederhana(name: str) -> None:
    @_SETTINGS
    @given(original=sakip_documents().filter(lambda rkt: rkt.penandatangan))
    def check(original: RKT) -> None:
        result = round_trip(original, name)
        assert shown_by(result.rkt, name) == shown_by(original, name)
        if name == "pk":
            check_program_table(original, result)

    check()


@pytest.mark.parametrize("name", sorted(_CAPAIAN))
def test_sakip_documents_with_lkj_and_rencana_aksi(name: str) -> None:
    @_SETTINGS
    @given(original=sakip_documents())
    def check(original: RKT) -> None:
        result = round_trip(original, name, nothing_reported(original))
        assert shown_by(result.rkt, name) == shown_by(original, name)
        if name == "lkj":
            check_program_table(original, result)

    check()
