"""What each shipped template shows of a document: the "same model" of a render-then-import round trip.

`rkt import` can give back only what the page shows, so a round trip is checked as
`shown_by(imported, template) == shown_by(original, template)`. Per template (README, `rkt import`):

- `rkt`: everything the RKT table, the title block and the signature print: instansi, unit,
  tahun, pengantar, programs, sasaran (nama, kode, anggaran), each indikator's uraian, target,
  satuan, kegiatan and pelaksana (the table prints each indikator's own pelaksana, so which one
  was written on the sasaran cannot come back: compared per indikator), the signers without pihak.
- `pk`: unit, tahun, the sasaran in order (programs are not printed beside them), each
  indikator's uraian, target and satuan (printed together, "95%", "12 laporan"), the signers.
  Its program table is checked apart (`programs_back`): it names each program's total, not
  which sasaran the program funds.
- `rkt-sederhana`: unit, tahun, pengantar, sasaran, indikator, target with satuan, signers.
- `lkj`: unit, tahun, sasaran (its "Sasaran 1: …" rows), indikator, target with satuan; the
  serapan table as in `pk`. Realisasi, capaian and kategori come back as extra columns and are
  not part of the plan, so not compared here.
- `rencana-aksi`: unit, tahun, sasaran, indikator, target with satuan (the quarters come back
  as extra columns, not compared).
Ids, keterangan, extra columns, arah and pagu are shown by none of them; the judul, which
`rkt` prints in capitals, is not compared.
"""

from __future__ import annotations

from typing import Any

from rkt_cli.model import RKT
from rkt_cli.walk import walk_sasaran

SHIPPED = ("rkt", "pk", "rkt-sederhana", "lkj", "rencana-aksi")
# The templates that print a signature block, and those that print the intro paragraph.
_SIGNED = {"rkt", "pk", "rkt-sederhana"}
_INTRO = {"rkt", "rkt-sederhana"}


def shown_by(rkt: RKT, template: str) -> dict[str, Any]:
    """The part of `rkt` that `template` (a shipped template's name) prints."""
    if template not in SHIPPED:
        raise ValueError(f"not a shipped template: {template}")
    shown: dict[str, Any] = {"unit": rkt.unit, "tahun": rkt.tahun}
    if template == "rkt":
        shown["instansi"] = rkt.instansi
        shown["program"] = [
            (
                at.program.nama if at.program else None,
                at.sasaran.nama,
                at.sasaran.kode,
                at.sasaran.anggaran,
                [(i.uraian, i.target, i.satuan, i.kegiatan, at.sasaran.pelaksana_of(i)) for i in at.sasaran.indikator],
            )
            for at in walk_sasaran(rkt)
        ]
    else:
        shown["sasaran"] = [
            (at.sasaran.nama, [(i.uraian, i.target, i.effective_satuan) for i in at.sasaran.indikator])
            for at in walk_sasaran(rkt)
        ]
    if template in _INTRO:
        shown["pengantar"] = rkt.pengantar
    if template in _SIGNED:
        signers = rkt.penandatangan
        shown["penandatangan"] = (
            signers if template != "rkt" else [s.model_copy(update={"pihak": None}) for s in signers]
        )
    return shown


def program_table(rkt: RKT) -> list[tuple[str, int]]:
    """The program table of `pk` and `lkj`: each program with its anggaran, where the document
    has programs and anggaran (the table is left out otherwise)."""
    if rkt.program is None or not rkt.has_anggaran:
        return []
    return [(program.nama, program.anggaran) for program in rkt.program]
