"""The printed charts drawn by a second process, while this one starts up, reads the counts
and lays out the document: `survey report --format docx|pdf` then uses both cores.

Importing matplotlib and drawing the five charts take about as long as everything else the
command does, one after the other on one core before. ChartProcess starts a fresh interpreter
(not a fork: the parent may hold database connections and threads) that imports matplotlib
at once; `charts(report, names)` hands it the report and returns a mapping whose charts
arrive one by one in the order asked, so a renderer waits only for the chart it is placing.
They are drawn by the same loop as in this process (static_charts.drawn), so the bytes are
the same; if the process fails, the missing charts are drawn here.
"""

from __future__ import annotations

import gc
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING

from . import chart_store

if TYPE_CHECKING:
    from .model import Report


class ChartProcess:
    """A drawing process, started before the report exists; stop() it when done."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # its errors are raised again here, by the drawing this process then does itself
            stderr=subprocess.DEVNULL,
        )
        self._arriving: _Arriving | None = None

    def charts(
        self, report: Report, names: Iterable[str], folder: Path | None = None
    ) -> Mapping[str, bytes]:
        """The named charts of `report`, as static_charts.png_charts gives them: those kept
        in `folder` (chart_store.py; the process is then stopped), else drawn by the process
        while the caller goes on (looking one up waits for it only) and then kept there."""
        names = tuple(names)
        key = chart_store.content_key(report, names)
        kept = chart_store.load(folder, key)
        if kept is not None:
            self.stop()
            return kept
        try:
            pickle.dump((report, names), self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._process.stdin.close()
        except (OSError, ValueError, pickle.PicklingError, TypeError, AttributeError):
            self.stop()  # then every chart is drawn here, as without the process
        self._arriving = _Arriving(
            report, names, self._process.stdout, partial(chart_store.store, folder, key)
        )
        return self._arriving

    def stop(self) -> None:
        """End the process if it still runs (a failure, or charts not asked for)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._arriving is not None:
            self._arriving.join()  # its thread reads the pipe closed below
        for pipe in (self._process.stdin, self._process.stdout):
            pipe.close()

    def __enter__(self) -> ChartProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class _Arriving(Mapping[str, bytes]):
    """The charts as the process sends them, read by a thread as soon as each is drawn (a
    full pipe would hold the process back until the renderer asks for the next one); a
    chart with nothing to draw is left out, as png_charts leaves it out."""

    def __init__(
        self,
        report: Report,
        names: tuple[str, ...],
        stream: IO[bytes],
        keep: Callable[[dict[str, bytes]], None],
    ) -> None:
        self._report, self._names, self._keep = report, names, keep
        self._received: dict[str, bytes | None] = {}
        self._is_over, self._is_kept = False, False
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read_all, args=(stream,), daemon=True)
        self._reader.start()

    def _read_all(self, stream: IO[bytes]) -> None:
        try:
            while len(self._received) < len(self._names):
                name, png = _read(stream)
                with self._arrived:
                    self._received[name] = png
                    self._arrived.notify_all()
        except (OSError, ValueError, EOFError):
            pass  # the process failed or was stopped: what is missing is drawn here
        finally:
            with self._arrived:
                self._is_over = True
                self._arrived.notify_all()

    def join(self) -> None:
        """Wait for the reading thread (it ends when the process does)."""
        self._reader.join()

    def _wait_for(self, name: str) -> bytes | None:
        with self._arrived:
            self._arrived.wait_for(lambda: name in self._received or self._is_over)
        if name not in self._received:
            self._reader.join()
            self._draw_the_rest_here()
        if not self._is_kept and len(self._received) == len(self._names):
            self._is_kept = True
            self._keep({n: png for n, png in self._received.items() if png is not None})
        return self._received.get(name)

    def _draw_the_rest_here(self) -> None:
        from .static_charts import drawn

        missing = [n for n in self._names if n not in self._received]
        self._received.update(drawn(self._report, missing))

    def __getitem__(self, name: str) -> bytes:
        png = self._wait_for(name) if name in self._names else None
        if png is None:
            raise KeyError(name)
        return png

    def __iter__(self) -> Iterator[str]:
        return iter([n for n in self._names if self._wait_for(n) is not None])

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _write(stream: IO[bytes], name: str, png: bytes | None) -> None:
    stream.write(f"{name} {-1 if png is None else len(png)}\n".encode())
    stream.write(png or b"")
    stream.flush()


def _read(stream: IO[bytes]) -> tuple[str, bytes | None]:
    header = stream.readline()
    if not header.endswith(b"\n"):
        raise EOFError("the drawing process ended")
    name, size = header.decode().split()
    if int(size) < 0:
        return name, None
    png = stream.read(int(size))
    if len(png) != int(size):
        raise EOFError("the drawing process ended")
    return name, png


def _serve(source: IO[bytes], sink: IO[bytes]) -> None:
    """The drawing process: matplotlib loaded while the parent reads, then each chart sent
    as soon as it is drawn. The report is read meanwhile by a thread: a parent writing more
    than a pipe holds must not wait for the import to end."""
    sent: list[bytes] = []
    reader = threading.Thread(target=lambda: sent.append(source.read()), daemon=True)
    reader.start()
    from .static_charts import drawn, warm_up

    if reader.is_alive():  # time to spare: what the first chart would load, loaded now
        warm_up()
    reader.join()
    report, names = pickle.loads(sent[0])
    for name, png in drawn(report, names):
        _write(sink, name, png)


if __name__ == "__main__":
    # A short process whose modules and figures live until it ends: collecting garbage
    # while matplotlib loads and draws would find none worth the time (~0.1 s).
    gc.disable()
    _serve(sys.stdin.buffer, sys.stdout.buffer)
