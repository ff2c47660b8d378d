"""Putting it together: the model from a document's blocks, with the guesses as warnings."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from rkt_cli.diagnostics import Diagnostic
from rkt_cli.importer.failures import PLACEHOLDER, DocxImportError, Findings, ImportFailure, Missing
from rkt_cli.importer.front import TAHUN, Front, key_value_rows, read_front, restore_case
from rkt_cli.importer.grid import Block, Table
from rkt_cli.importer.header import EXTRA_ROLES, MINIMUM_ROLES, Header, header_at, is_blank, is_numbering_row
from rkt_cli.importer.model_data import Columns, extra_key, plan_data
from rkt_cli.importer.program_table import attribute_programs, program_rows
from rkt_cli.importer.signers import Signer, read_signers, signers_data, with_statement
from rkt_cli.importer.table_walk import TableProgram, TableWalker
from rkt_cli.loader import PathKey, format_path
from rkt_cli.model import RKT
from rkt_cli.walk import walk_indikator


@dataclass
class ImportResult:
    """The imported model, what was guessed (warnings), and which fields were not in the document."""

    rkt: RKT
    diagnostics: list[Diagnostic]
    missing: list[Missing]
    rows: int  # indikator rows read

    @property
    def placeholders(self) -> list[str]:
        """The fields written as PLACEHOLDER, to be filled in."""
        return [m.name for m in self.missing if m.placeholder]

    @property
    def left_out(self) -> list[str]:
        """The optional fields the document does not hold, left out of the YAML."""
        return [m.name for m in self.missing if not m.placeholder]


@dataclass
class _Found:
    """A table that carries the RKT header: where it stands among the blocks, and its header."""

    index: int
    table: Table
    header: Header


def _find_rkt_tables(blocks: list[Block]) -> tuple[list[_Found], int]:
    """Every table that carries the RKT header (within its first six rows), and how many tables there are."""
    found = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        for r in range(min(len(block.rows), 6)):
            header = header_at(block.rows, r)
            if header is not None:
                found.append(_Found(index, block, header))
                break
    return found, len([b for b in blocks if isinstance(b, Table)])


def _no_table(file: str, table_count: int) -> DocxImportError:
    words = "Sasaran, Indikator and Target"
    if table_count == 0:
        why = "the document has no table"
    elif table_count == 1:
        why = f"its only table has no header row with the words {words}"
    else:
        why = f"none of its {table_count} tables has a header row with the words {words}"
    return DocxImportError(f"{file}: no RKT table found: {why}", ImportFailure.CONTENT)


def import_blocks(blocks: list[Block], file: str, tracked_changes: bool = False) -> ImportResult:
    """The RKT in a document's blocks; `tracked_changes` says the blocks were read with them accepted."""
    b = Findings(file)
    if tracked_changes:
        b.warn(
            "RKT316",
            0,
            "document",
            "the document has tracked changes; read as if all were accepted (deleted and moved-away text "
            "left out): accept or reject them in Word to be sure",
        )
    found, table_count = _find_rkt_tables(blocks)
    if not found:
        raise _no_table(file, table_count)
    # The table with the most columns named is the plan; a summary table of a few of its columns
    # (before or after it) is not read as part of it.
    main = max(found, key=lambda f: len(f.header.roles))
    roles = main.header.roles
    # Without a sasaran column, "Sasaran 1: …" rows across the table (an LKj's) name the sasaran.
    missing_roles = [r for r in MINIMUM_ROLES if r not in roles and r != "sasaran"]
    if missing_roles:
        _no_column(file, main, missing_roles)
    # Another table with other columns (e.g. a PK's table after an RKT's) is not part of this one.
    parts = [f for f in found if f.header.roles.keys() == roles.keys()]
    extra = _extra_columns(parts)
    walker = TableWalker(b, parts[0].header, {title: key for key, title in extra.items()})
    _walk(b, walker, parts, extra)
    if "sasaran" not in roles and not walker.sasaran_bands:
        _no_column(file, main, [r for r in MINIMUM_ROLES if r not in roles])
    if not walker.programs:
        where = parts[0].table.where
        raise DocxImportError(f"{file}: {where}: the RKT table has a header but no rows", ImportFailure.CONTENT)
    columns = Columns(
        program="program" in roles or walker.program_bands > 0,
        kode="kode" in roles or "anggaran" in roles,
        anggaran="anggaran" in roles,
        kegiatan="kegiatan" in roles or walker.kegiatan_bands > 0,
        pelaksana="pelaksana" in roles,
        extra=extra,
    )
    for role in ("program", "anggaran", "kegiatan", "pelaksana"):
        if not getattr(columns, role):
            b.not_found(role, placeholder=False)
    data = plan_data(b, walker.programs, columns)
    if columns.anggaran:
        _check_totals(b, walker, data)
    _program_table(b, blocks, parts, data)
    first, last = parts[0].index, parts[-1].index
    before = blocks[:first]
    # Paragraphs, and the key-value rows of a layout table ("Unit Organisasi | : | …").
    front = read_front([line for blk in before for line in ([blk] if isinstance(blk, str) else key_value_rows(blk))])
    # A PK's statement page with its signatures may come before the table.
    signers = read_signers(blocks[last + 1 :]) or read_signers(before, anchored=True)
    if not signers and front.statement.signers:
        b.warn(
            "RKT320",
            0,
            "penandatangan",
            "no signature block found; took the signers from the statement's Nama / Jabatan lines",
        )
    signers = with_statement(signers, front.statement.signers)
    corpus = [blk for blk in blocks if isinstance(blk, str)] + [
        c.text for f in parts for r in f.table.rows for c in r.cells if c.explicit
    ]
    data.update(_front_data(b, front, corpus, signers))
    data["penandatangan"] = signers_data(b, signers)
    try:
        rkt = RKT.model_validate(data)
    except ValidationError as exc:  # a value the document holds but an RKT cannot (e.g. a target of -5)
        problems = [_problem(error["loc"], error["msg"], walker.programs) for error in exc.errors(include_url=False)]
        raise DocxImportError(f"{file}: cannot import: {'; '.join(problems)}", ImportFailure.CONTENT) from None
    rows = sum(1 for _ in walk_indikator(rkt))
    return ImportResult(rkt, b.diagnostics, b.missing, rows)


