"""Composed YAML nodes → plain Python data, resolved on purpose rather than by YAML 1.1.

Plain `no`/`yes`/`on`/`off` stay text (with a warning, RKT010, as YAML 1.1 tools read them as
booleans), `010` stays the text "010" (with the same warning: octal in YAML 1.1), `2024-01-25`
stays text until the model reads it as a date, and `822,654,000` stays text for the rupiah
parser. Tags other than the plain ones are refused (RKT011), keys must be words (RKT013), a key
written twice is an error (RKT002), and aliases are never expanded (rkt_cli.loader reports them).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from rkt_cli.diagnostics import Diagnostic, PerRuleCap, Severity
from rkt_cli.yaml_problems import CONTROL, describe_control

try:  # libyaml is several times faster; fall back quietly where PyYAML was built without it.
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_INT_DIGITS = 100

PathKey = tuple[str | int, ...]

_TAG_PREFIX = "tag:yaml.org,2002:"
_STR_TAG = _TAG_PREFIX + "str"
_SEQ_TAG = _TAG_PREFIX + "seq"
_MAP_TAG = _TAG_PREFIX + "map"
# What our composer gives a plain scalar without an explicit tag: the builder resolves it.
PLAIN_TAG = _TAG_PREFIX + "rkt-plain"
# Explicit tags a person might write on purpose (`!!str 2024`); every other tag (`!foo`,
# `!!binary`, `!!python/object`) is rejected rather than silently ignored.
_ALLOWED_TAGS = frozenset(
    {PLAIN_TAG, _STR_TAG, _SEQ_TAG, _MAP_TAG, *(_TAG_PREFIX + name for name in ("int", "float", "bool", "null"))}
)
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_YAML11_BOOLS = frozenset({"yes", "no", "on", "off", "y", "n"})
# A plain scalar that may be something other than text (a number, null, true/false, a YAML 1.1
# boolean): everything else is text as written, without trying each rule in turn.
_NEEDS_RESOLVING = re.compile(r"^(?:[-+0-9.~]|$|(?:null|true|false|yes|no|on|off|y|n)$)", re.IGNORECASE)
# The first characters of everything _NEEDS_RESOLVING matches but the empty text: a scalar that
# starts with another is text without asking the regular expression (most scalars do).
_MAY_NEED_RESOLVING = frozenset("-+0123456789.~nNtTfFyYoO")


def format_path(path: PathKey) -> str:
    """("program", 0, "sasaran", 1, "anggaran") -> "program[0].sasaran[1].anggaran"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class Composer(SafeLoader):
    """libyaml's composer without YAML 1.1 tag resolution: the builder below resolves scalars.

    PyYAML's resolver tries a dozen regular expressions per scalar in Python; we only need to
    know whether a scalar was plain and untagged, so resolve() just says that.
    """

    # libyaml's composer calls these two around every node, for path-based resolvers, which
    # the safe loader has none of: a built-in that takes any arguments and does nothing ("".format)
    # costs no Python call, a tenth of the composing time.
    descend_resolver = "".format  # type: ignore[assignment]  # returns "", which libyaml ignores
    ascend_resolver = "".format  # type: ignore[assignment]

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return PLAIN_TAG if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag


def is_text(plain: str) -> bool:
    """Whether an untagged plain scalar is text as written: not a number, null or boolean.

    It holds no control character: rkt_cli.yaml_problems.character_problems refused the file before parsing if
    it had one, and only a double-quoted escape ("\\x07") can make one, in a quoted scalar.
    """
    return bool(plain) and (plain[0] not in _MAY_NEED_RESOLVING or not _NEEDS_RESOLVING.match(plain))


