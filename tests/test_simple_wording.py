"""rkt_cli.simple_wording fills in plain wording without Jinja: wherever it answers, its text is
Jinja's to the character (the sandbox templating uses, then Wording.render's one unescape), and
Jinja compiles what it reads; wherever it is unsure it answers None and Jinja decides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import meta
from markupsafe import Markup

from rkt_cli.requirements import _names_used
from rkt_cli.simple_wording import MAX_SIMPLE_RESULT_CHARS, SimpleWording, parse_simple_wording
from rkt_cli.templating import (
    SAMPLE_VALUES,
    SHIPPED_TEMPLATES,
    TemplateError,
    WordingError,
    _wording_paths,
    load_template,
    make_environment,
)
from rkt_cli.wording_sandbox import MAX_WORDING_OUTPUT_CHARS, MAX_WORDING_SOURCE_CHARS, MAX_WORDING_WORK_CHARS

ENV = make_environment()


def jinja_text(source: str, context: dict[str, Any]) -> str:
    """What templating gave before simple_wording: the sandbox's render, unescaped once."""
    return str(Markup(ENV.from_string(source).render(context)).unescape())


def shipped_wording() -> list[tuple[str, str, tuple[str, ...]]]:
    out = []
    for name in SHIPPED_TEMPLATES:
        spec = load_template(name).spec
        out += [(name, text, allowed) for _, text, allowed in _wording_paths(spec)]
    return out


# Values a document can put into wording, the awkward ones included: markup, entities, an
# ampersand that meets the text after it, newlines, empty texts, numbers.
AWKWARD_TEXTS = ["", "KPU", "A & B", "&amp;", "amp;", "<b>x</b>", "'\"", "a\nb", "  ", "Rp 1.000", "ü€"]


@pytest.mark.parametrize(("template", "source", "allowed"), shipped_wording())
def test_every_shipped_wording_is_read_and_filled_in_as_jinja_does(
    template: str, source: str, allowed: tuple[str, ...]
) -> None:
    simple = parse_simple_wording(source)
    assert simple is not None, f"{template}: {source!r} would need Jinja on every render"
    sample = {name: SAMPLE_VALUES[name] for name in allowed}
    assert simple.render(sample) == jinja_text(source, sample)
    for text in AWKWARD_TEXTS:
        context = {name: _like(value, text) for name, value in sample.items()}
        assert simple.render(context) == jinja_text(source, context)
    assert simple.names == meta.find_undeclared_variables(ENV.parse(source))


def _like(value: object, text: str) -> object:
    """`text` in place of every text of a sample value (a signer's dict keeps its keys)."""
    if isinstance(value, dict):
        return {key: text for key in value}
    return text if isinstance(value, str) else value


def test_loading_a_shipped_template_compiles_no_wording_with_jinja() -> None:
    for name in SHIPPED_TEMPLATES:
        for path, word in load_template(name).wording.items():
            assert word.simple is not None and word.template is None, (name, path)


# Generated wording: pieces of text rich in what Jinja's lexer reacts to, placeholders and ifs;
# WORDING is all well formed (every answer of simple_wording gets checked), MESSY mixes in
# what the subset does not read (so that each None is seen to be needed, never a wrong text).
NAMES = ["unit", "tahun", "nip", "kosong", "d", "items"]
TEXT = st.text(alphabet="ab }%#-+&;<>'\"\r\n\t.x", max_size=8)
NAME = st.sampled_from(NAMES)
REF = st.one_of(NAME, st.builds(lambda a, b: f"{a}.{b}", NAME, st.sampled_from(["nama", "items", "x"])))
ATOM = st.builds(lambda neg, ref: ("not " if neg else "") + ref, st.booleans(), REF)
CONDITION = st.lists(ATOM, min_size=1, max_size=3).flatmap(
    lambda atoms: st.lists(st.sampled_from([" and ", " or "]), min_size=len(atoms) - 1, max_size=len(atoms) - 1).map(
        lambda ops: atoms[0] + "".join(op + atom for op, atom in zip(ops, atoms[1:], strict=True))
    )
)
OUTPUT = REF.map(lambda ref: f"{{{{ {ref} }}}}")


