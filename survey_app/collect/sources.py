"""Who sent a response, for burst detection only: a tablet, or a short-lived web fingerprint.

A web source is a keyed hash (HMAC with the secret key) of the client's address and the
campaign: it never reaches the database, lives in memory or Redis (RATELIMIT_STORAGE_URI)
and expires minutes after the source's last response. Only `is_flagged` is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, request

from ..core.setting_values import burst_rate
from .misuse import History, Policy, judge

KEY_PREFIX = "survey:source:"
MEMORY_MAX_SOURCES = 100_000
"""Sources kept per process at most (oldest forgotten first), so a flood cannot fill memory."""
EXTENSION = "survey_sources"

Update = Callable[[History | None], tuple[str | None, History]]


class MemoryStore:
    """Histories in this process only: enough for one worker, weaker with several."""

    def __init__(self, max_sources: int = MEMORY_MAX_SOURCES):
        self._entries: OrderedDict[str, tuple[float, History]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_sources

    def update(self, key: str, ttl: int, change: Update) -> str | None:
        now = time.monotonic()
        with self._lock:
            expires, history = self._entries.pop(key, (0.0, None))
            reason, new = change(history if expires > now else None)
            self._entries[key] = (now + ttl, new)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
            return reason


class RedisStore:
    """Histories shared by every worker and host, each key expiring on its own."""

    def __init__(self, uri: str):
        import redis

        self._redis = redis.Redis.from_url(uri, socket_connect_timeout=2, socket_timeout=2)

    def update(self, key: str, ttl: int, change: Update) -> str | None:
        outcome: list[str | None] = []

        def transaction(pipe) -> None:
            raw = pipe.get(key)
            history = History.from_json(json.loads(raw)) if raw else None
            reason, new = change(history)
            pipe.multi()
            pipe.set(key, json.dumps(new.to_json()), ex=ttl)
            outcome[:] = [reason]

        self._redis.transaction(transaction, key)  # retried if another worker wrote the key
        return outcome[0]


class SourceCheck:
    """One source's check, handed to record_response: is this new response suspect?"""

    def __init__(self, key: str):
        self.key = key

    def is_suspect(self, response_id: str, content_hash: str, at: datetime) -> bool:
        app = current_app._get_current_object()
        store, policy = app.extensions[EXTENSION]
        when = at.replace(tzinfo=UTC).timestamp() if at.tzinfo is None else at.timestamp()

        def change(history: History | None) -> tuple[str | None, History]:
            return judge(history, response_id, content_hash, when, policy)

        try:
            reason = store.update(KEY_PREFIX + self.key, policy.memory_seconds, change)
        except Exception as exc:  # noqa: BLE001 - Redis down: keep the response, unflagged
            app.logger.warning("burst detection unavailable: %s", exc)
            return False
        return reason is not None


def web_source(campaign_id: int) -> SourceCheck:
    """The client's address (after ProxyFix) on this campaign, as a keyed hash."""
    return SourceCheck("web:" + keyed_hash(f"{campaign_id}|{request.remote_addr or ''}"))


def device_source(device_id: int) -> SourceCheck:
    return SourceCheck(f"device:{device_id}")


def keyed_hash(text: str) -> str:
    """HMAC-SHA256 with the secret key: an address cannot be found back by trying them all."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()[:32]


def policy_from(config: dict[str, Any]) -> Policy:
    count, seconds = burst_rate(config["FLAG_BURST_RATE"])
    return Policy(
        identical_run=config["FLAG_IDENTICAL_RUN"],
        identical_seconds=config["FLAG_IDENTICAL_SECONDS"],
        burst_count=count,
        burst_seconds=seconds,
    )


def init_app(app: Flask) -> None:
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith(("redis://", "rediss://")):
        store: MemoryStore | RedisStore = RedisStore(uri)
    else:
        if not uri.startswith(("memory://", "sqlite:")):
            app.logger.warning("burst detection keeps its histories in memory, not in %s", uri)
        store = MemoryStore()
    app.extensions[EXTENSION] = (store, policy_from(app.config))
