"""Safe YAML loading with a location for every node.

We compose YAML nodes (libyaml's C parser where present) and turn them into plain Python data
ourselves, so that we decide every conversion on purpose instead of inheriting YAML 1.1's:
plain `no`/`yes`/`on`/`off` stay text, `010` stays the text "010", `2024-01-25` stays text until
the model reads it as a date, and `822,654,000` stays text for the rupiah parser. Every problem
comes back as a Diagnostic with the file, line and column of the node it concerns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rkt_cli.diagnostics import Diagnostic, Severity

try:  # libyaml is several times faster; fall back quietly where PyYAML was built without it.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
MAX_DIAGNOSTICS_PER_KIND = 20

PathKey = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_YAML11_BOOLS = frozenset({"yes", "no", "on", "off", "y", "n"})
# Characters XML 1.0 (and so a DOCX) cannot hold; tab, LF and CR are fine.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


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
    """Where each value (and each mapping key) of the document stands, 1-based."""

    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, prefer_key: bool = False) -> tuple[int, int]:
        """The closest known position: the node itself, else its nearest ancestor."""
        if prefer_key and path in self.keys:
            return self.keys[path]
        probe = path
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


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


class _Builder:
    """Turns composed nodes into Python data, recording positions and collecting problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.source_map = SourceMap()
        self.diagnostics: list[Diagnostic] = []
        self.seen_nodes: set[int] = set()
        self.alias_found = False
        self._counts: dict[str, int] = {}

    def report(
        self,
        code: str,
        severity: Severity,
        mark: yaml.Mark | tuple[int, int],
        path: PathKey,
        message: str,
        related_line: int | None = None,
    ) -> None:
        # A file with 10,000 copies of one mistake needs the first few, not a wall of text.
        self._counts[code] = self._counts.get(code, 0) + 1
        if self._counts[code] > MAX_DIAGNOSTICS_PER_KIND:
            return
        line, col = (mark.line + 1, mark.column + 1) if isinstance(mark, yaml.Mark) else mark
        self.diagnostics.append(
            Diagnostic(code, severity, self.file, line, col, format_path(path), message, related_line)
        )

    def build(self, node: yaml.Node, path: PathKey, depth: int = 0) -> Any:
        if id(node) in self.seen_nodes:
            # The same node object reached twice can only be an alias (*name). We neither expand
            # nor descend into it, so a "billion laughs" file costs no more than its own size.
            self.alias_found = True
            return None
        self.seen_nodes.add(id(node))
        self.source_map.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if depth > MAX_DEPTH:
            self.report("RKT012", Severity.ERROR, node.start_mark, path, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if node.tag and not node.tag.startswith(_STANDARD_TAG_PREFIX):
            self.report("RKT011", Severity.ERROR, node.start_mark, path, f"custom YAML tag {node.tag!r} is not allowed")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
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
            key_line = key_node.start_mark.line + 1
            if key in first_line:
                self.report(
                    "RKT002",
                    Severity.ERROR,
                    key_node.start_mark,
                    (*path, key),
                    f"duplicate key '{key}' (first at line {first_line[key]}); "
                    "YAML would silently keep only the last one",
                    related_line=first_line[key],
                )
                continue
            first_line[key] = key_line
            child = (*path, key)
            self.source_map.keys[child] = (key_line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        text: str = node.value
        if _CONTROL.search(text):
            bad = _CONTROL.search(text)
            assert bad is not None
            self.report(
                "RKT009",
                Severity.ERROR,
                node.start_mark,
                path,
                f"control character U+{ord(bad.group()):04X} cannot go into a document; remove it",
            )
        # Quoted, literal and folded scalars are text. So is a plain scalar the YAML resolver left
        # as a string (or one tagged !!str explicitly).
        if node.style not in (None, "") or node.tag == _STR_TAG:
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


def _position_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _error(file: str, code: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, file, line, col, "", message)


def _alias_diagnostics(text: str, file: str) -> list[Diagnostic]:
    """Point at every alias (*name): rkt files are short enough to write out in full."""
    out = []
    for token in yaml.scan(text, Loader=_SafeLoader):
        if isinstance(token, yaml.AliasToken):
            mark = token.start_mark
            out.append(
                _error(
                    file,
                    "RKT003",
                    mark.line + 1,
                    mark.column + 1,
                    f"YAML alias *{token.value} is not allowed: write the value out in full",
                )
            )
            if len(out) >= MAX_DIAGNOSTICS_PER_KIND:
                break
    return out


def load_yaml_bytes(raw: bytes, file: str) -> LoadedYaml:
    """Parse one document. Never raises for bad input: problems are in .diagnostics."""
    empty = SourceMap()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # Notepad on Windows writes a BOM; it carries no meaning.
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position_of_offset(raw, exc.start)
        message = (
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02X}); save it as UTF-8 "
            "(in Notepad: Save As → Encoding: UTF-8)"
        )
        return LoadedYaml(file, None, empty, [], [_error(file, "RKT005", line, col, message)])
    lines = text.splitlines()

    problems: list[Diagnostic] = []
    for number, line_text in enumerate(lines, start=1):
        indent = len(line_text) - len(line_text.lstrip(" \t"))
        if "\t" in line_text[:indent] and line_text.strip():
            col = line_text.index("\t") + 1
            problems.append(_error(file, "RKT006", number, col, "tab used for indentation; YAML allows only spaces"))
        bad = _CONTROL.search(line_text)
        if bad:
            problems.append(
                _error(
                    file,
                    "RKT009",
                    number,
                    bad.start() + 1,
                    f"control character U+{ord(bad.group()):04X} is not allowed; remove it",
                )
            )
        if len(problems) >= MAX_DIAGNOSTICS_PER_KIND:
            break
    if problems:
        return LoadedYaml(file, None, empty, lines, problems)

    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        return LoadedYaml(
            file, None, empty, lines, [_error(file, "RKT001", line, col, f"YAML syntax error: {problem}{context}")]
        )
    except yaml.YAMLError as exc:
        return LoadedYaml(file, None, empty, lines, [_error(file, "RKT001", 1, 1, f"YAML syntax error: {exc}")])
    except RecursionError:
        return LoadedYaml(file, None, empty, lines, [_error(file, "RKT012", 1, 1, "nesting is too deep to read")])

    if root is None:
        return LoadedYaml(
            file,
            None,
            empty,
            lines,
            [_error(file, "RKT007", 1, 1, "the file is empty; start from `rkt template init` or data/rkt_2024.yaml")],
        )
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

    builder = _Builder(file)
    data = builder.build(root, ())
    diagnostics = builder.diagnostics
    if builder.alias_found:
        diagnostics = _alias_diagnostics(text, file) + diagnostics
    return LoadedYaml(file, data, builder.source_map, lines, diagnostics)


def load_yaml_file(path: Path, display_name: str | None = None) -> LoadedYaml:
    """Read and parse one file. Unreadable files raise OSError: that is the caller's exit 2."""
    name = display_name or str(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        message = f"file is {size // (1024 * 1024)} MiB; rkt reads files up to {MAX_FILE_BYTES // (1024 * 1024)} MiB"
        return LoadedYaml(name, None, SourceMap(), [], [_error(name, "RKT004", 1, 1, message)])
    return load_yaml_bytes(path.read_bytes(), name)
