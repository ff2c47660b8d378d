"""Hostile template folders (issue 15): a reference.docx that is not a usable DOCX, and wording
that would take unbounded time or memory. Each case: exit 2, one line naming the file (and
the line of template.yaml where there is one), no traceback. Inputs are generated here."""

from __future__ import annotations

import io
import re
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rkt_cli.cli.app import app
from rkt_cli.reference_docx import MAX_REFERENCE_UNCOMPRESSED_BYTES, ReferenceDocxError, check_reference_docx
from rkt_cli.templating import default_template_folder
from tests.render_support import DATA

runner = CliRunner()
DEFAULT = default_template_folder()
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(DEFAULT / "reference.docx") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _changed(**parts: bytes | None) -> bytes:
    """The default reference.docx with entries replaced (or removed, for None)."""
    current = _parts()
    for name, content in parts.items():
        if content is None:
            del current[name]
        else:
            current[name] = content
    return _zip(current)


def _set_declared_size(data: bytes, entry: str, size: int) -> bytes:
    """Make the zip's central directory declare `size` uncompressed bytes for one entry (a lie)."""
    patched = bytearray(data)
    at = patched.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack("<H", patched[at + 28 : at + 30])[0]
        if patched[at + 46 : at + 46 + name_length] == entry.encode():
            patched[at + 24 : at + 28] = struct.pack("<I", size)
        at = patched.find(b"PK\x01\x02", at + 4)
    return bytes(patched)


_BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + f']>\n<w:styles xmlns:w="{W_NS}"><w:style><w:name w:val="&lol9;"/></w:style></w:styles>'.encode()
)


def _ct_as(content_type: str) -> bytes:
    types = _parts()["[Content_Types].xml"]
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    assert main in types
    return types.replace(main, content_type.encode())