def _program_table(b: Findings, blocks: list[Block], parts: list[_Found], data: dict[str, Any]) -> None:
    """The programs of a PK's or an LKj's program table, where the table of sasaran has none."""
    tables = [blk for blk in blocks if isinstance(blk, Table) and all(blk is not f.table for f in parts)]
    programs = [row for table in tables for row in program_rows(table) or []]
    if attribute_programs(b, data, programs):
        found = {"program"} | ({"anggaran"} if "anggaran" in data["program"][0]["sasaran"][0] else set())
        b.missing = [m for m in b.missing if m.name not in found]


def _no_column(file: str, main: _Found, roles: list[str]) -> None:
    raise DocxImportError(
        f"{file}: {main.table.where}: the RKT table has no column for {', '.join(roles)}", ImportFailure.CONTENT
    )


def _extra_columns(parts: list[_Found]) -> dict[str, str]:
    """key -> judul of the columns the model has no field for: realisasi, capaian, kategori, and
    any column whose header names no RKT column."""
    extra: dict[str, str] = {}
    for part in parts:
        header = part.header
        for role in EXTRA_ROLES:
            if role in header.roles and role not in extra:
                extra[role] = header.titles.get(header.roles[role][0], role.capitalize())
        for title in header.unknown.values():
            if title not in extra.values():
                extra[extra_key(title, set(extra))] = title
    return extra


