"""Wording in the small part of Jinja that most templates use, filled in without Jinja.

Importing Jinja2 and compiling a template's wording cost more than all the rest of loading a
template, on every render. Yet nearly all wording is text with placeholders: `TAHUN {{ tahun }}`,
`{{ pihak_pertama.nama }}`, `{% if nip %}NIP. {{ nip }}{% endif %}`. This module reads exactly
this much:

- text without `{{`, `{%` or `{#`;
- `{{ name }}` and `{{ name.key }}`, with one space inside each brace;
- `{% if COND %}`, `{% else %}`, `{% endif %}`, nested, where COND is placeholders (each with an
  optional `not `) joined by ` and ` or ` or `;

and fills it in as templating's Jinja sandbox does, to the character: the values escaped as
autoescape does, the whole unescaped once as `Wording.render` does, newlines as Jinja's lexer
leaves them (\\r\\n and \\r become \\n, one trailing newline dropped). Wherever it cannot be
sure, it answers None and the caller asks Jinja, whose text or error is then the one the user
gets: any other syntax, a placeholder the context lacks, a key its dict lacks, a value that is
not a text or a small whole number, a long result. Within these bounds no budget of
rkt_cli.wording_sandbox can be reached and no Jinja error can happen, so nothing is lost.
tests/test_simple_wording.py compares the two on every shipped template's wording and on
generated wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Union

# Longer wording is compiled by the sandbox, which refuses it with its own message.
MAX_WORDING_SOURCE_CHARS = 100_000
# A result longer than this (before unescaping) goes to Jinja: far below the sandbox's
# size and work limits, so that none of them can fire on wording filled in here.
MAX_SIMPLE_RESULT_CHARS = 10_000
# Integers up to this size print as Jinja prints them; larger ones go to Jinja (its budget
# counts their size, and Python refuses to print very long ones).
_MAX_INT_BITS = 64
# Jinja compiles every if into Python one level deeper; far below Python's own limit.
_MAX_DEPTH = 8

_NAME = r"[a-z_][a-z0-9_]*"
# Words Jinja reads as operators or constants, and names it gives a meaning of its own
# ({{ self }} is the template itself, whatever the context holds): Jinja decides those.
_RESERVED = frozenset(
    {"and", "or", "not", "in", "is", "if", "else", "elif", "endif", "true", "false", "none"}
    | {"self", "loop", "caller", "varargs", "kwargs", "super"}
)
_START = re.compile(r"\{[{%#]")  # where Jinja's lexer leaves text: any tag, comment or raw block
_OUTPUT = re.compile(rf"\{{\{{ ({_NAME})(?:\.({_NAME}))? \}}\}}")
_ATOM = rf"(?:not )?{_NAME}(?:\.{_NAME})?"
_BLOCK = re.compile(rf"\{{% (?:if ({_ATOM}(?: (?:and|or) {_ATOM})*)|(else)|(endif)) %\}}")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_MARKUP_CHARS = re.compile("[&<>\"']")  # what autoescape changes in a value; & starts what unescape changes

# A placeholder: its name and, for {{ name.key }}, the key.
Ref = tuple[str, str | None]
# A condition: its alternatives (or), each a list of (negated, placeholder) that must all hold (and).
Condition = tuple[tuple[tuple[bool, Ref], ...], ...]
Node = Union[str, Ref, "_If"]


# Plain classes, not dataclasses: making the three dataclasses of this module took longer
# than all the rest of importing it, on every render.
class _If:
    __slots__ = ("condition", "otherwise", "then")

    def __init__(self, condition: Condition, then: tuple[Node, ...], otherwise: tuple[Node, ...]) -> None:
        self.condition = condition
        self.then = then
        self.otherwise = otherwise


class _Unsure(Exception):
    """Jinja must decide: a value or a name this module does not fill in as Jinja surely would."""


class SimpleWording:
    """Wording parsed by this module: `render` fills it in, `names` are the placeholders it uses."""

    __slots__ = ("names", "nodes")

    def __init__(self, nodes: tuple[Node, ...], names: frozenset[str]) -> None:
        self.nodes = nodes
        self.names = names

    def render(self, context: Mapping[str, object]) -> str | None:
        """The wording filled in from `context` as Wording.render would give it (unescaped),
        or None where only Jinja can say (see the module's docstring)."""
        try:
            result = _filled(self.nodes, context, str)
            if _MARKUP_CHARS.search(result) is not None:
                # Jinja escapes each value (autoescape) and Wording.render unescapes the whole
                # once, entities in the text included: the same here, step by step. Without
                # these characters both steps change nothing (and markupsafe and html, which
                # they import, stay unloaded).
                from markupsafe import Markup, escape

                escaped = _filled(self.nodes, context, escape)
                return str(Markup(escaped).unescape()) if len(escaped) <= MAX_SIMPLE_RESULT_CHARS else None
        except _Unsure:
            return None
        return result if len(result) <= MAX_SIMPLE_RESULT_CHARS else None


def parse_simple_wording(source: str) -> SimpleWording | None:
    """`source` as SimpleWording, or None when it uses more of Jinja than this module reads."""
    if len(source) > MAX_WORDING_SOURCE_CHARS:
        return None
    text = _jinja_newlines(source)
    names: set[str] = set()
    top: list[Node] = []
    open_ifs: list[_OpenIf] = []  # innermost last
    position = 0
    while position < len(text):
        into = open_ifs[-1].current() if open_ifs else top
        start = _START.search(text, position)
        if start is None:
            into.append(text[position:])
            break
        if start.start() > position:
            into.append(text[position : start.start()])
        output = _OUTPUT.match(text, start.start())
        block = _BLOCK.match(text, start.start())
        if output is not None:
            ref = (output.group(1), output.group(2))
            if not _plain_ref(ref):
                return None
            names.add(ref[0])
            into.append(ref)
            position = output.end()
        elif block is None:
            return None
        elif block.group(1) is not None:  # if
            condition = _condition(block.group(1))
            if condition is None or len(open_ifs) >= _MAX_DEPTH:
                return None
            names.update(name for terms in condition for _, (name, _) in terms)
            open_ifs.append(_OpenIf(condition))
            position = block.end()
        elif block.group(2) is not None:  # else
            if not open_ifs or open_ifs[-1].otherwise is not None:
                return None
            open_ifs[-1].otherwise = []
            position = block.end()
        else:  # endif
            if not open_ifs:
                return None
            node = open_ifs.pop().closed()
            (open_ifs[-1].current() if open_ifs else top).append(node)
            position = block.end()
    if open_ifs:
        return None
    return SimpleWording(tuple(top), frozenset(names))


class _OpenIf:
    """An if being read: its then part, and its else part once `{% else %}` was read."""

    __slots__ = ("condition", "otherwise", "then")

    def __init__(self, condition: Condition) -> None:
        self.condition = condition
        self.then: list[Node] = []
        self.otherwise: list[Node] | None = None

    def current(self) -> list[Node]:
        return self.then if self.otherwise is None else self.otherwise

    def closed(self) -> _If:
        return _If(self.condition, tuple(self.then), tuple(self.otherwise or ()))


def _plain_ref(ref: Ref) -> bool:
    """A placeholder Jinja reads as a name (not a constant, an operator or a name of its own)."""
    name, key = ref
    return name not in _RESERVED and key not in _RESERVED


def _jinja_newlines(source: str) -> str:
    """The text as Jinja's lexer reads it (keep_trailing_newline=False, newline_sequence \\n)."""
    lines = _NEWLINE.split(source)
    if lines[-1] == "":
        del lines[-1]
    return "\n".join(lines)


def _condition(text: str) -> Condition | None:
    alternatives: list[tuple[tuple[bool, Ref], ...]] = []
    for alternative in text.split(" or "):
        terms: list[tuple[bool, Ref]] = []
        for term in alternative.split(" and "):
            negated = term.startswith("not ")
            name, _, key = term.removeprefix("not ").partition(".")
            ref = (name, key or None)
            if not _plain_ref(ref):
                return None
            terms.append((negated, ref))
        alternatives.append(tuple(terms))
    return tuple(alternatives)


# Values whose truth Python (and so Jinja's if) tells without running any code of theirs.
_PLAIN_TYPES = (str, int, float, bool, type(None), dict, list, tuple)


def _value(ref: Ref, context: Mapping[str, object]) -> object:
    name, key = ref
    if name not in context:
        raise _Unsure
    value = context[name]
    if key is None:
        return value
    # Jinja looks up an attribute first ({{ d.items }} is dict.items), then the key.
    if type(value) is not dict or key not in value or hasattr(value, key):
        raise _Unsure
    return value[key]


def _filled(nodes: tuple[Node, ...], context: Mapping[str, object], escape: Callable[[object], str]) -> str:
    """The text of `nodes` with each value written through `escape`; raises _Unsure."""
    pieces: list[str] = []
    _fill(nodes, context, pieces, escape)
    return "".join(pieces)


def _fill(
    nodes: tuple[Node, ...], context: Mapping[str, object], pieces: list[str], escape: Callable[[object], str]
) -> None:
    for node in nodes:
        if isinstance(node, str):
            pieces.append(node)
        elif isinstance(node, _If):
            holds = any(all(_holds(ref, negated, context) for negated, ref in terms) for terms in node.condition)
            _fill(node.then if holds else node.otherwise, context, pieces, escape)
        else:
            value = _value(node, context)
            if type(value) is int:
                if value.bit_length() > _MAX_INT_BITS:
                    raise _Unsure
            elif type(value) is not str:
                raise _Unsure
            pieces.append(str(escape(value)))  # autoescape (markupsafe.escape), as Jinja writes {{ … }}


def _holds(ref: Ref, negated: bool, context: Mapping[str, object]) -> bool:
    value = _value(ref, context)
    if type(value) not in _PLAIN_TYPES:
        raise _Unsure
    return bool(value) != negated
