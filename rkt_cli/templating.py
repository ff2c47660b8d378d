"""Find, load and check a template folder: template.yaml (validated) plus reference.docx.

A template is a folder a user copies and edits without touching code. template.yaml says what
goes where (paper, fonts, columns, wording with Jinja2 placeholders, signature layout); the
reference.docx beside it holds Word styles, headers and letterhead. Every problem comes back as
a TemplateError listing `file:line:col: message` lines; the CLI turns that into exit 2.

Wording is Jinja2 in a SandboxedEnvironment with autoescape on, so that data can never turn
into markup or reach Python internals; the renderer writes text through lxml, which escapes on
its own, so rendered wording is unescaped exactly once here (`Wording.render`).
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rkt_cli.diagnostics import Diagnostic
from rkt_cli.loader import PathKey, SourceMap, format_path, load_yaml_bytes
from rkt_cli.reference_docx import ReferenceDocxError, read_reference_docx

TEMPLATE_FILE = "template.yaml"
REFERENCE_DOCX = "reference.docx"
DEFAULT_TEMPLATE = "default"

# What a column can show; layout.py turns each into cell text.
Field_ = Literal[
    "nomor",  # running number of the sasaran (1, 2, …)
    "nomor_indikator",  # running number of the indikator row
    "program",
    "sasaran",  # nama with its kode: "Pembentukan Badan Adhoc (6867)"
    "sasaran_nama",
    "kode",
    "indikator",
    "target",  # with or without its satuan, as tabel.target_dengan_satuan says
    "satuan",
    "kegiatan",
    "anggaran",  # of the sasaran, with the template's thousands separator
    "pelaksana",
]
Merge = Literal["tidak", "sasaran", "program", "sama_berurutan"]
Align = Literal["kiri", "tengah", "kanan", "rata"]

# Placeholders available to wording; values for `rkt template check` come from SAMPLE_* below.
DOCUMENT_PLACEHOLDERS = (
    "instansi",
    "unit",
    "tahun",
    "judul",
    "pengantar",
    "total_anggaran",
    "jumlah_program",
    "jumlah_sasaran",
    "jumlah_indikator",
)
SIGNER_PLACEHOLDERS = ("jabatan", "nama", "nip", "tempat", "tanggal", "pihak", "nomor")
PAGE_PLACEHOLDERS = ("halaman", "jumlah_halaman")


class TemplateError(Exception):
    """A template that cannot be used; `problems` are complete `file:line:col: message` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Margin(_Spec):
    atas: float = Field(gt=0, le=100)
    bawah: float = Field(gt=0, le=100)
    kiri: float = Field(gt=0, le=100)
    kanan: float = Field(gt=0, le=100)


class Kertas(_Spec):
    ukuran: Literal["A4", "F4"] = "A4"
    orientasi: Literal["lanskap", "potret"] = "lanskap"
    margin_mm: Margin = Margin(atas=20, bawah=20, kiri=20, kanan=20)

    @property
    def size_mm(self) -> tuple[float, float]:
        """(width, height) as printed, after orientation."""
        short, long = {"A4": (210.0, 297.0), "F4": (215.0, 330.0)}[self.ukuran]
        return (long, short) if self.orientasi == "lanskap" else (short, long)

    @property
    def text_width_mm(self) -> float:
        return self.size_mm[0] - self.margin_mm.kiri - self.margin_mm.kanan


class Huruf(_Spec):
    """Fonts; a value left out (null) keeps what the styles of reference.docx say."""

    nama: str | None = None
    ukuran_pt: float | None = Field(default=None, ge=5, le=40)
    ukuran_judul_pt: float | None = Field(default=None, ge=5, le=40)
    ukuran_tabel_pt: float | None = Field(default=None, ge=5, le=40)


class Baris(_Spec):
    """One line of wording: the title block, or a line of a signature."""

    teks: str
    tebal: bool = False
    garis_bawah: bool = False
    # Capitals as formatting (Word's "All caps"), not as changed text: the document shows
    # KOMISI PEMILIHAN UMUM while the words stay as written, so `rkt import` reads them back.
    kapital: bool = False
    rata: Align = "tengah"


