"""The DOCX package: zip entries written with fixed times, attributes and order, so that the
same input gives the same bytes. Entries come already compressed (_Deflated), in one piece or
compressed as they are made (_deflate_pieces), and are written as zipfile writes them."""

from __future__ import annotations

import datetime as dt
import io
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# A zip entry stores its time as MS-DOS date fields: years 1980 to 2107 only. Python's zipfile
# raises struct.error beyond, so every time is clamped into that range before it gets there.
ZIP_EARLIEST = dt.datetime(1980, 1, 1)
ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58)


def _zip_date_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's time: MS-DOS fields, years 1980 to 2107, even seconds."""
    stamp = min(max(when, ZIP_EARLIEST), ZIP_LATEST)
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second - stamp.second % 2)


def _entry_order(names: list[str]) -> list[str]:
    # [Content_Types].xml first: some readers expect it there, as Word writes it.
    return sorted(names, key=lambda n: (n != "[Content_Types].xml", n))


ZIP_COMPRESS_LEVEL = 6


def _zip_with_zipfile(entries: list[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """Entries (name, content), in this order, with fixed entry times and attributes."""
    date_time = _zip_date_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, content, compresslevel=ZIP_COMPRESS_LEVEL)
    return out.getvalue()


def normalize_zip(data: bytes, when: dt.datetime, edits: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """Rewrite a DOCX zip with fixed entry times, attributes and order: same content, same bytes.
    `edits` changes the content of named entries on the way."""
    edits = edits or {}
    entries: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        for name in _entry_order(source.namelist()):
            content = source.read(name)
            if name in edits:
                content = edits[name](content)
            entries.append((name, content))
    return _zip_with_zipfile(entries, when)


@dataclass(frozen=True, slots=True)
class _Deflated:
    """A zip entry's content as zipfile stores it (raw deflate at ZIP_COMPRESS_LEVEL)."""

    crc: int
    size: int
    data: bytes


def _deflate(content: bytes) -> _Deflated:
    # Exactly what zipfile's writestr does: a raw-deflate compressor (wbits -15) fed the whole
    # content at once, then flushed; so the bytes equal those of normalize_zip.
    compressor = zlib.compressobj(ZIP_COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return _Deflated(zlib.crc32(content), len(content), compressor.compress(content) + compressor.flush())


def _deflate_pieces(pieces: Iterable[bytes]) -> _Deflated:
    """_deflate of the pieces joined, compressed as they come, so that the whole content is never
    held at once (document.xml of 40,000 rows is 77 MB; compressed, 2.5 MB). The bytes are
    _deflate's: without a flush, zlib's output does not depend on how its input was cut.

    The pieces are gathered into chunks of _CHUNK_BYTES, and each chunk is compressed in a
    second thread while this one makes the next: zlib lets go of Python's lock while it
    compresses, so on two cores the making of the rows (a fifth of the time) comes for free
    (4,000 rows: 38 → 30 ms). One compressor, fed the chunks in order, one at a time: the
    same bytes as compressing here. (Piece by piece, each hand-over waited for Python's lock
    and nothing was gained; chunks make the hand-overs few.)"""
    compressor = zlib.compressobj(ZIP_COMPRESS_LEVEL, zlib.DEFLATED, -15)
    crc = size = 0
    out: list[bytes] = []
    chunk: list[bytes] = []
    chunk_bytes = 0
    running: _Compressing | None = None
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
        chunk.append(piece)
        chunk_bytes += len(piece)
        if chunk_bytes >= _CHUNK_BYTES:
            if running is not None:
                out.append(running.result())  # in order: the compressor takes one chunk at a time
            running = _Compressing(compressor, b"".join(chunk))
            chunk, chunk_bytes = [], 0
    if running is not None:
        out.append(running.result())
    out.append(compressor.compress(b"".join(chunk)))
    out.append(compressor.flush())
    return _Deflated(crc, size, b"".join(out))


# Large enough that handing a chunk over costs nothing beside compressing it, small enough that
# the last chunk, compressed alone at the end, is short (measured: 256 KB to 1 MB alike).
_CHUNK_BYTES = 512 * 1024


class _Compressing:
    """One chunk being compressed in a thread of its own; result() waits for its bytes, and
    raises what the compression raised (a MemoryError must not become a short document)."""

    def __init__(self, compressor: Any, data: bytes) -> None:
        self._compressor = compressor
        self._data = data
        self._output = b""
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._output = self._compressor.compress(self._data)
        except BaseException as exc:  # handed to result(), in the thread that writes the document
            self._error = exc

    def result(self) -> bytes:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._output


# The zip records as zipfile writes them for a deflated entry under 2 GiB (no zip64 fields):
# "version made by" and "needed to extract" 2.0, made on MS-DOS (create_system 0), the
# permissions zipfile gives an entry whose external_attr is 0 (rw-------), no extra field, no
# comment.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP_VERSION = 20
_UTF8_NAME_FLAG = 0x800
_EXTERNAL_ATTR = 0o600 << 16
# Beyond these zipfile adds zip64 records; such a document goes through zipfile itself. Half
# the limit for the sum of the contents leaves room for the headers and for deflate's growth of
# data that does not compress.
_RAW_ZIP_MAX_BYTES = zipfile.ZIP64_LIMIT // 2
_RAW_ZIP_MAX_ENTRIES = 0xFFFF


def _zip_raw(entries: list[tuple[str, _Deflated]], when: dt.datetime) -> bytes:
    """The bytes _zip_with_zipfile writes for the same entries, from already compressed data."""
    year, month, day, hour, minute, second = _zip_date_time(when)
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | second // 2
    out = bytearray()
    central = bytearray()
    for name, entry in entries:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME_FLAG
        offset = len(out)
        sizes = (entry.crc, len(entry.data), entry.size, len(encoded))
        out += _LOCAL_HEADER.pack(
            b"PK\x03\x04", _ZIP_VERSION, 0, flags, zipfile.ZIP_DEFLATED, dostime, dosdate, *sizes, 0
        )
        out += encoded
        out += entry.data
        central += _CENTRAL_HEADER.pack(
            b"PK\x01\x02", _ZIP_VERSION, 0, _ZIP_VERSION, 0, flags, zipfile.ZIP_DEFLATED, dostime, dosdate,
            *sizes, 0, 0, 0, 0, _EXTERNAL_ATTR, offset,
        )  # fmt: skip
        central += encoded
    start = len(out)
    out += central
    out += _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)
