"""What the app serves, made light: compressed answers, static files cached for a year.

A prefecture server runs without nginx in front, so the app compresses its own answers
(Flask-Compress: brotli, gzip or zstd, whichever the browser takes). Every
`url_for("static", ...)` carries a hash of the file's content (`?v=…`), so a browser may
keep the file for a year and still gets a changed stylesheet on the next page; pages
themselves are never cached.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from functools import lru_cache

from flask import Flask, current_app, request
from flask_compress import Compress

YEAR = "public, max-age=31536000, immutable"
# Text worth compressing; downloads (CSV, XLSX, DOCX, PDF) and images are left as they are.
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
]
compress = Compress()


@lru_cache(maxsize=256)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:12]


def static_version(filename: str) -> str | None:
    """A short hash of a static file's content, or None if there is no such file. Keyed on
    the file's modification time, so an edited file gets a new version without a restart."""
    folder = current_app.static_folder
    if not folder or ".." in filename.split("/"):
        return None
    path = os.path.join(folder, filename)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _digest(path, stat.st_mtime_ns, stat.st_size)


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)  # below, the headers outweigh the gain
    # Bytes on a slow phone network first: the form page is 3.2 KB in brotli 5 (about
    # 1 ms), 3.5 KB in gzip, 3.7 KB in zstd 3; zstd stays for clients that take only it.
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip", "zstd"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    # Registered before every other after-request hook, so it runs last: it compresses
    # the final body and derives its ETag from the one set before it.
    compress.init_app(app)

    @app.after_request
    def read_text_files(response):
        # Files go out as streams, which Flask-Compress would wrap without ever closing the
        # file: a text file to compress is read into memory first (closed with the response).
        if (
            response.direct_passthrough
            and response.status_code == 200
            and response.mimetype in COMPRESSED_TYPES
            and request.headers.get("Accept-Encoding")
        ):
            response.direct_passthrough = False
            response.make_sequence()
        return response

    @app.after_request
    def compress_refusals(response):
        # Flask-Compress leaves answers outside 2xx alone, but the form shown again with its
        # errors (422) or an expired session (400) goes to the same slow phone as the form.
        if (
            400 <= response.status_code < 500
            and response.mimetype == "text/html"
            and "Content-Encoding" not in response.headers
            and not response.is_streamed
            and (response.content_length or 0) >= app.config["COMPRESS_MIN_SIZE"]
            and request.accept_encodings["gzip"]
        ):
            response.set_data(gzip.compress(response.get_data(), compresslevel=6, mtime=0))
            response.headers["Content-Encoding"] = "gzip"
        return response

    @app.url_defaults
    def versioned_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and "filename" in values:
            version = static_version(values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_policy(response):
        if request.endpoint == "static":
            filename = (request.view_args or {}).get("filename", "")
            version = request.args.get("v")
            # Only the current version is kept for a year: a stale or made-up ?v= is not.
            if version and response.status_code in (200, 304):
                if version == static_version(filename):
                    response.headers["Cache-Control"] = YEAR
                    response.expires = None
        elif response.mimetype == "text/html":
            # setdefault, without werkzeug's exception for a missing header (the form's path)
            if not any(name.lower() == "cache-control" for name in response.headers.keys()):
                response.headers["Cache-Control"] = "no-cache"
        return response
