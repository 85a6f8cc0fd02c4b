"""The shell's built files compressed once, as small as brotli (or gzip) makes them.

They change only with a new version of the app, so the slow, strongest settings cost a
fraction of a second once per worker and save every tablet a few kilobytes on its first
load (the joined script: 18 KB in brotli 11 against 21 KB at the app's everyday level 5).
Other answers are compressed on the fly by Flask-Compress (web/assets.py).
"""

from __future__ import annotations

import gzip
import threading

import brotli
from flask import Response, request

ENCODERS = {
    "br": lambda data: brotli.compress(data, quality=11),
    "gzip": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
}
_done: dict[tuple[str, str], bytes] = {}
_lock = threading.Lock()


def chosen_encoding() -> str | None:
    """brotli, else gzip, if the browser takes it."""
    accepted = request.accept_encodings
    return next((name for name in ENCODERS if accepted[name] > 0), None)


def encoded(key: str, body: bytes, encoding: str) -> bytes:
    """`body` (known by `key`, which changes with its content) in `encoding`, kept."""
    with _lock:
        done = _done.get((key, encoding))
    if done is None:
        done = ENCODERS[encoding](body)
        with _lock:
            _done[(key, encoding)] = done
    return done


def compressed_response(key: str, body: bytes, content_type: str) -> Response:
    """`body` compressed ahead for the browser (Flask-Compress leaves an encoded answer
    alone), with an ETag per content and encoding."""
    encoding = chosen_encoding()
    data = encoded(key, body, encoding) if encoding else body
    response = Response(data, content_type=content_type)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(f"{key}.{encoding or 'identity'}")
    return response
