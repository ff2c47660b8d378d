"""Stable ids for indikator and sasaran: what `rkt validate` says about them, and the edit that
adds the missing ones to a file (`rkt ids`) without touching any other byte of it.

An id (`id: "6709.1"`, `id: iku-3`) is optional and unique in the file. A realisasi file, and
later a year-over-year comparison, match an indikator by it, so it must survive edits that move
rows around; a place ("6709.2", the second indikator of sasaran 6709) does not.

What `rkt validate` says about ids
    - two indikator, or two sasaran, with one id: error RKT216 (rules.py), at the second one;
    - some indikator with an id and some without: one warning (RKT218 "missing-id", in
      rules.py) at the first indikator without one, with the count and the command that
      adds the rest (`rkt ids FILE --write`); the same, separately, for sasaran (`--sasaran`).
      Half the rows with ids is how a file looks after rows were added by hand to a file whose
      realisasi is matched by id: the new rows would get no realisasi;
    - no id at all: nothing. Ids are optional until a later file matches by them.

The id scheme (`_base_id`), deterministic, readable, and the same on a second run:
    - an indikator: "<kode>.<n>" (n its 1-based place in the sasaran) when its sasaran's kode is
      unique in the file and makes an id word, which is the realisasi file's place address for
      the same row ("6709.2"), so a realisasi file written with places keeps meaning the same
      rows; else "<sasaran id>.<n>" when the sasaran had an id before this run (so the indikator
      ids are the same with or without --sasaran); else "iku-<row>" (row: its number in the
      whole table, 1-based);
    - a sasaran (only with `--sasaran`): its kode when unique and an id word, else "sasaran-<No>";
    - an id already in the file (of either kind) is never given again: the next free of
      "<base>-2", "<base>-3", …;
    - an item that has an id keeps it: a second run adds nothing.

How an id goes in (`_insertion`): at the first key of the item's mapping, so the place is exact
whatever comments, blank lines or block scalars follow. Block style: `id: X`, a line break (the
one that line ends with, so CRLF stays CRLF) and the mapping's indentation; `- uraian: …` becomes
`- id: X` over `  uraian: …`. Flow style (`- {uraian: …, target: 95}`): `id: X, ` inside the
braces. Nothing else changes: the BOM, comments, tabs in comments, anchors, quoting and line
breaks stay as they were, and deleting the inserted fragments gives back the original bytes. The
edited text is then loaded and checked again; unless it validates and its model equals the old
one with exactly the new ids, the edit is refused (`Refusal`) and nothing is written.

A file that does not validate is not edited (the caller prints its diagnostics), and neither is
one where an item has an `id:` key with no value (the caller says where). YAML aliases are
refused by the loader (RKT003), so an indikator never comes from an alias here.

The library never prints; `rkt_cli/cli/ids.py` does.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import yaml

from rkt_cli.loader import PathKey, load_yaml_bytes
from rkt_cli.model import RKT
from rkt_cli.walk import walk_indikator, walk_sasaran

if TYPE_CHECKING:
    from rkt_cli.checking import CheckedFile

BOM = b"\xef\xbb\xbf"
# What model.Id accepts: one word of letters, digits, ".", "-" and "_".
_ID_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# The line breaks libyaml counts lines by: its marks are (line, column) in these terms.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Plain words the loader reads as something other than text (null, booleans, YAML 1.1 booleans).
_NOT_TEXT_WHEN_PLAIN = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})

Kind = Literal["indikator", "sasaran"]


@dataclass(frozen=True)
class NewId:
    """An id to add: to which item, and the text inserted where."""

    kind: Kind
    path: PathKey  # ("program", 0, "sasaran", 1, "indikator", 2)
    id: str
    line: int  # 1-based line of the item's first key
    offset: int  # character offset in the text without its BOM, where `text` goes
    text: str  # `id: "6709.1"` plus a line break and indentation, or `id: "6709.1", ` in braces


@dataclass(frozen=True)
class Refusal:
    """Why the ids cannot be added: at a 1-based line (0 for the whole file)."""

    line: int
    message: str


@dataclass
class IdsResult:
    """What `add_ids` found and made. `updated` is None when nothing may be written: the file
    has errors (`checked`), or `refusals` says why; else it is the new bytes (the same bytes when
    there is nothing to add)."""

    checked: CheckedFile
    new_ids: list[NewId] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    updated: bytes | None = None


def add_ids(raw: bytes, file: str, sasaran: bool = False) -> IdsResult:
    """Check `raw` as `rkt validate` does and, when it validates, add an id to every indikator
    (and with `sasaran`, every sasaran) that has none. See the module docstring."""
    from rkt_cli.checking import check_loaded

    loaded = load_yaml_bytes(raw, file)
    checked = check_loaded(loaded)
    result = IdsResult(checked)
    if checked.has_errors or checked.model is None or loaded.source_map.root is None:
        return result
    rkt = checked.model
    bom = raw.startswith(BOM)
    text = raw[len(BOM) :].decode("utf-8") if bom else raw.decode("utf-8")
    lines = _Lines(text)
    for kind, path, new_id in _planned_ids(rkt, sasaran):
        node = _node_at(loaded.source_map.root, path)
        insertion = _insertion(node, lines, new_id)
        if isinstance(insertion, Refusal):
            result.refusals.append(insertion)
        else:
            offset, inserted = insertion
            result.new_ids.append(NewId(kind, path, new_id, lines.index_of(offset) + 1, offset, inserted))
    if result.refusals:
        return result
    updated = apply(text, result.new_ids)
    result.updated = (BOM if bom else b"") + updated.encode("utf-8")
    if result.new_ids:
        result.refusals = _verify(rkt, result.updated, file, result.new_ids)
        if result.refusals:
            result.updated = None
    return result


def apply(text: str, new_ids: list[NewId]) -> str:
    """`text` with each id's text inserted at its offset (offsets are into the original text)."""
    parts = []
    start = 0
    for new in sorted(new_ids, key=lambda n: n.offset):
        parts += [text[start : new.offset], new.text]
        start = new.offset
    parts.append(text[start:])
    return "".join(parts)