class Kolom(_Spec):
    isi: Field_
    judul: str
    lebar_mm: float = Field(gt=3, le=400)
    rata: Align = "kiri"
    gabung: Merge = "tidak"


class Tabel(_Spec):
    kolom: list[Kolom] = Field(min_length=1)
    baris_nomor: bool = True  # the row 1, 2, 3 … under the headers
    ulangi_judul: bool = True  # header rows repeat on every page
    pemisah_ribuan: Literal[".", ",", " ", ""] = "."
    target_dengan_satuan: bool = False  # "95" (as in the 2024 reference) or "95%"


class TandaTangan(_Spec):
    # kanan: each signer in the right half (one signer: the usual RKT);
    # berdampingan: signers side by side, in the order of the YAML (a PK's two parties).
    susunan: Literal["kanan", "berdampingan"] = "kanan"
    atas: list[Baris] = Field(default_factory=list)
    ruang_baris: int = Field(default=4, ge=0, le=20)  # empty lines to sign in
    bawah: list[Baris] = Field(default_factory=list)

    @field_validator("atas", "bawah", mode="before")
    @classmethod
    def _plain_lines(cls, value: Any) -> Any:
        return _lines_from_plain(value)


class TemplateSpec(_Spec):
    """The whole template.yaml."""

    nama: str = "template"
    kertas: Kertas = Kertas()
    huruf: Huruf = Huruf()
    judul: list[Baris] = Field(default_factory=list)
    pengantar: str | None = "{{ pengantar }}"
    tabel: Tabel
    tanda_tangan: TandaTangan = TandaTangan()
    nomor_halaman: str | None = "{{ halaman }}"

    @field_validator("judul", mode="before")
    @classmethod
    def _plain_title(cls, value: Any) -> Any:
        return _lines_from_plain(value)


def _lines_from_plain(value: Any) -> Any:
    """A plain string stands for {teks: that string}: simple lines stay simple to write."""
    if isinstance(value, list):
        return [{"teks": item} if isinstance(item, str) else item for item in value]
    return value


class WordingError(Exception):
    """Wording that passed `rkt template check` but fails on real data (e.g. {{ 1 // (jumlah_program - 2) }});
    the message is one complete `file:line:col: path: …` line."""


def _wording_errors() -> tuple[type[BaseException], ...]:
    """What filling in user wording can raise: Jinja's own errors (undefined names, the sandbox)
    and whatever the expression itself raises (division by zero, int('x'), …)."""
    from jinja2 import TemplateError as JinjaError

    return (JinjaError, ArithmeticError, LookupError, TypeError, ValueError)


@dataclass(frozen=True)
class Wording:
    """One compiled piece of user wording, with where it was written (for error messages)."""

    where: str  # "file:line:col: yaml.path"
    template: Any  # jinja2.Template; typed loosely so that importing this module stays cheap

    def render(self, context: Mapping[str, object]) -> str:
        from markupsafe import Markup

        try:
            result: str = self.template.render(context)
        except _wording_errors() as exc:
            raise WordingError(f"{self.where}: cannot fill in this wording: {_jinja_message(exc)}") from None
        return str(Markup(result).unescape())


def _jinja_message(exc: BaseException) -> str:
    message = getattr(exc, "message", None)  # Jinja's errors keep theirs without the class name
    return str(message if message else exc)


@dataclass(frozen=True)
class Template:
    """A loaded, checked template: the spec, its compiled wording and its reference.docx."""

    folder: Path
    spec: TemplateSpec
    reference_docx: bytes
    reference_is_own: bool  # False: the folder has none, the default template's is used
    wording: dict[PathKey, Wording]

    def word(self, path: PathKey) -> Wording:
        return self.wording[path]


