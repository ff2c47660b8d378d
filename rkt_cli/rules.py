"""Lint rules beyond the schema. Each rule is a plain function with a stable code.

A rule receives the validated model and yields Findings; `run_rules` turns them
into Diagnostics located through the loader's source map. Add a rule by writing a function
and decorating it with @rule: `rkt rules` lists the registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rkt_cli.diagnostics import Diagnostic, Severity
from rkt_cli.loader import PathKey, SourceMap, format_path
from rkt_cli.model import PERCENT, RKT


class Finding(NamedTuple):
    """What a rule found: where (a path in the document), what, and optionally the exact text
    within the value, so that the column points at the word to fix rather than the value's start."""

    path: PathKey
    message: str
    fragment: str | None = None


RuleFunction = Callable[[RKT], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    description: str
    check: RuleFunction


REGISTRY: list[Rule] = []


def rule(code: str, name: str, severity: Severity, description: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(check: RuleFunction) -> RuleFunction:
        REGISTRY.append(Rule(code, name, severity, description, check))
        return check

    return register


def _indikator_rows(rkt: RKT) -> Iterator[tuple[PathKey, str, str]]:
    """(path of the indikator, its uraian, its kegiatan) in document order."""
    for pi, program in enumerate(rkt.program):
        for si, sasaran in enumerate(program.sasaran):
            for ii, indikator in enumerate(sasaran.indikator):
                yield ("program", pi, "sasaran", si, "indikator", ii), indikator.uraian, indikator.kegiatan


def _text_fields(rkt: RKT) -> Iterator[tuple[PathKey, str]]:
    """Every free-text field a reader sees in the document."""
    for key in ("instansi", "unit", "judul", "pengantar"):
        value = getattr(rkt, key)
        if value is not None:
            yield (key,), value
    for pi, program in enumerate(rkt.program):
        yield ("program", pi, "nama"), program.nama
        for si, sasaran in enumerate(program.sasaran):
            base: PathKey = ("program", pi, "sasaran", si)
            yield (*base, "nama"), sasaran.nama
            if sasaran.pelaksana is not None:
                yield (*base, "pelaksana"), sasaran.pelaksana
            for ii, indikator in enumerate(sasaran.indikator):
                row: PathKey = (*base, "indikator", ii)
                yield (*row, "uraian"), indikator.uraian
                if indikator.kegiatan:
                    yield (*row, "kegiatan"), indikator.kegiatan
                if indikator.pelaksana is not None:
                    yield (*row, "pelaksana"), indikator.pelaksana


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


@rule("RKT201", "duplicate-indikator", Severity.WARNING, "the same indikator text appears more than once")
def duplicate_indikator(rkt: RKT) -> Iterator[Finding]:
    first_seen: dict[str, PathKey] = {}
    for path, uraian, _ in _indikator_rows(rkt):
        key = _normalise(uraian)
        if key in first_seen:
            yield Finding((*path, "uraian"), f"same indikator text as {format_path(first_seen[key])}")
        else:
            first_seen[key] = path


@rule("RKT202", "duplicate-kode", Severity.ERROR, "two sasaran share one kode")
def duplicate_kode(rkt: RKT) -> Iterator[Finding]:
    first_seen: dict[str, PathKey] = {}
    for pi, si, sasaran in rkt.iter_sasaran():
        path: PathKey = ("program", pi, "sasaran", si)
        if sasaran.kode in first_seen:
            yield Finding(
                (*path, "kode"), f"kode {sasaran.kode} is already used by {format_path(first_seen[sasaran.kode])}"
            )
        else:
            first_seen[sasaran.kode] = path


# A kegiatan code has four digits; a KRO/RO code may follow ("6709.EBA", "6709.EBA.994").
_KODE = re.compile(r"^\d{4}(?:\.[A-Z]{3}(?:\.\d{3})?)?$")


@rule(
    "RKT203", "kode-format", Severity.WARNING, 'kode is not a 4-digit kegiatan code such as "6709" (or "6709.EBA.994")'
)
def kode_format(rkt: RKT) -> Iterator[Finding]:
    for pi, si, sasaran in rkt.iter_sasaran():
        if not _KODE.match(sasaran.kode):
            yield Finding(
                ("program", pi, "sasaran", si, "kode"),
                f'kode "{sasaran.kode}" is not a 4-digit kegiatan code such as "6709"',
            )


@rule("RKT204", "percent-range", Severity.ERROR, "a percent target lies outside 0–100")
def percent_range(rkt: RKT) -> Iterator[Finding]:
    for pi, si, sasaran in rkt.iter_sasaran():
        for ii, indikator in enumerate(sasaran.indikator):
            target = indikator.target
            if indikator.effective_satuan == PERCENT and not isinstance(target, str) and not 0 <= target <= 100:
                yield Finding(
                    ("program", pi, "sasaran", si, "indikator", ii, "target"), f"target {target}% lies outside 0–100"
                )


_COUNT_WORDING = re.compile(r"^\s*jumlah\b", re.IGNORECASE)
_PERCENT_WORDING = re.compile(r"^\s*(persentase|persentasi|prosentase|presentase)\b", re.IGNORECASE)


@rule(
    "RKT205",
    "wording-satuan",
    Severity.WARNING,
    'the indikator wording ("Jumlah …", "Persentase …") disagrees with its satuan',
)
def wording_satuan(rkt: RKT) -> Iterator[Finding]:
    for pi, si, sasaran in rkt.iter_sasaran():
        for ii, indikator in enumerate(sasaran.indikator):
            path: PathKey = ("program", pi, "sasaran", si, "indikator", ii)
            satuan = indikator.effective_satuan
            counting = _COUNT_WORDING.match(indikator.uraian)
            if counting and satuan == PERCENT:
                explicit = "" if indikator.satuan else " (the default)"
                yield Finding(
                    (*path, "uraian"),
                    f'"Jumlah …" counts things, but the satuan is %{explicit}: '
                    'add a satuan such as `satuan: dokumen`, or reword as "Persentase …"',
                    fragment=counting.group().strip(),
                )
            elif _PERCENT_WORDING.match(indikator.uraian) and satuan not in (PERCENT, None):
                yield Finding((*path, "satuan"), f'"Persentase …" is a percentage, but the satuan is {satuan!r}')


_PAIRS = {"(": ")", "[": "]", "{": "}"}
_BRACKET_OR_QUOTE = re.compile(r'[()\[\]{}"“”]')


def _from(text: str, index: int) -> str:
    """The word that starts at `index` (at most 20 characters): enough to find the bracket in
    the source, and never running across a line break of a wrapped or `>-` text."""
    return text[index:].split(maxsplit=1)[0][:20]


def _unbalanced(text: str) -> tuple[str, str | None] | None:
    """(problem, the word at the offending bracket) or None when everything pairs up."""
    if not _BRACKET_OR_QUOTE.search(text):  # most cells have none; skip the per-character walk
        return None
    stack: list[tuple[str, int]] = []
    for index, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append((ch, index))
        elif ch in _PAIRS.values():
            if not stack or _PAIRS[stack[-1][0]] != ch:
                return f"'{ch}' closes nothing", _from(text, index)
            stack.pop()
    if stack:
        opener, index = stack[-1]
        return f"'{opener}' is never closed", _from(text, index)
    if text.count('"') % 2:
        return 'a double quote (") is never closed', None
    if text.count("“") != text.count("”"):
        return "curly quotes “ ” do not pair up", None
    return None


@rule("RKT206", "unbalanced", Severity.WARNING, "unbalanced parentheses, brackets or quotes in a text")
def unbalanced(rkt: RKT) -> Iterator[Finding]:
    for path, text in _text_fields(rkt):
        problem = _unbalanced(text)
        if problem:
            yield Finding(path, problem[0], fragment=problem[1])


@rule("RKT207", "empty-kegiatan", Severity.WARNING, "an indikator has no kegiatan")
def empty_kegiatan(rkt: RKT) -> Iterator[Finding]:
    for path, _, kegiatan in _indikator_rows(rkt):
        if not kegiatan.strip():
            yield Finding((*path, "kegiatan"), "kegiatan is empty: name the kegiatan that delivers this indikator")


@rule("RKT208", "pagu", Severity.ERROR, "the total anggaran differs from the declared pagu")
def pagu_matches(rkt: RKT) -> Iterator[Finding]:
    if rkt.pagu is None:
        return
    total = rkt.total_anggaran
    if total != rkt.pagu:
        difference = total - rkt.pagu
        side = "over" if difference > 0 else "under"
        message = f"total anggaran {total:,} is {abs(difference):,} {side} the pagu {rkt.pagu:,}"
        yield Finding(("pagu",), message.replace(",", "."))


@rule("RKT209", "no-pelaksana", Severity.ERROR, "an indikator has no pelaksana (neither its own nor its sasaran's)")
def missing_pelaksana(rkt: RKT) -> Iterator[Finding]:
    for pi, si, sasaran in rkt.iter_sasaran():
        for ii, indikator in enumerate(sasaran.indikator):
            if sasaran.pelaksana_of(indikator) is None:
                yield Finding(
                    ("program", pi, "sasaran", si, "indikator", ii),
                    "no pelaksana: give the sasaran a default `pelaksana:` or this indikator its own",
                )


# Misspellings seen in real RKT documents, with the standard (KBBI) form.
MISSPELLINGS = {
    "persentasi": "Persentase",
    "prosentase": "Persentase",
    "presentase": "Persentase",
    "sekertaris": "Sekretaris",
    "sekertariat": "Sekretariat",
    "anggran": "anggaran",
}
# One pass over each text finds every listed word (whole words, any case).
_MISSPELLED = re.compile(r"\b(?:" + "|".join(MISSPELLINGS) + r")\b", re.IGNORECASE)


@rule("RKT210", "spelling", Severity.WARNING, "a word commonly misspelled in RKT documents (e.g. Persentasi)")
def spelling(rkt: RKT) -> Iterator[Finding]:
    for path, text in _text_fields(rkt):
        for match in _MISSPELLED.finditer(text):
            right = MISSPELLINGS[match.group().casefold()]
            yield Finding(path, f"'{match.group()}' should be '{right}'", fragment=match.group())


@rule("RKT211", "whitespace", Severity.WARNING, "leading, trailing or doubled spaces in a text")
def whitespace(rkt: RKT) -> Iterator[Finding]:
    for path, text in _text_fields(rkt):
        if text != text.strip():
            yield Finding(path, "leading or trailing spaces")
        elif "  " in text:
            yield Finding(path, "two spaces in a row", fragment="  ")


@rule("RKT212", "lowercase-start", Severity.WARNING, "a table cell starts with a lower-case letter")
def lowercase_start(rkt: RKT) -> Iterator[Finding]:
    for path, text in _text_fields(rkt):
        first = text.lstrip()[:1]
        if path[-1] in ("nama", "uraian", "kegiatan", "pelaksana") and first.isalpha() and first.islower():
            yield Finding(path, f"starts with a lower-case letter: '{text.lstrip()[:30]}…'")


@rule("RKT213", "indikator-is-kegiatan", Severity.WARNING, "an indikator repeats its kegiatan word for word")
def indikator_is_kegiatan(rkt: RKT) -> Iterator[Finding]:
    for path, uraian, kegiatan in _indikator_rows(rkt):
        if _normalise(uraian) == _normalise(kegiatan):
            yield Finding(
                (*path, "kegiatan"),
                "kegiatan repeats the indikator word for word: an indikator measures, a kegiatan delivers",
            )


_YEAR_MENTION = re.compile(r"\b[Tt]ahun(?:\s+[Aa]nggaran)?\s+(\d{4})\b")


@rule("RKT214", "other-year", Severity.WARNING, "a text names a year ('Tahun 2023') other than the document's tahun")
def other_year(rkt: RKT) -> Iterator[Finding]:
    for path, text in _text_fields(rkt):
        for match in _YEAR_MENTION.finditer(text):
            if int(match.group(1)) != rkt.tahun:
                yield Finding(
                    path, f"mentions {match.group()} in the RKT for tahun {rkt.tahun}", fragment=match.group()
                )


@rule("RKT215", "zero-anggaran", Severity.WARNING, "a sasaran has anggaran 0")
def zero_anggaran(rkt: RKT) -> Iterator[Finding]:
    for pi, si, sasaran in rkt.iter_sasaran():
        if sasaran.anggaran == 0:
            yield Finding(("program", pi, "sasaran", si, "anggaran"), "anggaran is 0")


def _fragment_position(
    lines: Sequence[str], span: tuple[int, int, int], fragment: str | None, occurrence: int
) -> tuple[int, int]:
    """The position of the `occurrence`-th (0-based) `fragment` within the value's lines, so
    that the caret is under the word to fix even in a `>-` block or a wrapped text; the value's
    start when the fragment is not found as written (say, broken over two lines)."""
    line, col, last = span
    if fragment:
        for number in range(line, min(last, len(lines)) + 1):
            text = lines[number - 1]
            start = col - 1 if number == line else 0
            while (found := text.find(fragment, start)) >= 0:
                if occurrence == 0:
                    return number, found + 1
                occurrence -= 1
                start = found + len(fragment)
    return line, col


def run_rules(rkt: RKT, file: str, source_map: SourceMap, lines: Sequence[str] = ()) -> list[Diagnostic]:
    diagnostics = []
    for registered in REGISTRY:
        # A word found twice in one text is two findings: the second points at the second one.
        seen: dict[tuple[PathKey, str | None], int] = {}
        for finding in registered.check(rkt):
            occurrence = seen.get((finding.path, finding.fragment), 0)
            seen[(finding.path, finding.fragment)] = occurrence + 1
            line, col = _fragment_position(lines, source_map.span(finding.path), finding.fragment, occurrence)
            diagnostics.append(
                Diagnostic(
                    registered.code, registered.severity, file, line, col, format_path(finding.path), finding.message
                )
            )
    return diagnostics
