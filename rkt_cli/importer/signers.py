"""After the table: the signature blocks, as paragraphs or as a layout table of one column each."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from rkt_cli.importer.failures import PLACEHOLDER, Findings
from rkt_cli.importer.grid import Block, Table, one_line
from rkt_cli.importer.statement import StatementSigner
from rkt_cli.importer.values import NIP, parse_date_only, parse_tempat_tanggal


@dataclass
class Signer:
    tempat: str | None = None
    tanggal: dt.date | None = None
    year: int | None = None
    pihak: str | None = None
    jabatan: str | None = None
    nama: str | None = None
    nip: str | None = None
    plt: bool = False
    plh: bool = False
    marked: bool = False  # it has what marks a signature: "jabatan," a place and date, a NIP or a PIHAK line


# "Plt. KETUA", "PLT. KETUA", "Plt KETUA", "plh.KETUA": the prefix the renderer prints for a plt
# (pelaksana tugas) or plh (pelaksana harian) signer, and offices type in their own ways.
_ACTING = re.compile(r"(?P<role>pl[th])(?:\.\s*|\s+)(?=\S)", re.IGNORECASE)


def _take_acting_prefix(signer: Signer) -> None:
    """A jabatan that starts with Plt./Plh. becomes the flag and the jabatan without it, as the
    YAML keeps it; `rkt render` then prints the same line again."""
    acting = _ACTING.match(signer.jabatan or "")
    if acting is None or signer.jabatan is None:
        return
    if acting.group("role").lower() == "plt":
        signer.plt = True
    else:
        signer.plh = True
    signer.jabatan = signer.jabatan[acting.end() :]


def read_signer(lines: list[str]) -> Signer | None:
    """One signature block: [tempat, tanggal] [PIHAK …] jabatan, (space), nama, [NIP …]."""
    signer = Signer()
    rest: list[str] = []
    for line in lines:
        line = one_line(line)
        if not line:
            continue
        place = parse_tempat_tanggal(line) if signer.tempat is None else None
        if place:
            signer.tempat, signer.tanggal, signer.year = place
            continue
        date = parse_date_only(line) if signer.tanggal is None else None
        if date:
            signer.tanggal, signer.year = date, date.year
            continue
        nip = NIP.match(line)
        if nip:
            signer.nip = nip.group("nip").replace(" ", "")
            continue
        if re.fullmatch(r"pihak\s+(pertama|kedua)\s*,?", line, re.IGNORECASE):
            signer.pihak = line.rstrip(" ,")
            continue
        rest.append(line)
    if not rest:
        return None
    # Jabatan: the lines up to the one that ends with a comma; the name is the last line after it.
    end = next((i for i, line in enumerate(rest) if line.endswith(",")), -1)
    signer.marked = end >= 0 or bool(signer.tempat or signer.tanggal or signer.nip or signer.pihak)
    end = max(end, 0)
    jabatan_lines = rest[: end + 1]
    names = rest[end + 1 :]
    signer.jabatan = " ".join(jabatan_lines).rstrip(" ,")
    if names:
        signer.nama = names[-1]
    elif len(jabatan_lines) > 1:
        signer.jabatan = " ".join(jabatan_lines[:-1]).rstrip(" ,")
        signer.nama = jabatan_lines[-1]
    _take_acting_prefix(signer)
    return signer


def read_signers(blocks: list[Block], anchored: bool = False) -> list[Signer]:
    """The signature blocks among `blocks`: paragraphs, or a layout table with one column per signer.

    After the table the paragraphs' block is the last lines when no place-and-date line starts
    it; `anchored` (before the table, among the statement's paragraphs) needs that line.
    """
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            columns = max((len(r.cells) for r in block.rows), default=0)
            per_column = [
                [line for row in block.rows if c < len(row.cells) for line in row.cells[c].text.split("\n")]
                for c in range(columns)
            ]
            # A column of another table (No | Program | Anggaran) has a last line but no mark of a signature.
            signers = [s for s in (read_signer(col) for col in per_column) if s is not None and s.nama and s.marked]
            if signers:
                shared = read_signer(lines) if lines else None
                for signer in signers:
                    if shared and signer.tempat is None:
                        signer.tempat, signer.tanggal, signer.year = shared.tempat, shared.tanggal, shared.year
                return signers[:2]
            continue
        lines += block.split("\n")
    # Paragraphs: the block starts at the place-and-date line when there is one.
    start = next((i for i, line in enumerate(lines) if parse_tempat_tanggal(one_line(line))), None)
    if start is None:
        if anchored:
            return []
        start = max(0, len(lines) - 8)
    last = read_signer(lines[start : start + 8] if anchored else lines[start:])
    return [last] if last and last.nama else []


def with_statement(signers: list[Signer], statement: list[StatementSigner]) -> list[Signer]:
    """The signature blocks as found; where none is, the parties the PK's statement names.

    The statement's "disebut pihak pertama" does not add a pihak to a signature block that has
    none: the template prints that sentence whatever the data says, so a round trip would gain it.
    """
    if signers:
        return signers
    return [Signer(pihak=s.pihak, jabatan=s.jabatan, nama=s.nama) for s in statement[:2]]


def signers_data(b: Findings, signers: list[Signer]) -> list[dict[str, Any]]:
    if not signers:
        b.not_found("penandatangan[0].jabatan", placeholder=True)
        b.not_found("penandatangan[0].nama", placeholder=True)
        return [{"jabatan": PLACEHOLDER, "nama": PLACEHOLDER}]
    out = []
    for i, signer in enumerate(signers):
        entry: dict[str, Any] = {}
        for key in ("jabatan", "nama"):
            value = getattr(signer, key)
            if not value:
                b.not_found(f"penandatangan[{i}].{key}", placeholder=True)
                value = PLACEHOLDER
            entry[key] = value
        for key in ("nip", "tempat", "tanggal", "pihak"):
            value = getattr(signer, key)
            if value is not None:
                entry[key] = value
            elif key != "pihak":
                b.not_found(f"penandatangan[{i}].{key}", placeholder=False)
        for key in ("plt", "plh"):
            if getattr(signer, key):
                entry[key] = True
        out.append(entry)
    return out
