"""The fast paths of issue 14's render work give what the plain ones give: the page plan's line
counts (the greedy wrap as it was written before) and the compression of document.xml in pieces."""

from __future__ import annotations

import itertools
import zlib

from hypothesis import given
from hypothesis import strategies as st

from rkt_cli.pagination import _line_count, _LineCounts, _wrapped_lines
from rkt_cli.render.docx_package import _deflate, _deflate_pieces


def line_count_before(text: str, width_mm: float, char_mm: float) -> int:
    """pagination._line_count as written before issue 14's fast paths (commit e34b8cb)."""
    capacity = max(1, int(width_mm / char_mm))
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size <= capacity:
                used += 1 + size
                continue
            if used:
                lines += 1
            lines += (size - 1) // capacity
            used = (size - 1) % capacity + 1
        total += lines
    return total


# Words, spaces of every kind, line breaks: what the wrap and its one-line shortcut must agree on.
TEXTS = st.text(alphabet=st.sampled_from(list("ab ABxyz\n\t\u00a0\u2028.-")), max_size=120)


@given(text=TEXTS, width=st.floats(min_value=0.5, max_value=120), char=st.floats(min_value=0.3, max_value=4))
def test_line_counts_as_before(text: str, width: float, char: float) -> None:
    want = line_count_before(text, width, char)
    assert _line_count(text, width, char) == want
    capacity = max(1, int(width / char))
    assert _wrapped_lines(text, capacity) == want
    counts = _LineCounts()
    assert counts.of(text, capacity) == want
    assert counts.of(text, capacity) == want  # remembered
    assert counts.column([text, text, ""], capacity) == [want, want, 1]


def test_a_word_longer_than_many_lines() -> None:
    assert _wrapped_lines("x" * 1_000_001, 10) == line_count_before("x" * 1_000_001, 10, 1) == 100_001


@given(content=st.binary(max_size=5000), cuts=st.lists(st.integers(min_value=0, max_value=5000), max_size=8))
def test_pieces_compress_to_the_bytes_of_the_whole(content: bytes, cuts: list[int]) -> None:
    bounds = sorted({0, len(content), *(min(c, len(content)) for c in cuts)})
    pieces = [content[a:b] for a, b in itertools.pairwise(bounds)]
    whole = _deflate(content)
    assert _deflate_pieces(pieces) == whole
    assert zlib.decompress(whole.data, -15) == content


def test_text_compressed_in_pieces_is_the_text_compressed_whole() -> None:
    words = "".join(f"<w:tr><w:t>indikator {n} &amp; kegiatan {n % 37}</w:t></w:tr>" for n in range(40_000)).encode()
    pieces = [words[i : i + 65_536] for i in range(0, len(words), 65_536)]
    assert _deflate_pieces(pieces) == _deflate(words)
