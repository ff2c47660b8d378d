"""Write an RKT model as YAML in the house style of data/rkt_2024.yaml.

Block style, keys in model order, defaults left out (a pelaksana equal to the sasaran's is not
repeated), long texts as plain scalars that editors wrap, and a quote wherever YAML would
otherwise read a text as something else.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap

import yaml

from rkt_cli.model import RKT, Indikator, Penandatangan, Sasaran

# Editors with the YAML language server complete and check the file against this schema.
DEFAULT_SCHEMA_REF = "../schema/rkt.schema.json"


def scalar(value: object) -> str:
    """One YAML scalar on one line, quoted only when a plain scalar would change its meaning."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"no such value in an RKT: {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _is_safe_plain(text) and text.lower() not in _WORDS_YAML_READS_OTHERWISE:
        return text  # most RKT wording: plain words and punctuation no YAML reader mistakes
    if _LINE_BREAKS.search(text) or reads_as_other_type(text):
        # Double quotes escape every line break (NEL as \N, LS as \L); single quotes and plain
        # scalars would write it raw, and a reader folds a raw break into a space.
        return _double_quoted(text)
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_flow_style=True)
    dumped = dumped.removesuffix("\n...\n").removesuffix("\n")
    if dumped == text and yaml.safe_load(text) != text:  # a plain form PyYAML itself would misread
        return _double_quoted(text)
    return dumped


def _double_quoted(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_style='"').strip()


# A letter first, then letters, digits, single spaces and punctuation without meaning in a plain
# scalar (no ':', '#', quotes or brackets of flow style), and no space at either end. Such a text
# is written as it is; anything else goes through PyYAML's emitter and a read-back check, which
# is exact but slow (a 40,000-indikator file has a quarter of a million texts). One character
# class, and the spaces checked apart: a pattern that alternates per character kept state for
# each one, and took 1.5 GB for a text of 15 MB.
_SAFE_PLAIN_CHARACTERS = re.compile(r"[A-Za-z][A-Za-z0-9,.()/&%' \-]*")


def _is_safe_plain(text: str) -> bool:
    return bool(_SAFE_PLAIN_CHARACTERS.fullmatch(text)) and "  " not in text and not text.endswith(" ")


_WORDS_YAML_READS_OTHERWISE = frozenset({"yes", "no", "on", "off", "y", "n", "true", "false", "null"})
# Characters YAML 1.1 takes for a line break (YAML 1.2 only \n and \r): they must be escaped.
_LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")

