"""A Perjanjian Kinerja's statement: "kami yang bertanda tangan di bawah ini", each party's
Nama / Jabatan, and "selanjutnya disebut PIHAK PERTAMA" (or KEDUA) after it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPENING = re.compile(r"\byang\s+bertanda\s*tangan\b", re.IGNORECASE)
_NAMED = re.compile(r"disebut\s+(?:sebagai\s+)?pihak\s+(pertama|kedua)\b", re.IGNORECASE)
_MENTION = re.compile(r"\bpihak\s+(?:pertama|kedua)\b", re.IGNORECASE)


@dataclass
class StatementSigner:
    """A Nama / Jabatan pair of the statement, and which party the statement makes it."""

    nama: str
    jabatan: str | None = None
    pihak: str | None = None


@dataclass
class Statement:
    signers: list[StatementSigner] = field(default_factory=list)
    opened: bool = False  # "yang bertanda tangan" was read: what follows is no letterhead

    def take_pair(self, key: str, value: str) -> None:
        """ "Nama : …" starts a party; "Jabatan : …" completes the last one."""
        if key == "nama":
            self.signers.append(StatementSigner(value))
        elif self.signers and self.signers[-1].jabatan is None:
            self.signers[-1].jabatan = value

    def take(self, line: str) -> bool:
        """Whether `line` belongs to the statement (its opening, a party named, a clause about the
        parties): such a line is neither the intro nor a letterhead line."""
        if _OPENING.search(line):
            self.opened = True
            return True
        named = _NAMED.search(line)
        if named and self.signers and self.signers[-1].pihak is None:
            self.signers[-1].pihak = f"PIHAK {named.group(1).upper()}"
        return named is not None or _MENTION.search(line) is not None
