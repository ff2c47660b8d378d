"""Every hostile input named in issue 15, as a case that benchmarks/bench_hostile.py can run.

A case is: a name, its issue-15 group, a function that writes its inputs into an empty folder, the
`rkt` arguments to run there (as a whole process), the exit codes that count as right, and what
else must hold afterwards (a line naming the file, no raw control characters printed, the FIFO
still a FIFO, no soffice left running, …). Inputs are generated on the spot from
data/rkt_2024.yaml, the default template and small python-docx documents; the big ones (zip
bombs) are built by streaming through zipfile and cached for one benchmark run.

Nothing here times anything: the benchmark measures, this module only says what to run and what
outcome is right. Group 0 holds a few controls (the same commands on good input) that show the
instrument itself works.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "rkt_2024.yaml"
DEFAULT_TEMPLATE = ROOT / "templates" / "default"

GROUPS: dict[int, str] = {
    0: "control (good input)",
    1: "tracebacks on input that reaches the renderer or importer",
    2: "unbounded time or memory",
    3: "data changed on the way through",
    4: "what reaches the terminal",
    5: "interrupted writes",
    6: "signals and the LibreOffice child",
}

MiB = 1024 * 1024
GiB = 1024 * MiB


class SkipCase(Exception):
    """The case cannot run on this machine (e.g. no LibreOffice for the real-soffice signal cases)."""


@dataclass
class Context:
    """What a case's functions get: its folder (the process's working directory), the command that
    starts rkt, a cache shared by the cases of one run, the environment of the measured process
    (a case may add to it) and notes that prepare/during leave for the checks."""

    folder: Path
    rkt: tuple[str, ...]
    cache: Path
    env: dict[str, str]
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """One measured run, as the checks see it."""

    exit_code: int | None  # None: killed by the benchmark's timeout
    stdout: str
    stderr: str
    seconds: float
    ended_at: float  # time.monotonic() when the process was reaped


Check = Callable[[Context, Result], list[str]]  # returns the problems found (empty: fine)
During = Callable[[Context, int, threading.Event], None]  # runs in a thread while the process runs


@dataclass(frozen=True)
class Case:
    name: str
    group: int
    what: str
    prepare: Callable[[Context], None]
    argv: tuple[str, ...]  # rkt's arguments; relative paths are inside the case folder
    exit_codes: frozenset[int]
    # Regexes; when the process fails (exit code not 0), each must match some line of its output:
    # the one-line error names the file (and line where there is one).
    names: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    during: During | None = None
    signals: bool = False  # the case sends signals to rkt (POSIX only)


# ---------------------------------------------------------------------------------------------
# Small builders: YAML text, template folders, DOCX files, zip surgery


def _replace_once(text: str, old: str, new: str) -> str:
    if old not in text:
        raise ValueError(f"{old!r} is no longer in {DATA}; update benchmarks/hostile_cases.py")
    return text.replace(old, new, 1)


def write_rkt(ctx: Context, *replacements: tuple[str, str], name: str = "rkt.yaml", append: str = "") -> Path:
    """data/rkt_2024.yaml with each (old, new) replaced once, written as `name` in the case folder."""
    text = DATA.read_text(encoding="utf-8")
    for old, new in replacements:
        text = _replace_once(text, old, new)
    path = ctx.folder / name
    path.write_text(text + append, encoding="utf-8")
    return path


def yaml_single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_template(ctx: Context, pengantar: str | None = None) -> Path:
    """A copy of the default template folder, as `rkt template init tpl` makes it, with the
    pengantar wording replaced when given."""
    folder = ctx.folder / "tpl"
    folder.mkdir()
    spec = (DEFAULT_TEMPLATE / "template.yaml").read_text(encoding="utf-8")
    if pengantar is not None:
        spec = _replace_once(spec, 'pengantar: "{{ pengantar }}"', f"pengantar: {yaml_single_quoted(pengantar)}")
    (folder / "template.yaml").write_text(spec, encoding="utf-8")
    shutil.copyfile(DEFAULT_TEMPLATE / "reference.docx", folder / "reference.docx")
    return folder


def rewrite_zip(
    source: Path,
    target: Path,
    replace: dict[str, bytes | None] | None = None,
    add: dict[str, bytes] | None = None,
) -> None:
    """Copy a zip entry by entry; `replace` maps a name to new bytes (None drops the entry)."""
    replace = replace or {}
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                data = replace[info.filename]
                if data is not None:
                    zout.writestr(info.filename, data)
            else:
                zout.writestr(info, zin.read(info))
        for name, data in (add or {}).items():
            zout.writestr(name, data)


def stream_part(path: Path, part: str, placeholder: bytes, chunks: Iterable[bytes], force_zip64: bool = False) -> None:
    """Rewrite `path` with `placeholder` in `part` replaced by the streamed `chunks`, so that a
    document of gigabytes can be generated without holding it in memory."""
    temp = path.with_suffix(".rewrite")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename != part:
                zout.writestr(info, data)
                continue
            before, found, after = data.partition(placeholder)
            if not found:
                raise ValueError(f"{placeholder!r} not in {part}")
            with zout.open(part, "w", force_zip64=force_zip64) as stream:
                stream.write(before)
                for chunk in chunks:
                    stream.write(chunk)
                stream.write(after)
    temp.replace(path)


def repeated(unit: bytes, total: int, chunk_size: int = 4 * MiB) -> Iterator[bytes]:
    """`unit` repeated to `total` bytes (whole units), in chunks of about `chunk_size`."""
    chunk = unit * max(chunk_size // len(unit), 1)
    left = total - total % len(unit)
    while left > 0:
        piece = chunk[:left]
        left -= len(piece)
        yield piece


def declare_uncompressed_size(path: Path, part: str, declared: int) -> None:
    """Make the zip lie: patch the uncompressed size of `part` in its local header and in the
    central directory to `declared` (the data and its CRC stay as they are)."""
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    count = struct.unpack_from("<H", data, end + 10)[0]
    offset = struct.unpack_from("<I", data, end + 16)[0]
    for _ in range(count):
        if data[offset : offset + 4] != b"PK\x01\x02":
            raise ValueError("central directory not where the end record says")
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        local = struct.unpack_from("<I", data, offset + 42)[0]
        name = bytes(data[offset + 46 : offset + 46 + name_len]).decode("utf-8")
        if name == part:
            struct.pack_into("<I", data, offset + 24, declared)
            struct.pack_into("<I", data, local + 22, declared)
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


def cached(ctx: Context, name: str, build: Callable[[Path], None]) -> Path:
    """A big generated input, built once per benchmark run and shared by the cases that use it."""
    path = ctx.cache / name
    if not path.exists():
        temp = ctx.cache / f".{name}.partial"
        build(temp)
        temp.replace(path)
    return path


# The import cases start from a small Word RKT laid out as offices lay it out (python-docx).
HEADER = [
    "No",
    "Program",
    "Sasaran strategis",
    "Indikator Kinerja strategis",
    "Target",
    "Kegiatan",
    "Anggaran",
    "Pelaksana",
]
FRONT = ["KOMISI PEMILIHAN UMUM KOTA PRABUMULIH", "RENCANA KINERJA TAHUNAN", "Sekretariat KPU Kota Prabumulih"]
INTRO = (
    "Perencanaan Kinerja merupakan proses Penyusunan Rencana Kinerja sebagai penjabaran dari program "
    "dan sasaran yang telah ditetapkan dalam Rencana Strategis."
)
SIGNATURE = ["Prabumulih, 25 Januari 2024", "SEKRETARIS,", "", "", "YASRIN ABIDIN"]
PROGRAM = "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi"
HUKUM = "Subbagian Hukum dan SDM"


def base_rows() -> list[list[str]]:
    return [
        [
            "1",
            PROGRAM,
            "Pembentukan Badan Adhoc (6867)",
            "Persentase pelantikan PPK sesuai jadwal",
            "100",
            "Pelantikan dan Pengambilan Sumpah/Janji Anggota PPK Pemilu Tahun 2024",
            "12,406,404,000",
            HUKUM,
        ],
        [
            "",
            "",
            "",
            "Persentase pembentukan PPS sesuai jadwal",
            "100",
            "Pelantikan dan Pengambilan Sumpah/Janji Anggota PPS Pemilu Tahun 2024",
            "",
            HUKUM,
        ],
        [
            "2",
            PROGRAM,
            "Masa Kampanye Pemilu (6870)",
            "Persentase pelaporan dana kampanye tepat waktu",
            "100",
            "Sosialisasi pelaporan dana kampanye",
            "911,081,000",
            "Subbagian Teknis Penyelenggaraan, Partisipasi dan Hubungan Masyarakat",
        ],
    ]


Edit = Callable[[Any, Any], None]  # (python-docx Document, the RKT table) -> None


def build_docx(
    path: Path,
    rows: Sequence[Sequence[str]] | None = None,
    intro: str = INTRO,
    edit: Edit | None = None,
    two_row_header: bool = False,
    front: Sequence[str] = FRONT,
) -> Path:
    import docx

    document = docx.Document()
    for line in [*front, "TAHUN 2024"]:
        document.add_paragraph(line)
    document.add_paragraph(intro)
    if two_row_header:
        # "Indikator Kinerja" spans "Uraian | Target"; the other header cells are merged down.
        table = document.add_table(rows=2, cols=len(HEADER))
        table.style = "Table Grid"
        table.cell(0, 3).merge(table.cell(0, 4))
        for column in (0, 1, 2, 5, 6, 7):
            table.cell(0, column).merge(table.cell(1, column))
            table.cell(0, column).text = HEADER[column]
        table.cell(0, 3).text = "Indikator Kinerja"
        table.cell(1, 3).text = "Uraian"
        table.cell(1, 4).text = "Target"
    else:
        table = document.add_table(rows=1, cols=len(HEADER))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
            cell.text = text
    for values in rows if rows is not None else base_rows():
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    for line in SIGNATURE:
        document.add_paragraph(line)
    if edit is not None:
        edit(document, table)
    document.save(str(path))
    return path


def _set_cell_property(row: int, column: int, name: str, value: str) -> Edit:
    def edit(document: Any, table: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        tc_pr = table.rows[row].cells[column]._tc.get_or_add_tcPr()
        element = OxmlElement(f"w:{name}")
        element.set(qn("w:val"), value)
        tc_pr.append(element)

    return edit


def _set_row_property(row: int, name: str, value: str) -> Edit:
    def edit(document: Any, table: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        tr_pr = table.rows[row]._tr.get_or_add_trPr()
        element = OxmlElement(f"w:{name}")
        element.set(qn("w:val"), value)
        tr_pr.insert(0, element)

    return edit


def _nest_intro_in_custom_xml(depth: int) -> Edit:
    def edit(document: Any, table: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        paragraph = next(p for p in document.paragraphs if p.text == INTRO)._p
        parent = paragraph.getparent()
        index = parent.index(paragraph)
        outer = current = OxmlElement("w:customXml")
        outer.set(qn("w:element"), "lapis")
        for _ in range(depth - 1):
            inner = OxmlElement("w:customXml")
            inner.set(qn("w:element"), "lapis")
            current.append(inner)
            current = inner
        parent.remove(paragraph)
        current.append(paragraph)
        parent.insert(index, outer)

    return edit


def _tracked_change(row: int, column: int, wrapper: str, text: str) -> Edit:
    """Append a tracked change to a cell. The run holds w:t (not w:delText): a producer other
    than Word may write it so, and a reader that ignores w:del/w:moveFrom then keeps the text."""

    def edit(document: Any, table: Any) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        paragraph = table.rows[row].cells[column].paragraphs[0]._p
        paragraph.append(
            parse_xml(
                f'<w:{wrapper} {nsdecls("w")} w:id="7" w:author="Operator" w:date="2024-01-20T10:00:00Z">'
                f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:{wrapper}>'
            )
        )

    return edit


def _rows_spaced(spaces: int) -> list[list[str]]:
    """The first data row with `spaces` spaces after the first character of every cell (No,
    anggaran and target included), so that whichever parser is not linear meets them."""
    rows = base_rows()
    rows[0] = [value[:1] + " " * spaces + value[1:] for value in rows[0]]
    return rows


def _rows_with(row: int, column: int, text: str) -> list[list[str]]:
    rows = base_rows()
    rows[row][column] = text
    return rows


# ---------------------------------------------------------------------------------------------
# Checks


def output_absent(name: str) -> Check:
    """A failed run leaves no output (and no half-written one)."""

    def check(ctx: Context, result: Result) -> list[str]:
        if result.exit_code != 0 and (ctx.folder / name).exists():
            return [f"failed, yet {name} was written"]
        return []

    return check


def docx_valid_if_written(name: str) -> Check:
    def check(ctx: Context, result: Result) -> list[str]:
        path = ctx.folder / name
        if result.exit_code != 0:
            return [f"failed, yet {name} was written"] if path.exists() else []
        if not path.is_file():
            return [f"exit 0 but no {name}"]
        try:
            with zipfile.ZipFile(path) as archive:
                bad = archive.testzip()
        except zipfile.BadZipFile as exc:
            return [f"{name} is not a valid zip: {exc}"]
        return [f"{name}: bad entry {bad}"] if bad else []

    return check


def yaml_text(ctx: Context, name: str = "out.yaml") -> str | None:
    path = ctx.folder / name
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None


def yaml_contains(*patterns: str, name: str = "out.yaml") -> Check:
    def check(ctx: Context, result: Result) -> list[str]:
        text = yaml_text(ctx, name)
        if text is None:
            return [f"no {name} written"]
        return [f"{name} lacks {pattern!r}" for pattern in patterns if not re.search(pattern, text)]

    return check


def yaml_lacks(text_not_wanted: str, unless_output: str = "", name: str = "out.yaml") -> Check:
    """`text_not_wanted` must not reach the YAML, unless rkt's output matches `unless_output`."""

    def check(ctx: Context, result: Result) -> list[str]:
        text = yaml_text(ctx, name)
        if text is None:
            return [f"no {name} written"]
        if text_not_wanted in text:
            if unless_output and re.search(unless_output, result.stderr + result.stdout):
                return []
            return [f"{name} holds {text_not_wanted!r}" + (" with no warning" if unless_output else "")]
        return []

    return check


