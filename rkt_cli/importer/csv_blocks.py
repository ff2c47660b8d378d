"""A CSV's RKT table as the importer's grid: one grid row per record, no merges (a value repeated
on every row is what a CSV has), warnings at `FILE.csv:LINE:COLUMN`.

`rkt export -f csv` writes one row per indikator with the columns no, program, kode, sasaran,
anggaran, no_indikator, indikator, target, satuan, kegiatan, pelaksana, keterangan and
`tambahan.NAME`: its `no_indikator` is a count, not data, and is not read; `tambahan.NAME` is the
extra column NAME. Such a CSV holds no instansi, unit, tahun, intro or signers: they come back as
the placeholders a DOCX without them gets. A hand-made CSV with header words (and lines above
its table, such as "Unit Organisasi : …") is read as a sheet is. A texts's leading `'` that
guards a formula (as the export writes "'=x") is taken off.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from rkt_cli.diagnostics import Diagnostic
from rkt_cli.importer.assemble import ImportResult, import_blocks
from rkt_cli.importer.failures import DocxImportError, ImportFailure
from rkt_cli.importer.grid import Block, GridCell, GridRow, Table, clean_lines
from rkt_cli.importer.xlsx_blocks import _LEADING_ROW, _ROW, _role, find_header, table_end
from rkt_cli.xlsx_reader import MAX_FILE_BYTES

_NOT_READ = "no_indikator"  # the export's running number of the indikator
_EXTRA_PREFIX = "tambahan."


def csv_text(path: Path, file: str) -> str:
    """The CSV's text (UTF-8, with or without a byte order mark). Raises DocxImportError."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DocxImportError(f"{file}: cannot read: {exc.strerror or exc}", ImportFailure.FILE) from None
    if len(raw) > MAX_FILE_BYTES:
        raise DocxImportError(f"{file}: larger than the {MAX_FILE_BYTES // 2**20} MiB a CSV rkt reads may be")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocxImportError(f"{file}: not UTF-8 text; save the CSV as UTF-8", ImportFailure.CONTENT) from None


def _unguarded(text: str) -> str:
    """ "'=x" → "=x": the guard the export puts before a text a spreadsheet would run."""
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return text[1:]
    return text


def csv_records(text: str) -> list[tuple[int, list[str]]]:
    """(line where the record starts, its cells); ";" between cells when the first line has more
    of them than commas (an Indonesian-locale Excel saves so)."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    line = 1
    try:
        for record in reader:
            records.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise DocxImportError(f"line {reader.line_num}: {exc}", ImportFailure.CONTENT) from None
    return records


def _header_cell(text: str) -> str:
    return text[len(_EXTRA_PREFIX) :] if text.startswith(_EXTRA_PREFIX) else text


def _line(lines: list[int], start: int, row: int) -> int:
    """The line where the walker's row `row` (counted from the header) starts."""
    index = start + row - 1
    return lines[index] if 0 <= index < len(lines) else row


def import_csv(path: Path, file: str | None = None) -> ImportResult:
    """The RKT in a CSV file. Raises DocxImportError."""
    name = file if file is not None else str(path)
    try:
        records = csv_records(csv_text(path, name))
    except DocxImportError as exc:
        if not exc.message.startswith(name):
            exc.message = f"{name}: {exc.message}"
        raise
    rows = [GridRow([GridCell(clean_lines(_unguarded(c))) for c in cells], f"line {line}") for line, cells in records]
    found = find_header(rows)
    if found is None:
        raise DocxImportError(
            f"{name}: no RKT table found: no line with the column names Sasaran, Indikator and Target",
            ImportFailure.CONTENT,
        )
    start, _ = found
    # The export's own columns: its running number is left out, tambahan.NAME is the column NAME.
    kept = [i for i, cell in enumerate(rows[start].cells) if cell.text != _NOT_READ]
    rows = [GridRow([row.cells[i] for i in kept if i < len(row.cells)], row.where) for row in rows]
    rows[start] = GridRow([GridCell(_header_cell(c.text)) for c in rows[start].cells], rows[start].where)
    found = find_header(rows)
    assert found is not None  # the same header, less a column no role needs
    start, header = found
    end = table_end(rows, start, header)
    blocks: list[Block] = [" ".join(c.text for c in row.cells if c.text) for row in rows[:start]]
    blocks.append(Table(rows[start:end], "the table"))
    after = [row for row in rows[end:] if any(c.text for c in row.cells)]
    if after:
        blocks.append(Table(after, "below the table"))
    lines = [line for line, _ in records]
    result = import_blocks([b for b in blocks if b], name)
    out: list[Diagnostic] = []
    for d in result.diagnostics:
        if not d.line:
            out.append(d)
            continue
        line = _line(lines, start, d.line)
        columns = header.roles.get(_role(d.path)) or []
        column = kept[columns[0]] + 1 if columns else 0
        message = _ROW.sub(lambda m: f"line {_line(lines, start, int(m.group(1)))}", _LEADING_ROW.sub("", d.message))
        out.append(replace(d, line=line, col=column, message=message))
    return replace(result, diagnostics=out)


__all__ = ["csv_records", "csv_text", "import_csv"]
