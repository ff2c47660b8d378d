"""Safe YAML loading with a location for every node.

We read libyaml's events (rkt_cli.yaml_events; a file with tags, anchors, aliases or duplicate
keys is composed into YAML nodes instead) and turn them into plain Python data ourselves, so
that we decide every conversion on purpose instead of inheriting YAML 1.1's: plain
`no`/`yes`/`on`/`off` stay text, `010` stays the text "010", `2024-01-25` stays text until
the model reads it as a date, and `822,654,000` stays text for the rupiah parser (the builder,
in rkt_cli.yaml_values). Every problem comes back as a Diagnostic with the file, line and column
of the node it concerns (what is wrong with the text itself: rkt_cli.yaml_problems).

Limits that keep a hostile or broken file cheap: the size (MAX_FILE_BYTES), the nesting depth
(MAX_DEPTH here; libyaml ≥ 0.2.5 also stops at 1000 levels while parsing), and aliases, which
are reported and never expanded, so a "billion laughs" costs no more than its own length.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from rkt_cli.diagnostics import Diagnostic
from rkt_cli.yaml_events import Place, read_events
from rkt_cli.yaml_problems import alias_diagnostics, character_problems, error, not_utf8, syntax_error
from rkt_cli.yaml_values import MAX_DEPTH as MAX_DEPTH
from rkt_cli.yaml_values import NULLS, PLAIN_TAG, Builder, Composer
from rkt_cli.yaml_values import PathKey as PathKey
from rkt_cli.yaml_values import format_path as format_path

MAX_FILE_BYTES = 64 * 1024 * 1024


class SourceMap:
    """Where each value (and each mapping key) of the document stands, 1-based.

    Positions come from the places read with the data (rkt_cli.yaml_events) or else from
    `root`, the composed YAML tree, looked up only when a diagnostic needs one: recording all
    of them as (line, col) up front cost more than half of the loading time of a large file.
    Without either (the file could not be parsed) everything is at 1:1.
    """

    def __init__(self, root: yaml.Node | None = None, places: Place | None = None, text: str = "") -> None:
        self._root = root
        self._places = places
        self._text = text  # composed into `root` only if someone asks for the tree

    @property
    def root(self) -> yaml.Node | None:
        """The composed tree (`rkt ids` edits the file by its nodes): composed on first use
        when the file was read from its events, which composed no tree."""
        if self._root is None and self._places is not None:
            with paused_gc():
                self._root = yaml.compose(self._text, Loader=Composer)
        return self._root

    def locate(self, path: PathKey, prefer_key: bool = False) -> tuple[int, int]:
        """The node itself (or its key), else its nearest ancestor that exists."""
        marks = self._find(path, prefer_key)
        return (1, 1) if marks is None else (marks[0].line + 1, marks[0].column + 1)

    def span(self, path: PathKey) -> tuple[int, int, int]:
        """Where the value at `path` (or its nearest ancestor) starts, as (line, col), and the
        last line its text covers: a block scalar (`>-`) or a wrapped text runs over several."""
        marks = self._find(path, prefer_key=False)
        if marks is None:
            return 1, 1, 1
        start, end = marks
        line, col = start.line + 1, start.column + 1
        # A block scalar ends at the start of the line after it; that line is not its own.
        last = end.line + 1 if end.column > 0 else end.line
        return line, col, max(line, last)

    def _find(self, path: PathKey, prefer_key: bool) -> tuple[Any, Any] | None:
        """The (start, end) marks of the value at `path` (of its key: start only), else of its
        nearest ancestor that exists."""
        if self._places is not None:
            return _find_place(self._places, path, prefer_key)
        if self._root is None:
            return None
        node: yaml.Node = self._root
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
                break  # the nearest ancestor that exists
            node = child
        else:
            if prefer_key and key_node is not None:
                return key_node.start_mark, None
        return node.start_mark, node.end_mark


def _find_place(root: Place, path: PathKey, prefer_key: bool) -> tuple[Any, Any]:
    """_find over the places read from the events: the same walk as over the nodes."""
    place: Place | tuple[Any, Any] = root
    key_mark: Any = None
    for part in path:
        child: Place | tuple[Any, Any] | None = None
        key_mark = None
        if isinstance(place, Place):
            children = place.children
            if isinstance(children, dict) and isinstance(part, str):
                if part in children:
                    key_mark, child = children[part]
            elif isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
                child = children[part]
        if child is None:
            break  # the nearest ancestor that exists
        place = child
    else:
        if prefer_key and key_mark is not None:
            return key_mark, None
    return (place.start, place.end) if isinstance(place, Place) else place


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
        return LoadedYaml(file, None, empty, [], [not_utf8(raw, file, exc)])
    lines = text.splitlines()

    problems, shown_lines = character_problems(text, file)
    if problems:
        return LoadedYaml(file, None, empty, shown_lines, problems)

    builder = Builder(file, track_aliases=False)
    with paused_gc():
        read = read_events(text, builder)
    if read is not None:  # the common file: its data and places read straight from the events
        data, places = read
        return LoadedYaml(file, data, SourceMap(places=places, text=text), lines, builder.diagnostics)

    try:
        with paused_gc():
            root = yaml.compose(text, Loader=Composer)
    except yaml.MarkedYAMLError as exc:
        return LoadedYaml(file, None, empty, lines, [syntax_error(exc, file)])
    except yaml.YAMLError as exc:
        return LoadedYaml(file, None, empty, lines, [error(file, "RKT001", 1, 1, f"YAML syntax error: {exc}")])
    except RecursionError:  # only the pure-Python parser recurses this way; libyaml stops at 1000
        return LoadedYaml(file, None, empty, lines, [error(file, "RKT012", 1, 1, "nesting is too deep to read")])

    if root is None or (root.tag == PLAIN_TAG and root.value in NULLS):  # also "---" or "~" alone
        if not text.strip():
            what = "is empty"
        elif root is None and all(line.lstrip().startswith("#") for line in lines if line.strip()):
            what = "holds only comments"
        else:
            what = "holds no data"
        message = f"the file {what}: an RKT needs instansi:, unit:, tahun:, program: and penandatangan:"
        return LoadedYaml(file, None, empty, lines, [error(file, "RKT007", 0, 0, message)])
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        mark = root.start_mark
        return LoadedYaml(
            file,
            None,
            empty,
            lines,
            [
                error(
                    file,
                    "RKT008",
                    mark.line + 1,
                    mark.column + 1,
                    f"the document must be a mapping of keys (instansi:, unit:, …), not {kind}",
                )
            ],
        )

    builder = Builder(file, track_aliases="*" in text)
    with paused_gc():
        data = builder.build(root, ())
    diagnostics = builder.diagnostics
    if builder.alias_found:
        diagnostics = alias_diagnostics(text, file) + diagnostics
    return LoadedYaml(file, data, SourceMap(root=root), lines, diagnostics)


def _too_large(file: str, size: int) -> Diagnostic:
    mib = 1024 * 1024
    message = f"the file is {size / mib:.1f} MiB; rkt reads files up to {MAX_FILE_BYTES // mib} MiB"
    return error(file, "RKT004", 0, 0, message)


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