def yaml_reads_back(start: str, must_hold: str, name: str = "out.yaml") -> Check:
    """The text beginning with `start` must read back (PyYAML, a YAML 1.1 reader, as rkt's loader
    builds on) still holding `must_hold`: what the document said survives the round trip."""

    def check(ctx: Context, result: Result) -> list[str]:
        import yaml

        text = yaml_text(ctx, name)
        if text is None:
            return [f"no {name} written"]
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            return [f"{name} does not read back: {str(exc).splitlines()[0]}"]
        found = [value for value in _strings(data) if value.startswith(start)]
        if not found:
            return [f"{name}: no text starting {start!r}"]
        if not any(must_hold in value for value in found):
            return [f"{name} reads back as {found[0][:40]!r}: {must_hold!r} lost"]
        return []

    return check


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def error_at_line(marker: str, name: str = "rkt.yaml") -> Check:
    """Some line of the output names `name` at the line that holds `marker` (file:line:col)."""

    def check(ctx: Context, result: Result) -> list[str]:
        lines = (ctx.folder / name).read_text(encoding="utf-8").splitlines()
        number = next(n for n, line in enumerate(lines, 1) if marker in line)
        pattern = rf"{re.escape(name)}:{number}:\d+"
        if re.search(pattern, result.stderr + result.stdout):
            return []
        return [f"no error at {name}:{number}:col (where the character is)"]

    return check