# Every plain scalar that a YAML 1.1 reader (PyYAML, older tools) or a YAML 1.2 reader (core or
# JSON schema; rkt's own loader) resolves to something other than a string. Matched without
# regard to case, and a little wider than the specs (e.g. "1.2.3", "+.5e3"), because an
# unneeded quote costs nothing and a missing one changes the data.
_NOT_A_STRING = re.compile(
    r"""^(?:
        ~ | null | true | false | yes | no | y | n | on | off      # null and booleans (1.1 and 1.2)
      | [-+]?\.(?:inf|nan)                                         # infinities, not-a-number
      | [-+]?0b[01_]+ | [-+]?0o?[0-7_]+ | [-+]?0x[0-9a-f_]+          # binary, octal, hex (1.1, 1.2)
      | [-+]?(?=\.?[0-9])[0-9_]*(?:\.[0-9_.]*)?(?:e[-+]?[0-9]+)?      # decimal int and float, 1e3, .5
      | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?             # sexagesimal 12:30:00 (1.1)
      | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}                               # date (1.1 timestamp)
        (?:(?:t|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
           (?:[ \t]*(?:z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?
      | << | =                                                     # merge key and value (1.1)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def reads_as_other_type(text: str) -> bool:
    """Would a YAML 1.1 or 1.2 reader take this text, written plain, for a number, bool, null or date?"""
    return bool(_NOT_A_STRING.match(text))


def _folded(indent: int, key: str, text: str) -> str:
    """A paragraph as a folded block (`>-`), wrapped so that it reads well in an editor.

    Folding joins the lines with single spaces, so only a text whose words are separated by
    single spaces can be written this way; anything else stays a one-line scalar.
    """
    if text != " ".join(text.split()):
        return _line(indent, key, text)
    pad = " " * (indent + 2)
    lines = textwrap.wrap(text, width=88, break_long_words=False, break_on_hyphens=False)
    return " " * indent + f"{key}: >-\n" + "\n".join(pad + line for line in lines)


def _line(indent: int, key: str, value: object, first_in_item: bool = False) -> str:
    lead = " " * (indent - 2) + "- " if first_in_item else " " * indent
    return f"{lead}{key}: {scalar(value)}"


def _indikator(indikator: Indikator, sasaran: Sasaran, indent: int) -> list[str]:
    out = [_line(indent, "uraian", indikator.uraian, first_in_item=True)]
    out.append(_line(indent, "target", indikator.target))
    if indikator.satuan is not None:
        out.append(_line(indent, "satuan", indikator.satuan))
    if indikator.kegiatan is not None:
        out.append(_line(indent, "kegiatan", indikator.kegiatan))
    if indikator.pelaksana is not None and indikator.pelaksana != sasaran.pelaksana:
        out.append(_line(indent, "pelaksana", indikator.pelaksana))
    for key in ("keterangan", "id", "arah"):
        value = getattr(indikator, key)
        if value is not None:
            out.append(_line(indent, key, value))
    if indikator.tambahan:
        out.append(f"{' ' * indent}tambahan:")
        out += [_line(indent + 2, name, value) for name, value in indikator.tambahan.items()]
    return out


def _sasaran(sasaran: Sasaran, indent: int) -> list[str]:
    out = [_line(indent, "nama", sasaran.nama, first_in_item=True)]
    if sasaran.kode is not None:
        kode = sasaran.kode
        out.append(f'{" " * indent}kode: "{kode}"' if kode.isdigit() else _line(indent, "kode", kode))
    if sasaran.id is not None:
        out.append(_line(indent, "id", sasaran.id))
    if sasaran.anggaran is not None:
        out.append(_line(indent, "anggaran", sasaran.anggaran))
    if sasaran.pelaksana is not None:
        out.append(_line(indent, "pelaksana", sasaran.pelaksana))
    out.append(f"{' ' * indent}indikator:")
    for indikator in sasaran.indikator:
        out += _indikator(indikator, sasaran, indent + 4)
    return out


def _penandatangan(signer: Penandatangan) -> list[str]:
    out: list[str] = []
    for key in ("pihak", "tempat", "tanggal", "jabatan", "nama", "nip"):
        value = getattr(signer, key)
        if value is None:
            continue
        if key == "nip":
            out.append(f'    nip: "{value}"')
        else:
            out.append(_line(4, key, value, first_in_item=not out))
    for key in ("plt", "plh"):  # written only when true: false is the default
        if getattr(signer, key):
            out.append(f"    {key}: true")
    return out


def dump_rkt(rkt: RKT, header_comment: str | None = None, schema_ref: str | None = DEFAULT_SCHEMA_REF) -> str:
    out = [f"# yaml-language-server: $schema={schema_ref}"] if schema_ref else []
    if header_comment:
        out += [f"# {line}".rstrip() for line in header_comment.splitlines()]
    out.append(_line(0, "instansi", rkt.instansi))
    out.append(_line(0, "unit", rkt.unit))
    out.append(_line(0, "tahun", rkt.tahun))
    if rkt.judul is not None:
        out.append(_line(0, "judul", rkt.judul))
    if rkt.pengantar is not None:
        out.append(_folded(0, "pengantar", rkt.pengantar))
    if rkt.pagu is not None:
        out.append(_line(0, "pagu", rkt.pagu))
    if rkt.kolom_tambahan:
        out.append("kolom_tambahan:")
        for name, column in rkt.kolom_tambahan.items():
            out.append(f"  {name}:")
            out.append(_line(4, "judul", column.judul))
            if column.jenis != "teks":
                out.append(_line(4, "jenis", column.jenis))
    out.append("")
    if rkt.program is not None:
        out.append("program:")
        for program in rkt.program:
            out.append(_line(4, "nama", program.nama, first_in_item=True))
            out.append("    sasaran:")
            for sasaran in program.sasaran:
                out += _sasaran(sasaran, 8)
                out.append("")
    else:
        out.append("sasaran:")
        for sasaran in rkt.sasaran or []:
            out += _sasaran(sasaran, 4)
            out.append("")
    if rkt.penandatangan:
        out.append("penandatangan:")
        for signer in rkt.penandatangan:
            out += _penandatangan(signer)
    return "\n".join(out) + "\n"
