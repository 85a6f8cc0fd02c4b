"""A gzip answer made of parts compressed ahead of time and a few bytes that change.

Compressing the form page took as long as building it from the cache (about 1 ms for
34 KB). A deflate stream may be cut into independent pieces: each constant part of a
cached page is compressed once on its own (so it refers to nothing before it) and
ends on a byte boundary; the per-request values go between them as stored blocks, as
they are. The result is one ordinary gzip member (RFC 1951/1952) that every browser
reads, a few hundred bytes larger than compressing the whole page at once.
"""

from __future__ import annotations

import struct
import zlib

LEVEL = 6
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time, OS unknown
_LAST_BLOCK = b"\x03\x00"  # an empty final block with fixed codes
_STORED_MAX = 0xFFFF


def compress_part(data: bytes) -> bytes:
    """Raw deflate blocks for `data` that refer to nothing before them and end on a byte
    boundary, none of them final: a part to put between others."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def stored_part(data: bytes) -> bytes:
    """`data` as stored (uncompressed) blocks, none final."""
    blocks = []
    for start in range(0, len(data), _STORED_MAX):
        chunk = data[start : start + _STORED_MAX]
        blocks.append(struct.pack("<BHH", 0, len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


def gzip_member(parts: list[tuple[bytes, bytes | None]]) -> bytes:
    """One gzip member from (text, its compressed part or None to store it) pairs, in order."""
    crc, size, body = 0, 0, [_HEADER]
    for data, compressed in parts:
        crc = zlib.crc32(data, crc)
        size += len(data)
        body.append(stored_part(data) if compressed is None else compressed)
    body.append(_LAST_BLOCK)
    body.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(body)
