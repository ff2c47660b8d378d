"""What a template needs from a document, and each place a document lacks it (RKT220).

Only instansi, unit, tahun and sasaran with indikator and target are required of every file
(rkt_cli.model). A PK has no kegiatan, a simple RKT no anggaran; the default RKT template shows
both. So the template decides: rendering a file with a template whose columns show a field the
file does not carry is an error at each place that lacks it, before anything is written, never a
blank cell or a silent "0". `rkt validate --template T` reports the same errors.

    needs = template_needs(template)                  # what its columns and parts show
    problems = missing_fields(rkt, needs, file, source_map)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rkt_cli.diagnostics import Diagnostic, Severity
from rkt_cli.loader import PathKey, SourceMap, format_path
from rkt_cli.model import RKT
from rkt_cli.walk import walk_indikator, walk_sasaran

if TYPE_CHECKING:
    from rkt_cli.templating import Template

CODE = "RKT220"
DESCRIPTION = "the document lacks a field the template shows (a column, the program table, the signatures)"

# The document fields a template can need, each with what the message calls it.
FIELDS: dict[str, str] = {
    "program": "programs (the sasaran listed under `program:`)",
    "kode": "a kode on every sasaran",
    "anggaran": "an anggaran on every sasaran",
    "kegiatan": "a kegiatan on every indikator",
    "pelaksana": "a pelaksana for every indikator (its own or its sasaran's)",
    "penandatangan": "a signer (`penandatangan:`)",
}

# Table columns (a template's `isi:`) that show one of the fields above. Every other column shows
# something every document has (sasaran, indikator, target), a count, or something that may be
# blank by nature (satuan of a text target, keterangan, an extra column's value).
COLUMN_FIELDS: dict[str, str] = {
    "program": "program",
    "kode": "kode",
    "anggaran": "anggaran",
    "kegiatan": "kegiatan",
    "pelaksana": "pelaksana",
}

# A column showing an extra column of the document: `isi: tambahan.kondisi_awal`.
EXTRA_COLUMN_PREFIX = "tambahan."


@dataclass(frozen=True)
class TemplateNeeds:
    """What one template shows: document fields (keys of FIELDS) and extra column names."""

    template: str  # the template's name, for the message
    fields: frozenset[str] = frozenset()
    extra_columns: frozenset[str] = frozenset()  # names under the document's `kolom_tambahan:`


def needs_of_columns(template: str, columns: Iterable[str], signs: bool) -> TemplateNeeds:
    """The needs of a template from its columns' `isi:` values, and whether it prints signatures."""
    fields = {COLUMN_FIELDS[isi] for isi in columns if isi in COLUMN_FIELDS}
    extra = {isi.removeprefix(EXTRA_COLUMN_PREFIX) for isi in columns if isi.startswith(EXTRA_COLUMN_PREFIX)}
    if signs:
        fields.add("penandatangan")
    return TemplateNeeds(template, frozenset(fields), frozenset(extra))


# What a group row's wording (tabel.baris_grup) names, as document fields.
GROUP_WORDING_FIELDS: dict[str, str] = {
    "program": "program",
    "nomor_program": "program",
    "anggaran_program": "program",
    "kode": "kode",
    "anggaran": "anggaran",
}


def template_needs(template: Template) -> TemplateNeeds:
    """What a loaded template shows of a document: its table's columns (when the table is
    drawn: a template made of parts may leave it out), its group rows, a program table
    (programs with their anggaran), and signatures where it draws them."""
    spec = template.spec
    kinds = [part.jenis for part in spec.bagian] if spec.bagian is not None else ["tabel", "tanda_tangan"]
    signs = "tanda_tangan" in kinds and bool(spec.tanda_tangan.atas or spec.tanda_tangan.bawah)
    columns = [kolom.isi for kolom in spec.tabel.kolom] if "tabel" in kinds else []
    needs = needs_of_columns(spec.nama, columns, signs)
    fields = set(needs.fields)
    for part in spec.bagian or ():
        if part.jenis == "tabel_program" and part.required:
            fields |= {"program", "anggaran"}
        elif part.jenis == "tabel_serapan" and part.required:
            fields |= {"program", "anggaran"} if part.serapan_per == "program" else {"anggaran"}
    if "tabel" in kinds:
        for grup in spec.tabel.baris_grup:
            if grup.per == "program":
                fields.add("program")
            names = _names_used(grup.teks)
            fields |= {GROUP_WORDING_FIELDS[name] for name in names if name in GROUP_WORDING_FIELDS}
    return TemplateNeeds(needs.template, frozenset(fields), needs.extra_columns)


