"""The shipped DOCX skeletons (rkt_cli/render/skeletons/): each is exactly what python-docx
builds from its shipped template, one is shipped for every shipped template, and one is used
only for exactly the reference and page it was built from. When this fails after a change to a
shipped template, its reference.docx or the skeleton's making, write them again with
`python -m rkt_cli.render.docx_skeleton`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rkt_cli.layout import page_view
from rkt_cli.render import docx_skeleton
from rkt_cli.render.docx_skeleton import SHIPPED, build_skeleton, shipped_skeleton
from rkt_cli.shipped_templates import SHIPPED_TEMPLATES, shipped_template_folder
from rkt_cli.templating import Template, load_template

TEMPLATES = {name: load_template(shipped_template_folder(name)) for name in SHIPPED_TEMPLATES}


@pytest.mark.parametrize("page_number", [False, True], ids=["unnumbered", "numbered"])
@pytest.mark.parametrize("name", list(SHIPPED_TEMPLATES))
def test_the_shipped_skeleton_is_what_python_docx_builds(name: str, page_number: bool) -> None:
    template = TEMPLATES[name]
    page = page_view(template)
    shipped = shipped_skeleton(template.reference_docx, page, page_number)
    assert shipped is not None, "no skeleton shipped: python -m rkt_cli.render.docx_skeleton"
    assert shipped == build_skeleton(template.reference_docx, page, page_number)


def test_no_skeleton_is_shipped_for_nothing() -> None:
    used = {
        docx_skeleton._key(template.reference_docx, page_view(template), page_number)
        for template in TEMPLATES.values()
        for page_number in (False, True)
    }
    assert {path.name for path in SHIPPED.glob("*.zip")} == used


def _default() -> Template:
    return TEMPLATES["rkt"]


def test_another_page_finds_none() -> None:
    template = _default()
    page = replace(page_view(template), margin_left_mm=page_view(template).margin_left_mm + 1)
    assert shipped_skeleton(template.reference_docx, page, False) is None


def test_a_name_shared_by_other_bytes_or_another_page_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # A reference of the user's own whose name (a crc32) happened to match a shipped file.
    template = _default()
    page = page_view(template)
    shipped_name = docx_skeleton._key(template.reference_docx, page, False)
    monkeypatch.setattr(docx_skeleton, "_key", lambda *_: shipped_name)
    assert shipped_skeleton(template.reference_docx, page, False) is not None
    assert shipped_skeleton(template.reference_docx + b"\0", page, False) is None
    assert shipped_skeleton(template.reference_docx, page, True) is None
    assert shipped_skeleton(template.reference_docx, replace(page, font_name="Times New Roman"), False) is None


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_a_damaged_skeleton_is_built_instead(damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = _default()
    page = page_view(template)
    name = docx_skeleton._key(template.reference_docx, page, True)
    data = bytearray((SHIPPED / name).read_bytes())
    if damage == "truncated":
        del data[len(data) // 2 :]
    else:
        data[200] ^= 0xFF  # inside the first entry's compressed data
    (tmp_path / name).write_bytes(bytes(data))
    monkeypatch.setattr(docx_skeleton, "SHIPPED", tmp_path)
    assert shipped_skeleton(template.reference_docx, page, True) is None
    assert docx_skeleton.skeleton(template.reference_docx, page, True) == build_skeleton(
        template.reference_docx, page, True
    )