REFERENCE_CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    # case: (the file's bytes, words the one-line message must hold)
    "not a zip": (lambda: b"This is a letter, not a zip.\n", "not a zip archive"),
    "empty": (lambda: b"", "empty"),
    "truncated zip": (lambda: _zip(_parts())[:2000], "damaged zip"),
    "no [Content_Types].xml": (lambda: _changed(**{"[Content_Types].xml": None}), "no [Content_Types].xml"),
    "malformed styles": (lambda: _changed(**{"word/styles.xml": b"<w:styles><oops"}), "word/styles.xml"),
    "malformed document": (
        lambda: _changed(**{"word/document.xml": b"<?xml version='1.0'?><a><b></a>"}),
        "word/document.xml is not well-formed XML at line 1",
    ),
    "styles not XML": (lambda: _changed(**{"word/styles.xml": bytes(range(256)) * 40}), "word/styles.xml"),
    "a .dotx": (
        lambda: _changed(
            **{
                "[Content_Types].xml": _ct_as(
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
                )
            }
        ),
        "Word template (.dotx)",
    ),
    "a .docm": (
        lambda: _changed(**{"[Content_Types].xml": _ct_as("application/vnd.ms-word.document.macroEnabled.main+xml")}),
        "(.docm)",
    ),
    "entity bomb": (lambda: _changed(**{"word/styles.xml": _BILLION_LAUGHS}), "word/styles.xml"),
    "small DOCTYPE": (
        lambda: _changed(
            **{
                "word/styles.xml": b'<!DOCTYPE s [<!ENTITY a "b">]><w:styles xmlns:w="'
                + W_NS.encode()
                + b'"><w:style><w:name w:val="Normal"/></w:style></w:styles>'
            }
        ),
        "DOCTYPE",
    ),
    "no Normal style": (
        lambda: _changed(**{"word/styles.xml": f'<w:styles xmlns:w="{W_NS}"/>'.encode()}),
        "no Normal style",
    ),
    "no section properties": (
        lambda: _changed(**{"word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'.encode()}),
        "w:sectPr",
    ),
    "not a document body": (lambda: _changed(**{"word/document.xml": b"<root/>"}), "w:document"),
    "a part the relationships name is missing": (lambda: _changed(**{"word/styles.xml": None}), "which the zip lacks"),
    "no _rels/.rels": (lambda: _changed(**{"_rels/.rels": None}), "_rels/.rels"),
    "relationships that are not": (
        lambda: _changed(**{"_rels/.rels": b"<Relationships/>"}),
        "not a relationships part",
    ),
    "content types that are not": (lambda: _changed(**{"[Content_Types].xml": b"<Types/>"}), "not a content types"),
    "an empty relationship target": (
        lambda: _changed(
            **{
                "word/_rels/document.xml.rels": _parts()["word/_rels/document.xml.rels"].replace(
                    b'Target="styles.xml"', b'Target=""'
                )
            }
        ),
        "which the zip lacks",
    ),
    "styles with another content type": (
        lambda: _changed(
            **{
                "[Content_Types].xml": _parts()["[Content_Types].xml"].replace(
                    b"wordprocessingml.styles+xml", b"wordprocessingml.settings+xml"
                )
            }
        ),
        "word/styles.xml has content type",
    ),
    "a footer the relationships lack": (
        lambda: _changed(
            **{
                "word/document.xml": _parts()["word/document.xml"].replace(
                    b"<w:sectPr", b'<w:sectPr><w:footerReference w:type="default" r:id="rId99"/></w:sectPr><w:sectPr', 1
                )
            }
        ),
        "refers to a footer 'rId99'",
    ),
    "an RKT style of the wrong kind": (
        lambda: _changed(
            **{
                "word/styles.xml": _parts()["word/styles.xml"].replace(
                    b'w:type="paragraph" w:customStyle="1" w:styleId="RKTJudul"',
                    b'w:type="numbering" w:customStyle="1" w:styleId="RKTJudul"',
                )
            }
        ),
        "the style 'RKT Judul' is a numbering style",
    ),
    "a style of no known type": (
        lambda: _changed(
            **{
                "word/styles.xml": _parts()["word/styles.xml"].replace(
                    b'w:type="paragraph" w:customStyle="1" w:styleId="RKTJudul"',
                    b'w:type="x" w:customStyle="1" w:styleId="RKTJudul"',
                )
            }
        ),
        "unknown type 'x'",
    ),
    "zip bomb": (
        lambda: _changed(**{"word/media/image1.png": bytes(MAX_REFERENCE_UNCOMPRESSED_BYTES + 1)}),
        "word/media/image1.png inflates to 64.0 MiB",
    ),
    "declares 2 GiB": (
        lambda: _set_declared_size(_changed(**{"word/media/image1.png": bytes(1000)}), "word/media/image1.png", 2**31),
        "inflates to 2048.0 MiB",
    ),
    "holds more than it declares": (
        lambda: _set_declared_size(
            _changed(**{"word/media/image1.png": bytes(8 * 1024 * 1024)}), "word/media/image1.png", 10
        ),
        "damaged zip",
    ),
    "too many entries": (
        lambda: _zip({**_parts(), **{f"customXml/x{i}.bin": b"" for i in range(1001)}}),
        "1017 entries",
    ),
}


def _template_folder(tmp_path: Path, reference: bytes) -> Path:
    folder = tmp_path / "my-template"
    folder.mkdir()
    shutil.copyfile(DEFAULT / "template.yaml", folder / "template.yaml")
    (folder / "reference.docx").write_bytes(reference)
    return folder


def _assert_one_line_about(result: Result, file: Path, words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    about = [line for line in result.output.splitlines() if str(file) in line]
    assert len(about) == 1, result.output
    assert about[0].startswith(f"{file}: error[RKT406] ")
    assert words in about[0], about[0]


@pytest.mark.parametrize("case", list(REFERENCE_CASES))
def test_template_check_names_a_broken_reference_docx_in_one_line(tmp_path: Path, case: str) -> None:
    make, words = REFERENCE_CASES[case]
    folder = _template_folder(tmp_path, make())
    result = runner.invoke(app, ["template", "check", str(folder)])
    _assert_one_line_about(result, folder / "reference.docx", words)


@pytest.mark.parametrize("case", ["not a zip", "a .dotx", "entity bomb", "zip bomb", "declares 2 GiB"])
def test_render_with_a_broken_reference_docx_writes_nothing(tmp_path: Path, case: str) -> None:
    make, words = REFERENCE_CASES[case]
    folder = _template_folder(tmp_path, make())
    out = tmp_path / "rkt.docx"
    result = runner.invoke(app, ["render", str(DATA), "--template", str(folder), "-o", str(out)])
    _assert_one_line_about(result, folder / "reference.docx", words)
    assert not out.exists()


def test_a_rendered_rkt_is_a_good_reference_docx(tmp_path: Path) -> None:
    """What rkt itself writes, and the default reference, pass the check."""
    out = tmp_path / "rkt.docx"
    assert runner.invoke(app, ["render", str(DATA), "-o", str(out)]).exit_code == 0
    check_reference_docx(out.read_bytes())
    check_reference_docx((DEFAULT / "reference.docx").read_bytes())
    folder = _template_folder(tmp_path, out.read_bytes())
    result = runner.invoke(app, ["render", str(DATA), "--template", str(folder), "-o", str(tmp_path / "again.docx")])
    assert result.exit_code == 0, result.output


def test_the_check_raises_its_own_error_type() -> None:
    with pytest.raises(ReferenceDocxError, match=r"^not a Word document \(\.docx\): it is not a zip archive"):
        check_reference_docx(b"%PDF-1.7")


# --- wording that would take unbounded time or memory --------------------------------------------

WORDING_CASES: dict[str, tuple[str, str]] = {
    # case: (the wording, words the one-line message must hold)
    "recursive macro": ("{% macro r(n) %}{{ r(n) }}{% endmacro %}{{ r(1) }}", "nest more than"),
    "recursive loop": ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "nest more than"),
    "center(2**62)": ("{{ 'x'|center(2**62) }}", "too large"),
    "str.center(2**62)": ("{{ 'x'.center(2**62) }}", "too large"),
    "center(10**9)": ("{{ 'x'|center(10**9) }}", "too large"),
    "nested loops 10^5 x 10^5": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "steps",
    ),
    "lipsum(10**8)": ("{{ lipsum(10**8) }}", "'lipsum' is undefined"),
    "'%*s' % (10**9, '')": ("{{ '%*s' % (10**9, '') }}", "too large"),
    "'%.1000000000f' % 1": ("{{ '%.1000000000f' % 1 }}", "too large"),
    "format width": ("{{ '{:>1000000000}'.format('') }}", "too large"),
    "format filter": ("{{ '%*s'|format(10**9, '') }}", "too large"),
    "list doubling": (
        "{% set ns = namespace(l=[1]) %}{% for i in range(64) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
        "too large",
    ),
    "list repetition": ("{{ ([1] * 1000) * 1000000 }}", "too large"),
    "string doubling with ~": (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "too large",
    ),
    "doubling through set": (
        "{% set a = 'x' * 600000 %}{% set b = a ~ a %}{% set c = b ~ b %}{{ c|length }}",
        "too large",
    ),
    "power chain": ("{{ 9 ** (9 ** 9) }}", "too large"),
    "squaring in a loop": (
        "{% set ns = namespace(n=3) %}{% for i in range(64) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
        "too large",
    ),
    "replace blow-up": ("{{ ('a' * 100000).replace('a', 'b' * 100000) }}", "too large"),
    "translate blow-up": ("{{ ('a' * 100000).translate({97: 'b' * 100000}) }}", "too large"),
    "join blow-up": ("{{ (['x' * 100000] * 10000)|join }}", "too large"),
    "a list written out": ("{{ ['x' * 100000] * 10000 }}", "too large"),
    "indent(10**9)": ("{{ 'x'|indent(10**9, true) }}", "too large"),
    "wordwrap blow-up": ("{{ ('x ' * 100000)|wordwrap(1, wrapstring='y' * 100000) }}", "too large"),
    "batch(10**9)": ("{{ [1]|batch(10**9, 0)|list }}", "too large"),
    "slice(10**9)": ("{{ [1]|slice(10**9)|list }}", "too large"),
    "sorting again and again": (
        "{% set l = range(100000)|list %}{% for i in range(50) %}{{ l|sort|first }}{% endfor %}",
        "too much work",
    ),
    "nested 5,000 deep": ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "nested too deeply"),
    "a sum 5,000 terms long": ("{{ 1" + " + 1" * 5000 + " }}", "nested too deeply"),
    "ifs nested 150 deep": ("{% if 1 %}" * 150 + "{% endif %}" * 150, "nested too deeply"),
    "dictsort of a text": ("{{ unit|dictsort }}", "the filter dictsort cannot take this value"),
    "truncate(0)": ("{{ unit|truncate(0) }}", "the filter truncate cannot take this value"),
    "a filter block": ("{% filter center(10**9) %}x{% endfilter %}", "too large"),
    "a set block": ("{% set a %}{{ 'x' * 900000 }}{{ 'x' * 900000 }}{% endset %}{{ a ~ a }}", "too large"),
    "wording of a book": ("Kata " * 25_000, "the limit is 100,000"),
}


