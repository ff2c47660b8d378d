"""A Jinja2 sandbox with a work budget, for the wording of a template.

Jinja's SandboxedEnvironment keeps wording away from Python internals, but not from unbounded
work: `{{ 'x'|center(2**62) }}`, `'%*s' % (10**9, '')`, nested loops of 10^5 x 10^5, a macro
that calls itself, a string doubled forty times, `9 ** 9 ** 9` each take minutes or gigabytes.
Wording is a line or a paragraph, so every render gets a budget and every operation that can
grow something is checked *before* it runs:

- steps: each loop iteration, call, filter and operator costs one (MAX_WORDING_STEPS);
- size: no value the wording builds, and not the rendered wording itself, may exceed
  MAX_WORDING_OUTPUT_CHARS characters (or list items); integers stay under MAX_WORDING_INT_BITS;
- work: the sizes of everything built add up to at most MAX_WORDING_WORK_CHARS;
- depth: macros and recursive loops nest at most MAX_WORDING_CALL_DEPTH deep.

Loops and `~` cannot be intercepted by a sandbox method, so the parsed template is rewritten
before it is compiled: each `for` iterates through a counting filter, each `~` goes through a
checking filter. A template that exceeds the budget raises WordingLimitError (a Jinja
SecurityError), which templating.py reports at the wording's file:line like any other error.
No wall clock is involved: the same wording passes or fails the same way on any machine.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.environment import Template
from jinja2.exceptions import SecurityError, TemplateRuntimeError, TemplateSyntaxError
from jinja2.runtime import LoopContext, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import pass_eval_context
from jinja2.visitor import NodeTransformer

# The wording as written: a line or a paragraph, not a book (one figure for both readers of wording).
from rkt_cli.simple_wording import MAX_WORDING_SOURCE_CHARS

MAX_WORDING_STEPS = 100_000  # loop iterations, calls, filters and operators in one render
MAX_WORDING_OUTPUT_CHARS = 1_000_000  # characters (or list items) of any one value, and of the result
MAX_WORDING_WORK_CHARS = 10_000_000  # characters built in one render, all values together
MAX_WORDING_INT_BITS = 4096  # about 1,200 digits: far beyond any number wording shows
MAX_WORDING_CALL_DEPTH = 32  # macros calling macros, recursive loops

_STEP_FILTER = "rkt_counted"
_CONCAT_FILTER = "rkt_concat"


class WordingLimitError(SecurityError):
    """Wording that would exceed the work budget of one render; the message says which limit.

    `wording_line` is the line within the wording (1 for its first) where the limit was hit,
    0 where unknown; the message already names it when it is past the first line."""

    def __init__(self, message: str, wording_line: int = 0) -> None:
        super().__init__(message)
        self.wording_line = wording_line


@dataclass
class _Budget:
    steps: int = 0
    work: int = 0
    depth: int = 0

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_WORDING_STEPS:
            raise WordingLimitError(
                f"too much work for wording: more than {MAX_WORDING_STEPS:,} steps (loop iterations, calls, operators)"
            )

    def charge(self, size: int) -> None:
        if size > MAX_WORDING_OUTPUT_CHARS:
            raise WordingLimitError(
                f"too large for wording: a value of {size:,} characters or items "
                f"(the limit is {MAX_WORDING_OUTPUT_CHARS:,})"
            )
        self.work += size
        if self.work > MAX_WORDING_WORK_CHARS:
            raise WordingLimitError(
                f"too much work for wording: it builds more than {MAX_WORDING_WORK_CHARS:,} characters in all"
            )


_ACTIVE: ContextVar[_Budget | None] = ContextVar("rkt_wording_budget", default=None)


def _budget() -> _Budget:
    budget = _ACTIVE.get()
    if budget is None:
        # Only Jinja's compile-time constant folding calls in here outside a render; failing
        # makes it leave the expression for the render, where the budget applies.
        raise WordingLimitError("not inside a wording render")
    return budget


def size_of(value: Any, limit: int = MAX_WORDING_OUTPUT_CHARS) -> int:
    """Characters (for text) or items (for containers, counted through to their contents) of a
    value, stopping early once past `limit`: a list of 10^5 references to one long text is
    small in memory but not once written out."""
    total = 0
    pending: list[Any] = [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, dict):
            total += len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item)
            pending.extend(item)
        elif isinstance(item, range):
            total += len(item)
        else:
            total += 1
    return total


def _int_bits(value: Any) -> int:
    return value.bit_length() if isinstance(value, int) and not isinstance(value, bool) else 64


def _check_int(bits: int) -> None:
    if bits > MAX_WORDING_INT_BITS:
        raise WordingLimitError(
            f"too large for wording: a number of {bits:,} bits (the limit is {MAX_WORDING_INT_BITS:,})"
        )


def _width(value: Any) -> int:
    """A width or count argument, refused when it alone is over the size limit."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value > MAX_WORDING_OUTPUT_CHARS:
            raise WordingLimitError(
                f"too large for wording: a width or count of {value:,} (the limit is {MAX_WORDING_OUTPUT_CHARS:,})"
            )
        return max(value, 0)
    return 0


