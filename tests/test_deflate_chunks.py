"""docx_package._deflate_pieces compresses chunks in a second thread: the bytes must be those of
compressing the whole at once, however the pieces are cut, and a failure must not pass as a
shorter document."""

from __future__ import annotations

import random
import zlib
from typing import Any

import pytest

from rkt_cli.render import docx_package
from rkt_cli.render.docx_package import _CHUNK_BYTES, _deflate, _deflate_pieces


def _pieces(seed: int, total: int) -> list[bytes]:
    """XML-like pieces of varied sizes (a few bytes to more than a chunk), `total` bytes in all."""
    rng = random.Random(seed)
    words = [b"<w:tr>", b"<w:tc><w:p><w:r><w:t>", b"Persentase laporan ", b"</w:t></w:r></w:p></w:tc>", b"100"]
    pieces: list[bytes] = []
    made = 0
    while made < total:
        size = rng.choice([1, 7, 300, 5000, 70_000, _CHUNK_BYTES + 3])
        piece = b"".join(rng.choice(words) for _ in range(size // 10 + 1))[:size] or b"x"
        pieces.append(piece)
        made += len(piece)
    return pieces


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("total", [10, _CHUNK_BYTES - 1, _CHUNK_BYTES, 3 * _CHUNK_BYTES + 12_345])
def test_chunks_compressed_in_a_thread_give_the_bytes_of_one_compression(seed: int, total: int) -> None:
    pieces = _pieces(seed, total)
    whole = b"".join(pieces)
    assert _deflate_pieces(iter(pieces)) == _deflate(whole)
    assert zlib.decompress(_deflate_pieces(iter(pieces)).data, -15) == whole


def test_no_pieces_is_an_empty_entry() -> None:
    assert _deflate_pieces(iter([])) == _deflate(b"")


def test_a_failure_in_the_compressing_thread_reaches_the_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    real = zlib.compressobj

    class Failing:
        def __init__(self, *args: Any) -> None:
            self._inner = real(*args)

        def compress(self, data: bytes) -> bytes:
            if len(data) >= _CHUNK_BYTES:  # only the chunks handed to the thread
                raise MemoryError("out of memory while compressing")
            return self._inner.compress(data)

        def flush(self) -> bytes:
            return self._inner.flush()

    monkeypatch.setattr(docx_package.zlib, "compressobj", Failing)
    with pytest.raises(MemoryError, match="while compressing"):
        _deflate_pieces(iter(_pieces(4, 2 * _CHUNK_BYTES + 10)))
