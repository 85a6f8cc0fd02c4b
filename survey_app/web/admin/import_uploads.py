"""Files uploaded on «Importer des résultats», kept between the check and the confirmation so
they need not be sent twice: instance/imports/<token>/ (0700; the files 0600), with what the
check was about (campaign, account, mapping, channel) and the file's SHA-256.

The confirmation takes the folder by renaming it (atomic, so a double click or a second
worker cannot load it twice), then leaves <token>.done saying what was loaded. Anything
older than a day is removed on each new upload.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app

MAX_AGE_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
"""secrets.token_urlsafe(32); anything else is refused before touching a path."""
CHUNK = 64 * 1024


@dataclass(frozen=True)
class PendingImport:
    token: str
    digest: str
    """SHA-256 of the results file, as the confirmation form carries it back."""
    file_name: str
    suffix: str
    campaign: str
    user_id: int
    mapping: str
    """A bundled mapping's name, or "" for the uploaded mapping.yaml."""
    mapping_name: str
    channel: str

    @property
    def folder(self) -> Path:
        return imports_dir() / self.token

    def data_path(self, folder: Path | None = None) -> Path:
        return (folder or self.folder) / f"resultats{self.suffix}"

    def mapping_path(self, folder: Path | None = None) -> Path:
        return (folder or self.folder) / "correspondance.yaml"


def imports_dir() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _write(source, path: Path) -> str:
    """Copy an upload's stream to `path` (0600, never over an existing file); its SHA-256."""
    digest = hashlib.sha256()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            handle.write(chunk)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def keep(upload, mapping_upload, **about) -> PendingImport:
    """Store the results file (and the officer's mapping, if any) under a new token."""
    remove_old()
    token = secrets.token_urlsafe(32)
    folder = imports_dir() / token
    folder.mkdir(mode=0o700)
    suffix = Path(upload.filename or "").suffix.lower()
    upload.stream.seek(0)
    digest = _write(upload.stream, folder / f"resultats{suffix}")
    pending = PendingImport(token=token, digest=digest, suffix=suffix, **about)
    if mapping_upload is not None:
        mapping_upload.stream.seek(0)
        _write(mapping_upload.stream, pending.mapping_path())
    descriptor = os.open(folder / "import.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(asdict(pending), handle)
    return pending


def find(token: str) -> PendingImport | None:
    """The upload waiting under `token`, or None (unknown, malformed, taken or removed)."""
    if not TOKEN.match(token or ""):
        return None
    try:
        data = json.loads((imports_dir() / token / "import.json").read_text(encoding="utf-8"))
        return PendingImport(**data)
    except (OSError, ValueError, TypeError):
        return None


def take(pending: PendingImport) -> Path | None:
    """Claim the upload for loading: its folder, renamed; None if another request has it."""
    taken = pending.folder.with_name(f"{pending.token}.taken")
    try:
        pending.folder.rename(taken)
    except OSError:
        return None
    return taken


def finish(token: str, folder: Path, outcome: dict | None) -> None:
    """Remove a taken upload; `outcome` (what was loaded) stays a day for a replay to read."""
    shutil.rmtree(folder, ignore_errors=True)
    if outcome is not None:
        descriptor = os.open(imports_dir() / f"{token}.done", os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(outcome, handle)


def outcome(token: str) -> dict | None:
    """What the confirmation of `token` loaded, if it was confirmed (within a day)."""
    if not TOKEN.match(token or ""):
        return None
    try:
        return json.loads((imports_dir() / f"{token}.done").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_taken(token: str) -> bool:
    return bool(TOKEN.match(token or "")) and (imports_dir() / f"{token}.taken").exists()


def remove_old() -> None:
    """Uploads never confirmed, and replay notes, past MAX_AGE_SECONDS."""
    limit = time.time() - MAX_AGE_SECONDS
    for entry in imports_dir().iterdir():
        try:
            if entry.lstat().st_mtime >= limit:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        except OSError:
            continue
