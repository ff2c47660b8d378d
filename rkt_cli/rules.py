"""Lint rules beyond the schema. Each rule is a plain function with a stable code.

A rule receives a Document (the validated model, with its sasaran, its indikator rows and its
texts gathered once for all rules) and yields Findings; `run_rules` turns them into Diagnostics
located through the loader's source map. Add a rule by writing a function and decorating it
with @rule: `rkt rules` lists the registry. The sasaran and rows are `rkt_cli.walk`'s, which
gives each with its YAML path.

Every rule is linear in the size of the text it reads (no regular expression that backtracks
over a run of spaces, no search that starts again from the top for each finding), and a file
shows at most MAX_DIAGNOSTICS_PER_RULE diagnostics of one rule, then one "… and N more".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rkt_cli.diagnostics import MAX_DIAGNOSTICS_PER_RULE, Diagnostic, Severity, more_like_this
from rkt_cli.loader import PathKey, SourceMap, format_path
from rkt_cli.model import RKT
from rkt_cli.model_values import PERCENT, clipped, quoted
from rkt_cli.rule_document import REGISTRY as REGISTRY
from rkt_cli.rule_document import Document as Document
from rkt_cli.rule_document import Finding as Finding
from rkt_cli.rule_document import Rule, comparable, folded_text, last_compared, rule
from rkt_cli.walk import IndikatorAt, SasaranAt


@rule("RKT201", "duplicate-indikator", Severity.WARNING, "the same indikator text appears more than once")
def duplicate_indikator(doc: Document) -> Iterator[Finding]:
    first_seen: dict[str, IndikatorAt] = {}  # the row, not its path: a path is built only for a finding
    for row in doc.rows:
        first = first_seen.setdefault(comparable(row.indikator.uraian), row)
        if first is not row:
            yield Finding((*row.path, "uraian"), f"same indikator text as {format_path(first.path)}")


@rule("RKT202", "duplicate-kode", Severity.ERROR, "two sasaran share one kode")
def duplicate_kode(doc: Document) -> Iterator[Finding]:
    first_seen: dict[str, PathKey] = {}
    for at in doc.sasaran:
        kode = at.sasaran.kode
        if kode is None:
            continue
        if kode in first_seen:
            yield Finding(
                (*at.path, "kode"), f"kode {clipped(kode)} is already used by {format_path(first_seen[kode])}"
            )
        else:
            first_seen[kode] = at.path


# A kegiatan code has four digits; a KRO/RO code may follow ("6709.EBA", "6709.EBA.994").
_KODE = re.compile(r"^\d{4}(?:\.[A-Z]{3}(?:\.\d{3})?)?$")


@rule(
    "RKT203", "kode-format", Severity.WARNING, 'kode is not a 4-digit kegiatan code such as "6709" (or "6709.EBA.994")'
)
def kode_format(doc: Document) -> Iterator[Finding]:
    for at in doc.sasaran:
        kode = at.sasaran.kode
        if kode is not None and not _KODE.match(kode):
            yield Finding((*at.path, "kode"), f'kode "{clipped(kode)}" is not a 4-digit kegiatan code such as "6709"')


@rule("RKT204", "percent-range", Severity.ERROR, "a percent target lies outside 0–100")
def percent_range(doc: Document) -> Iterator[Finding]:
    for row in doc.rows:
        target = row.indikator.target
        if row.indikator.effective_satuan == PERCENT and not isinstance(target, str) and not 0 <= target <= 100:
            yield Finding((*row.path, "target"), f"target {target}% lies outside 0–100")


_COUNT_WORDING = re.compile(r"^\s*jumlah\b", re.IGNORECASE)
_PERCENT_WORDING = re.compile(r"^\s*(persentase|persentasi|prosentase|presentase)\b", re.IGNORECASE)


@rule(
    "RKT205",
    "wording-satuan",
    Severity.WARNING,
    'the indikator wording ("Jumlah …", "Persentase …") disagrees with its satuan',
)
def wording_satuan(doc: Document) -> Iterator[Finding]:
    for row in doc.rows:
        indikator = row.indikator
        satuan = indikator.effective_satuan
        counting = _COUNT_WORDING.match(indikator.uraian)
        if counting and satuan == PERCENT:
            explicit = "" if indikator.satuan else " (the default)"
            yield Finding(
                (*row.path, "uraian"),
                f'"Jumlah …" counts things, but the satuan is %{explicit}: '
                'add a satuan such as `satuan: dokumen`, or reword as "Persentase …"',
                fragment=counting.group().strip(),
            )
        elif _PERCENT_WORDING.match(indikator.uraian) and satuan not in (PERCENT, None):
            yield Finding((*row.path, "satuan"), f'"Persentase …" is a percentage, but the satuan is {quoted(satuan)}')


_PAIRS = {"(": ")", "[": "]", "{": "}"}
_BRACKET_OR_QUOTE = re.compile(r'[()\[\]{}"“”]')
_BRACKETS_AND_QUOTES = tuple('()[]{}"“”')  # what _BRACKET_OR_QUOTE matches, one by one
_BRACKET = re.compile(r"[()\[\]{}]")


def _from(text: str, index: int) -> str:
    """The word that starts at `index` (at most 20 characters): enough to find the bracket in
    the source, and never running across a line break of a wrapped or `>-` text."""
    return text[index:].split(maxsplit=1)[0][:20]


def _unbalanced(text: str) -> tuple[str, str | None] | None:
    """(problem, the word at the offending bracket) or None when everything pairs up."""
    if not _BRACKET_OR_QUOTE.search(text):  # most cells have none; skip the walk
        return None
    stack: list[tuple[str, int]] = []
    for found in _BRACKET.finditer(text):  # the brackets only, not every character
        ch, index = found.group(), found.start()
        if ch in _PAIRS:
            stack.append((ch, index))
        else:
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
def unbalanced(doc: Document) -> Iterator[Finding]:
    for field in doc.fields_containing(_BRACKETS_AND_QUOTES):  # most texts have none
        problem = _unbalanced(field.text)
        if problem:
            yield Finding(field.path, problem[0], fragment=problem[1])


@rule("RKT207", "empty-kegiatan", Severity.WARNING, "an indikator has no kegiatan while others do, or an empty one")
def empty_kegiatan(doc: Document) -> Iterator[Finding]:
    # A PK or a simple RKT has no kegiatan at all, and that is fine; a row left without one in
    # a document whose other rows have theirs is a row not yet finished.
    rows = doc.rows
    uses_kegiatan = any(row.indikator.kegiatan is not None for row in rows)
    for row in rows:
        kegiatan = row.indikator.kegiatan
        if kegiatan is not None and not kegiatan.strip():
            yield Finding((*row.path, "kegiatan"), "kegiatan is empty: name the kegiatan that delivers this indikator")
        elif kegiatan is None and uses_kegiatan:
            yield Finding(row.path, "no kegiatan, while other indikator have one: add `kegiatan:`")


@rule("RKT208", "pagu", Severity.ERROR, "the total anggaran differs from the declared pagu")
def pagu_matches(doc: Document) -> Iterator[Finding]:
    rkt = doc.rkt
    if rkt.pagu is None:
        return
    if not rkt.has_anggaran:
        yield Finding(("pagu",), "a pagu is declared, but no sasaran has an anggaran to add up to it")
        return
    total = rkt.total_anggaran
    if total != rkt.pagu:
        difference = total - rkt.pagu
        side = "over" if difference > 0 else "under"
        message = f"total anggaran {total:,} is {abs(difference):,} {side} the pagu {rkt.pagu:,}"
        yield Finding(("pagu",), message.replace(",", "."))


@rule(
    "RKT209",
    "no-pelaksana",
    Severity.ERROR,
    "an indikator has no pelaksana (neither its own nor its sasaran's) while others have one",
)
def missing_pelaksana(doc: Document) -> Iterator[Finding]:
    # A document may name no pelaksana at all (a PK has no such column; a template that shows
    # one says so, see rkt_cli.requirements); once it names some, every row needs one.
    rows = doc.rows
    if all(row.pelaksana is None for row in rows):
        return
    for row in rows:
        if row.pelaksana is None:
            yield Finding(row.path, "no pelaksana: give the sasaran a default `pelaksana:` or this indikator its own")


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
# Each misspelling holds one of these, and the right words none: only a text holding one is searched.
_MISSPELLING_CUES = ("sentasi", "rosent", "resent", "kert", "ggran")


def _misspelling(found: str) -> str:
    """The key in MISSPELLINGS of a word _MISSPELLED found in any case: the search takes a
    dotted İ or a dotless ı for an i, where casefold() gives "i̇" and "ı" (which failed)."""
    return folded_text(found).replace("\u0307", "")


@rule("RKT210", "spelling", Severity.WARNING, "a word commonly misspelled in RKT documents (e.g. Persentasi)")
def spelling(doc: Document) -> Iterator[Finding]:
    for field in doc.fields_holding(_MISSPELLING_CUES):
        for match in _MISSPELLED.finditer(field.text):
            right = MISSPELLINGS[_misspelling(match.group())]
            yield Finding(field.path, f"'{match.group()}' should be '{right}'", fragment=match.group())


@rule("RKT211", "whitespace", Severity.WARNING, "leading, trailing or doubled spaces in a text")
def whitespace(doc: Document) -> Iterator[Finding]:
    for field in doc.fields:
        text = field.text
        if text != text.strip():
            yield Finding(field.path, "leading or trailing spaces")
        elif "  " in text:
            yield Finding(field.path, "two spaces in a row", fragment="  ")


@rule("RKT212", "lowercase-start", Severity.WARNING, "a table cell starts with a lower-case letter")
def lowercase_start(doc: Document) -> Iterator[Finding]:
    for field in doc.fields:
        text = field.text
        first = text.lstrip()[:1]
        if field.key in ("nama", "uraian", "kegiatan", "pelaksana") and first.isalpha() and first.islower():
            yield Finding(field.path, f"starts with a lower-case letter: '{text.lstrip()[:30]}…'")


@rule("RKT213", "indikator-is-kegiatan", Severity.WARNING, "an indikator repeats its kegiatan word for word")
def indikator_is_kegiatan(doc: Document) -> Iterator[Finding]:
    for row in doc.rows:
        kegiatan = row.indikator.kegiatan
        if kegiatan is None:
            continue
        uraian = row.indikator.uraian
        # Texts that end differently differ: a cheap test that spares most rows the two comparables.
        if last_compared(uraian) == last_compared(kegiatan) and comparable(uraian) == comparable(kegiatan):
            yield Finding(
                (*row.path, "kegiatan"),
                "kegiatan repeats the indikator word for word: an indikator measures, a kegiatan delivers",
            )


# "\b[Tt]ahun…", with the \b checked after the T: a pattern that starts with a letter class lets
# the engine skip ahead to the next T or t, one that starts with \b is tried at every position.
_YEAR_MENTION = re.compile(r"[Tt](?<=\b[Tt])ahun(?:\s+[Aa]nggaran)?\s+(\d{4})\b")


@rule("RKT214", "other-year", Severity.WARNING, "a text names a year ('Tahun 2023') other than the document's tahun")
def other_year(doc: Document) -> Iterator[Finding]:
    tahun = doc.rkt.tahun
    for field, match in doc.matches_at(_YEAR_MENTION, "ahun", 1):
        if int(match.group(1)) != tahun:
            # The message shows the words with single spaces: the match may span a long run
            # of them (RKT211 reports that), and a message should stay one short line.
            words = " ".join(match.group().split())
            yield Finding(field.path, f"mentions {words} in the RKT for tahun {tahun}", fragment=match.group())


@rule("RKT215", "zero-anggaran", Severity.WARNING, "a sasaran has anggaran 0")
def zero_anggaran(doc: Document) -> Iterator[Finding]:
    for at in doc.sasaran:
        if at.sasaran.anggaran == 0:
            yield Finding((*at.path, "anggaran"), "anggaran is 0")


@rule("RKT216", "duplicate-id", Severity.ERROR, "two indikator, or two sasaran, share one id")
def duplicate_id(doc: Document) -> Iterator[Finding]:
    # Ids are optional (a file without realisasi needs none); when given, a realisasi file
    # matches by them, so two items with one id would make its values land on either.
    # Rows and sasaran are kept, not their paths: a path is built only for a finding.
    first_seen: dict[tuple[str, str], SasaranAt | IndikatorAt] = {}
    for at in doc.sasaran:
        items: list[tuple[str, SasaranAt | IndikatorAt, str | None]] = [("sasaran", at, at.sasaran.id)]
        rows = doc.rows[at.rows_before : at.rows_before + len(at.sasaran.indikator)]  # this sasaran's
        items += [("indikator", row, row.indikator.id) for row in rows if row.indikator.id is not None]
        for kind, item, item_id in items:
            if item_id is None:
                continue
            first = first_seen.setdefault((kind, item_id), item)
            if first is not item:
                yield Finding((*item.path, "id"), f"id {quoted(item_id)} is already used by {format_path(first.path)}")


@rule("RKT217", "partial-anggaran", Severity.ERROR, "a sasaran has no anggaran while others have one")
def partial_anggaran(doc: Document) -> Iterator[Finding]:
    # A document carries anggaran on every sasaran (an RKT) or on none (a PK lampiran without the
    # program table, a simple RKT): a missing one would make every total silently short.
    sasaran = doc.sasaran
    with_anggaran = sum(1 for at in sasaran if at.sasaran.anggaran is not None)
    if with_anggaran in (0, len(sasaran)):
        return
    for at in sasaran:
        if at.sasaran.anggaran is None:
            yield Finding(at.path, f"no anggaran, while {with_anggaran} other sasaran have one: add `anggaran:`")


@rule("RKT218", "missing-id", Severity.WARNING, "some indikator (or sasaran) have an id and some do not")
def missing_id(doc: Document) -> Iterator[Finding]:
    # Ids are optional until a realisasi file matches by them; a file that has some and lacks
    # others is half done. One finding per kind, at the first item without an id, with the count.
    without = [row for row in doc.rows if row.indikator.id is None]
    if 0 < len(without) < len(doc.rows):
        yield Finding(without[0].path, _missing_ids(len(without), len(doc.rows), "indikator", "`rkt ids --write`"))
    lacking = [at for at in doc.sasaran if at.sasaran.id is None]
    if 0 < len(lacking) < len(doc.sasaran):
        yield Finding(
            lacking[0].path, _missing_ids(len(lacking), len(doc.sasaran), "sasaran", "`rkt ids --sasaran --write`")
        )


def _missing_ids(missing: int, total: int, kind: str, command: str) -> str:
    verb = "has" if missing == 1 else "have"
    return f"{missing} of {total} {kind} {verb} no id (this is the first); {command} on this file adds them"


class _Positions:
    """Where each finding stands: its value's start, or the fragment it names within the value,
    so that the caret is under the word to fix even in a `>-` block or a wrapped text.

    A word found twice in one text is two findings, and the second points at the second one.
    Each (path, fragment) keeps a cursor after its last match, so n findings in one text cost
    one pass over it rather than n. A fragment not found as written (say, broken over two lines)
    leaves the finding at the value's start.
    """

    def __init__(self, lines: Sequence[str], source_map: SourceMap) -> None:
        self._lines = lines
        self._source_map = source_map
        self._cursors: dict[tuple[PathKey, str], tuple[int, int]] = {}

    def of(self, finding: Finding) -> tuple[int, int]:
        """(line, col) of the finding, 1-based."""
        line, col, last = self._source_map.span(finding.path)
        fragment = finding.fragment
        if not fragment:
            return line, col
        key = (finding.path, fragment)
        number, start = self._cursors.get(key, (line, col - 1))
        last = min(last, len(self._lines))
        while number <= last:
            found = self._lines[number - 1].find(fragment, start)
            if found >= 0:
                self._cursors[key] = (number, found + len(fragment))
                return number, found + 1
            number, start = number + 1, 0
        self._cursors[key] = (number, 0)
        return line, col


def run_rules(rkt: RKT, file: str, source_map: SourceMap, lines: Sequence[str] = ()) -> list[Diagnostic]:
    """Run every registered rule over a valid model; each finding becomes a Diagnostic.

    `source_map` places each finding at its value's line and column; with the file's `lines`,
    a finding that names a fragment (a misspelt word) points at the fragment itself. Each rule
    gives at most MAX_DIAGNOSTICS_PER_RULE diagnostics, then one "… and N more": placing and
    printing the rest would cost time and memory and tell the reader nothing new.
    """
    diagnostics: list[Diagnostic] = []
    document = Document(rkt)
    for registered in REGISTRY:
        diagnostics += _rule_diagnostics(registered, document, file, _Positions(lines, source_map))
    return diagnostics


def _rule_diagnostics(registered: Rule, document: Document, file: str, positions: _Positions) -> list[Diagnostic]:
    """One rule's findings as Diagnostics, capped; the findings past the first left out are only counted."""
    shown: list[Diagnostic] = []
    first_left_out: Diagnostic | None = None
    left_out = 0
    for finding in registered.check(document):
        if first_left_out is not None:
            left_out += 1
            continue
        line, col = positions.of(finding)
        diagnostic = Diagnostic(
            registered.code, registered.severity, file, line, col, format_path(finding.path), finding.message
        )
        if len(shown) < MAX_DIAGNOSTICS_PER_RULE:
            shown.append(diagnostic)
        else:
            first_left_out = diagnostic
            left_out = 1
    if first_left_out is not None:
        shown.append(more_like_this(first_left_out, left_out))
    return shown
