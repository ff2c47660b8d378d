"""The `rkt` template's DOCX of data/rkt_2024.yaml, pinned by its sha256.

Issue 9 (shipped templates, parts, new column features) promises that the default template's
output for the signed 2024 RKT stays byte-identical: the office's document does not change
because rkt learned other documents. A hash is the plainest way to hold that promise: any
change to a byte of document.xml, the styles, the properties or the zip records shows here.
The DOCX is deterministic (fixed zip times and order, properties from the signing date), so
the hash is stable from run to run on one set of libraries. Should an upgrade of python-docx,
lxml or zlib change it, render the file with the old libraries and the new ones and compare the
unzipped parts before moving the pin: the pin moves only for a reason outside this repository.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.cli_support import run_rkt
from tests.render_support import DATA

# `rkt render data/rkt_2024.yaml` (no SOURCE_DATE_EPOCH: the signing date 2024-01-25 dates it),
# as rendered before issue 9's template changes (commit 6bb3660).
PINNED_SHA256 = "1fc35f4cf0c35506339629e1b94aed96779dfbfe82d562171768b1c4d739a20c"


@pytest.mark.parametrize("template", [None, "rkt", "default"])
def test_rkt_template_output_is_byte_identical(tmp_path: Path, template: str | None) -> None:
    out = tmp_path / "rkt_2024.docx"
    args: list[str | Path] = ["render", DATA, "-o", out]
    if template is not None:
        args += ["--template", template]
    result = run_rkt(*args, env={"SOURCE_DATE_EPOCH": None})
    assert result.returncode == 0, result.stderr
    assert hashlib.sha256(out.read_bytes()).hexdigest() == PINNED_SHA256


def test_two_renders_give_the_same_bytes(tmp_path: Path) -> None:
    outs = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for out in outs:
        assert run_rkt("render", DATA, "-o", out, env={"SOURCE_DATE_EPOCH": None}).returncode == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