def output_lines_below(limit: int) -> Check:
    """Diagnostics are capped per rule and file ("… and N more"): the output stays short."""

    def check(ctx: Context, result: Result) -> list[str]:
        lines = result.stderr.count("\n") + result.stdout.count("\n")
        return [f"{lines} lines of output (diagnostics not capped; limit {limit})"] if lines >= limit else []

    return check


def still_fifo(name: str) -> Check:
    def check(ctx: Context, result: Result) -> list[str]:
        path = ctx.folder / name
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            return [f"{name} was removed"]
        return [] if stat.S_ISFIFO(mode) else [f"{name} is no longer a FIFO (replaced by a regular file)"]

    return check


# ---------------------------------------------------------------------------------------------
# Group 0: controls


def _prepare_data(ctx: Context) -> None:
    write_rkt(ctx)


def _prepare_import(ctx: Context) -> None:
    build_docx(ctx.folder / "in.docx")


def _prepare_template(ctx: Context) -> None:
    write_template(ctx)


IMPORT = ("import", "in.docx", "-o", "out.yaml")
RENDER = ("render", "rkt.yaml", "-o", "out.docx")
RENDER_TEMPLATE = ("render", "rkt.yaml", "--template", "tpl", "-o", "out.docx")
IN_DOCX = r"in\.docx"
RKT_YAML = r"rkt\.yaml"
RKT_YAML_LINE = r"rkt\.yaml:\d+:\d+"
TEMPLATE_LINE = r"template\.yaml:\d+"
REFERENCE = r"reference\.docx"
_ok = frozenset({0})
_two = frozenset({2})
_import_codes = frozenset({0, 1, 2})
_check = ("template", "check", "tpl")


