"""Loading a template skips only checks that cannot fire: the reference.docx check for exactly
the shipped file's bytes (checked in full here), never for any other file."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from rkt_cli import reference_docx
from rkt_cli.reference_docx import CHECKED_REFERENCE_SHA256, ReferenceDocxError, check_reference_docx
from rkt_cli.templating import REFERENCE_DOCX, TemplateError, default_template_folder, load_template

SHIPPED = default_template_folder() / REFERENCE_DOCX


def test_the_digest_is_the_shipped_file_s_and_that_file_passes_the_full_check() -> None:
    data = SHIPPED.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert {digest} == CHECKED_REFERENCE_SHA256, f"reference.docx was rebuilt: its sha256 is now {digest}"
    check_reference_docx(data)  # raises if the shipped file would fail


def test_only_the_shipped_bytes_skip_the_check(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    checked: list[bytes] = []
    monkeypatch.setattr(reference_docx, "check_reference_docx", checked.append)
    assert reference_docx.read_reference_docx(SHIPPED) == SHIPPED.read_bytes()
    assert checked == []
    other = tmp_path / REFERENCE_DOCX
    other.write_bytes(SHIPPED.read_bytes() + b"\0")  # one byte more: another file, checked in full
    reference_docx.read_reference_docx(other)
    assert checked == [other.read_bytes()]


def test_a_user_s_reference_docx_that_differs_is_checked_in_full(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(default_template_folder(), folder)
    data = bytearray(SHIPPED.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF  # a damaged part: only the full check notices
    (folder / REFERENCE_DOCX).write_bytes(bytes(data))
    with pytest.raises(ReferenceDocxError):
        check_reference_docx(bytes(data))
    with pytest.raises(TemplateError) as caught:
        load_template(folder)
    (problem,) = caught.value.diagnostics
    assert problem.code == "RKT406"
    assert problem.file == str(folder / REFERENCE_DOCX)


@pytest.mark.parametrize("name", [None, "pk", "lkj"])  # pk and lkj have none of their own: the default's
def test_the_shipped_templates_still_bring_the_shipped_reference_docx(name: str | None) -> None:
    assert load_template(name).reference_docx == SHIPPED.read_bytes()
