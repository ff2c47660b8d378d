"""Which of a document's optional fields an export shows: only those the document carries.

A PK or a simple RKT has no programs, kode, anggaran or kegiatan. `rkt render` refuses to print
such a document with a template that shows them (rkt_cli.requirements, RKT220); `rkt export` is
for exchanging the numbers a document has, so it leaves those columns out instead of filling
them with "0" or blanks. A field some rows carry and others lack keeps its column (the rows
that lack it are empty there, as in the YAML).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rkt_cli.model import RKT
from rkt_cli.walk import walk_indikator

if TYPE_CHECKING:  # the CSV export needs no template (nor Jinja)
    from rkt_cli.templating import Template

EXTRA_PREFIX = "tambahan."


def absent_fields(rkt: RKT) -> frozenset[str]:
    """The optional fields (a template's `isi:` names) that no place of the document carries."""
    rows = list(walk_indikator(rkt))
    absent = set()
    if rkt.program is None:
        absent.add("program")
    if all(s.kode is None for s in rkt.all_sasaran):
        absent.add("kode")
    if not rkt.has_anggaran:
        absent.add("anggaran")
    if all(row.indikator.kegiatan is None for row in rows):
        absent.add("kegiatan")
    if all(row.pelaksana is None for row in rows):
        absent.add("pelaksana")
    if all(row.indikator.keterangan is None for row in rows):
        absent.add("keterangan")
    return frozenset(absent)


def _shown(isi: str, absent: frozenset[str], rkt: RKT) -> bool:
    if isi.startswith(EXTRA_PREFIX):
        return isi.removeprefix(EXTRA_PREFIX) in rkt.kolom_tambahan
    return isi not in absent


def template_for(rkt: RKT, template: Template) -> Template:
    """`template` without the columns whose field the document lacks everywhere (itself when none)."""
    absent = absent_fields(rkt)
    kolom = template.spec.tabel.kolom
    kept = [i for i, k in enumerate(kolom) if _shown(k.isi, absent, rkt)]
    if len(kept) == len(kolom):
        return template
    tabel = template.spec.tabel.model_copy(update={"kolom": [kolom[i] for i in kept]})
    spec = template.spec.model_copy(update={"tabel": tabel})
    # A column's wording is kept by its index (("tabel", "kolom", 3, "judul")): renumber it.
    new_index = {old: new for new, old in enumerate(kept)}
    wording = {}
    for path, word in template.wording.items():
        if path[:2] == ("tabel", "kolom") and isinstance(path[2], int):
            if path[2] not in new_index:
                continue
            path = (*path[:2], new_index[path[2]], *path[3:])
        wording[path] = word
    return dataclasses.replace(template, spec=spec, wording=wording)


__all__ = ["absent_fields", "template_for"]
