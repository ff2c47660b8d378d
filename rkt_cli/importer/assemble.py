"""Putting it together: the model from a document's blocks, with the guesses as warnings."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from rkt_cli.diagnostics import Diagnostic
from rkt_cli.importer.failures import PLACEHOLDER, DocxImportError, Findings, ImportFailure, Missing
from rkt_cli.importer.front import TAHUN, read_front, restore_case
from rkt_cli.importer.grid import Block, Table
from rkt_cli.importer.header import header_at, is_blank, is_numbering_row
from rkt_cli.importer.signers import Signer, read_signers
from rkt_cli.importer.table_walk import TableIndikator, TableProgram, TableSasaran, TableWalker
from rkt_cli.importer.values import parse_anggaran, split_kode
from rkt_cli.loader import PathKey, format_path
from rkt_cli.model import RKT

REQUIRED_ROLES = ("sasaran", "indikator", "target", "anggaran")


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


def _find_rkt_tables(blocks: list[Block]) -> tuple[list[tuple[int, Table, dict[str, list[int]], int]], int]:
    """(block index, table, roles, header row index) of every table that carries the RKT header."""
    found = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        for r in range(min(len(block.rows), 6)):
            header = header_at(block.rows, r)
            if header is not None:
                found.append((index, block, header[0], r))
                break
    return found, len([b for b in blocks if isinstance(b, Table)])


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
    tables, table_count = _find_rkt_tables(blocks)
    if not tables:
        if table_count == 0:
            why = "the document has no table"
        else:
            which = "its only table has" if table_count == 1 else f"none of its {table_count} tables has"
            why = (
                f"{which} a header row with the words "
                "No, Program, Sasaran, Indikator, Target, Kegiatan, Anggaran, Pelaksana"
            )
        raise DocxImportError(f"{file}: no RKT table found: {why}", ImportFailure.CONTENT)
    first_index, _, roles, _ = tables[0]
    missing_roles = [r for r in REQUIRED_ROLES if r not in roles]
    if missing_roles:
        raise DocxImportError(
            f"{file}: the RKT table has no column for {', '.join(missing_roles)}", ImportFailure.CONTENT
        )
    for role in ("program", "kegiatan", "pelaksana"):
        if role not in roles:
            b.warn("RKT313", 0, role, f"the table has no {role} column")
    reader = TableWalker(b, roles)
    number = 0
    last_index = first_index
    for index, table, table_roles, _ in tables:
        if table_roles.keys() != roles.keys():
            continue  # another table with different columns (e.g. a PK table): not part of this RKT
        last_index = index
        reader.roles = table_roles
        header_rows_left = 0
        for position, row in enumerate(table.rows):
            number += 1
            row.number = number
            if header_rows_left:
                header_rows_left -= 1
                continue
            header = header_at(table.rows, position)
            if header is not None:  # the header, and its repeats at page breaks
                header_rows_left = header[1] - 1
                continue
            if is_blank(row) or is_numbering_row(row):
                continue
            reader.add(row)
    if not reader.programs:
        raise DocxImportError(f"{file}: the RKT table has a header but no rows", ImportFailure.CONTENT)
    programs = programs_data(b, reader.programs)
    total = sum(s["anggaran"] for p in programs for s in p["sasaran"])
    for total_row, amount in reader.total_rows:
        if amount != total:
            b.warn("RKT314", total_row, "pagu", f"the table's Jumlah says {amount} but the sasaran add up to {total}")

    before = [blk for blk in blocks[:first_index] if isinstance(blk, str)]
    front = read_front(before)
    signers = read_signers(blocks[last_index + 1 :])
    corpus = [blk for blk in blocks if isinstance(blk, str)] + [
        c.text for t in tables for r in t[1].rows for c in r.cells if c.explicit
    ]
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
    data["program"] = programs
    data["penandatangan"] = _signers_data(b, signers)
    try:
        rkt = RKT.model_validate(data)
    except ValidationError as exc:  # a value the document holds but an RKT cannot (e.g. a target of -5)
        problems = [_problem(error["loc"], error["msg"], reader.programs) for error in exc.errors(include_url=False)]
        raise DocxImportError(f"{file}: cannot import: {'; '.join(problems)}", ImportFailure.CONTENT) from None
    rows = sum(len(s.indikator) for p in rkt.program for s in p.sasaran)
    return ImportResult(rkt, b.diagnostics, b.missing, rows)


def _problem(loc: tuple[Any, ...], message: str, programs: list[TableProgram]) -> str:
    """One model error as "row N: program[0].sasaran[1].anggaran: message" (the row when known)."""
    path: PathKey = tuple(part for part in loc if isinstance(part, (str, int)))
    row = 0
    if len(path) >= 4 and path[0] == "program" and path[2] == "sasaran":
        pi, si = path[1], path[3]
        if isinstance(pi, int) and isinstance(si, int) and pi < len(programs) and si < len(programs[pi].sasaran):
            sasaran = programs[pi].sasaran[si]
            row = sasaran.row
            ii = path[5] if len(path) >= 6 and path[4] == "indikator" else None
            if isinstance(ii, int) and ii < len(sasaran.indikator):
                row = sasaran.indikator[ii].row
    where = f"row {row}: " if row else ""
    return f"{where}{format_path(path)}: {message}"


def _signers_data(b: Findings, signers: list[Signer]) -> list[dict[str, Any]]:
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


def anggaran_of(b: Findings, sasaran: TableSasaran, path: str) -> int:
    amounts: list[tuple[int, int]] = []
    for row, text in sasaran.anggaran:
        amount = parse_anggaran(text)
        if amount is None:
            b.warn("RKT309", row, path, f"anggaran {text!r} is not an amount in rupiah; left out, fill it in")
        else:
            amounts.append((row, amount))
    if not amounts:
        if not sasaran.anggaran:
            b.warn("RKT309", sasaran.row, path, "no anggaran for this sasaran; wrote 0")
        return 0
    values = {amount for _, amount in amounts}
    if len(amounts) > 1 and len(values) == 1:
        b.warn(
            "RKT310",
            amounts[1][0],
            path,
            "anggaran repeated on every indikator row of this sasaran, counted once",
        )
        return amounts[0][1]
    if len(values) > 1:
        listed = ", ".join(f"{amount} (row {row})" for row, amount in amounts)
        b.warn("RKT310", amounts[0][0], path, f"different anggaran on the rows of one sasaran: {listed}; summed")
        return sum(amount for _, amount in amounts)
    return amounts[0][1]


def _lift_pelaksana(indikator: list[TableIndikator]) -> tuple[str | None, list[str | None]]:
    """The sasaran's pelaksana is the one most of its indikator share (the first on a tie)."""
    names = [i.pelaksana for i in indikator if i.pelaksana]
    if not names:
        return None, [None] * len(indikator)
    counts = Counter(names)
    best = max(counts.values())
    common = next(name for name in names if counts[name] == best)
    return common, [None if i.pelaksana in (common, None) else i.pelaksana for i in indikator]


