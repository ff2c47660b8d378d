"""Parse the office's own RKT 2024 text (tests/data/rkt_2024_kpu_prabumulih.txt) into plain rows.

The text has tab-separated table rows; the header and the numbering row 1..8 repeat at each
page break; a blank cell continues the cell above it. This parser is deliberately independent
of rkt_cli so that the test comparing it with data/rkt_2024.yaml checks the data, not itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REFERENCE = Path(__file__).parent / "data" / "rkt_2024_kpu_prabumulih.txt"
COLUMNS = ("no", "program", "sasaran", "indikator", "target", "kegiatan", "anggaran", "pelaksana")


@dataclass(frozen=True)
class ReferenceRow:
    """One indikator row with every blank continuation cell filled from the row above."""

    no: str
    program: str
    sasaran: str
    indikator: str
    target: str
    kegiatan: str
    anggaran: str
    pelaksana: str
    starts_sasaran: bool


@dataclass(frozen=True)
class Reference:
    intro: str
    rows: list[ReferenceRow]
    place_date: str
    jabatan: str
    nama: str


def parse_reference(path: Path = REFERENCE) -> Reference:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows: list[ReferenceRow] = []
    previous: list[str] = [""] * 8
    intro = ""
    for line in lines:
        if line.startswith("Perencanaan Kinerja"):
            intro = line.strip()
        if "\t" not in line:
            continue
        cells = line.split("\t")
        assert len(cells) == 8, line
        if cells[0] == "No" or cells == [str(n) for n in range(1, 9)]:
            continue
        starts = cells[0] != ""
        filled = [cell if cell else previous[i] for i, cell in enumerate(cells)]
        previous = filled
        rows.append(ReferenceRow(*filled, starts_sasaran=starts))
    tail = [line.strip() for line in lines if line.strip()]
    return Reference(intro=intro, rows=rows, place_date=tail[-3], jabatan=tail[-2], nama=tail[-1])