def default_template_folder() -> Path:
    """The default template shipped inside the package (works for editable and normal installs)."""
    root = importlib.resources.files("rkt_cli.templates") / DEFAULT_TEMPLATE
    return Path(str(root))


def _location(source_map: SourceMap, lines: list[str], path: PathKey, inner_line: int = 1) -> tuple[int, int]:
    """File line/col of a value; `inner_line` counts lines inside a multi-line string."""
    line, col = source_map.locate(path)
    # A block scalar (| or >) starts its text on the next line.
    block = 0 < line <= len(lines) and lines[line - 1][col - 1 : col] in ("|", ">")
    return line + (inner_line - 1) + block, 1 if block else col


def _wording_paths(spec: TemplateSpec) -> list[tuple[PathKey, str, tuple[str, ...]]]:
    """Every piece of wording in the spec, with its YAML path and the placeholders it may use."""
    out: list[tuple[PathKey, str, tuple[str, ...]]] = []
    for i, line in enumerate(spec.judul):
        out.append((("judul", i, "teks"), line.teks, DOCUMENT_PLACEHOLDERS))
    if spec.pengantar is not None:
        out.append((("pengantar",), spec.pengantar, DOCUMENT_PLACEHOLDERS))
    for part in ("atas", "bawah"):
        for i, line in enumerate(getattr(spec.tanda_tangan, part)):
            out.append((("tanda_tangan", part, i, "teks"), line.teks, DOCUMENT_PLACEHOLDERS + SIGNER_PLACEHOLDERS))
    if spec.nomor_halaman is not None:
        out.append((("nomor_halaman",), spec.nomor_halaman, DOCUMENT_PLACEHOLDERS + PAGE_PLACEHOLDERS))
    for i, kolom in enumerate(spec.tabel.kolom):
        out.append((("tabel", "kolom", i, "judul"), kolom.judul, DOCUMENT_PLACEHOLDERS))
    return out


SAMPLE_VALUES: dict[str, object] = {
    "instansi": "Komisi Pemilihan Umum Kota Contoh",
    "unit": "Sekretariat KPU Kota Contoh",
    "tahun": 2024,
    "judul": "RENCANA KINERJA TAHUNAN",
    "pengantar": "Pengantar.",
    "total_anggaran": "1.000.000",
    "jumlah_program": 1,
    "jumlah_sasaran": 1,
    "jumlah_indikator": 1,
    "jabatan": "SEKRETARIS",
    "nama": "NAMA",
    "nip": "197001012000031001",
    "tempat": "Kota",
    "tanggal": "25 Januari 2024",
    "pihak": "PIHAK PERTAMA",
    "nomor": 1,
    "halaman": "1",
    "jumlah_halaman": "1",
}


def make_environment() -> Any:
    from jinja2 import StrictUndefined

    # The sandbox with a work budget (loop steps, sizes, depth): see rkt_cli/wording_sandbox.py.
    from rkt_cli.wording_sandbox import BudgetedSandbox

    # StrictUndefined: a misspelt placeholder is an error, not silently empty wording.
    return BudgetedSandbox(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=False)


def _compile_wording(
    spec: TemplateSpec, file: str, source_map: SourceMap, lines: list[str]
) -> tuple[dict[PathKey, Wording], list[str]]:
    from jinja2 import TemplateSyntaxError, UndefinedError

    env = make_environment()
    compiled: dict[PathKey, Wording] = {}
    problems: list[str] = []
    for path, text, allowed in _wording_paths(spec):
        try:
            template = env.from_string(text)
        except TemplateSyntaxError as exc:
            line, col = _location(source_map, lines, path, exc.lineno or 1)
            problems.append(f"{file}:{line}:{col}: {format_path(path)}: template syntax error: {exc.message}")
            continue
        line, col = _location(source_map, lines, path)
        where = f"{file}:{line}:{col}: {format_path(path)}"
        sample = {name: SAMPLE_VALUES[name] for name in allowed}
        try:
            template.render(sample)
        except UndefinedError as exc:
            problems.append(f"{where}: {exc.message}; placeholders here: {', '.join(allowed)}")
            continue
        except _wording_errors() as exc:
            problems.append(f"{where}: cannot fill in this wording: {_jinja_message(exc)}")
            continue
        compiled[path] = Wording(where, template)
    return compiled, problems


