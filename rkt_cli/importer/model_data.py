"""The walked table as the model's data: programs (or sasaran alone), kode, anggaran, pelaksana,
and the document's extra columns, with a warning for every guess.

A column the table does not have is left out of the data (and listed as not found), never
filled in: a Perjanjian Kinerja has no anggaran, and a plan without programs lists its sasaran
at the top level.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rkt_cli.importer.failures import PLACEHOLDER, Findings
from rkt_cli.importer.header import plain_words
from rkt_cli.importer.table_walk import TableIndikator, TableProgram, TableSasaran
from rkt_cli.importer.values import parse_anggaran, parse_target, split_kode


@dataclass(frozen=True)
class Columns:
    """Which optional columns the RKT table has (or, for kode, which sasaran name one)."""

    program: bool
    kode: bool
    anggaran: bool
    kegiatan: bool
    pelaksana: bool
    extra: dict[str, str]  # key -> judul, in the table's order


def extra_key(title: str, taken: set[str]) -> str:
    """ "Kondisi Awal 2023" -> "kondisi_awal_2023": a key for the YAML, unique among `taken`."""
    words = plain_words(title).split() or ["kolom"]
    key = "_".join(words)[:40].strip("_")
    if key[0].isdigit():
        key = "kolom_" + key
    unique, n = key, 1
    while unique in taken:
        n += 1
        unique = f"{key}_{n}"
    return unique


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


def plan_data(b: Findings, programs: list[TableProgram], columns: Columns) -> dict[str, Any]:
    """`program:` (or, without programs, `sasaran:`) and `kolom_tambahan:` of the model's data."""
    # The RKT form (with an anggaran or a kode column) names every sasaran's kode, so one it lacks
    # is a placeholder to fill in; a form without them (PK, the simple RKT) has no kode at all.
    kode_found = columns.kode or any(_kode_of(s)[1] for p in programs for s in p.sasaran)
    if not kode_found:
        b.not_found("kode", placeholder=False)
    placeholders = _Counter()
    out: list[dict[str, Any]] = []
    for pi, program in enumerate(programs):
        prefix = f"program[{pi}]." if columns.program else ""
        sasaran_out = [
            _sasaran_data(b, sasaran, f"{prefix}sasaran[{si}]", columns, kode_found, placeholders)
            for si, sasaran in enumerate(program.sasaran)
        ]
        out.append({"nama": program.nama, "sasaran": sasaran_out})
    data: dict[str, Any] = {}
    if columns.program:
        data["program"] = out
    else:
        data["sasaran"] = [s for p in out for s in p["sasaran"]]
    if columns.extra:
        kinds = _extra_kinds(programs, columns.extra)
        data["kolom_tambahan"] = {key: {"judul": judul, "jenis": kinds[key]} for key, judul in columns.extra.items()}
        for entry in (i for p in out for s in p["sasaran"] for i in s["indikator"]):
            if "tambahan" in entry:
                entry["tambahan"] = {k: _typed(v, kinds[k]) for k, v in entry["tambahan"].items()}
    return data


class _Counter:
    """Numbers the kode placeholders, so that no two sasaran share one (a duplicate-kode error)."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> int:
        self.count += 1
        return self.count


def _kode_of(sasaran: TableSasaran) -> tuple[str, str | None]:
    nama, kode = split_kode(sasaran.text)
    if sasaran.kode_column:
        kode = sasaran.kode_column
    elif kode is None and sasaran.band is not None:
        kode = sasaran.band.kode
    return nama, kode


def _sasaran_data(
    b: Findings, sasaran: TableSasaran, path: str, columns: Columns, kode_found: bool, placeholders: _Counter
) -> dict[str, Any]:
    nama, kode = _kode_of(sasaran)
    in_name = split_kode(sasaran.text)[1]
    if sasaran.kode_column and in_name and in_name != sasaran.kode_column:
        b.warn("RKT311", sasaran.row, path, f"kode {in_name} in the name differs from the Kode column")
    entry: dict[str, Any] = {"nama": nama or PLACEHOLDER}
    if kode is None and kode_found:
        kode = f"{PLACEHOLDER} {placeholders.next()}"
        b.warn("RKT311", sasaran.row, path + ".kode", f"no kode such as (6709) after the sasaran; wrote {kode!r}")
    if kode is not None:
        entry["kode"] = kode
    if columns.anggaran:
        entry["anggaran"] = anggaran_of(b, sasaran, path + ".anggaran")
    common, overrides = _lift_pelaksana(sasaran.indikator)
    if common is None and columns.pelaksana:
        b.warn("RKT305", sasaran.row, path + ".pelaksana", f"no pelaksana; wrote {PLACEHOLDER!r}")
        common = PLACEHOLDER
    if common is not None:
        entry["pelaksana"] = common
    entry["indikator"] = [
        _indikator_data(indikator, own, columns) for indikator, own in zip(sasaran.indikator, overrides, strict=True)
    ]
    return entry


def _indikator_data(indikator: TableIndikator, own: str | None, columns: Columns) -> dict[str, Any]:
    item: dict[str, Any] = {"uraian": indikator.uraian, "target": indikator.target}
    if indikator.satuan is not None:
        item["satuan"] = indikator.satuan
    if columns.kegiatan or indikator.kegiatan:
        item["kegiatan"] = indikator.kegiatan
    if own is not None:
        item["pelaksana"] = own
    if indikator.keterangan:
        item["keterangan"] = indikator.keterangan
    if indikator.tambahan:
        item["tambahan"] = dict(indikator.tambahan)
    return item


def _extra_kinds(programs: list[TableProgram], extra: dict[str, str]) -> dict[str, str]:
    """angka for a column whose every filled cell is a number, teks otherwise."""
    kinds = dict.fromkeys(extra, "angka")
    for indikator in (i for p in programs for s in p.sasaran for i in s.indikator):
        for key, text in indikator.tambahan.items():
            if not isinstance(_number_or_text(text), (int, float)):
                kinds[key] = "teks"
    return kinds


def _number_or_text(text: str) -> int | float | str:
    value, unit = parse_target(text)
    return value if unit is None else text


def _typed(text: str, kind: str) -> int | float | str:
    return _number_or_text(text) if kind == "angka" else text