def control_cases() -> list[Case]:
    return [
        Case("control-validate", 0, "rkt validate of data/rkt_2024.yaml", _prepare_data, ("validate", "rkt.yaml"), _ok),
        Case(
            "control-render",
            0,
            "rkt render of data/rkt_2024.yaml to DOCX",
            _prepare_data,
            RENDER,
            _ok,
            checks=(docx_valid_if_written("out.docx"),),
        ),
        Case("control-import", 0, "rkt import of a small, plain Word RKT", _prepare_import, IMPORT, _ok),
        Case("control-template-check", 0, "rkt template check of the default template", _prepare_template, _check, _ok),
    ]


# ---------------------------------------------------------------------------------------------
# Group 1: tracebacks


def _tanggal(date: str) -> Callable[[Context], None]:
    def prepare(ctx: Context) -> None:
        write_rkt(ctx, ("    tanggal: 2024-01-25", f"    tanggal: {date}"))

    return prepare


CONTENT_TYPES = "[Content_Types].xml"
MAIN_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def _entity_bomb() -> bytes:
    entities = ['<!ENTITY a0 "ha ha ha ha ha ha ha ha ha ha">']
    entities += [f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<!DOCTYPE w:styles [\n{chr(10).join(entities)}\n]>\n"
        '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="&a9;"/></w:style>'
        "<w:latentStyles>&a9;</w:latentStyles></w:styles>"
    ).encode()


def _bomb_reference(path: Path) -> None:
    """The default reference.docx plus a related 2 GiB image of zeros (about 2 MB compressed)."""
    source = DEFAULT_TEMPLATE / "reference.docx"
    with zipfile.ZipFile(source) as zin:
        types = zin.read(CONTENT_TYPES)
        rels = zin.read("word/_rels/document.xml.rels")
    types = types.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1)
    rels = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdBomb" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="media/image1.png"/></Relationships>',
    )
    rewrite_zip(
        source,
        path,
        replace={CONTENT_TYPES: types, "word/_rels/document.xml.rels": rels},
        add={"word/media/image1.png": b"@@FILL@@"},
    )
    stream_part(path, "word/media/image1.png", b"@@FILL@@", repeated(b"\0", 2 * GiB, 16 * MiB), force_zip64=True)


