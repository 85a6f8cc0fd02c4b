"""The printed charts kept on disk, in the instance folder, by the digest of what they are
drawn from: a bilan whose figures did not change is written again (by `survey report` or
any server worker) without importing matplotlib or drawing.

The digest covers the whole report and the chart names (as the in-memory cache's key), the
source of the analysis package and the versions of matplotlib and Pillow: new figures, new
drawing code or a new library draw again, and a kept file never stands for other charts.
The folder keeps the KEPT reports last used; files are written whole (a temporary file,
then renamed), and one that cannot be read is drawn again. Nothing here imports matplotlib.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import pickle
import tempfile
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

KEPT = 32
"""Reports whose charts stay on disk (about 0.5 MB each): every campaign of a site's year."""
SUFFIX = ".charts.zip"


def content_key(report: object, names: tuple[str, ...]) -> bytes | None:
    """A digest of everything the charts are drawn from; None, and nothing kept, if the
    report cannot be pickled."""
    try:
        content = pickle.dumps((report, names), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.sha256(_drawing_code() + content).digest()


@functools.cache
def _drawing_code() -> bytes:
    """The digest of the code the charts depend on: this package's source (the charts, the
    French number formats, the report model), matplotlib's and Pillow's versions."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for library in ("matplotlib", "PIL"):
        spec = importlib.util.find_spec(library)
        version = Path(spec.origin).with_name("_version.py") if spec and spec.origin else None
        digest.update(version.read_bytes() if version and version.is_file() else b"?")
    return digest.digest()


def load(folder: Path | None, key: bytes | None) -> dict[str, bytes] | None:
    """The charts kept under `key`, None when there are none (or they cannot be read)."""
    if folder is None or key is None:
        return None
    path = folder / (key.hex() + SUFFIX)
    try:
        with zipfile.ZipFile(path) as archive:
            images = {
                entry.filename.removesuffix(".png"): archive.read(entry)
                for entry in archive.infolist()
            }
    except (FileNotFoundError, PermissionError):
        return None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
        with contextlib.suppress(OSError):
            path.unlink()  # damaged: drawn and written again
        return None
    with contextlib.suppress(OSError):  # e.g. written by another account: read all the same
        os.utime(path)  # last used: the folder keeps the reports used most recently
    return images


def store(folder: Path | None, key: bytes | None, images: Mapping[str, bytes]) -> None:
    """Keep `images` under `key`, then forget the reports used least recently past KEPT.
    A folder that cannot be written only means the next document draws them again."""
    if folder is None or key is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide them from other accounts
            with os.fdopen(handle, "wb") as file, zipfile.ZipFile(file, "w") as archive:
                for name, png in images.items():  # PNG is compressed already: stored as is
                    archive.writestr(name + ".png", png)
            os.replace(temporary, folder / (key.hex() + SUFFIX))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(folder)
    except OSError:
        return


def _prune(folder: Path) -> None:
    kept, now = [], time.time()
    for path in folder.glob("*" + SUFFIX):
        with contextlib.suppress(OSError):
            kept.append((path.stat().st_mtime, path))
    for path in folder.glob("*.tmp"):  # left by a process killed while writing
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < now - 600:
                path.unlink()
    kept.sort(reverse=True)
    for _, path in kept[KEPT:]:
        with contextlib.suppress(OSError):
            path.unlink()
