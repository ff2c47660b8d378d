"""Safe YAML loading with a location for every node.

We compose YAML nodes (libyaml's C parser where present) and turn them into plain Python data
ourselves, so that we decide every conversion on purpose instead of inheriting YAML 1.1's:
plain `no`/`yes`/`on`/`off` stay text, `010` stays the text "010", `2024-01-25` stays text until
the model reads it as a date, and `822,654,000` stays text for the rupiah parser. Every problem
comes back as a Diagnostic with the file, line and column of the node it concerns.

Limits that keep a hostile or broken file cheap: the size (MAX_FILE_BYTES), the nesting depth
(MAX_DEPTH here; libyaml ≥ 0.2.5 also stops at 1000 levels while parsing), and aliases, which
are reported and never expanded, so a "billion laughs" costs no more than its own length.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from rkt_cli.diagnostics import Diagnostic, PerRuleCap, Severity
from rkt_cli.safe_output import shell_command

try:  # libyaml is several times faster; fall back quietly where PyYAML was built without it.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
MAX_INT_DIGITS = 100

PathKey = tuple[str | int, ...]

_TAG_PREFIX = "tag:yaml.org,2002:"
_STR_TAG = _TAG_PREFIX + "str"
_SEQ_TAG = _TAG_PREFIX + "seq"
_MAP_TAG = _TAG_PREFIX + "map"
# What our composer gives a plain scalar without an explicit tag: the builder resolves it.
_PLAIN_TAG = _TAG_PREFIX + "rkt-plain"
# Explicit tags a person might write on purpose (`!!str 2024`); every other tag (`!foo`,
# `!!binary`, `!!python/object`) is rejected rather than silently ignored.
_ALLOWED_TAGS = frozenset(
    {_PLAIN_TAG, _STR_TAG, _SEQ_TAG, _MAP_TAG, *(_TAG_PREFIX + name for name in ("int", "float", "bool", "null"))}
)
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_YAML11_BOOLS = frozenset({"yes", "no", "on", "off", "y", "n"})
# Characters XML 1.0 (and so a DOCX) cannot hold; tab, LF and CR are fine. Also the C1 controls
# U+0080–U+009F: XML allows them, but no office text means one, and a terminal that echoes one in
# a diagnostic may obey it (U+009B starts an escape sequence); U+0085 (NEL) is a line break to
# YAML and to str.splitlines but not to an editor, so it would shift every line number after it.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Names for the controls people meet, so a message says more than a code point.
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "NEL, next line",
    0x9B: "CSI, control sequence introducer",
    0x9D: "OSC, operating system command",
}
# A plain scalar that may be something other than text (a number, null, true/false, a YAML 1.1
# boolean): everything else is text as written, without trying each rule in turn.
_NEEDS_RESOLVING = re.compile(r"^(?:[-+0-9.~]|$|(?:null|true|false|yes|no|on|off|y|n)$)", re.IGNORECASE)
# The first characters of everything _NEEDS_RESOLVING matches but the empty text: a scalar that
# starts with another is text without asking the regular expression (most scalars do).
_MAY_NEED_RESOLVING = frozenset("-+0123456789.~nNtTfFyYoO")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def format_path(path: PathKey) -> str:
    """("program", 0, "sasaran", 1, "anggaran") -> "program[0].sasaran[1].anggaran"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of the document stands, 1-based.

    Positions come from `root`, the composed YAML tree, looked up only when a diagnostic needs
    one: recording all of them up front cost more than half of the loading time of a large
    file. Without a tree (the file could not be parsed) everything is at 1:1.
    """

    root: yaml.Node | None = None

    def locate(self, path: PathKey, prefer_key: bool = False) -> tuple[int, int]:
        """The node itself (or its key), else its nearest ancestor that exists."""
        node = self._find(path, prefer_key)
        return (1, 1) if node is None else _position(node)

    def span(self, path: PathKey) -> tuple[int, int, int]:
        """Where the value at `path` (or its nearest ancestor) starts, as (line, col), and the
        last line its text covers: a block scalar (`>-`) or a wrapped text runs over several."""
        node = self._find(path, prefer_key=False)
        if node is None:
            return 1, 1, 1
        line, col = _position(node)
        end = node.end_mark
        # A block scalar ends at the start of the line after it; that line is not its own.
        last = end.line + 1 if end.column > 0 else end.line
        return line, col, max(line, last)

    def _find(self, path: PathKey, prefer_key: bool) -> yaml.Node | None:
        if self.root is None:
            return None
        node: yaml.Node = self.root
        key_node: yaml.Node | None = None
        for part in path:
            child: yaml.Node | None = None
            key_node = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                # The first of duplicate keys, as the builder keeps the first.
                for candidate_key, candidate_value in node.value:
                    if isinstance(candidate_key, yaml.ScalarNode) and candidate_key.value == part:
                        key_node, child = candidate_key, candidate_value
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
            if child is None:
                return node  # the nearest ancestor that exists
            node = child
        if prefer_key and key_node is not None:
            return key_node
        return node


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


@dataclass
class LoadedYaml:
    file: str
    data: Any
    source_map: SourceMap
    lines: list[str]
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large tree of new objects.

    Composing a 40,000-row file allocates about a million container objects that all stay
    alive; each allocation threshold would start a collection that scans them all again, which
    took over half of the load time. Nothing built here forms cycles that need collecting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Composer(_SafeLoader):
    """libyaml's composer without YAML 1.1 tag resolution: the builder below resolves scalars.

    PyYAML's resolver tries a dozen regular expressions per scalar in Python; we only need to
    know whether a scalar was plain and untagged, so resolve() just says that.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN_TAG if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag


def _is_text(plain: str) -> bool:
    """Whether an untagged plain scalar is text as written: not a number, null or boolean.

    It holds no control character: _character_problems refused the file before parsing if
    it had one, and only a double-quoted escape ("\\x07") can make one, in a quoted scalar.
    """
    return bool(plain) and (plain[0] not in _MAY_NEED_RESOLVING or not _NEEDS_RESOLVING.match(plain))


class _Builder:
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
        if tag == _PLAIN_TAG:  # the common case first: an untagged plain scalar
            assert isinstance(node, yaml.ScalarNode)
            text: str = node.value
            if _is_text(text):
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
            key = str(key_node.value)
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
            if value_node.tag == _PLAIN_TAG and not self.track_aliases and _is_text(value_node.value):
                result[key] = value_node.value  # most values: what build() returns, without the call
            else:
                result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        text: str = node.value
        bad = _CONTROL.search(text)
        if bad:
            # Only an escape in a double-quoted scalar ("\x07") gets here: raw ones are caught
            # before parsing, with their exact column.
            self.report(
                "RKT009",
                Severity.ERROR,
                node.start_mark,
                path,
                f"control character {describe_control(bad.group())} cannot go into a document; remove it",
            )
        # Quoted, literal and folded scalars are text. So is a plain scalar tagged !!str.
        if node.style or node.tag == _STR_TAG:
            return text
        return self._resolve_plain(text, node, path)

    def _resolve_plain(self, text: str, node: yaml.ScalarNode, path: PathKey) -> Any:
        """YAML 1.2 core-schema resolution, with a warning where YAML 1.1 tools would differ."""
        if text in _NULLS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.match(text):
            digits = text.lstrip("+-")
            if len(digits) > MAX_INT_DIGITS:
                # Python refuses int() of more than 4300 digits; no real value comes close.
                self.report(
                    "RKT014", Severity.ERROR, node.start_mark, path, f"a number of {len(digits)} digits is too long"
                )
                return None
            if len(digits) > 1 and digits.startswith("0"):
                self.report(
                    "RKT010",
                    Severity.WARNING,
                    node.start_mark,
                    path,
                    f"{text} has a leading zero: YAML 1.1 reads it as an octal number; rkt keeps the "
                    f'text "{text}"; quote it ("{text}") or drop the zero',
                )
                return text
            return int(text)
        if _FLOAT.match(text):
            return float(text)
        if text.lower() in _YAML11_BOOLS:
            self.report(
                "RKT010",
                Severity.WARNING,
                node.start_mark,
                path,
                f"'{text}' is a boolean in YAML 1.1; rkt keeps it as the text \"{text}\"; "
                f'quote it ("{text}") so other YAML tools agree',
            )
        return text