def _schema_problem(error: Mapping[str, Any], file: str, source_map: SourceMap, lines: list[str]) -> str:
    path: PathKey = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
    line, col = source_map.locate(path, prefer_key=error["type"] == "extra_forbidden")
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key; check its spelling against templates/default/template.yaml"
    elif error["type"] == "literal_error":
        message = f"{error['msg']} (got {error.get('input')!r})"
    return f"{file}:{line}:{col}: {format_path(path)}: {message}"


def load_template(folder: Path | None = None) -> Template:
    """Load and check a template folder; None means the default template. Raises TemplateError."""
    folder = default_template_folder() if folder is None else Path(folder)
    spec_path = folder / TEMPLATE_FILE
    file = str(spec_path)
    if not folder.is_dir():
        raise TemplateError([f"{folder}: no such template folder (make one with `rkt template init {folder}`)"])
    try:
        raw = spec_path.read_bytes()
    except FileNotFoundError:
        raise TemplateError([f"{file}: missing; a template folder needs a {TEMPLATE_FILE}"]) from None
    except OSError as exc:
        raise TemplateError([f"{file}: cannot read: {exc.strerror or exc}"]) from None

    loaded = load_yaml_bytes(raw, file)
    if loaded.data is None or any(d.is_error for d in loaded.diagnostics):
        # Only the errors: a YAML 1.1 warning (an unquoted No) does not stop a template.
        raise TemplateError([_yaml_problem(d) for d in loaded.diagnostics if d.is_error])
    try:
        spec = TemplateSpec.model_validate(loaded.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise TemplateError([_schema_problem(e, file, loaded.source_map, loaded.lines) for e in errors]) from None

    problems = _check_layout(spec, file, loaded.source_map)
    wording, wording_problems = _compile_wording(spec, file, loaded.source_map, loaded.lines)
    problems += wording_problems

    reference_path = folder / REFERENCE_DOCX
    own = reference_path.is_file()
    if not own:
        reference_path = default_template_folder() / REFERENCE_DOCX
    reference = b""
    try:
        reference = read_reference_docx(reference_path)  # checked before python-docx sees it
    except ReferenceDocxError as exc:  # unreadable, or not a DOCX the renderer can use
        problems.append(f"{reference_path}: {exc}")
    if problems:
        raise TemplateError(problems)
    return Template(folder, spec, reference, own, wording)


def _yaml_problem(d: Diagnostic) -> str:
    """A loader diagnostic as a template problem; the loader words two of them for RKT data."""
    message = d.message
    if d.code == "RKT007":  # "the file is empty: an RKT needs instansi:, …"
        message = message.partition(":")[0] + ": a template needs at least tabel: with its kolom:"
    elif d.code == "RKT008":  # "the document must be a mapping of keys (instansi:, …), not a list"
        message = (
            "a template must be a mapping of keys (kertas:, judul:, tabel:, …), not " + message.rpartition(" not ")[2]
        )
    where = f"{d.file}:{d.line}:{d.col}" if d.line else d.file
    return f"{where}: {message}"


def _check_layout(spec: TemplateSpec, file: str, source_map: SourceMap) -> list[str]:
    """Checks that span fields: the columns must fit on the page."""
    problems: list[str] = []
    total = sum(k.lebar_mm for k in spec.tabel.kolom)
    available = spec.kertas.text_width_mm
    if total > available + 0.5:
        line, col = source_map.locate(("tabel", "kolom"))
        problems.append(
            f"{file}:{line}:{col}: tabel.kolom: the columns are {total:g} mm wide but the page has "
            f"{available:g} mm between the margins; make some lebar_mm smaller"
        )
    return problems