# Lines of context around each change in `unified_diff`, as `diff -u` and difflib show.
DIFF_CONTEXT = 3


class _Change(NamedTuple):
    """One changed place of the diff: old lines [start, end) give way to `removed` and `added`
    diff lines. An `id:` line put before a line that is otherwise unchanged is a pure insertion
    (start == end), as diff shows it: the line stays context."""

    start: int
    end: int
    removed: list[str]
    added: list[str]


def unified_diff(raw: bytes, new_ids: list[NewId], name: str) -> str:
    """The change `new_ids` make to `raw`, as a unified diff (`--- name` / `+++ name`).

    Built from the insertions themselves, so its cost grows with the file and not with its
    square: difflib took minutes on a 40,000-row file. It gives what difflib gives with 3 lines of
    context (tested); a last line without a line break is marked as `diff` marks it.
    """
    text = raw[len(BOM) :].decode("utf-8") if raw.startswith(BOM) else raw.decode("utf-8")
    lines = _Lines(text)
    count = len(lines.starts) - (1 if lines.starts[-1] == len(text) else 0)
    by_line: dict[int, list[NewId]] = {}
    for new in new_ids:
        by_line.setdefault(lines.index_of(new.offset), []).append(new)
    changes = [_change(lines, index, by_line[index]) for index in sorted(by_line)]
    # Changes with at most twice the context of unchanged lines between them share one hunk.
    groups: list[list[_Change]] = []
    for change in changes:
        if groups and change.start - groups[-1][-1].end <= 2 * DIFF_CONTEXT:
            groups[-1].append(change)
        else:
            groups.append([change])
    out = [f"--- {name}\n", f"+++ {name}\n"]
    shift = 0  # lines the hunks above added: where this hunk starts in the new file
    for group in groups:
        first = max(0, group[0].start - DIFF_CONTEXT)
        last = min(count, group[-1].end + DIFF_CONTEXT)
        body: list[str] = []
        at = first
        for change in group:
            body += [" " + lines.line(index) for index in range(at, change.start)]
            body += ["-" + line for line in change.removed] + ["+" + line for line in change.added]
            at = change.end
        body += [" " + lines.line(index) for index in range(at, last)]
        grown = sum(len(change.added) - len(change.removed) for change in group)
        out.append(f"@@ -{_hunk_range(first, last - first)} +{_hunk_range(first + shift, last - first + grown)} @@\n")
        out += [line if line.endswith("\n") else _last_line(line) for line in body]
        shift += grown
    return "".join(out)


def _change(lines: _Lines, index: int, new_ids: list[NewId]) -> _Change:
    """Line `index` with these ids inserted, as a change of the diff."""
    old = lines.line(index)
    at_line = [replace(new, offset=new.offset - lines.starts[index]) for new in new_ids]
    new_lines = lines.split(apply(old, at_line))
    if new_lines[-1] == old:  # only whole lines went in before it
        return _Change(index, index, [], new_lines[:-1])
    return _Change(index, index + 1, [old], new_lines)


def _hunk_range(start: int, length: int) -> str:
    """A hunk header's range as difflib writes it: 1-based start, and the length unless it is 1."""
    return str(start + 1) if length == 1 else f"{start + 1},{length}"


def _last_line(line: str) -> str:
    """A diff line whose file line does not end in LF: one ending in a lone CR (old Mac files),
    NEL, LS or PS gets an LF to show; the file's last line, without a break, gets diff's marker."""
    if line.endswith(("\r", "\x85", "\u2028", "\u2029")):
        return line + "\n"
    return line + "\n\\ No newline at end of file\n"


