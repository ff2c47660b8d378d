"""Hostile Word files for the import tests (issue 15), generated on the fly: no committed blobs.

Each builder starts from the office's RKT 2024 as tests/import_support.py lays it out, and edits
word/document.xml as text, the way an attacker (or a broken tool) would.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from tests.import_support import Layout, build_reference_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCUMENT = "word/document.xml"


def reference_docx(path: Path) -> Path:
    return build_reference_docx(path, Layout(continuation="repeat"))


def rewrite(source: Path, target: Path, document: Callable[[str], str | Iterable[bytes]]) -> Path:
    """Copy `source` with word/document.xml replaced by document(old text) (a string or byte chunks)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != DOCUMENT:
                new.writestr(info, old.read(info))
                continue
            content = document(old.read(info).decode("utf-8"))
            with new.open(DOCUMENT, "w") as out:
                if isinstance(content, str):
                    out.write(content.encode("utf-8"))
                else:
                    for chunk in content:
                        out.write(chunk)
    return target


def nth(pattern: str, text: str, n: int) -> int:
    """Start of the n-th (0-based; negative from the end) match of `pattern` in `text`."""
    starts = [m.start() for m in re.finditer(pattern, text)]
    return starts[n]


def data_row_start(xml: str, n: int = 0) -> int:
    """Where the n-th data row of the RKT table starts (after the header and numbering rows)."""
    return nth("<w:tr>", xml, n + 2)


def with_cell_text(xml: str, old: str, new: str) -> str:
    """Replace the first cell text `old` (a whole <w:t>) by `new`."""
    marker = f"<w:t>{old}</w:t>"
    assert marker in xml, old
    return xml.replace(marker, f'<w:t xml:space="preserve">{new}</w:t>', 1)


def lie_about_size(path: Path, member: str, declared: int) -> None:
    """Patch the central directory so that `member` claims `declared` bytes uncompressed."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length] == name:
            data[at + 24 : at + 28] = declared.to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def element_at(xml: str, tag: str, after: int) -> tuple[int, int]:
    """(start, end) of the first <tag>…</tag> (not nested in itself) at or after `after`."""
    start = xml.index(f"<{tag}>", after)
    end = xml.index(f"</{tag}>", start) + len(f"</{tag}>")
    return start, end