def _walk(b: Findings, walker: TableWalker, parts: list[_Found], extra: dict[str, str]) -> None:
    """Every row of every part of the RKT table, numbered from 1 across them all."""
    number = 0
    warned: set[str] = set()
    for part in parts:
        walker.use(part.header)
        header_rows_left = 0
        for position, row in enumerate(part.table.rows):
            number += 1
            row.number = number
            if header_rows_left:
                header_rows_left -= 1
                continue
            header = header_at(part.table.rows, position)
            if header is not None:  # the header, and its repeats at page breaks
                header_rows_left = header.rows - 1
                for title in header.unknown.values():
                    if title not in warned:
                        warned.add(title)
                        key = next(k for k, t in extra.items() if t == title)
                        b.warn(
                            "RKT317",
                            number,
                            "kolom_tambahan",
                            f"column {title!r} is not an RKT column; kept as the extra column {key!r}",
                        )
                continue
            if is_blank(row) or is_numbering_row(row):
                continue
            walker.add(row)


def _check_totals(b: Findings, walker: TableWalker, data: dict[str, Any]) -> None:
    programs = data.get("program") or [{"sasaran": data.get("sasaran", [])}]
    total = sum(s["anggaran"] for p in programs for s in p["sasaran"])
    for total_row, amount in walker.total_rows:
        if amount != total:
            b.warn("RKT314", total_row, "pagu", f"the table's Jumlah says {amount} but the sasaran add up to {total}")


def _front_data(b: Findings, front: Front, corpus: list[str], signers: list[Signer]) -> dict[str, Any]:
    """instansi, unit, tahun, judul and pengantar: found, guessed with a warning, or a placeholder."""
    data: dict[str, Any] = {}
    for key in ("instansi", "unit"):
        value = getattr(front, key)
        if value:
            data[key] = restore_case(value, corpus, b, key)
        else:
            b.not_found(key, placeholder=True)
            data[key] = PLACEHOLDER
    tahun = front.tahun or next((s.year for s in signers if s.year), None)
    if tahun is None:
        years = Counter(int(y) for text in corpus for y in TAHUN.findall(text))
        if years:
            tahun = years.most_common(1)[0][0]
            b.warn("RKT315", 0, "tahun", f"no TAHUN in the title; took {tahun}, the year the table names most")
        else:
            tahun = dt.date.today().year
            b.warn("RKT315", 0, "tahun", f"no TAHUN in the title; wrote this year, {tahun}")
    data["tahun"] = tahun
    if front.judul:
        data["judul"] = front.judul
    if front.pengantar:
        data["pengantar"] = front.pengantar
    else:
        b.not_found("pengantar", placeholder=False)
    return data


def _problem(loc: tuple[Any, ...], message: str, programs: list[TableProgram]) -> str:
    """One model error as "row N: program[0].sasaran[1].anggaran: message" (the row when known)."""
    path: PathKey = tuple(part for part in loc if isinstance(part, (str, int)))
    row = 0
    # ("program", p, "sasaran", s, "indikator", i, …), or ("sasaran", s, "indikator", i, …) without programs.
    if len(path) >= 4 and path[0] == "program" and path[2] == "sasaran":
        pi, si, rest = path[1], path[3], path[4:]
        group = programs[pi].sasaran if isinstance(pi, int) and pi < len(programs) else []
    elif len(path) >= 2 and path[0] == "sasaran":
        si, rest = path[1], path[2:]
        group = [s for p in programs for s in p.sasaran]
    else:
        si, rest, group = None, (), []
    if isinstance(si, int) and si < len(group):
        sasaran = group[si]
        row = sasaran.row
        ii = rest[1] if len(rest) >= 2 and rest[0] == "indikator" else None
        if isinstance(ii, int) and ii < len(sasaran.indikator):
            row = sasaran.indikator[ii].row
    where = f"row {row}: " if row else ""
    return f"{where}{format_path(path)}: {message}"
