"""The loader's cheaper paths give what the plain ones gave: the composer without its resolver
hooks composes the same tree, and the byte scan of an ASCII file finds the control characters
the regular expression finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from rkt_cli.yaml_problems import CONTROL, _has_control
from rkt_cli.yaml_values import Composer

DATA = Path(__file__).resolve().parents[1] / "data" / "rkt_2024.yaml"


class _HookedComposer(Composer):
    """The composer with PyYAML's own descend/ascend hooks, as it was: the oracle."""

    descend_resolver = yaml.resolver.BaseResolver.descend_resolver  # type: ignore[assignment]
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver  # type: ignore[assignment]


def _tree(node: yaml.Node | None) -> Any:
    if node is None:
        return None
    where = (node.tag, node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return (*where, node.value, node.style)
    if isinstance(node, yaml.SequenceNode):
        return (*where, [_tree(item) for item in node.value])
    return (*where, [(_tree(key), _tree(value)) for key, value in node.value])


def test_the_composer_without_resolver_hooks_composes_the_same_tree() -> None:
    texts = [
        DATA.read_text(encoding="utf-8"),
        "a: &x [1, '2', !!str 3, ! 4, yes]\nb: *x\n? [k]\n: {c: ~, d: \"x\"}\ne: |\n  text\nf: >-\n  more\n",
        "- - - deep\n- !!map {a: 1}\n",
    ]
    for text in texts:
        assert _tree(yaml.compose(text, Loader=Composer)) == _tree(yaml.compose(text, Loader=_HookedComposer))


def test_the_byte_scan_and_the_expression_agree_on_every_character_up_to_u3000() -> None:
    for code in range(0x3000):
        char = chr(code)
        assert _has_control(f"ab{char}c") == (CONTROL.search(char) is not None), hex(code)
    for char in ("\ufffe", "\uffff", "\U0001f600"):
        assert _has_control(char) == (CONTROL.search(char) is not None)


@given(st.text(alphabet=st.characters(max_codepoint=0xA0), max_size=50))
def test_the_byte_scan_and_the_expression_agree_on_any_text(text: str) -> None:
    assert _has_control(text) == (CONTROL.search(text) is not None)