def _wording_folder(tmp_path: Path, wording: str) -> tuple[Path, int]:
    """A template folder whose pengantar is `wording` (as a block scalar); and that block's first line."""
    folder = tmp_path / "my-template"
    folder.mkdir()
    spec = (DEFAULT / "template.yaml").read_text(encoding="utf-8")
    assert 'pengantar: "{{ pengantar }}"\n' in spec
    block = "pengantar: |-\n" + "".join(f"  {line}\n" for line in wording.split("\n"))
    (folder / "template.yaml").write_text(spec.replace('pengantar: "{{ pengantar }}"\n', block), encoding="utf-8")
    line = spec.splitlines().index('pengantar: "{{ pengantar }}"') + 2  # the block's text starts below the key
    return folder, line


def _assert_wording_refused(result: Result, folder: Path, line: int, words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    about = [x for x in result.output.splitlines() if "template.yaml" in x]
    assert len(about) == 1, result.output
    # At the line of the wording where the limit was hit (when the message names one), at the
    # column where the block's text starts.
    later = re.search(r"\(line (\d+) of the wording\)", about[0])
    line += int(later.group(1)) - 1 if later else 0
    assert about[0].startswith(f"{folder / 'template.yaml'}:{line}:3: error[RKT405] pengantar: "), about[0]
    assert words in about[0], about[0]


@pytest.mark.parametrize("case", list(WORDING_CASES))
def test_template_check_refuses_wording_beyond_the_budget(tmp_path: Path, case: str) -> None:
    wording, words = WORDING_CASES[case]
    folder, line = _wording_folder(tmp_path, wording)
    result = runner.invoke(app, ["template", "check", str(folder)])
    _assert_wording_refused(result, folder, line, words)


@pytest.mark.parametrize("case", ["recursive macro", "center(2**62)", "nested loops 10^5 x 10^5", "list doubling"])
def test_render_refuses_wording_beyond_the_budget_and_writes_nothing(tmp_path: Path, case: str) -> None:
    wording, words = WORDING_CASES[case]
    folder, line = _wording_folder(tmp_path, wording)
    out = tmp_path / "rkt.docx"
    result = runner.invoke(app, ["render", str(DATA), "--template", str(folder), "-o", str(out)])
    _assert_wording_refused(result, folder, line, words)
    assert not out.exists()


def test_wording_that_grows_with_the_data_is_refused_when_rendering(tmp_path: Path) -> None:
    """The check's sample has one indikator, the 2024 RKT forty: only the render can see it."""
    folder, line = _wording_folder(tmp_path, "{{ 'x' * (jumlah_indikator * 100000) }}")
    assert runner.invoke(app, ["template", "check", str(folder)]).exit_code == 0
    out = tmp_path / "rkt.docx"
    result = runner.invoke(app, ["render", str(DATA), "--template", str(folder), "-o", str(out)])
    _assert_wording_refused(result, folder, line, "too large")
    assert f"{DATA}: not rendered: the template's wording cannot be filled in with this data" in result.output
    assert not out.exists()


def test_a_limit_on_a_later_line_of_the_wording_says_which(tmp_path: Path) -> None:
    wording = "Baris satu\nBaris dua\n{% for i in range(100000) %}{% for j in range(9) %}{% endfor %}{% endfor %}"
    folder, line = _wording_folder(tmp_path, wording)
    result = runner.invoke(app, ["template", "check", str(folder)])
    _assert_wording_refused(result, folder, line, "(line 3 of the wording)")


def test_ordinary_wording_still_works_in_the_budgeted_sandbox(tmp_path: Path) -> None:
    from rkt_cli.templating import SAMPLE_VALUES, load_template

    wording = (
        "{% for i in range(3) %}{{ unit ~ ' <b>' }}; {% endfor %}{{ '%05.1f' % 3.14159 }} "
        "{{ '{:>4}'.format('a') }} {{ 'x'|center(5) }} {{ [1, 2, 3]|join('-') }} {{ 2 ** 10 }}"
    )
    folder, _ = _wording_folder(tmp_path, wording)
    template = load_template(folder)
    expected = "Sekretariat KPU Kota Contoh <b>; " * 3 + "003.1    a   x   1-2-3 1024"
    assert template.word(("pengantar",)).render(SAMPLE_VALUES) == expected
