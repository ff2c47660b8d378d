"""Walking the data rows of the table once: programs, sasaran and indikator, with the ways a
hand-made table carries a value on (a vertical merge, a blank cell under a filled one, the same
value repeated on every row) and a warning at the row of every guess."""

from __future__ import annotations

from dataclasses import dataclass, field

from rkt_cli.importer.failures import PLACEHOLDER, Findings
from rkt_cli.importer.grid import GridCell, GridRow
from rkt_cli.importer.groups import Band, band_of, without_label
from rkt_cli.importer.header import HEADER_MAX_CHARS, Header, plain_words
from rkt_cli.importer.values import parse_anggaran, parse_target

_EMPTY = GridCell("")


@dataclass
class TableIndikator:
    row: int
    uraian: str
    target: int | float | str
    satuan: str | None
    kegiatan: str
    pelaksana: str | None
    keterangan: str = ""
    tambahan: dict[str, str] = field(default_factory=dict)  # extra column key -> cell text


@dataclass
class TableSasaran:
    row: int
    no: str
    text: str
    anggaran: list[tuple[int, str]] = field(default_factory=list)  # (row, explicit cell text)
    indikator: list[TableIndikator] = field(default_factory=list)
    kode_column: str | None = None
    band: Band | None = None  # the KEGIATAN row above it, which gives its kode


@dataclass
class TableProgram:
    row: int
    nama: str
    sasaran: list[TableSasaran] = field(default_factory=list)