# printf-style conversions: %[(name)][flags][width][.precision][length]type
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def _percent_size(template: str, args: Any) -> int:
    """An upper bound for `template % args`."""
    values = list(args.values()) if isinstance(args, dict) else list(args) if isinstance(args, tuple) else [args]
    argument_size = sum(size_of(v) for v in values)
    total = len(template)
    for match in _PERCENT_SPEC.finditer(template):
        for part in match.groups():
            if part == "*":
                total += sum(_width(v) for v in values)
            elif part:
                total += _width(int(part[:20]))
        total += argument_size
    return total


def _format_size(template: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """An upper bound for `template.format(*args, **kwargs)`."""
    argument_size = sum(size_of(v) for v in (*args, *kwargs.values()))
    total = len(template)
    for _, field_name, spec, _ in string.Formatter().parse(template):
        if field_name is None:
            continue
        if spec and "{" in spec:
            raise WordingLimitError("a nested format spec ({:{width}}) is not allowed in wording")
        total += argument_size + sum(_width(int(digits[:20])) for digits in re.findall(r"\d+", spec or ""))
    return total


# Methods of str/bytes whose result can be much larger than the text: an upper bound of it.
_GROWING_METHODS: dict[str, Callable[[Any, tuple[Any, ...], dict[str, Any]], int]] = {
    "center": lambda s, a, k: len(s) + _width(a[0] if a else k.get("width", 0)),
    "ljust": lambda s, a, k: len(s) + _width(a[0] if a else k.get("width", 0)),
    "rjust": lambda s, a, k: len(s) + _width(a[0] if a else k.get("width", 0)),
    "zfill": lambda s, a, k: len(s) + _width(a[0] if a else k.get("width", 0)),
    "expandtabs": lambda s, a, k: len(s) * (1 + _width(a[0] if a else k.get("tabsize", 8))),
    "replace": lambda s, a, k: len(s) + (len(s) + 1) * size_of(a[1]) if len(a) >= 2 else len(s),
    "join": lambda s, a, k: size_of(a[0]) * (1 + len(s)) if a else 0,
    "format": lambda s, a, k: _format_size(s, a, k),
    "format_map": lambda s, a, k: _format_size(s, (), dict(a[0]) if a and isinstance(a[0], dict) else {}),
    "translate": lambda s, a, k: (
        len(s) * (1 + max((size_of(v) for v in a[0].values()), default=0)) if a and isinstance(a[0], dict) else len(s)
    ),
}


def _checked_method(name: str, owner: Any, method: Callable[..., Any]) -> Callable[..., Any]:
    estimate = _GROWING_METHODS[name]

    def checked(*args: Any, **kwargs: Any) -> Any:
        _budget().charge(estimate(owner, args, kwargs))
        return method(*args, **kwargs)

    return checked


# Filters whose result can be much larger than their input: an upper bound of it from
# (value, args, kwargs). Every filter also counts a step and the size of what it returns.
def _indent_size(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    width = args[0] if args else kwargs.get("width", 4)
    per_line = size_of(width) if isinstance(width, str) else _width(width)
    return size_of(value) + (str(value).count("\n") + 1) * per_line


_GROWING_FILTERS: dict[str, Callable[[Any, tuple[Any, ...], dict[str, Any]], int]] = {
    "center": lambda v, a, k: size_of(v) + _width(a[0] if a else k.get("width", 80)),
    "indent": _indent_size,
    "format": lambda v, a, k: _percent_size(str(v), k or tuple(a)),
    "wordwrap": lambda v, a, k: size_of(v) * (2 + size_of(a[2] if len(a) > 2 else k.get("wrapstring", "\n"))),
    "replace": lambda v, a, k: size_of(v) + (size_of(v) + 1) * size_of(a[1]) if len(a) >= 2 else size_of(v),
    "join": lambda v, a, k: size_of(v) * (1 + size_of(a[0] if a else k.get("d", ""))),
    "batch": lambda v, a, k: size_of(v) + _width(a[0] if a else k.get("linecount", 0)),
    "slice": lambda v, a, k: size_of(v) + _width(a[0] if a else k.get("slices", 0)),
    "truncate": lambda v, a, k: size_of(v) + size_of(a[2] if len(a) > 2 else k.get("end", "...")),
}


def _guarded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    estimate = _GROWING_FILTERS.get(name)
    # Filters marked pass_context/pass_eval_context/pass_environment get that object first.
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)  # keeps jinja_pass_arg, so Jinja still passes the context
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.step()
        value, rest = args[skip], args[skip + 1 :]
        budget.charge(size_of(value) + sum(size_of(a) for a in (*rest, *kwargs.values())))
        if estimate is not None:
            budget.charge(estimate(value, rest, kwargs))
        try:
            result = function(*args, **kwargs)
        except (AttributeError, AssertionError) as exc:  # dictsort given a text, truncate(0), …: a mistake
            raise TemplateRuntimeError(f"the filter {name} cannot take this value: {exc}") from None
        budget.charge(size_of(result))
        return result

    return guarded


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """Every loop iterates through this: one step per item."""
    budget = _budget()
    for item in iterable:
        budget.step()
        yield item


@pass_eval_context
def _checked_concat(eval_context: Any, pieces: list[Any]) -> str:
    """`a ~ b ~ …`, as Jinja compiles it, after checking what it would build."""
    _budget().charge(sum(size_of(p) for p in pieces))
    return markup_join(pieces) if eval_context.autoescape else str_join(pieces)


class _Rewrite(NodeTransformer):
    """Loops through the counting filter, `~` through the checking filter."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _STEP_FILTER, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        items = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(items, _CONCAT_FILTER, [], [], None, None, lineno=node.lineno)


def _too_deep(name: str | None, filename: str | None) -> TemplateSyntaxError:
    return TemplateSyntaxError("the wording is nested too deeply", 1, name, filename)


class BudgetedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox (no list.append/extend: no doubling a list in place) with the
    work budget of this module; use `render_bounded` or a template's `render`."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # lipsum(10**8): nothing wording needs
        self.filters = {name: _guarded_filter(name, f) for name, f in self.filters.items()}
        self.filters[_STEP_FILTER] = _counted
        self.filters[_CONCAT_FILTER] = _checked_concat
        self.template_class = BudgetedTemplate
        self.finalize = self._finalize

    @staticmethod
    def _finalize(value: Any) -> Any:
        """Every `{{ … }}` output, macros' included, counts toward the budget before it is written."""
        _budget().charge(size_of(value))
        return value

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        if len(source) > MAX_WORDING_SOURCE_CHARS:  # compiling costs time and memory in proportion
            raise TemplateSyntaxError(
                f"the wording is {len(source):,} characters long; the limit is {MAX_WORDING_SOURCE_CHARS:,}",
                1,
                name,
                filename,
            )
        try:
            tree = super()._parse(source, name, filename)
            rewritten = _Rewrite().visit(tree)
        except RecursionError:  # (((((… or 1 + 1 + … thousands deep: each level is a Python call
            raise _too_deep(name, filename) from None
        assert isinstance(rewritten, nodes.Template)
        rewritten.set_environment(self)
        return rewritten

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:
        try:
            return str(super()._generate(source, name, filename, defer_init))
        except RecursionError:
            raise _too_deep(name, filename) from None

    def _compile(self, source: str, filename: str) -> Any:
        try:
            return super()._compile(source, filename)
        except (RecursionError, SyntaxError):  # Python's own limits on nesting (100 levels of indentation)
            raise _too_deep(None, filename) from None

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.step()
        if isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (_counted(args[0]), *args[1:])
        budget.charge(sum(size_of(a) for a in (*args, *kwargs.values())))
        if budget.depth >= MAX_WORDING_CALL_DEPTH:
            raise WordingLimitError(
                f"too deep for wording: macros or recursive loops nest more than {MAX_WORDING_CALL_DEPTH} levels"
            )
        budget.depth += 1
        try:
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        budget.charge(size_of(result))
        return result

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        budget.step()
        sequences = (str, bytes, list, tuple)
        if operator == "*":
            if isinstance(left, int) and isinstance(right, int):
                _check_int(_int_bits(left) + _int_bits(right))
            elif isinstance(left, sequences) and isinstance(right, int):
                budget.charge(size_of(left) * max(right, 0))
            elif isinstance(right, sequences) and isinstance(left, int):
                budget.charge(size_of(right) * max(left, 0))
        elif operator == "+" and isinstance(left, sequences) and isinstance(right, sequences):
            budget.charge(size_of(left) + size_of(right))
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            _check_int(max(_int_bits(left), 1) * right)
        elif operator == "%" and isinstance(left, str):
            budget.charge(_percent_size(left, right))
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, int):
            _check_int(_int_bits(result))
        else:
            budget.charge(size_of(result))
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self._checked_attribute(obj, attribute, super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self._checked_attribute(obj, argument, super().getitem(obj, argument))

    @staticmethod
    def _checked_attribute(obj: Any, name: Any, value: Any) -> Any:
        if isinstance(obj, (str, bytes)) and name in _GROWING_METHODS and callable(value):
            return _checked_method(name, obj, value)
        return value


class BudgetedTemplate(Template):
    """A template whose render runs under a fresh budget and stops writing at the size limit."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        budget = _Budget()
        token = _ACTIVE.set(budget)
        try:
            context = self.new_context(dict(*args, **kwargs))
            parts: list[str] = []
            written = 0
            try:
                for part in self.root_render_func(context):
                    written += len(part)
                    if written > MAX_WORDING_OUTPUT_CHARS:
                        raise WordingLimitError(
                            f"too large for wording: longer than {MAX_WORDING_OUTPUT_CHARS:,} characters"
                        )
                    parts.append(part)
            except WordingLimitError as exc:
                line = self._line_of(exc)
                where = f" (line {line} of the wording)" if line > 1 else ""
                raise WordingLimitError(f"{exc}{where}", line) from None
            except Exception:
                self.environment.handle_exception()
            return str(self.environment.concat(parts))
        finally:
            _ACTIVE.reset(token)

    def _line_of(self, exc: BaseException) -> int:
        """The line within the wording where `exc` was raised, from the traceback; 0 if unknown."""
        line = 0
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<template>":  # the compiled wording's own frames
                line = self.get_corresponding_lineno(tb.tb_lineno)
            tb = tb.tb_next
        return line