def _if(parts: tuple[str, list[str], bool, list[str]]) -> str:
    condition, then, has_else, otherwise = parts
    return (
        f"{{% if {condition} %}}"
        + "".join(then)
        + ("{% else %}" + "".join(otherwise) if has_else else "")
        + "{% endif %}"
    )


WORDING = st.recursive(
    st.one_of(TEXT, OUTPUT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map("".join),
        st.tuples(CONDITION, st.lists(inner, max_size=3), st.booleans(), st.lists(inner, max_size=3)).map(_if),
    ),
    max_leaves=8,
)
MESSY = st.lists(
    st.one_of(
        WORDING,
        st.sampled_from(["{", "{{unit}}", "{{- unit }}", "{# c #}", "{%- if nip %}", "{% raw %}", "{{ 1 }}"]),
        st.sampled_from(["{% if nip %}", "{% else %}", "{% endif %}", "{% elif nip %}", "{{ true }}", "{{ self }}"]),
    ),
    max_size=4,
).map("".join)
VALUE = st.one_of(
    st.text(alphabet="ab &;<>'\"\r\n#{}", max_size=6),
    st.text(alphabet="ab &;<>'\"\r\n#{}", max_size=6),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([None, True, False, 0, "", 1.5, [], ["x"], {"nama": "N&amp;", "x": 1}, {"nama": "", "x": ""}]),
    st.sampled_from([{"items": "x", "nama": "<"}]),
)
# Every name but the last is given (a missing one makes simple_wording unsure wherever it is read).
CONTEXT = st.fixed_dictionaries(dict.fromkeys(NAMES[:-1], VALUE), optional={NAMES[-1]: VALUE})


def _same_as_jinja_or_unsure(source: str, context: dict[str, Any]) -> None:
    simple = parse_simple_wording(source)
    if simple is None:
        return
    template = ENV.from_string(source)  # what it reads, Jinja compiles
    assert simple.names == meta.find_undeclared_variables(ENV.parse(source))
    text = simple.render(context)
    if text is not None:
        assert text == str(Markup(template.render(context)).unescape())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=WORDING, context=CONTEXT)
def test_generated_wording_is_jinja_s_text_or_left_to_jinja(source: str, context: dict[str, Any]) -> None:
    assert parse_simple_wording(source) is not None
    _same_as_jinja_or_unsure(source, context)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=MESSY, context=CONTEXT)
def test_messy_wording_is_jinja_s_text_or_left_to_jinja(source: str, context: dict[str, Any]) -> None:
    _same_as_jinja_or_unsure(source, context)


@settings(max_examples=100, deadline=None)
@given(source=st.text(max_size=40), context=CONTEXT)
def test_any_text_is_jinja_s_text_or_left_to_jinja(source: str, context: dict[str, Any]) -> None:
    simple = parse_simple_wording(source)
    if simple is not None and "{" not in source:
        # Text without a single brace is Jinja's data, whatever it holds.
        assert simple.render(context) == jinja_text(source, context)


@pytest.mark.parametrize(
    "source",
    [
        "a\r\nb\rc\n",  # newlines as Jinja's lexer leaves them, one trailing newline dropped
        "a\n\n",
        "x&{{ amp }}",  # the ampersand meets the value: one unescape of the whole, as before
        "&lt;{{ unit }}&gt; &copy &#65;",
        "{ {{ tahun }} }} %} #}",
        "{% if unit and not nip or tahun %}y{% else %}n{% endif %}",
        "{% if unit %}{% if nip %}a{% else %}b{% endif %}{% endif %}",
        "{% if unit %}a" * 8 + "x" + "{% else %}b{% endif %}" * 8,  # as deep as the subset goes
    ],
)
def test_edges_of_the_subset(source: str) -> None:
    context: dict[str, Any] = {"amp": "amp;", "unit": "<&>", "nip": "", "tahun": 2024}
    simple = parse_simple_wording(source)
    assert simple is not None
    assert simple.render(context) == jinja_text(source, context)