def _reference_variant(variant: str) -> Callable[[Context], None]:
    def prepare(ctx: Context) -> None:
        write_rkt(ctx)
        folder = write_template(ctx)
        target = folder / "reference.docx"
        source = DEFAULT_TEMPLATE / "reference.docx"
        with zipfile.ZipFile(source) as zin:
            document = zin.read("word/document.xml")
            types = zin.read(CONTENT_TYPES)
        if variant == "not-zip":
            target.write_bytes(b"This is not a Word document, just text with a .docx name.\n" * 20)
        elif variant == "no-content-types":
            rewrite_zip(source, target, replace={CONTENT_TYPES: None})
        elif variant == "malformed-xml":
            rewrite_zip(source, target, replace={"word/document.xml": document[: len(document) // 2]})
        elif variant == "dotx":
            rewrite_zip(source, target, replace={CONTENT_TYPES: types.replace(MAIN_TYPE, TEMPLATE_TYPE)})
        elif variant == "styles-not-xml":
            rewrite_zip(source, target, replace={"word/styles.xml": b"these are not styles, nor XML at all\n"})
        elif variant == "entity-bomb":
            rewrite_zip(source, target, replace={"word/styles.xml": _entity_bomb()})
        elif variant == "zip-bomb-2gib-image":
            shutil.copyfile(cached(ctx, "reference-2gib-image.docx", _bomb_reference), target)
        else:
            raise ValueError(variant)

    return prepare


REFERENCE_VARIANTS = {
    "not-zip": "not a zip",
    "no-content-types": "no [Content_Types].xml",
    "malformed-xml": "word/document.xml cut in half (malformed XML)",
    "dotx": "a .dotx (template content type)",
    "styles-not-xml": "word/styles.xml that is not XML",
    "entity-bomb": "an XML entity bomb (billion laughs) in word/styles.xml",
    "zip-bomb-2gib-image": "a zip bomb: a related 2 GiB image",
}


def reference_cases(variants: Sequence[str], group: int) -> list[Case]:
    cases: list[Case] = []
    for variant in variants:
        what = f"reference.docx: {REFERENCE_VARIANTS[variant]}"
        prepare = _reference_variant(variant)
        cases.append(
            Case(f"refdocx-{variant}-check", group, f"rkt template check: {what}", prepare, _check, _two, (REFERENCE,))
        )
        cases.append(
            Case(
                f"refdocx-{variant}-render",
                group,
                f"rkt render --template: {what}",
                prepare,
                RENDER_TEMPLATE,
                _two,
                (REFERENCE,),
                (output_absent("out.docx"),),
            )
        )
    return cases


def _import_docx(
    rows: list[list[str]] | None = None,
    intro: str = INTRO,
    edit: Edit | None = None,
    fill: tuple[bytes, Callable[[], Iterable[bytes]]] | None = None,
    two_row_header: bool = False,
    front: Sequence[str] = FRONT,
) -> Callable[[Context], None]:
    """Write in.docx; `fill` streams a big text in place of a placeholder cell/paragraph."""

    def prepare(ctx: Context) -> None:
        path = build_docx(ctx.folder / "in.docx", rows, intro, edit, two_row_header, front)
        if fill is not None:
            stream_part(path, "word/document.xml", fill[0], fill[1]())

    return prepare


def _template_case(name: str, group: int, what: str, wording: str) -> Case:
    def prepare(ctx: Context) -> None:
        write_rkt(ctx)
        write_template(ctx, pengantar=wording)

    return Case(
        name,
        group,
        f"template wording: {what}",
        prepare,
        RENDER_TEMPLATE,
        _two,
        (TEMPLATE_LINE,),
        (output_absent("out.docx"),),
    )


def traceback_cases() -> list[Case]:
    kegiatan_fill = b"@@FILL@@"
    return [
        Case(
            "tanggal-9999-12-31",
            1,
            "tanggal 9999-12-31 (ZIP dates end in 2107), then render",
            _tanggal("9999-12-31"),
            RENDER,
            frozenset({0, 1}),
            (RKT_YAML,),
            (docx_valid_if_written("out.docx"),),
        ),
        Case(
            "tanggal-2204-01-25",
            1,
            "tanggal 2204-01-25 (typo for 2024), then render",
            _tanggal("2204-01-25"),
            RENDER,
            frozenset({0, 1}),
            (RKT_YAML,),
            (docx_valid_if_written("out.docx"),),
        ),
        *reference_cases(
            ["not-zip", "no-content-types", "malformed-xml", "dotx", "styles-not-xml", "entity-bomb"], group=1
        ),
        Case(
            "import-gridspan-1e9",
            1,
            "import: a cell with gridSpan 10^9",
            _import_docx(edit=_set_cell_property(1, 5, "gridSpan", "1000000000")),
            IMPORT,
            _import_codes,
            (IN_DOCX,),
        ),
        Case(
            "import-gridbefore-1e9",
            1,
            "import: a row with gridBefore 10^9",
            _import_docx(edit=_set_row_property(2, "gridBefore", "1000000000")),
            IMPORT,
            _import_codes,
            (IN_DOCX,),
        ),
        Case(
            "import-customxml-1500-deep",
            1,
            "import: the intro inside 1,500 nested w:customXml",
            _import_docx(edit=_nest_intro_in_custom_xml(1500)),
            IMPORT,
            _import_codes,
            (IN_DOCX,),
        ),
        Case(
            "import-cell-100mb",
            1,
            "import: a kegiatan cell of 100 MB of words",
            _import_docx(
                rows=_rows_with(1, 5, kegiatan_fill.decode()),
                fill=(kegiatan_fill, lambda: repeated(b"Rapat koordinasi ", 100 * 1000 * 1000)),
            ),
            IMPORT,
            _import_codes,
            (IN_DOCX,),
        ),
        _template_case(
            "template-recursive-macro", 1, "a recursive macro", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"
        ),
        _template_case("template-center-2**62", 1, "center(2**62)", "{{ 'x'.center(2**62) }}"),
    ]


# ---------------------------------------------------------------------------------------------
# Group 2: unbounded time or memory


def _paragraph_bomb(total: int) -> Callable[[Path], None]:
    """in.docx with `total` bytes of empty paragraphs (<w:p/>) after the intro."""

    def build(path: Path) -> None:
        build_docx(path, intro="@@FILL@@")

        def chunks() -> Iterator[bytes]:
            yield b"</w:t></w:r></w:p>"
            yield from repeated(b"<w:p/>", total)
            yield b"<w:p><w:r><w:t>"

        stream_part(path, "word/document.xml", b"@@FILL@@", chunks())

    return build


def _lying_zip(path: Path) -> None:
    """word/document.xml really holds just under 2 GiB of empty paragraphs; both headers say 4 KiB."""
    _paragraph_bomb(2 * GiB - MiB)(path)
    declare_uncompressed_size(path, "word/document.xml", 4096)


def _cached_docx(name: str, build: Callable[[Path], None]) -> Callable[[Context], None]:
    def prepare(ctx: Context) -> None:
        shutil.copyfile(cached(ctx, name, build), ctx.folder / "in.docx")

    return prepare


def _yaml_case(
    name: str,
    what: str,
    argv: tuple[str, ...],
    codes: frozenset[int],
    *replacements: tuple[str, str],
    append: str = "",
    names: tuple[str, ...] = (RKT_YAML,),
    checks: tuple[Check, ...] = (),
    group: int = 2,
) -> Case:
    def prepare(ctx: Context) -> None:
        write_rkt(ctx, *replacements, append=append)

    return Case(name, group, what, prepare, argv, codes, names, checks)


FIRST_URAIAN = "          - uraian: Persentase pelantikan PPK sesuai jadwal"
VALIDATE = ("validate", "rkt.yaml")


def unbounded_cases() -> list[Case]:
    program = ("Program Dukungan Manajemen " * (6_000_000 // 27)).strip()
    return [
        _template_case(
            "template-nested-loops-1e5x1e5",
            2,
            "nested loops 10^5 x 10^5",
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        ),
        _template_case("template-lipsum-1e8", 2, "lipsum(10**8)", "{{ lipsum(10**8) }}"),
        _template_case("template-percent-star-1e9", 2, "'%*s' % (10**9, '')", "{{ '%*s' % (10**9, '') }}"),
        _template_case("template-center-1e9", 2, "center(10**9)", "{{ 'x'.center(10**9) }}"),
        _template_case(
            "template-list-doubling",
            2,
            "list doubling",
            "{% set a = [0] * 100000 %}" + "{% set a = a + a %}" * 30 + "{{ a | length }}",
        ),
        _template_case(
            "template-power-chain",
            2,
            "a power chain",
            "{% set a = 10 ** 64 %}" + "{% set a = a ** 64 %}" * 4 + "{{ a > 0 }}",
        ),
        *reference_cases(["zip-bomb-2gib-image"], group=2),
        Case(
            "import-zip-bomb-250mib-paragraphs",
            2,
            "import: word/document.xml of 250 MiB of empty paragraphs",
            _cached_docx("bomb-250mib.docx", _paragraph_bomb(250 * MiB)),
            IMPORT,
            frozenset({1, 2}),
            (IN_DOCX,),
        ),
        Case(
            "import-zip-lying-sizes",
            2,
            "import: headers say 4 KiB, word/document.xml inflates to 2 GiB",
            _cached_docx("lying-sizes.docx", _lying_zip),
            IMPORT,
            frozenset({1, 2}),
            (IN_DOCX,),
        ),
        _yaml_case(
            "yaml-200k-unknown-keys",
            "validate: 200,000 unknown top-level keys",
            VALIDATE,
            frozenset({1}),
            append="".join(f"kunci_{n:06d}: nilai\n" for n in range(200_000)),
            names=(RKT_YAML_LINE,),
            checks=(output_lines_below(2000),),
        ),
        _yaml_case(
            "yaml-20k-misspellings",
            "validate: one uraian with 20,000 'Persentasi'",
            VALIDATE,
            frozenset({0}),
            (FIRST_URAIAN, "          - uraian: " + " ".join(["Persentasi"] * 20_000)),
            checks=(output_lines_below(2000),),
        ),
        _yaml_case(
            "yaml-target-100k-spaces",
            "validate: a target of 100,000 spaces",
            VALIDATE,
            frozenset({0, 1}),
            ("            target: 95\n", '            target: "' + " " * 100_000 + '"\n'),
            names=(RKT_YAML_LINE,),
        ),
        _yaml_case(
            "yaml-summary-6mb-program-name",
            "rkt summary: a program name of 6 MB",
            ("summary", "rkt.yaml"),
            frozenset({0, 1}),
            ("  - nama: Program Dukungan Manajemen\n", f"  - nama: {program}\n"),
        ),
        Case(
            "import-cell-3000-spaces",
            2,
            "import: every cell of a row holds 3,000 spaces",
            _import_docx(rows=_rows_spaced(3000)),
            IMPORT,
            frozenset({0, 1}),
            (IN_DOCX,),
        ),
        Case(
            "import-cell-300000-spaces",
            2,
            "import: every cell of a row holds 300,000 spaces",
            _import_docx(rows=_rows_spaced(300_000)),
            IMPORT,
            frozenset({0, 1}),
            (IN_DOCX,),
        ),
        Case(
            "import-intro-20000-rkt-words",
            2,
            "import: an intro of 20,000 'RKT' words, no unit line",
            _import_docx(intro=" ".join(["RKT"] * 20_000), front=FRONT[:2]),
            IMPORT,
            frozenset({0, 1}),
            (IN_DOCX,),
        ),
        Case(
            "import-intro-20000-rkt-in-parens",
            2,
            "import: an intro of 20,000 '(RKT)' words, no unit line (the unit is sought in the intro)",
            _import_docx(intro=" ".join(["(RKT)"] * 20_000), front=FRONT[:2]),
            IMPORT,
            frozenset({0, 1}),
            (IN_DOCX,),
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Group 3: data changed on the way through


def data_cases() -> list[Case]:
    rows_numbers = base_rows()
    rows_numbers[2][5] = "1e3"
    rows_numbers[2][7] = "2E5"
    tracked = r"(?i)track|revision|perubahan"
    return [
        Case(
            "import-roundtrip-1e3-2E5",
            3,
            "import: kegiatan '1e3' and pelaksana '2E5' must be written quoted",
            _import_docx(rows=rows_numbers),
            IMPORT,
            _ok,
            (IN_DOCX,),
            (yaml_contains(r"kegiatan: (['\"])1e3\1", r"pelaksana: (['\"])2E5\1"),),
        ),
        Case(
            "import-nel-u0085",
            3,
            # The YAML refuses C1 controls (RKT009), so the importer reads NEL as the line break
            # it stands for (README, rkt import): the two words must stay apart, not be joined.
            "import: U+0085 (NEL) inside a kegiatan is read as a line break, not dropped",
            _import_docx(rows=_rows_with(1, 5, "Rapat\x85koordinasi persiapan")),
            IMPORT,
            frozenset({0}),
            (),
            (yaml_reads_back("Rapat", "Rapat\nkoordinasi"),),
        ),
        Case(
            "import-tracked-movefrom",
            3,
            "import: text moved away (w:moveFrom) is not current text",
            _import_docx(edit=_tracked_change(1, 5, "moveFrom", " PINDAHAN")),
            IMPORT,
            frozenset({0}),
            (IN_DOCX,),
            (yaml_lacks("PINDAHAN", unless_output=tracked),),
        ),
        Case(
            "import-tracked-del",
            3,
            "import: deleted text (w:del) is not current text",
            _import_docx(edit=_tracked_change(2, 5, "del", " HAPUSAN")),
            IMPORT,
            frozenset({0}),
            (IN_DOCX,),
            (yaml_lacks("HAPUSAN", unless_output=tracked),),
        ),
        Case(
            "import-two-row-merged-header",
            3,
            "import: 'Indikator Kinerja' spans 'Uraian | Target' in a two-row header",
            _import_docx(two_row_header=True),
            IMPORT,
            _ok,
            (IN_DOCX,),
            (yaml_contains("Persentase pelantikan PPK sesuai jadwal", r"target: 100"),),
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Group 4: what reaches the terminal (every case is also checked for raw control characters)


def terminal_cases() -> list[Case]:
    return [
        _yaml_case(
            "validate-esc-in-sasaran-name",
            "validate: a sasaran name holding ESC sequences (clear screen, set title)",
            VALIDATE,
            frozenset({1}),
            (
                "      - nama: Pembentukan Badan Adhoc\n",
                "      - nama: Pembentukan \x1b[2J\x1b]0;dibobol\x07Badan Adhoc\n",
            ),
            names=(RKT_YAML_LINE,),
            group=4,
        ),
        _yaml_case(
            "validate-c1-in-value",
            "validate: U+009B (C1 CSI) in a kegiatan",
            VALIDATE,
            frozenset({1}),
            ("kegiatan: Sosialisasi pendaftaran KPPS", "kegiatan: Sosialisasi\x9b pendaftaran KPPS"),
            names=(RKT_YAML_LINE,),
            checks=(error_at_line("\x9b"),),
            group=4,
        ),
        _yaml_case(
            "validate-c1-in-comment",
            "validate: U+009B (C1 CSI) in a comment",
            VALIDATE,
            frozenset({1}),
            ("tahun: 2024\n", "tahun: 2024\n# catatan\x9b: diperiksa ulang\n"),
            names=(RKT_YAML_LINE,),
            checks=(error_at_line("\x9b"),),
            group=4,
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Group 5: interrupted writes


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _generated_rkt(python: str, indikator: int) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        script = str(ROOT / "benchmarks" / "generate.py")
        subprocess.run(
            [python, script, "--indikator", str(indikator), "-o", str(path)], check=True, capture_output=True
        )

    return build


def _prepare_stale_temp(ctx: Context) -> None:
    """Render once (the old output), then SIGKILL a second render the moment its temp file
    appears. If the kill comes too late to catch one, a temp file of rkt's own naming is left
    by hand, as a killed render would leave it."""
    shutil.copyfile(cached(ctx, "rkt-20000.yaml", _generated_rkt(ctx.rkt[0], 20_000)), ctx.folder / "big.yaml")
    command = [*ctx.rkt, "render", "big.yaml", "-o", "out.docx"]
    subprocess.run(command, cwd=ctx.folder, env=ctx.env, check=True, capture_output=True)
    old = _digest(ctx.folder / "out.docx")
    process = subprocess.Popen(
        command,
        cwd=ctx.folder,
        env=ctx.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    caught = False
    while process.poll() is None:
        if any(ctx.folder.glob(".out.docx.*.tmp")):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            caught = True
            break
        time.sleep(0.0005)
    process.wait()
    if not any(ctx.folder.glob(".out.docx.*.tmp")):
        caught = False
        handle, _ = tempfile.mkstemp(prefix=".out.docx.", suffix=".tmp", dir=ctx.folder)
        os.write(handle, b"PK\x03\x04 half of a document")
        os.close(handle)
    ctx.notes["kill"] = "caught mid-write" if caught else "missed; stale temp file planted"
    ctx.notes["old_intact"] = _digest(ctx.folder / "out.docx") == old


def _no_stale_temp(ctx: Context, result: Result) -> list[str]:
    problems = []
    if not ctx.notes.get("old_intact", False):
        problems.append("the SIGKILLed render damaged the old out.docx")
    left = sorted(p.name for p in ctx.folder.glob(".out.docx.*.tmp"))
    if left:
        problems.append(f"stale temp file(s) left after the next render: {', '.join(left)} ({ctx.notes.get('kill')})")
    return problems


def _fifo_reader(ctx: Context, pid: int, finished: threading.Event) -> None:
    """Read the FIFO without blocking, so that rkt writing into it as a stream never hangs."""
    path = ctx.notes["fifo"]
    received = 0
    with contextlib.suppress(OSError):
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            while True:
                try:
                    chunk = os.read(descriptor, 1 << 16)
                except BlockingIOError:
                    chunk = b""
                received += len(chunk)
                if not chunk:
                    if finished.is_set():
                        break
                    time.sleep(0.01)
        finally:
            os.close(descriptor)
    ctx.notes["fifo_bytes"] = received


def _prepare_fifo(output: str, docx_input: bool) -> Callable[[Context], None]:
    def prepare(ctx: Context) -> None:
        if docx_input:
            build_docx(ctx.folder / "in.docx")
        else:
            write_rkt(ctx)
        fifo = ctx.folder / output
        os.mkfifo(fifo)
        ctx.notes["fifo"] = str(fifo)

    return prepare


def write_cases() -> list[Case]:
    return [
        Case(
            "render-sigkill-then-render",
            5,
            "SIGKILL a render mid-write (20,000 indikator), then render again: no stale temp file",
            _prepare_stale_temp,
            ("render", "big.yaml", "-o", "out.docx"),
            _ok,
            checks=(_no_stale_temp, docx_valid_if_written("out.docx")),
            signals=True,
        ),
        Case(
            "render-output-fifo",
            5,
            "rkt render -o a FIFO: stream into it or refuse, never replace it",
            _prepare_fifo("out.docx", docx_input=False),
            RENDER,
            frozenset({0, 2}),
            (r"out\.docx",),
            (still_fifo("out.docx"),),
            during=_fifo_reader,
        ),
        Case(
            "import-output-fifo",
            5,
            "rkt import --force -o a FIFO: stream into it or refuse, never replace it",
            _prepare_fifo("out.yaml", docx_input=True),
            (*IMPORT, "--force"),
            frozenset({0, 2}),
            (r"out\.yaml",),
            (still_fifo("out.yaml"),),
            during=_fifo_reader,
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Group 6: signals and the LibreOffice child

FAKE_SLOW_SOFFICE = """#!/bin/sh
# A stand-in for LibreOffice: makes its profile folder as soffice does, starts a second process
# (as soffice starts soffice.bin) and waits, so that the benchmark can signal rkt mid-conversion.
for arg in "$@"; do
  case "$arg" in
    -env:UserInstallation=file://*) mkdir -p "${arg#-env:UserInstallation=file://}" ;;
  esac
done
sleep 300 &
wait
"""
FAKE_LOUD_SOFFICE = """#!/bin/sh
# A stand-in for LibreOffice that writes 2 GiB to its stdout and fails.
head -c 2147483648 /dev/zero
exit 1
"""
FAKE_CRASHING_SOFFICE = """#!/bin/sh
# A stand-in for LibreOffice that dies of a signal (as soffice does when it crashes).
kill -SEGV $$
"""


def _fake_soffice(script: str) -> Callable[[Context], None]:
    def prepare(ctx: Context) -> None:
        write_rkt(ctx)
        fake = ctx.folder / "soffice"
        fake.write_text(script, encoding="utf-8")
        fake.chmod(0o755)
        ctx.env["RKT_SOFFICE"] = str(fake)

    return prepare


def _real_soffice(ctx: Context) -> None:
    """A generated RKT of 400 indikator, which LibreOffice takes a few seconds to convert: the
    40-row reference converts in about a second once LibreOffice is warm, often before the
    benchmark has seen its profile folder and could signal rkt mid-conversion."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        raise SkipCase("LibreOffice (soffice) is not installed")
    from benchmarks.generate import build_rkt
    from rkt_cli.yaml_writer import dump_rkt

    (ctx.folder / "rkt.yaml").write_text(dump_rkt(build_rkt(400, seed=7)), encoding="utf-8")


def _proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, ppid, session id) of a process, from /proc; None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), int(fields[3])


def _all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _children(pid: int) -> list[int]:
    return [p for p in _all_pids() if (info := _proc_stat(p)) is not None and info[1] == pid]


def _session_members(session: int) -> list[int]:
    return [p for p in _all_pids() if (info := _proc_stat(p)) is not None and info[2] == session and info[0] != "Z"]


def _profile_of(pid: int) -> Path | None:
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    for argument in arguments:
        text = argument.decode("utf-8", "replace")
        if text.startswith("-env:UserInstallation="):
            return Path(unquote(urlparse(text.partition("=")[2]).path))
    return None


def _signal_when_converting(signum: int, delay: float = 0.0) -> During:
    """Wait until rkt's soffice child has made its profile folder (and `delay` seconds more, to
    be inside the conversion proper), then send `signum` to rkt."""

    def during(ctx: Context, pid: int, finished: threading.Event) -> None:
        deadline = time.monotonic() + 45
        while not finished.is_set() and time.monotonic() < deadline:
            for child in _children(pid):
                profile = _profile_of(child)
                if profile is not None and profile.exists():
                    if finished.wait(delay):
                        break
                    ctx.notes["session"] = child  # rkt starts soffice as a session leader
                    ctx.notes["profile"] = str(profile)
                    ctx.notes["signalled_at"] = time.monotonic()
                    with contextlib.suppress(ProcessLookupError):  # it may have just ended
                        os.kill(pid, signum)
                    return
            time.sleep(0.02)
        ctx.notes["not_signalled"] = "soffice never got going (or rkt ended first)"

    return during


def _after_signal(limit_seconds: float) -> Check:
    def check(ctx: Context, result: Result) -> list[str]:
        if "signalled_at" not in ctx.notes:
            return [f"not signalled: {ctx.notes.get('not_signalled', 'unknown')}"]
        problems: list[str] = []
        took = result.ended_at - ctx.notes["signalled_at"]
        if took > limit_seconds:
            problems.append(f"rkt took {took:.1f} s to end after the signal (limit {limit_seconds:g} s)")
        survivors = _session_members(ctx.notes["session"])
        if survivors:
            problems.append(f"{len(survivors)} soffice process(es) still running")
            for survivor in survivors:  # ours: started by the rkt this case ran
                with contextlib.suppress(ProcessLookupError):
                    os.kill(survivor, signal.SIGKILL)
        profile = Path(ctx.notes["profile"])
        leftover = profile.parent if profile.parent.name.startswith("rkt-pdf-") else profile
        if leftover.exists():
            problems.append(f"profile folder left behind: {leftover}")
            shutil.rmtree(leftover, ignore_errors=True)
        if (ctx.folder / "out.pdf").exists():
            problems.append("out.pdf written although the conversion was interrupted")
        return problems

    return check


PDF = ("render", "rkt.yaml", "--format", "pdf", "-o", "out.pdf")


def signal_cases() -> list[Case]:
    cases = [
        Case(
            "pdf-soffice-2gib-stdout",
            6,
            "a soffice (RKT_SOFFICE) that writes 2 GiB to stdout and fails",
            _fake_soffice(FAKE_LOUD_SOFFICE),
            PDF,
            _two,
            (RKT_YAML,),
            (output_absent("out.pdf"),),
        ),
        Case(
            "pdf-soffice-dies-of-signal",
            6,
            "a soffice (RKT_SOFFICE) that dies of SIGSEGV",
            _fake_soffice(FAKE_CRASHING_SOFFICE),
            PDF,
            _two,
            (RKT_YAML,),
            (output_absent("out.pdf"),),
        ),
    ]
    for label, prepare, delay in (("fake", _fake_soffice(FAKE_SLOW_SOFFICE), 0.0), ("real", _real_soffice, 1.0)):
        soffice = "a stand-in soffice (sh + sleep)" if label == "fake" else "LibreOffice"
        cases += [
            Case(
                f"pdf-sigterm-{label}-soffice",
                6,
                f"SIGTERM to rkt during --format pdf with {soffice}: exit 143, soffice ended, profile removed",
                prepare,
                PDF,
                frozenset({143, -signal.SIGTERM}),
                checks=(_after_signal(5.0),),
                during=_signal_when_converting(signal.SIGTERM, delay),
                signals=True,
            ),
            Case(
                f"pdf-sigint-{label}-soffice",
                6,
                f"SIGINT to rkt during --format pdf with {soffice}: exit 130 in time, soffice ended, profile removed",
                prepare,
                PDF,
                frozenset({130, -signal.SIGINT}),
                checks=(_after_signal(5.0),),
                during=_signal_when_converting(signal.SIGINT, delay),
                signals=True,
            ),
        ]
    return cases


def all_cases() -> list[Case]:
    return [
        *control_cases(),
        *traceback_cases(),
        *unbounded_cases(),
        *data_cases(),
        *terminal_cases(),
        *write_cases(),
        *signal_cases(),
    ]
