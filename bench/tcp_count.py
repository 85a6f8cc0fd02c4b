"""A TCP relay that counts the bytes a server sends: what crossed the wire, whoever asked
(the page, its service worker, or the browser itself for the worker's script)."""

from __future__ import annotations

import asyncio
import socket
import threading


class CountingRelay:
    """Listens on a free local port and relays every connection to `port`."""

    def __init__(self, port: int):
        self.upstream = port
        self.received = 0  # server -> browser
        self.sent = 0  # browser -> server
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait(10)

    def reset(self) -> None:
        self.received = self.sent = self.connections = 0

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._relay, "127.0.0.1", self.port)
        )
        ready.set()
        self._loop.run_until_complete(server.serve_forever())

    async def _relay(self, reader, writer) -> None:
        self.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream)
        except OSError:
            writer.close()
            return

        async def pump(source, sink, downstream: bool) -> None:
            try:
                while data := await source.read(65536):
                    if downstream:
                        self.received += len(data)
                    else:
                        self.sent += len(data)
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                sink.close()

        await asyncio.gather(
            pump(reader, up_writer, False), pump(up_reader, writer, True), return_exceptions=True
        )