def programs_data(b: Findings, programs: list[TableProgram]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    used_kode: set[str] = set()
    placeholder_count = 0
    for pi, program in enumerate(programs):
        sasaran_out: list[dict[str, Any]] = []
        for si, sasaran in enumerate(program.sasaran):
            path = f"program[{pi}].sasaran[{si}]"
            nama, kode = split_kode(sasaran.text)
            if sasaran.kode_column:
                if kode and kode != sasaran.kode_column:
                    b.warn("RKT311", sasaran.row, path, f"kode {kode} in the name differs from the Kode column")
                kode = sasaran.kode_column
            if kode is None:
                placeholder_count += 1
                kode = f"{PLACEHOLDER} {placeholder_count}"  # unique, so no duplicate-kode error
                b.warn(
                    "RKT311", sasaran.row, path + ".kode", f"no kode such as (6709) after the sasaran; wrote {kode!r}"
                )
            used_kode.add(kode)
            common, overrides = _lift_pelaksana(sasaran.indikator)
            if common is None:
                b.warn("RKT305", sasaran.row, path + ".pelaksana", f"no pelaksana; wrote {PLACEHOLDER!r}")
                common = PLACEHOLDER
            entry: dict[str, Any] = {
                "nama": nama or PLACEHOLDER,
                "kode": kode,
                "anggaran": anggaran_of(b, sasaran, path + ".anggaran"),
                "pelaksana": common,
                "indikator": [],
            }
            for indikator, own in zip(sasaran.indikator, overrides, strict=True):
                item: dict[str, Any] = {"uraian": indikator.uraian, "target": indikator.target}
                if indikator.satuan is not None:
                    item["satuan"] = indikator.satuan
                item["kegiatan"] = indikator.kegiatan
                if own is not None:
                    item["pelaksana"] = own
                entry["indikator"].append(item)
            sasaran_out.append(entry)
        out.append({"nama": program.nama, "sasaran": sasaran_out})
    return out