def _error(file: str, code: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, file, line, col, "", message)


def _alias_diagnostics(text: str, file: str) -> list[Diagnostic]:
    """Point at the first use of each alias (*name): rkt files are short enough to write out in full."""
    first: dict[str, yaml.Token] = {}
    uses: dict[str, int] = {}
    for token in yaml.scan(text, Loader=_SafeLoader):
        if isinstance(token, yaml.AliasToken):
            uses[token.value] = uses.get(token.value, 0) + 1
            first.setdefault(token.value, token)
    capped = PerRuleCap()
    for name, token in first.items():
        mark = token.start_mark
        times = f" (used {uses[name]} times)" if uses[name] > 1 else ""
        message = f"YAML alias *{name} is not allowed{times}: write the value out in full"
        capped.add(_error(file, "RKT003", mark.line + 1, mark.column + 1, message))
    return capped.diagnostics()


def _import_command(file: str, suffix: str | None) -> str:
    """The `rkt import` that turns this file's Word RKT into YAML, quoted so it can be pasted into
    a shell: named after the file when its name ends in `suffix` (the .docx itself, or the .docx
    an old .doc is saved as), else with FILE.docx to fill in."""
    path = Path(file)
    if suffix is None or path.suffix.lower() != suffix:
        return "rkt import FILE.docx -o FILE.yaml"
    docx = path if suffix == ".docx" else path.with_suffix(".docx")
    return shell_command("rkt", "import", docx, "-o", path.with_suffix(".yaml"))


def _not_utf8(raw: bytes, file: str, exc: UnicodeDecodeError) -> Diagnostic:
    if raw.startswith(b"PK\x03\x04") and Path(file).suffix.lower() in (".xlsx", ".xlsm"):
        command = shell_command("rkt", "import", file, "-o", Path(file).with_suffix(".yaml"))
        message = f"this is an Excel workbook, not YAML; `{command}` turns its RKT table (or a lembar) into YAML"
        return _error(file, "RKT005", 1, 1, message)
    if raw.startswith(b"PK\x03\x04"):  # a zip: most likely the Word document itself
        return _error(
            file,
            "RKT005",
            1,
            1,
            "this is a Word document (.docx) or another zip file, not YAML; "
            f"`{_import_command(file, '.docx')}` turns a Word RKT into YAML",
        )
    if raw.startswith(b"%PDF-"):  # a PDF keeps binary data after its first line
        return _error(
            file,
            "RKT005",
            1,
            1,
            "this is a PDF, not YAML; rkt reads the YAML an RKT is kept in (the PDF is what "
            f"`rkt render --format pdf` makes); `{_import_command(file, None)}` turns a Word RKT into YAML",
        )
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # the container of .doc and .xls files
        return _error(
            file,
            "RKT005",
            1,
            1,
            "this is an old Word (.doc) or Excel (.xls) file, not YAML; save it as .docx in Word, then "
            f"`{_import_command(file, '.doc')}` turns a Word RKT into YAML",
        )
    if raw.startswith(_UTF16_BOMS):
        return _error(
            file, "RKT005", 1, 1, "the file is UTF-16; save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8)"
        )
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    line = raw.count(b"\n", 0, exc.start) + 1
    # Count characters, not bytes, so the column matches what an editor shows.
    col = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
    hint = ""
    if 0xC0 <= raw[exc.start] <= 0xFF:  # Latin-1/Windows-1252 letters such as é (0xE9)
        hint = " (it looks like Windows-1252/Latin-1)"
    return _error(
        file,
        "RKT005",
        line,
        col,
        f"the file is not UTF-8: byte 0x{raw[exc.start]:02X} cannot be read{hint}; save it as UTF-8 "
        "(in Notepad: Save As → Encoding: UTF-8)",
    )