def shows_realisasi(template: Template) -> bool:
    """Whether a template shows values of a realisasi file (capaian columns, a serapan table):
    `rkt render` then needs `--realisasi`. (The table's cells are made even where no part
    draws the table, so its columns count either way.)"""
    from rkt_cli.columns import shows_capaian

    spec = template.spec
    if any(part.jenis == "tabel_serapan" for part in spec.bagian or ()):
        return True
    return any(shows_capaian(kolom.isi) for kolom in spec.tabel.kolom)


def _names_used(source: str) -> set[str]:
    """The placeholders a wording names (Jinja's own analysis of its source; it compiled when
    the template was loaded); for the plain wording rkt_cli.simple_wording reads, its own
    list, which is the same and needs no Jinja."""
    from rkt_cli.simple_wording import parse_simple_wording

    simple = parse_simple_wording(source)
    if simple is not None:
        return set(simple.names)
    from jinja2 import meta

    from rkt_cli.templating import make_environment

    return set(meta.find_undeclared_variables(make_environment().parse(source)))


def _lacks(rkt: RKT, needs: TemplateNeeds) -> Iterator[tuple[PathKey, str, str]]:
    """(where, what is missing there, how to fix it) for each place the document lacks what the
    template shows."""
    fields = needs.fields
    if "program" in fields and rkt.program is None:
        yield ("sasaran",), "the sasaran have no program", "list them under `program:`, each program with `nama:`"
    for at in walk_sasaran(rkt):
        if "kode" in fields and at.sasaran.kode is None:
            yield at.path, "this sasaran has no kode", "add `kode:`"
        if "anggaran" in fields and at.sasaran.anggaran is None:
            yield at.path, "this sasaran has no anggaran", "add `anggaran:`"
    if "kegiatan" in fields or "pelaksana" in fields:
        for row in walk_indikator(rkt):
            if "kegiatan" in fields and row.indikator.kegiatan is None:
                yield row.path, "this indikator has no kegiatan", "add `kegiatan:`"
            if "pelaksana" in fields and row.pelaksana is None:
                yield row.path, "this indikator has no pelaksana", "add `pelaksana:` to it or to its sasaran"
    if "penandatangan" in fields and not rkt.penandatangan:
        yield (), "the document has no signer", "add `penandatangan:` with jabatan and nama"
    for name in sorted(needs.extra_columns - set(rkt.kolom_tambahan)):
        yield (), f"the document has no extra column {name}", "declare it under `kolom_tambahan:`"


def missing_fields(rkt: RKT, needs: TemplateNeeds, file: str, source_map: SourceMap) -> list[Diagnostic]:
    """One error per place the document lacks a field the template shows, in document order."""
    out: list[Diagnostic] = []
    for path, missing, fix in _lacks(rkt, needs):
        # A need of the whole document (signers, an extra column) stands at its first key,
        # below any comment lines at the top.
        line, col = source_map.locate(path, prefer_key=True) if path else source_map.locate(())
        text = f"{missing}, which template {needs.template!r} shows: {fix}"
        out.append(Diagnostic(CODE, Severity.ERROR, file, line, col, format_path(path), text))
    out.sort(key=lambda d: (d.line, d.col))  # stable: two needs of one row keep their order
    return out
