"""What the lint rules read, and how a rule registers (rkt_cli.rules holds the rules themselves).

A rule receives a Document (the validated model, with its sasaran, its indikator rows and its
texts gathered once for all rules) and yields Findings. Each rule used to walk the model and
build every path again: on a 40,000-row file the walking cost more than the checks.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rkt_cli.diagnostics import Severity
from rkt_cli.loader import PathKey
from rkt_cli.model import RKT
from rkt_cli.walk import IndikatorAt, SasaranAt, walk_sasaran


class Finding(NamedTuple):
    """What a rule found: where (a path in the document), what, and optionally the exact text
    within the value, so that the column points at the word to fix rather than the value's start."""

    path: PathKey
    message: str
    fragment: str | None = None


RuleFunction = Callable[["Document"], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered lint rule: its stable code, a short name, its severity and what it checks."""

    code: str
    name: str
    severity: Severity
    description: str
    check: RuleFunction


REGISTRY: list[Rule] = []


def rule(code: str, name: str, severity: Severity, description: str) -> Callable[[RuleFunction], RuleFunction]:
    """Decorator: add the function to REGISTRY under `code` (listed by `rkt rules`)."""

    def register(check: RuleFunction) -> RuleFunction:
        REGISTRY.append(Rule(code, name, severity, description, check))
        return check

    return register


class TextField(NamedTuple):
    """A free-text field a reader sees: where it stands (`base` + `key`) and its text."""

    base: PathKey  # the item's path, shared by the fields of one item
    key: str
    text: str

    @property
    def path(self) -> PathKey:
        return (*self.base, self.key)


# Joins the texts for one regular-expression pass over all of them. It is neither a word
# character nor whitespace, so no pattern below can match across it, and `\b` sees it as it
# sees the end of a text: the matches in the joined text are exactly those in each text.
_SEPARATOR = "\x00"


class Document:
    """What the rules read, gathered once per check rather than once per rule.

    Each rule used to walk the model and build every path again: on a 40,000-row file the
    walking cost more than the checks. The texts are also joined into one string, so that a
    rule looking for a rare pattern (a misspelling, a year, a bracket) makes one pass of the
    regular-expression engine over all of them instead of one call per text.
    """

    def __init__(self, rkt: RKT) -> None:
        self.rkt = rkt
        self.sasaran: list[SasaranAt] = list(walk_sasaran(rkt))
        self.rows: list[IndikatorAt] = [row for at in self.sasaran for row in at.indikator()]
        self.fields: list[TextField] = _text_fields(rkt, self.sasaran)
        self._joined: str | None = None
        # Where each field's text starts in the joined text: machine integers, not 100,000 int
        # objects (2.4 MiB less at 40,000 rows, where the rules reach the check's peak).
        self._starts = array("q")

    def _joined_text(self) -> str:
        if self._joined is None:
            self._joined = _SEPARATOR.join(field.text for field in self.fields)
            start = 0
            for field in self.fields:
                self._starts.append(start)
                start += len(field.text) + 1
        return self._joined

    def _field_at(self, index: int) -> TextField:
        """The field whose text holds position `index` of the joined text."""
        return self.fields[bisect_right(self._starts, index) - 1]

    def matches_at(
        self, pattern: re.Pattern[str], literal: str, before: int
    ) -> Iterator[tuple[TextField, re.Match[str]]]:
        """Every match of `pattern` in the texts, in document order, with its field: for a
        pattern each of whose matches holds `literal` from `before` characters after its start
        (the year pattern's "Tahun 2023" holds "ahun" from 1).

        The match's positions are in the joined text; its groups are those of a search in the
        field's own text. Only for patterns that match neither the separator nor across it.
        The literal is found with `str.find`, several times faster than the regular-expression
        engine's scan of the whole text, and the pattern is tried only there: the matches
        finditer finds, as it too tries each position in turn and goes on after each match.
        """
        joined = self._joined_text()
        end = 0
        at = joined.find(literal, before)
        while at >= 0:
            start = at - before
            if start >= end:
                match = pattern.match(joined, start)
                if match is not None:
                    end = match.end()
                    yield self._field_at(start), match
            at = joined.find(literal, at + 1)

    def fields_containing(self, texts: Sequence[str]) -> Iterator[TextField]:
        """The fields holding one of `texts` as written (case counts), each once, in document
        order: a `str.find` per text over the joined texts instead of the engine's scan."""
        yield from self._fields_where(self._joined_text(), texts)

    def fields_holding(self, cues: Sequence[str]) -> Iterator[TextField]:
        """The fields whose text, case ignored, holds one of `cues` (lower-case; an "i" only last),
        each once, in document order: the few worth a search that ignores case, which costs
        several times a plain one (`str.find` over the casefolded texts)."""
        joined = self._joined_text()
        folded = folded_text(joined)
        if len(folded) != len(joined):  # a letter folds to two (ß → ss): the positions moved
            yield from (field for field in self.fields if any(cue in folded_text(field.text) for cue in cues))
            return
        yield from self._fields_where(folded, cues)

    def _fields_where(self, joined: str, needles: Sequence[str]) -> Iterator[TextField]:
        """The fields in which `joined` (the joined texts, or a copy of the same length) holds
        one of `needles`, each once, in document order."""
        found: set[int] = set()
        for needle in needles:
            at = joined.find(needle)
            while at >= 0:
                found.add(bisect_right(self._starts, at) - 1)
                at = joined.find(needle, at + 1)
        for index in sorted(found):
            yield self.fields[index]


def comparable(text: str) -> str:
    """The text as two readers would compare it: whitespace runs as one space, case ignored."""
    return " ".join(text.split()).casefold()


def last_compared(text: str) -> str:
    """`comparable(text)[-1:]` without building it: casefold maps each character on its own,
    and the last character split() keeps is the last one rstrip() keeps."""
    return text.rstrip()[-1:].casefold()[-1:]


def folded_text(text: str) -> str:
    """`text` casefolded, and the dotless ı as i: what `re.IGNORECASE` takes for an ASCII letter
    folds to that letter (tests/test_rules_document.py checks every code point)."""
    return text.casefold().replace("\u0131", "i")


def _text_fields(rkt: RKT, sasaran: list[SasaranAt]) -> list[TextField]:
    """Every free-text field a reader sees in the document, in document order."""
    fields: list[TextField] = []
    add = fields.append
    for key in ("instansi", "unit", "judul", "pengantar"):
        value = getattr(rkt, key)
        if value is not None:
            add(TextField((), key, value))
    for at in sasaran:
        if at.program is not None and at.sasaran_index == 0:  # every program has a sasaran (the schema says so)
            add(TextField(at.program_path, "nama", at.program.nama))
        sasaran_path = at.path
        add(TextField(sasaran_path, "nama", at.sasaran.nama))
        if at.sasaran.pelaksana is not None:
            add(TextField(sasaran_path, "pelaksana", at.sasaran.pelaksana))
        # The rows' paths built here as IndikatorAt.path builds them, without its two property calls a row.
        for index, indikator in enumerate(at.sasaran.indikator):
            path = (*sasaran_path, "indikator", index)
            add(TextField(path, "uraian", indikator.uraian))
            if indikator.kegiatan:
                add(TextField(path, "kegiatan", indikator.kegiatan))
            if indikator.pelaksana is not None:
                add(TextField(path, "pelaksana", indikator.pelaksana))
            if indikator.keterangan is not None:
                add(TextField(path, "keterangan", indikator.keterangan))
            if indikator.tambahan:
                for name, value in indikator.tambahan.items():
                    if isinstance(value, str):
                        add(TextField((*path, "tambahan"), name, value))
    return fields