def describe_control(char: str) -> str:
    """'U+009B (CSI, control sequence introducer)': the code point, and its name where it has one."""
    name = _CONTROL_NAMES.get(ord(char))
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def editor_lines(text: str) -> list[str]:
    """The lines as an editor numbers them: split at LF (CRLF included) only.

    str.splitlines() also splits at form feed, NEL, U+001C… and so would hide those characters
    from a search line by line, and number the lines after them differently from the editor.
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


def _character_problems(text: str, file: str) -> tuple[list[Diagnostic], list[str]]:
    """Tabs in indentation and control characters, found before the parser stumbles on them.

    Returns the problems and the lines to show under them, numbered as an editor numbers them;
    the printer (diagnostics.format_text) shows each control character as an escape such as \\x1b.
    """
    if "\t" not in text and not _CONTROL.search(text):
        return [], []  # the usual case: one pass over the text instead of one per line
    # Every line is checked (one pass), so the count after "… and N more" is the true one.
    capped = PerRuleCap()
    lines = editor_lines(text)
    for number, line_text in enumerate(lines, start=1):
        indent = len(line_text) - len(line_text.lstrip(" \t"))
        if "\t" in line_text[:indent] and line_text.strip():
            col = line_text.index("\t") + 1
            if not capped.skip("RKT006"):
                capped.add(_error(file, "RKT006", number, col, "tab used for indentation; YAML allows only spaces"))
        bad = _CONTROL.search(line_text)
        if bad and not capped.skip("RKT009"):
            message = f"control character {describe_control(bad.group())} is not allowed; remove it"
            capped.add(_error(file, "RKT009", number, bad.start() + 1, message))
    return capped.diagnostics(), lines


# libyaml's wording for mistakes people make often, with what to do about them.
_SYNTAX_HINTS = {
    # libyaml says "… in this context", PyYAML's own parser "… here".
    "mapping values are not allowed": "check this line's indentation, or put a text holding ': ' in quotes",
    "could not find expected ':'": "each line needs `key: value`, or a text that goes on must be indented further",
    "found character that cannot start any token": "put the text in quotes",
}


def _syntax_error(exc: yaml.MarkedYAMLError, file: str) -> Diagnostic:
    problem = exc.problem or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context = exc.context or ""
    if "maximum nesting depth" in problem:
        return _error(file, "RKT012", line, col, "nesting is too deep to read (libyaml stops at 1000 levels)")
    if context == "expected a single document in the stream":
        return _error(
            file,
            "RKT001",
            line,
            col,
            "a second YAML document starts here ('---'); keep one RKT per file",
        )
    message = f"YAML syntax error: {problem}"
    if context:
        where = exc.context_mark
        started = f" at line {where.line + 1}" if where and where.line + 1 != line else ""
        message += f" ({context}{started})"
    for wording, hint in _SYNTAX_HINTS.items():
        if wording in problem:
            message += f"; {hint}"
            break
    return _error(file, "RKT001", line, col, message)


def load_yaml_bytes(raw: bytes, file: str) -> LoadedYaml:
    """Parse one document. Never raises for bad input: problems are in .diagnostics."""
    empty = SourceMap()
    if len(raw) > MAX_FILE_BYTES:
        return LoadedYaml(file, None, empty, [], [_too_large(file, len(raw))])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # Notepad on Windows writes a BOM; it carries no meaning.
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return LoadedYaml(file, None, empty, [], [_not_utf8(raw, file, exc)])
    lines = text.splitlines()

    problems, shown_lines = _character_problems(text, file)
    if problems:
        return LoadedYaml(file, None, empty, shown_lines, problems)

    try:
        with paused_gc():
            root = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as exc:
        return LoadedYaml(file, None, empty, lines, [_syntax_error(exc, file)])
    except yaml.YAMLError as exc:
        return LoadedYaml(file, None, empty, lines, [_error(file, "RKT001", 1, 1, f"YAML syntax error: {exc}")])
    except RecursionError:  # only the pure-Python parser recurses this way; libyaml stops at 1000
        return LoadedYaml(file, None, empty, lines, [_error(file, "RKT012", 1, 1, "nesting is too deep to read")])

    if root is None or (root.tag == _PLAIN_TAG and root.value in _NULLS):  # also "---" or "~" alone
        if not text.strip():
            what = "is empty"
        elif root is None and all(line.lstrip().startswith("#") for line in lines if line.strip()):
            what = "holds only comments"
        else:
            what = "holds no data"
        message = f"the file {what}: an RKT needs instansi:, unit:, tahun:, program: and penandatangan:"
        return LoadedYaml(file, None, empty, lines, [_error(file, "RKT007", 0, 0, message)])
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        mark = root.start_mark
        return LoadedYaml(
            file,
            None,
            empty,
            lines,
            [
                _error(
                    file,
                    "RKT008",
                    mark.line + 1,
                    mark.column + 1,
                    f"the document must be a mapping of keys (instansi:, unit:, …), not {kind}",
                )
            ],
        )

    builder = _Builder(file, track_aliases="*" in text)
    with paused_gc():
        data = builder.build(root, ())
    diagnostics = builder.diagnostics
    if builder.alias_found:
        diagnostics = _alias_diagnostics(text, file) + diagnostics
    return LoadedYaml(file, data, SourceMap(root=root), lines, diagnostics)


def _too_large(file: str, size: int) -> Diagnostic:
    mib = 1024 * 1024
    message = f"the file is {size / mib:.1f} MiB; rkt reads files up to {MAX_FILE_BYTES // mib} MiB"
    return _error(file, "RKT004", 0, 0, message)


class NotARegularFile(OSError):
    """A path that names a folder, a device, a pipe or a socket where a file was expected;
    str() says which ("a folder", "a named pipe (FIFO)", …)."""


def describe_file_type(mode: int) -> str | None:
    """None for a regular file; else what the path is instead, in words."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_a_regular_file(path: Path) -> str | None:
    """None when `path` is a regular file (or a link to one) or does not exist at all; else what
    it is instead: "a folder", "a device", "a symbolic link to nothing", … Never opens it, so a
    pipe cannot make the caller wait."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "a symbolic link to nothing" if os.path.lexists(path) else None
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return describe_file_type(mode)


def _open_for_reading(path: Path, regular_only: bool) -> BinaryIO:
    if not regular_only:
        return open(path, "rb")
    # O_NONBLOCK: opening a named pipe with no writer would otherwise wait forever; the type is
    # then checked on the open file, so it cannot change between the check and the read.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    kind = describe_file_type(os.fstat(fd).st_mode)
    if kind is not None:
        os.close(fd)
        raise NotARegularFile(f"{kind}, not a file")
    return os.fdopen(fd, "rb")


def load_yaml_file(path: Path, display_name: str | None = None, regular_only: bool = False) -> LoadedYaml:
    """Read and parse one file. Unreadable files raise OSError: that is the caller's exit 2.

    With `regular_only` (a template.yaml), anything but a regular file raises NotARegularFile
    before a byte is read: a link to /dev/zero or a named pipe is refused instead of read.
    """
    name = display_name or str(path)
    with _open_for_reading(path, regular_only) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > MAX_FILE_BYTES:  # a regular file says its size: refuse without reading it
            return LoadedYaml(name, None, SourceMap(), [], [_too_large(name, size)])
        # A pipe or a growing file has no reliable size: read one byte past the limit at most.
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        return LoadedYaml(name, None, SourceMap(), [], [_too_large(name, len(raw))])
    return load_yaml_bytes(raw, name)