class Builder:
    """Turns composed nodes into Python data, recording positions and collecting problems."""

    def __init__(self, file: str, track_aliases: bool = True) -> None:
        self.file = file
        self.seen_nodes: set[int] = set()
        self.alias_found = False
        # Without a '*' in the text there is no alias, and no need to remember every node.
        self.track_aliases = track_aliases
        # A file with 10,000 copies of one mistake needs the first few and a count, not a wall of text.
        self._capped = PerRuleCap()

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """What was reported: at most MAX_DIAGNOSTICS_PER_RULE of each code, then "… and N more"."""
        return self._capped.diagnostics()

    def report(
        self,
        code: str,
        severity: Severity,
        mark: Any,
        path: PathKey,
        message: str,
        related_line: int | None = None,
    ) -> None:
        if self._capped.skip(code):
            return
        # libyaml's marks are yaml._yaml.Mark, not yaml.Mark: test for the tuple instead.
        line, col = mark if isinstance(mark, tuple) else (mark.line + 1, mark.column + 1)
        self._capped.add(Diagnostic(code, severity, self.file, line, col, format_path(path), message, related_line))

    def build(self, node: yaml.Node, path: PathKey, depth: int = 0) -> Any:
        if self.track_aliases:
            node_id = id(node)
            if node_id in self.seen_nodes:
                # The same node object reached twice can only be an alias (*name). We neither
                # expand nor descend into it, so a "billion laughs" costs no more than its size.
                self.alias_found = True
                return None
            self.seen_nodes.add(node_id)
        tag = node.tag
        if tag == PLAIN_TAG:  # the common case first: an untagged plain scalar
            assert isinstance(node, yaml.ScalarNode)
            text: str = node.value
            if is_text(text):
                return text
            return self._scalar(node, path)
        if tag not in _ALLOWED_TAGS:
            self.report(
                "RKT011",
                Severity.ERROR,
                node.start_mark,
                path,
                f"YAML tag {_short_tag(tag)!r} is not allowed: remove it and write the value plainly",
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if depth >= MAX_DEPTH:
            self.report("RKT012", Severity.ERROR, node.start_mark, path, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if self.track_aliases:  # an alias as a key (`*name : 1`) is refused like any other
                if id(key_node) in self.seen_nodes:
                    self.alias_found = True
                    continue
                self.seen_nodes.add(id(key_node))
            if not isinstance(key_node, yaml.ScalarNode):
                self.report(
                    "RKT013",
                    Severity.ERROR,
                    key_node.start_mark,
                    path,
                    "a key must be a plain word, not a list or mapping",
                )
                continue
            key: str = key_node.value
            if key in first_keys:
                first_line = first_keys[key].start_mark.line + 1
                again = key_node.start_mark
                self.report(
                    "RKT002",
                    Severity.ERROR,
                    again,
                    (*path, key),
                    f"duplicate key '{key}' (first at line {first_line}, again at line {again.line + 1}); "
                    "YAML would silently keep only the last one",
                    related_line=first_line,
                )
                continue
            first_keys[key] = key_node
            value = value_node.value
            # Most values: what build() returns, without the calls (is_text written out).
            if (
                value_node.tag == PLAIN_TAG
                and not self.track_aliases
                and value
                and (value[0] not in _MAY_NEED_RESOLVING or not _NEEDS_RESOLVING.match(value))
            ):
                result[key] = value
            else:
                result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        # Quoted, literal and folded scalars are text. So is a plain scalar tagged !!str.
        return self.scalar(node.value, bool(node.style) or node.tag == _STR_TAG, node.start_mark, path)

    def scalar(self, text: str, as_written: bool, mark: Any, path: PathKey) -> Any:
        """A scalar's value: `text` itself when `as_written` (quoted, a block, tagged !!str), else
        resolved; `mark` is where it starts (a node's or an event's: rkt_cli.yaml_events)."""
        # A plain scalar holds no control character: rkt_cli.yaml_problems.character_problems
        # refused the file before parsing if it had one; only an escape ("\x07") makes one.
        bad = CONTROL.search(text) if as_written else None
        if bad:
            # Only an escape in a double-quoted scalar ("\x07") gets here: raw ones are caught
            # before parsing, with their exact column.
            self.report(
                "RKT009",
                Severity.ERROR,
                mark,
                path,
                f"control character {describe_control(bad.group())} cannot go into a document; remove it",
            )
        if as_written:
            return text
        return self._resolve_plain(text, mark, path)

    def _resolve_plain(self, text: str, mark: Any, path: PathKey) -> Any:
        """YAML 1.2 core-schema resolution, with a warning where YAML 1.1 tools would differ."""
        if text.isdigit() and text.isascii():  # most numbers: what _INT below matches, unsigned
            return self._integer(text, text, mark, path)
        if text in NULLS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.match(text):
            return self._integer(text, text.lstrip("+-"), mark, path)
        if _FLOAT.match(text):
            return float(text)
        if text.lower() in _YAML11_BOOLS:
            self.report(
                "RKT010",
                Severity.WARNING,
                mark,
                path,
                f"'{text}' is a boolean in YAML 1.1; rkt keeps it as the text \"{text}\"; "
                f'quote it ("{text}") so other YAML tools agree',
            )
        return text

    def _integer(self, text: str, digits: str, mark: Any, path: PathKey) -> Any:
        """An integer written as `text` (`digits` without its sign); a leading zero keeps the text."""
        if len(digits) > MAX_INT_DIGITS:
            # Python refuses int() of more than 4300 digits; no real value comes close.
            self.report("RKT014", Severity.ERROR, mark, path, f"a number of {len(digits)} digits is too long")
            return None
        if len(digits) > 1 and digits.startswith("0"):
            self.report(
                "RKT010",
                Severity.WARNING,
                mark,
                path,
                f"{text} has a leading zero: YAML 1.1 reads it as an octal number; rkt keeps the "
                f'text "{text}"; quote it ("{text}") or drop the zero',
            )
            return text
        return int(text)