@pytest.mark.parametrize(
    "source",
    [
        "{{unit}}",  # spacing other than the one the subset reads
        "{{ unit|upper }}",
        "{{- unit }}",
        "{# a comment #}",
        "{% raw %}{{ x }}{% endraw %}",
        "{{{ unit }}",
        "{{ true }}",  # a constant, not a placeholder
        "{{ self }}",  # Jinja's own name
        "{{ a.b.c }}",
        "{% if unit %}",  # never closed
        "{% endif %}",
        "{% if unit %}{% else %}{% else %}{% endif %}",
        "{% if a %}" * 9 + "{% endif %}" * 9,  # nested deeper than the subset goes
        "x" * (MAX_WORDING_SOURCE_CHARS + 1),  # the sandbox refuses it with its own message
    ],
)
def test_what_the_subset_leaves_to_jinja(source: str) -> None:
    assert parse_simple_wording(source) is None


@pytest.mark.parametrize(
    ("source", "context"),
    [
        ("{{ unit }}", {}),  # a placeholder the context lacks: Jinja's UndefinedError
        ("{{ unit }}", {"unit": None}),  # Jinja prints None
        ("{{ unit }}", {"unit": 1.5}),
        ("{{ unit }}", {"unit": True}),
        ("{{ unit }}", {"unit": 2**80}),
        ("{{ d.nama }}", {"d": {}}),
        ("{{ d.items }}", {"d": {"items": "x"}}),  # a dict's method, not its key
        ("{% if d %}x{% endif %}", {"d": object()}),
        ("{{ unit }}", {"unit": "x" * (MAX_SIMPLE_RESULT_CHARS + 1)}),  # a long result
    ],
)
def test_values_left_to_jinja(source: str, context: dict[str, Any]) -> None:
    simple = parse_simple_wording(source)
    assert simple is not None
    assert simple.render(context) is None


def test_the_subset_stays_far_below_the_sandbox_limits() -> None:
    assert MAX_SIMPLE_RESULT_CHARS * 10 <= MAX_WORDING_OUTPUT_CHARS <= MAX_WORDING_WORK_CHARS
    assert isinstance(parse_simple_wording(""), SimpleWording)


def _template(tmp_path: Path, judul: str) -> Path:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "template.yaml").write_text(
        f"judul:\n  - {{teks: {judul!r}}}\ntabel:\n  kolom:\n    - {{isi: indikator, judul: I, lebar_mm: 50}}\n",
        encoding="utf-8",
    )
    return folder


def test_a_value_the_subset_leaves_is_filled_in_by_jinja(tmp_path: Path) -> None:
    word = load_template(_template(tmp_path, "TAHUN {{ tahun }}")).word(("judul", 0, "teks"))
    assert word.simple is not None
    assert word.render({"tahun": None}) == "TAHUN None"  # Jinja's text, as before
    assert word.render({"tahun": 2024}) == "TAHUN 2024"


def test_jinja_s_errors_on_plain_wording_stay_at_the_wording(tmp_path: Path) -> None:
    folder = _template(tmp_path, "TAHUN {{ tahun }}")
    word = load_template(folder).word(("judul", 0, "teks"))
    with pytest.raises(WordingError) as missing:
        word.render({})
    assert missing.value.diagnostic.code == "RKT405"
    assert missing.value.diagnostic.line == 2
    assert "'tahun' is undefined" in missing.value.diagnostic.message
    with pytest.raises(WordingError) as large:
        word.render({"tahun": "x" * (MAX_WORDING_OUTPUT_CHARS + 1)})
    assert "too large for wording" in large.value.diagnostic.message


def test_a_placeholder_the_wording_may_not_use_is_still_jinja_s_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        load_template(_template(tmp_path, "{{ nama }}"))  # a signer's placeholder, in the title
    (problem,) = caught.value.diagnostics
    assert problem.code == "RKT405"
    assert problem.message.startswith("'nama' is undefined; placeholders here: instansi, unit")


def test_plain_wording_too_long_is_refused_as_before(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        load_template(_template(tmp_path, "x" * (MAX_WORDING_SOURCE_CHARS + 1)))
    (problem,) = caught.value.diagnostics
    assert problem.code == "RKT405"
    assert "the wording is 100,001 characters long; the limit is 100,000" in problem.message


@pytest.mark.parametrize(
    "source", ["Sasaran {{ nomor }}: {{ sasaran }}", "{% if kode %}{{ kode }}{% endif %}", "{{ sasaran|upper }}"]
)
def test_names_a_group_row_uses_are_jinja_s(source: str) -> None:
    assert _names_used(source) == meta.find_undeclared_variables(ENV.parse(source))
