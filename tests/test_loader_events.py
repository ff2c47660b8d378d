"""Reading a file from libyaml's events gives what composing it gave: the same data, the same
diagnostics, the same line and column for every path (and the composed path still reads every
file the events leave to it: tags, anchors, aliases, duplicate keys, syntax errors)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rkt_cli import loader
from rkt_cli.loader import LoadedYaml, load_yaml_bytes
from rkt_cli.yaml_events import read_events
from rkt_cli.yaml_values import Builder, PathKey
from tests import hostile_yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "rkt_2024.yaml"

# Scalars that resolve to something other than text, or warn, or need quoting.
_SCALARS = st.one_of(
    st.sampled_from(["010", "yes", "No", "~", "null", "1e3", "-0", "+1", ".5", "true", "", " x ", "a: b", "#c"]),
    st.sampled_from(["Tahun 2024", "822.654.000", "2024-01-25", "\x07", "é", "x\ny", "- x", "[a]", "1" * 120]),
    st.text(max_size=12),
    st.sampled_from([("kata " * 40).strip(), ("Persentase laporan yang tepat waktu " * 4).strip()]),  # wrapped
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
_KEYS = st.sampled_from(["nama", "uraian", "target", "a", "b", "010", "yes", "~", "x y"])
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)
_DOCUMENTS = st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=5)
_STYLES = st.sampled_from([(None, None), (False, None), (True, None), (False, '"'), (False, "'"), (False, "|")])
# Lines that turn a plain file into one the composed path must read.
_EXTRA = st.sampled_from(
    ["", "a: 1\n", "c: &x [1]\nd: *x\n", "e: !!str 5\n", "f: !foo x\n", "? [k]\n: 1\n", "---\ng: 1\n", "h: [\n"]
)


def _composed(text: str, monkeypatch: pytest.MonkeyPatch) -> LoadedYaml:
    with monkeypatch.context() as patched:
        patched.setattr(loader, "read_events", lambda text, builder: None)
        return load_yaml_bytes(text.encode("utf-8"), "f.yaml")


def _paths(data: Any, path: PathKey = ()) -> list[PathKey]:
    """Every path in `data`, and beside each container a child that is not there."""
    found = [path]
    if isinstance(data, dict):
        found.append((*path, "missing"))
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        found += [(*path, len(data)), (*path, "x")]
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


def _same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    events = load_yaml_bytes(text.encode("utf-8"), "f.yaml")
    composed = _composed(text, monkeypatch)
    assert events.data == composed.data
    assert repr(events.data) == repr(composed.data)  # 1 and 1.0, True and 1 apart
    assert events.diagnostics == composed.diagnostics
    assert events.lines == composed.lines
    for path in _paths(composed.data):
        for prefer_key in (False, True):
            assert events.source_map.locate(path, prefer_key) == composed.source_map.locate(path, prefer_key), path
        assert events.source_map.span(path) == composed.source_map.span(path), path


@settings(max_examples=150, deadline=None)
@given(_DOCUMENTS, _STYLES, _EXTRA)
def test_a_generated_file_reads_the_same_from_events_as_composed(
    document: dict[str, Any], style: tuple[bool | None, str | None], extra: str
) -> None:
    flow, scalar_style = style
    text = yaml.safe_dump(document, default_flow_style=flow, default_style=scalar_style, allow_unicode=True)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same(text + extra, monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        DATA.read_text(encoding="utf-8"),
        hostile_yaml.misspellings(200),
        hostile_yaml.spaces_target(200),
        hostile_yaml.unknown_keys(200),
        "a: 1\na: 2\n",
        "a:\n  - b: 010\n    c: yes\n  - |\n    block\n  - >-\n    folded\n    text\n",
        "a: {b: [1, 2, {c: d}], e: ''}\n",
        "a: one\n  two\n  three\nb: 1\n",
        'a: "\\x07"\n',
        "- 1\n",
        "",
        "# only\n",
        "~\n",
        "a: 1\n---\nb: 2\n",
        "a: *missing\n",
        "a: &x 1\nb: &x 2\n",
        "x: " + "[" * 70 + "]" * 70 + "\n",
        "x: " + "[" * 63 + "]" * 63 + "\n",
    ],
)
def test_a_hand_written_file_reads_the_same_from_events_as_composed(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(text, monkeypatch)


def test_the_plain_file_is_read_from_events_and_the_others_are_left_to_the_composer() -> None:
    assert read_events(DATA.read_text(encoding="utf-8"), Builder("f.yaml")) is not None
    for text in ("a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\na: 2\n", "[1]\n", "a: 1\n---\nb: 1\n", "a: [\n", ""):
        assert read_events(text, Builder("f.yaml")) is None, text


def test_the_tree_of_a_file_read_from_events_is_composed_when_asked_for() -> None:
    loaded = load_yaml_bytes(b"a:\n  b: 1\n", "f.yaml")
    root = loaded.source_map.root
    assert isinstance(root, yaml.MappingNode)
    assert root.value[0][0].value == "a"
