"""A table of programs and their anggaran beside the table of sasaran: the PK lampiran's
No | Program | Anggaran ending in Jumlah, an LKj's No | Program | Anggaran | Realisasi | Serapan.

Such a table names each program's total, not which sasaran the program funds. The programs are
attributed only where the document leaves no choice: a table of one program holds every
sasaran, and its anggaran is that of its sasaran when there is one. Anything else is a warning
(RKT327) naming each program and its amount, never an attribution made up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rkt_cli.formatting import format_rupiah
from rkt_cli.importer.failures import Findings
from rkt_cli.importer.grid import Table
from rkt_cli.importer.header import classify_header, plain_words
from rkt_cli.importer.values import parse_anggaran

_TOTAL_WORDS = {"jumlah", "total", "jumlah total", "total anggaran", "jumlah anggaran", "grand total"}


@dataclass(frozen=True)
class ProgramRow:
    where: str  # "table 3, row 2", as a person counts them in Word
    nama: str
    anggaran: int | None


def program_rows(table: Table) -> list[ProgramRow] | None:
    """The programs of a table whose header (within its first three rows) names a program and an
    anggaran column but no sasaran or indikator; None for any other table."""
    for index, row in enumerate(table.rows[:3]):
        roles: dict[str, int] = {}
        for column, cell in enumerate(row.cells):
            role = classify_header(cell.text, fuzzy=False) if cell.explicit else None
            if role is not None:
                roles.setdefault(role, column)
        if "program" in roles and "anggaran" in roles and not {"sasaran", "indikator"} & roles.keys():
            return _rows(table, index + 1, roles["program"], roles["anggaran"])
    return None


def _rows(table: Table, start: int, program: int, anggaran: int) -> list[ProgramRow]:
    rows = []
    for row in table.rows[start:]:
        texts = [cell.text for cell in row.cells if cell.explicit]
        if not texts or plain_words(texts[0]) in _TOTAL_WORDS:
            continue  # a blank row, or the Jumlah row (the sum of the rows above)
        nama = row.cells[program].text if program < len(row.cells) and row.cells[program].explicit else ""
        if not nama:
            continue
        amount = row.cells[anggaran].text if anggaran < len(row.cells) else ""
        rows.append(ProgramRow(row.where, " ".join(nama.split()), parse_anggaran(amount) if amount else None))
    return rows


def attribute_programs(b: Findings, data: dict[str, Any], programs: list[ProgramRow]) -> bool:
    """Put the programs of a program table into `data` (the model's data of a table of sasaran
    without programs) where the document says how; warn about the rest. True when the programs
    went into the data."""
    if not programs or "sasaran" not in data:
        return False
    if len(programs) == 1:
        only = programs[0]
        sasaran = data.pop("sasaran")
        data["program"] = [{"nama": only.nama, "sasaran": sasaran}]
        if only.anggaran is not None and len(sasaran) == 1:
            sasaran[0]["anggaran"] = only.anggaran
        elif only.anggaran is not None:
            b.warn(
                "RKT327",
                0,
                "program[0].anggaran",
                f"{only.where}: the anggaran of program {only.nama!r} ({format_rupiah(only.anggaran)}) is not "
                f"divided among its {len(sasaran)} sasaran in the document; left out, fill in each sasaran's",
            )
        return True
    for item in programs:
        amount = f" ({format_rupiah(item.anggaran)})" if item.anggaran is not None else ""
        b.warn(
            "RKT327",
            0,
            "program",
            f"{item.where}: program {item.nama!r}{amount} not attributed: the document does not say which "
            "sasaran it funds; left out, the sasaran are listed without programs",
        )
    return False
