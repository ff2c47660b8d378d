"""A Lembar as the text of a realisasi file, in the style of data/realisasi_2024.yaml.

The text is canonical: the same Lembar always gives the same bytes, so a workbook exported
from a file this module wrote and read back untouched gives that file again, byte for byte.
Keys come in a fixed order (the entry's address, how its capaian is computed, the quarterly
targets, the values, the notes); values go through yaml_writer.scalar, which quotes an address
such as "6709.10" that YAML would otherwise read as a number.
"""

from __future__ import annotations

from typing import Any

from rkt_cli.lembar import CARA_KEYS, TRIWULAN, Entri, EntriAnggaran, Lembar
from rkt_cli.yaml_writer import scalar

HEADER = (
    "# Realisasi, read by `rkt import` from the entry workbook (lembar realisasi) of the RKT below.\n"
    "# Check it with `rkt capaian RKT.yaml THIS.yaml`; the RKT file itself is never edited.\n"
)


def _value(value: Any, indent: int) -> list[str]:
    """A nested value of `pengaturan:` (a mapping, a list of mappings, or a scalar) as lines."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{scalar(key)}:")
                lines.extend(_value(item, indent + 2))
            else:
                lines.append(f"{pad}{scalar(key)}: {scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            nested = _value(item, indent + 2)
            lines.append(f"{pad}- {nested[0].lstrip()}" if nested else f"{pad}- {{}}")
            lines.extend(nested[1:])
    return lines


def _quarters(values: dict[int, Any]) -> str:
    return "{" + ", ".join(f"tw{q}: {scalar(values[q])}" for q in TRIWULAN if q in values) + "}"


def _entri(entri: Entri) -> list[str]:
    lines = [f"  - {entri.key}: {scalar(entri.ref)}"]
    lines += [f"    {name}: {scalar(entri.cara[name])}" for name in CARA_KEYS if name in entri.cara]
    if entri.target_tw:
        lines.append(f"    target_tw: {_quarters(entri.target_tw)}")
    lines += [f"    tw{q}: {scalar(entri.tw[q])}" for q in TRIWULAN if q in entri.tw]
    if entri.penghambat is not None:
        lines.append(f"    penghambat: {scalar(entri.penghambat)}")
    if entri.upaya is not None:
        lines.append(f"    upaya: {scalar(entri.upaya)}")
    return lines


def _anggaran(entri: EntriAnggaran) -> list[str]:
    return [f"  - sasaran: {scalar(entri.sasaran)}"] + [f"    tw{q}: {entri.tw[q]}" for q in TRIWULAN if q in entri.tw]


def dump_realisasi(lembar: Lembar) -> str:
    """The realisasi file's text; entries with nothing in them are left out."""
    lines = [f"rkt: {scalar(lembar.rkt)}"]
    if lembar.tahun is not None:
        lines.append(f"tahun: {lembar.tahun}")
    if lembar.pengaturan:
        lines += ["", "pengaturan:", *_value(lembar.pengaturan, 2)]
    entries = [e for e in lembar.indikator if not e.empty]
    if entries:
        lines += ["", "indikator:"]
        for entri in entries:
            lines += _entri(entri)
    anggaran = [a for a in lembar.anggaran if a.tw]
    if anggaran:
        lines += ["", "anggaran:"]
        for amounts in anggaran:
            lines += _anggaran(amounts)
    return HEADER + "\n".join(lines) + "\n"


__all__ = ["dump_realisasi"]
