"""The floor for the tablet's first load: the same files, each fetched once, compressed at
brotli's best, from a bare static server (HTTP/1.1 keep-alive, a handful of headers).

Its page is the tablet's own HTML without its links, plus a few lines that ask for every
other file at once, so nothing waits on anything but the page: no service worker, no
round trip between the pairing and the questionnaire.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli

LINKS = re.compile(r"<(?:link|script)\b[^>]*>(?:</script>)?\s*", re.I)
LOADER = """<script>
Promise.all(%s.map((url) => fetch(url).then((r) => r.arrayBuffer())))
  .then(() => { window.floorDone = performance.now(); });
</script>
"""


def floor_page(html: str, urls: list[str]) -> bytes:
    page = LINKS.sub("", html)
    page = page.replace("</head>", '<link rel="icon" href="data:,">\n</head>')  # no favicon.ico
    return page.replace("</body>", LOADER % json.dumps(urls) + "</body>").encode()


class Floor:
    """Serves `files` [(content type, body)]: the first as the page at /, the others at /f/N."""

    def __init__(self, page_html: str, files: list[tuple[str, bytes]]):
        urls = [f"/f/{n}" for n in range(len(files))]
        self.bodies = {"/": ("text/html; charset=utf-8", floor_page(page_html, urls))}
        self.bodies.update(zip(urls, files, strict=True))
        self.compressed = {
            path: brotli.compress(body, quality=11) for path, (_, body) in self.bodies.items()
        }
        floor = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the http.server name
                path = self.path.split("?")[0]
                if path not in floor.bodies:
                    self.send_error(404)
                    return
                body = floor.compressed[path]
                self.send_response(200)
                self.send_header("Content-Type", floor.bodies[path][0])
                self.send_header("Content-Encoding", "br")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
