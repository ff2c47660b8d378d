"""Find, load and check a template folder: template.yaml (validated) plus reference.docx.

A template is a folder a user copies and edits without touching code. template.yaml says what
goes where (paper, fonts, columns, wording with Jinja2 placeholders, signature layout); the
reference.docx beside it holds Word styles, headers and letterhead. Every problem comes back as
a Diagnostic with a code of its own (TEMPLATE_CODES, RKT401–RKT407) inside a TemplateError; the
CLI prints them like `rkt validate` does and exits 2. Schema errors are worded by the same
mapper as data files' (rkt_cli.schema_errors).

Wording is Jinja2 in a SandboxedEnvironment with autoescape on, so that data can never turn
into markup or reach Python internals; the renderer writes text through lxml, which escapes on
its own, so rendered wording is unescaped exactly once here (`Wording.render`). Wording that is
text with plain placeholders and ifs (all the shipped templates' wording) is read and filled in
by rkt_cli.simple_wording instead, to the same text, and Jinja is imported only for the rest.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rkt_cli.diagnostics import Diagnostic, format_one_line, sort_diagnostics
from rkt_cli.loader import NotARegularFile, PathKey, SourceMap, load_yaml_file, not_a_regular_file
from rkt_cli.reference_docx import ReferenceDocxError, read_reference_docx
from rkt_cli.safe_output import shell_command
from rkt_cli.schema_errors import SchemaCodes, schema_diagnostics

# Also imported from here by the tests and older code (default_template_folder, TEMPLATE_FILE, …).
from rkt_cli.shipped_templates import (  # noqa: F401
    DEFAULT_TEMPLATE,
    SHIPPED_TEMPLATES,
    TEMPLATE_ALIASES,
    TEMPLATE_FILE,
    default_template_folder,
    shipped_names,
    shipped_template_folder,
    template_folder,
)
from rkt_cli.simple_wording import SimpleWording, parse_simple_wording
from rkt_cli.template_checks import check_layout, template_problem
from rkt_cli.template_spec import TemplateSpec

# What a group row's wording (tabel.baris_grup) may use besides the document's placeholders.
GROUP_PLACEHOLDERS = ("program", "nomor_program", "sasaran", "kode", "nomor", "anggaran", "anggaran_program")

REFERENCE_DOCX = "reference.docx"


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
# A statement part (bagian jenis: teks) names both signers: {{ pihak_pertama.nama }}, … with the
# keys of SIGNER_FIELDS (empty texts for a signer the document does not have).
PARTY_PLACEHOLDERS = ("pihak_pertama", "pihak_kedua")
SIGNER_FIELDS = ("jabatan", "nama", "nip", "tempat", "tanggal", "pihak")
PAGE_PLACEHOLDERS = ("halaman", "jumlah_halaman")


# Every template problem's code: (code, name, description), listed by `rkt rules`. Stable:
# a code keeps its meaning once published; new kinds of problem get new numbers.
TEMPLATE_CODES: tuple[tuple[str, str, str], ...] = (
    ("RKT401", "template-file", "the template folder or template.yaml is missing, unreadable or not valid YAML"),
    ("RKT402", "template-unknown-key", "an unknown key in template.yaml (with 'did you mean …')"),
    ("RKT403", "template-missing-key", "a key template.yaml must have is missing (e.g. tabel: or kolom:)"),
    ("RKT404", "template-value", "a value of the wrong kind, out of range, or not one of the choices"),
    (
        "RKT405",
        "template-wording",
        "wording with a syntax error or an unknown placeholder, or that cannot be filled in",
    ),
    ("RKT406", "template-reference", "reference.docx cannot be read or is not a Word document"),
    ("RKT407", "template-too-wide", "the columns are wider than the page between its margins"),
)

_SCHEMA_CODES = SchemaCodes(
    unknown_key="RKT402",
    missing_key="RKT403",
    bad_value="RKT404",
    bad_amount="RKT404",
    bad_length="RKT404",
    whole="the template",
)


def _problem(code: str, file: str, message: str, line: int = 0, col: int = 0, path: PathKey = ()) -> Diagnostic:
    return template_problem(code, file, message, line, col, path)


class TemplateError(Exception):
    """A template that cannot be used: its `diagnostics` (codes RKT4xx), and the `lines` of
    `file` (its template.yaml) for the excerpt under each one; empty when it could not be read."""

    def __init__(self, diagnostics: Sequence[Diagnostic], file: str = "", lines: Sequence[str] = ()) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        self.file = file
        self.lines = list(lines)
        super().__init__("\n".join(self.problems))

    @property
    def problems(self) -> list[str]:
        """Each diagnostic as one `file:line:col: error[CODE] path: message` line."""
        return [format_one_line(d) for d in self.diagnostics]

    @property
    def sources(self) -> dict[str, list[str]]:
        """{template.yaml: its lines}, the form the diagnostic printers take."""
        return {self.file: self.lines} if self.lines else {}


class WordingError(Exception):
    """Wording that passed `rkt template check` but fails on real data (e.g. {{ 1 // (jumlah_program - 2) }}):
    `diagnostic` (RKT405) points at the wording in template.yaml."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(format_one_line(diagnostic))
        self.diagnostic = diagnostic


def _wording_errors() -> tuple[type[BaseException], ...]:
    """What filling in user wording can raise: Jinja's own errors (undefined names, the sandbox)
    and whatever the expression itself raises (division by zero, int('x'), …)."""
    from jinja2 import TemplateError as JinjaError

    return (JinjaError, ArithmeticError, LookupError, TypeError, ValueError)


@dataclass(frozen=True)
class Wording:
    """One checked piece of user wording, with where it was written (for error messages)."""

    file: str
    line: int  # where its text starts in template.yaml: for a block (`pengantar: |`), the next line
    col: int
    path: PathKey
    source: str  # the wording as written
    # jinja2.Template (typed loosely so that importing this module stays cheap), compiled when
    # the template was loaded; None for wording that `simple` fills in, compiled only if needed.
    template: Any = None
    # For a literal block (|), the column where each of its lines' text starts: line n of the
    # wording is line `line + n - 1` of the file. Empty for wording whose lines are not the
    # file's (one line, a quoted text, a folded > block): errors there point at its start.
    block_cols: tuple[int, ...] = ()
    simple: SimpleWording | None = None  # the wording as rkt_cli.simple_wording reads it, if it can

    def where(self, wording_line: int) -> tuple[int, int]:
        """The file line and column of line `wording_line` (1 for the first) of the wording."""
        if 1 <= wording_line <= len(self.block_cols):
            return self.line + wording_line - 1, self.block_cols[wording_line - 1]
        return self.line, self.col

    def render(self, context: Mapping[str, object]) -> str:
        """The wording filled in from `context`, as plain text. Raises WordingError."""
        text = self.simple.render(context) if self.simple is not None else None
        if text is not None:
            return text
        # Jinja's text, or its error: for all other wording, and where simple_wording cannot be
        # sure of a value (not a text or a small number, a name the context lacks, …).
        from markupsafe import Markup

        try:
            result: str = self._compiled.render(context)
        except _wording_errors() as exc:
            message = f"cannot fill in this wording: {_jinja_message(exc)}"
            line, col = self.where(_wording_line(exc))
            raise WordingError(_problem("RKT405", self.file, message, line, col, self.path)) from None
        return str(Markup(result).unescape())

    @functools.cached_property
    def _compiled(self) -> Any:
        """The jinja2.Template: the one compiled at loading, or compiled now (once) from wording
        that simple_wording read, which Jinja compiles as surely (tests/test_simple_wording.py)."""
        return self.template if self.template is not None else _environment().from_string(self.source)


def _wording_line(exc: BaseException) -> int:
    """The line within the wording (1 for its first) where filling it in failed, 0 if unknown:
    the budget's own count, else the last frame of the wording in the traceback (Jinja rewrites
    those frames to carry the wording's line numbers)."""
    from rkt_cli.wording_sandbox import WordingLimitError

    if isinstance(exc, WordingLimitError) and exc.wording_line:
        return exc.wording_line
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


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
    lines: list[str] = field(default_factory=list)  # of template.yaml, for the excerpt of a WordingError

    def word(self, path: PathKey) -> Wording:
        """The compiled wording at `path` in template.yaml, e.g. ("judul", 0, "teks")."""
        return self.wording[path]


def _place(source_map: SourceMap, lines: list[str], path: PathKey) -> tuple[int, int, tuple[int, ...]]:
    """Where the text of the wording at `path` starts (line, col), and for a literal block (|)
    the column where each of its lines' text starts (see Wording.block_cols)."""
    line, col = source_map.locate(path)
    if not 0 < line <= len(lines):
        return line, col, ()
    indicator = lines[line - 1][col - 1 : col]
    if indicator in ("|", ">"):
        # A block scalar's text starts on the next line, at the block's indentation (that of its
        # first line with text); a line indented further has the extra spaces as text.
        _, _, last = source_map.span(path)
        body = lines[line:last]
        indent = next((_indent(text) for text in body if text.strip()), 0)
        cols = tuple(min(_indent(text), indent) + 1 for text in body) if indicator == "|" else ()
        return line + 1, indent + 1, cols
    return line, col, ()  # a one-line or quoted text: at the value, as every other diagnostic


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


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
    for i, grup in enumerate(spec.tabel.baris_grup):
        out.append((("tabel", "baris_grup", i, "teks"), grup.teks, DOCUMENT_PLACEHOLDERS + GROUP_PLACEHOLDERS))
    for i, bagian in enumerate(spec.bagian or ()):
        for j, line in enumerate(bagian.baris or ()):
            out.append((("bagian", i, "baris", j, "teks"), line.teks, DOCUMENT_PLACEHOLDERS + PARTY_PLACEHOLDERS))
        if bagian.teks is not None:
            out.append((("bagian", i, "teks"), bagian.teks, DOCUMENT_PLACEHOLDERS + PARTY_PLACEHOLDERS))
        for j, kolom_program in enumerate(bagian.kolom or ()):
            out.append((("bagian", i, "kolom", j, "judul"), kolom_program.judul, DOCUMENT_PLACEHOLDERS))
    return out


# A sample signer, as one signature block and as the first party of a statement.
_SAMPLE_SIGNER: dict[str, object] = {
    "jabatan": "SEKRETARIS",
    "nama": "NAMA",
    "nip": "197001012000031001",
    "tempat": "Kota",
    "tanggal": "25 Januari 2024",
    "pihak": "PIHAK PERTAMA",
}

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
    **_SAMPLE_SIGNER,
    "nomor": 1,
    "halaman": "1",
    "jumlah_halaman": "1",
    "program": "Program Contoh",
    "nomor_program": 1,
    "sasaran": "Sasaran Contoh",
    "kode": "3355",
    "anggaran": "1.000.000",
    "anggaran_program": "1.000.000",
    "pihak_pertama": _SAMPLE_SIGNER,
    "pihak_kedua": {
        "jabatan": "KETUA",
        "nama": "NAMA KEDUA",
        "nip": "",
        "tempat": "",
        "tanggal": "",
        "pihak": "PIHAK KEDUA",
    },
}


def make_environment() -> Any:
    """The Jinja2 sandbox that compiles template wording (autoescape, strict undefined, bounded)."""
    from jinja2 import StrictUndefined

    # The sandbox with a work budget (loop steps, sizes, depth): see rkt_cli/wording_sandbox.py.
    from rkt_cli.wording_sandbox import BudgetedSandbox

    # StrictUndefined: a misspelt placeholder is an error, not silently empty wording.
    return BudgetedSandbox(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=False)


@functools.cache
def _environment() -> Any:
    """One sandbox for every template of the process: it keeps no state between compiles and
    renders (each render's budget is its own), and making one imports and sets up Jinja."""
    return make_environment()


def _compile_wording(
    spec: TemplateSpec, file: str, source_map: SourceMap, lines: list[str]
) -> tuple[dict[PathKey, Wording], list[Diagnostic]]:
    compiled: dict[PathKey, Wording] = {}
    problems: list[Diagnostic] = []
    for path, text, allowed in _wording_paths(spec):
        start_line, start_col, block_cols = _place(source_map, lines, path)
        # Not yet compiled: a Wording only to say where each of its lines stands.
        placed = Wording(file, start_line, start_col, path, text, None, block_cols)
        sample = {name: SAMPLE_VALUES[name] for name in allowed}
        simple = parse_simple_wording(text)
        if simple is not None and simple.render(sample) is not None:
            # Jinja would compile it and fill it in from the sample without an error, as
            # simple_wording did (tests/test_simple_wording.py): no check below could fire.
            compiled[path] = dataclasses.replace(placed, simple=simple)
            continue
        from jinja2 import TemplateSyntaxError, UndefinedError

        try:
            template = _environment().from_string(text)
        except TemplateSyntaxError as exc:
            line, col = placed.where(exc.lineno or 1)
            problems.append(_problem("RKT405", file, f"template syntax error: {exc.message}", line, col, path))
            continue
        try:
            template.render(sample)
        except UndefinedError as exc:
            line, col = placed.where(_wording_line(exc))
            message = f"{exc.message}; placeholders here: {', '.join(allowed)}"
            problems.append(_problem("RKT405", file, message, line, col, path))
            continue
        except _wording_errors() as exc:
            line, col = placed.where(_wording_line(exc))
            message = f"cannot fill in this wording: {_jinja_message(exc)}"
            problems.append(_problem("RKT405", file, message, line, col, path))
            continue
        compiled[path] = dataclasses.replace(placed, template=template)
    return compiled, problems


def load_template(folder: Path | str | None = None) -> Template:
    """Load and check a template folder, or a shipped template by name (template_folder); None
    means the default template.

    Raises TemplateError with every problem found (RKT401–RKT407): a template that cannot be
    read stops at that; otherwise schema problems, or else layout, wording and reference.docx
    problems together.
    """
    folder = template_folder(folder)
    spec_path = folder / TEMPLATE_FILE
    file = str(spec_path)
    if not folder.is_dir():
        raise TemplateError([_problem("RKT401", str(folder), _not_a_folder(folder))])
    try:
        # Read as data files are (at most MAX_FILE_BYTES), and only a regular file: a link to
        # /dev/zero would fill the memory, a named pipe would wait for ever.
        loaded = load_yaml_file(spec_path, file, regular_only=True)
    except FileNotFoundError:
        raise TemplateError([_problem("RKT401", file, f"missing; a template folder needs a {TEMPLATE_FILE}")]) from None
    except NotARegularFile as exc:
        message = f"{exc}; a template folder needs {TEMPLATE_FILE} as a file"
        raise TemplateError([_problem("RKT401", file, message)]) from None
    except OSError as exc:
        raise TemplateError([_problem("RKT401", file, f"cannot read: {exc.strerror or exc}")]) from None

    if loaded.data is None or any(d.is_error for d in loaded.diagnostics):
        # Only the errors: a YAML 1.1 warning (an unquoted No) does not stop a template.
        problems = [_yaml_problem(d) for d in loaded.diagnostics if d.is_error]
        raise TemplateError(problems, file, loaded.lines)
    try:
        spec = TemplateSpec.model_validate(loaded.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = schema_diagnostics(errors, TemplateSpec, file, loaded.source_map, _SCHEMA_CODES)
        raise TemplateError(problems, file, loaded.lines) from None

    problems = check_layout(spec, file, loaded.source_map)
    wording, wording_problems = _compile_wording(spec, file, loaded.source_map, loaded.lines)
    problems += wording_problems

    reference_path = folder / REFERENCE_DOCX
    # Only a folder without one gets the default: something else at that name (a folder, a
    # broken link, a pipe, a link to a device) is a mistake to report, not to paper over.
    own = os.path.lexists(reference_path)
    if not own:
        reference_path = default_template_folder() / REFERENCE_DOCX
    reference = b""
    kind = not_a_regular_file(reference_path)
    if kind is not None:
        message = f"{kind}, not a Word document; put a .docx here, or remove it to use the default reference.docx"
        problems.append(_problem("RKT406", str(reference_path), message))
    else:
        try:
            reference = read_reference_docx(reference_path)  # checked before python-docx sees it
        except ReferenceDocxError as exc:  # unreadable, or not a DOCX the renderer can use
            problems.append(_problem("RKT406", str(reference_path), str(exc)))
    if problems:
        raise TemplateError(problems, file, loaded.lines)
    return Template(folder, spec, reference, own, wording, loaded.lines)


def _not_a_folder(folder: Path) -> str:
    """Why `folder` is no template folder: missing (make one), or a file (give its folder)."""
    if not os.path.lexists(folder):
        return (
            f"no such template folder (make one with `{shell_command('rkt', 'template', 'init', folder)}`), "
            f"and no shipped template of that name: {shipped_names()}"
        )
    if folder.name == TEMPLATE_FILE:
        return f"a file, not a template folder; give the folder that holds it: {shell_command(folder.parent)}"
    kind = not_a_regular_file(folder) or "a file"
    return f"{kind}, not a template folder; a template folder holds {TEMPLATE_FILE} (and perhaps {REFERENCE_DOCX})"


def _yaml_problem(d: Diagnostic) -> Diagnostic:
    """A loader diagnostic (RKT0xx) as a template problem (RKT401), at the same place; the
    loader words two of them for RKT data, and those are reworded for a template."""
    message = d.message
    if d.code == "RKT007":  # "the file is empty: an RKT needs instansi:, …"
        message = message.partition(":")[0] + ": a template needs at least tabel: with its kolom:"
    elif d.code == "RKT008":  # "the document must be a mapping of keys (instansi:, …), not a list"
        message = (
            "a template must be a mapping of keys (kertas:, judul:, tabel:, …), not " + message.rpartition(" not ")[2]
        )
    return dataclasses.replace(d, code="RKT401", message=message)