class TableWalker:
    """Walks the data rows once, keeping the last value of every column for the carry-on rules."""

    def __init__(self, builder: Findings, header: Header, extra_keys: dict[str, str]) -> None:
        self.b = builder
        self.roles = header.roles
        self.extra_keys = extra_keys  # header text -> key in the document's extra columns
        self.extra_columns: dict[str, int] = {}  # key -> grid column, in the table being read
        self.use(header)
        self.programs: list[TableProgram] = []
        self.last: dict[str, tuple[str, int]] = {}  # role -> (text, row) of the last non-empty value
        self.total_rows: list[tuple[int, int]] = []  # (row, amount) of "Jumlah" rows
        self.band: Band | None = None  # the last KEGIATAN row, for the sasaran below it
        self.new_group = False  # a group row was read: the next data row starts a sasaran
        self.program_bands = 0
        self.kegiatan_bands = 0
        self.sasaran_bands = 0
        self.sasaran_band: str | None = None  # the name of the "Sasaran 1: …" row above, for the next sasaran

    def use(self, header: Header) -> None:
        """Read the rows under `header` (the RKT table may be split into tables of its own)."""
        self.roles = header.roles
        self.extra_columns = {self.extra_keys[title]: column for column, title in header.unknown.items()}
        for role in ("realisasi", "capaian", "kategori"):
            if role in header.roles:
                self.extra_columns[role] = header.roles[role][0]

    def value(self, row: GridRow, role: str) -> GridCell:
        """A role's cell; a role spread over several grid columns joins their texts."""
        columns = self.roles.get(role)
        if not columns:
            return _EMPTY
        if len(columns) == 1:  # nearly every column: no list to build
            column = columns[0]
            return row.cells[column] if column < len(row.cells) else _EMPTY
        cells = [row.cells[c] for c in columns if c < len(row.cells)]
        if not cells:
            return _EMPTY
        if len(cells) == 1:
            return cells[0]
        texts = [c.text for c in cells if c.text]
        return GridCell(
            " ".join(texts), merged=all(c.merged or not c.text for c in cells) and any(c.merged for c in cells)
        )

    def carried(self, row: GridRow, role: str) -> tuple[str, bool, int]:
        """(text, explicit, source row): a merged or blank cell takes the value last seen above."""
        cell = self.value(row, role)
        if cell.explicit:
            self.last[role] = (cell.text, row.number)
            return cell.text, True, row.number
        if cell.merged and cell.text:
            source = self.last.get(role, (cell.text, row.number))[1]
            self.last[role] = (cell.text, source)
            return cell.text, False, source
        text, source = self.last.get(role, ("", 0))
        return text, False, source

    def _is_total_row(self, row: GridRow) -> bool:
        if self.value(row, "indikator").explicit:  # first: every data row has one, and this is cheap
            return False
        words = {plain_words(c.text) for c in row.cells if c.explicit and len(c.text) <= HEADER_MAX_CHARS}
        return bool(words & {"jumlah", "total", "jumlah total", "total anggaran", "jumlah anggaran", "grand total"})

    def add(self, row: GridRow) -> None:
        if self._is_total_row(row):  # first: a "JUMLAH" row across the table is no group
            amounts = [parse_anggaran(c.text) for c in row.cells if c.explicit]
            found = [a for a in amounts if a is not None]
            if found:
                self.total_rows.append((row.number, max(found)))
            return
        band = band_of(row, self.roles)
        if band is not None:
            self._group_row(row, band)
            return
        no_cell = self.value(row, "no")
        program_cell = self.value(row, "program")
        sasaran_cell = self.value(row, "sasaran")
        indikator_cell = self.value(row, "indikator")
        target_cell = self.value(row, "target")
        kegiatan_cell = self.value(row, "kegiatan")
        anggaran_cell = self.value(row, "anggaran")

        program_text, _, _ = self.carried(row, "program")
        current_program = self.programs[-1] if self.programs else None
        current = current_program.sasaran[-1] if current_program and current_program.sasaran else None

        starts_program = current_program is None or (program_cell.explicit and program_text != current_program.nama)
        # Without a sasaran column (an LKj: "Sasaran 1: …" rows, the indikator numbered 1.1, 1.2)
        # the No column numbers indikator, not sasaran.
        numbers_sasaran = "sasaran" in self.roles
        starts_sasaran = (
            starts_program
            or self.new_group
            or current is None
            or (numbers_sasaran and no_cell.explicit and no_cell.text != current.no)
            or (sasaran_cell.explicit and sasaran_cell.text != current.text)
        )
        if not (indikator_cell.text or target_cell.text or kegiatan_cell.text or starts_sasaran):
            return  # an empty row (or one with only carried cells): nothing to read
        if starts_program:
            if not program_text and "program" in self.roles:
                self.b.warn("RKT302", row.number, "program", f"no program name; wrote {PLACEHOLDER!r}")
                program_text = PLACEHOLDER
            current_program = TableProgram(row.number, program_text)
            self.programs.append(current_program)
        assert current_program is not None
        if starts_sasaran:
            sasaran_text, sasaran_explicit, source = self.carried(row, "sasaran")
            if self.sasaran_band is not None:
                sasaran_text, sasaran_explicit, self.sasaran_band = self.sasaran_band, True, None
            if not sasaran_text:
                self.b.warn("RKT303", row.number, "sasaran", f"no sasaran name; wrote {PLACEHOLDER!r}")
                sasaran_text = PLACEHOLDER
            elif not sasaran_explicit:
                self.b.warn(
                    "RKT303",
                    row.number,
                    "sasaran",
                    f"a new sasaran starts here (No {no_cell.text}) but its cell is empty; "
                    f"took the name from row {source}",
                )
            no_text = no_cell.text if no_cell.explicit else (current.no if current else "")
            current = TableSasaran(row.number, no_text, sasaran_text, band=self.band)
            current_program.sasaran.append(current)
            self.new_group = False
        assert current is not None
        kode_cell = self.value(row, "kode")
        if kode_cell.explicit and current.kode_column is None:
            current.kode_column = kode_cell.text
        if anggaran_cell.explicit:
            current.anggaran.append((row.number, anggaran_cell.text))
        elif anggaran_cell.merged and starts_sasaran and not starts_program and anggaran_cell.text:
            self.b.warn(
                "RKT304",
                row.number,
                "anggaran",
                "the anggaran cell is merged with the sasaran above; its amount is counted there only",
            )
        self._indikator(row, current, starts_sasaran, indikator_cell, target_cell, kegiatan_cell)

    def _indikator(
        self,
        row: GridRow,
        sasaran: TableSasaran,
        starts_sasaran: bool,
        indikator: GridCell,
        target: GridCell,
        kegiatan: GridCell,
    ) -> None:
        pelaksana_text, pelaksana_explicit, pelaksana_row = self.carried(row, "pelaksana")
        if starts_sasaran and not pelaksana_explicit and pelaksana_text and not self.value(row, "pelaksana").merged:
            self.b.warn("RKT305", row.number, "pelaksana", f"pelaksana missing, inherited from row {pelaksana_row}")
        if not indikator.explicit and not target.explicit:
            if kegiatan.explicit and sasaran.indikator:
                previous = sasaran.indikator[-1]
                previous.kegiatan = f"{previous.kegiatan}; {kegiatan.text}" if previous.kegiatan else kegiatan.text
                self.b.warn(
                    "RKT306",
                    row.number,
                    "kegiatan",
                    f"a kegiatan without its own indikator; added to the indikator of row {previous.row}",
                )
                return
            if not indikator.text and not kegiatan.text:
                if not sasaran.indikator:
                    self.b.warn("RKT307", row.number, "indikator", f"no indikator; wrote {PLACEHOLDER!r}")
                    sasaran.indikator.append(
                        TableIndikator(row.number, PLACEHOLDER, PLACEHOLDER, None, "", pelaksana_text)
                    )
                return
        uraian = indikator.text
        if indikator.explicit:
            uraian, label = without_label(uraian)
            if label:
                self.b.warn("RKT318", row.number, "indikator", f"took the label {label!r} off the indikator")
        else:
            if uraian:
                self.b.warn("RKT307", row.number, "indikator", "indikator cell continues the one above; repeated")
            else:
                self.b.warn("RKT307", row.number, "indikator", f"no indikator; wrote {PLACEHOLDER!r}")
                uraian = PLACEHOLDER
        satuan: str | None = None
        if target.explicit:
            value, satuan = parse_target(target.text)
            self.last["target"] = (target.text, row.number)
        elif target.merged and target.text:
            value, satuan = parse_target(target.text)
        elif sasaran.indikator and "target" in self.last:
            text, source = self.last["target"]
            value, satuan = parse_target(text)
            self.b.warn("RKT308", row.number, "target", f"target missing, took {text!r} from row {source}")
        else:
            value = PLACEHOLDER
            self.b.warn("RKT308", row.number, "target", f"target missing; wrote {PLACEHOLDER!r}")
        satuan_cell = self.value(row, "satuan")
        if satuan_cell.text and not isinstance(value, str):
            unit = satuan_cell.text.strip()
            satuan = None if unit.lower() in ("%", "persen", "percent") else unit
        kegiatan_text = kegiatan.text  # a blank kegiatan is an empty kegiatan, not a carried one
        if "kegiatan" not in self.roles and sasaran.band is not None:
            kegiatan_text = sasaran.band.nama
        sasaran.indikator.append(
            TableIndikator(
                row.number,
                uraian,
                value,
                satuan,
                kegiatan_text,
                pelaksana_text or None,
                self._shown(row, "keterangan"),
                {key: text for key, column in self.extra_columns.items() if (text := self._cell_text(row, column))},
            )
        )

    def _shown(self, row: GridRow, role: str) -> str:
        """The text a cell shows, its own or that of the merged cell above: no carrying on."""
        cell = self.value(row, role)
        return cell.text if cell.explicit or cell.merged else ""

    @staticmethod
    def _cell_text(row: GridRow, column: int) -> str:
        cell = row.cells[column] if column < len(row.cells) else None
        return cell.text if cell is not None and (cell.explicit or cell.merged) else ""

    def _group_row(self, row: GridRow, band: Band) -> None:
        """A row across the table that names a kegiatan (its kode for the sasaran below) or a program."""
        self.new_group = True
        if band.kind == "sasaran":
            self.sasaran_band = band.nama
            self.sasaran_bands += 1
            self.b.warn("RKT319", row.number, "sasaran", f"a row across the table read as sasaran {band.nama!r}")
            return
        if band.kind == "kegiatan":
            self.band = band
            self.kegiatan_bands += 1
            kode = f" {band.kode}" if band.kode else ""
            self.b.warn("RKT319", row.number, "kode", f"a row across the table read as kegiatan{kode}: {band.nama!r}")
            return
        self.band = None
        self.program_bands += 1
        self.programs.append(TableProgram(row.number, band.nama))
        self.b.warn("RKT319", row.number, "program", f"a row across the table read as program {band.nama!r}")