def _planned_ids(rkt: RKT, with_sasaran: bool) -> Iterator[tuple[Kind, PathKey, str]]:
    """(kind, path, id) for every item that gets an id, in document order."""
    taken = {at.sasaran.id for at in walk_sasaran(rkt)} | {row.indikator.id for row in walk_indikator(rkt)}
    taken.discard(None)
    kode_count = Counter(at.sasaran.kode for at in walk_sasaran(rkt))

    def unique_kode(kode: str | None) -> str | None:
        return kode if kode is not None and kode_count[kode] == 1 and _ID_WORD.match(kode) else None

    def claim(base: str) -> str:
        candidate, suffix = base, 1
        while candidate in taken:
            suffix += 1
            candidate = f"{base}-{suffix}"
        taken.add(candidate)
        return candidate

    for at in walk_sasaran(rkt):
        kode = unique_kode(at.sasaran.kode)
        if with_sasaran and at.sasaran.id is None:
            yield "sasaran", at.path, claim(kode or f"sasaran-{at.number}")
        prefix = kode or at.sasaran.id
        for row in at.indikator():
            if row.indikator.id is None:
                base = f"{prefix}.{row.indikator_index + 1}" if prefix else f"iku-{row.number}"
                yield "indikator", row.path, claim(base)


def yaml_id(value: str) -> str:
    """The id as YAML that loads as this very text: plain when it starts with a letter and is
    not a word YAML reads as null or a boolean ("iku-1"), else in double quotes ("6709.1" would
    be a number). An id word holds no character a double-quoted scalar would need to escape."""
    if value[:1].isalpha() and value.lower() not in _NOT_TEXT_WHEN_PLAIN:
        return value
    return f'"{value}"'


class _Lines:
    """Character offsets of the lines of a text, numbered as libyaml numbers them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.breaks: list[str] = []
        for found in _LINE_BREAK.finditer(text):
            self.starts.append(found.end())
            self.breaks.append(found.group())

    def line(self, index: int) -> str:
        """Line `index` (0-based) with its line break, if it has one."""
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index] : end]

    @staticmethod
    def split(text: str) -> list[str]:
        """`text` cut after each line break, every part keeping its break."""
        parts = []
        start = 0
        for found in _LINE_BREAK.finditer(text):
            parts.append(text[start : found.end()])
            start = found.end()
        if start < len(text):
            parts.append(text[start:])
        return parts

    def index_of(self, offset: int) -> int:
        """The 0-based line that the character at `offset` is on."""
        return bisect_right(self.starts, offset) - 1

    def offset(self, mark: Any) -> int:
        return int(self.starts[mark.line]) + int(mark.column)

    def break_after(self, line: int) -> str:
        """The line break that ends `line` (0-based): the file's own, so CRLF stays CRLF."""
        if line < len(self.breaks):
            return self.breaks[line]
        return self.breaks[0] if self.breaks else "\n"


def _node_at(root: yaml.Node, path: PathKey) -> yaml.Node:
    """The composed node at a model path (the model validated, so every step exists)."""
    node = root
    for part in path:
        if isinstance(part, int):
            assert isinstance(node, yaml.SequenceNode)
            node = node.value[part]
        else:
            assert isinstance(node, yaml.MappingNode)
            node = next(value for key, value in node.value if isinstance(key, yaml.ScalarNode) and key.value == part)
    return node


def _line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _insertion(node: yaml.Node, lines: _Lines, new_id: str) -> tuple[int, str] | Refusal:
    """Where and what to insert so that the mapping `node` gets `id: new_id` as its first key."""
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return Refusal(_line_of(node), "this item is not a mapping of keys")
    for key, _value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "id":
            # The model read it as no id: `id:` with nothing after it (or null).
            return Refusal(
                _line_of(key), "`id:` has no value: write an id after it or delete the line, then run `rkt ids` again"
            )
    first_key = node.value[0][0]
    mark = first_key.start_mark
    offset = lines.offset(mark)
    if node.flow_style:
        return offset, f"id: {yaml_id(new_id)}, "
    return offset, f"id: {yaml_id(new_id)}{lines.break_after(mark.line)}{' ' * mark.column}"


def _verify(before: RKT, updated: bytes, file: str, new_ids: list[NewId]) -> list[Refusal]:
    """Load and check the edited bytes: they must validate, and their model must be the old one
    with exactly the new ids. A refusal says what went wrong; the caller writes nothing."""
    from rkt_cli.checking import check_loaded

    after = check_loaded(load_yaml_bytes(updated, file))
    if after.has_errors or after.model is None:
        first = next((d for d in after.diagnostics if d.is_error), None)
        where = first.line if first else 0
        why = first.message if first else "it does not validate"
        return [Refusal(where, f"the file would not validate with the ids added ({why}); nothing was written")]
    expected: Any = before.model_dump()
    for new in new_ids:
        item = expected
        for part in new.path:
            item = item[part]
        item["id"] = new.id
    if after.model.model_dump() != expected:
        return [Refusal(0, "adding the ids would change other values of the file; nothing was written")]
    return []
