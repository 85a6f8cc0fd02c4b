"""Burst and misuse detection: when a source's next response should be flagged.

Pure (no Flask, no database, no clock): a source's short history goes in with the new
response, a verdict and the updated history come out. Flagged responses are stored and
counted as usual; reports can leave them out. Nothing is ever refused here.

A "source" is a tablet, or for the web one address on one campaign (see sources.py);
the history holds response ids, content hashes and times, nothing about a person.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

IDENTICAL_RUN = "identical_run"
BURST = "burst"


@dataclass(frozen=True)
class Policy:
    """When to flag; a zero count switches that check off."""

    identical_run: int = 3
    """Flag from the Nth identical response in a row (two in a row happen naturally)."""
    identical_seconds: float = 600
    """Identical responses further apart than this do not continue a run."""
    burst_count: int = 4
    """More responses than this within `burst_seconds` are faster than people answer."""
    burst_seconds: float = 60

    @property
    def memory_seconds(self) -> int:
        """How long a source's history is worth keeping after its last response."""
        return int(max(self.identical_seconds, self.burst_seconds)) + 1


@dataclass(frozen=True)
class History:
    """What is remembered of one source's recent responses."""

    last_id: str = ""
    last_content: str = ""
    last_at: float = 0.0
    last_reason: str | None = None
    run: int = 0
    times: tuple[float, ...] = ()
    """Times of the latest responses, at most Policy.burst_count of them."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.last_id,
            "content": self.last_content,
            "at": self.last_at,
            "reason": self.last_reason,
            "run": self.run,
            "times": list(self.times),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> History:
        return cls(
            last_id=str(data.get("id", "")),
            last_content=str(data.get("content", "")),
            last_at=float(data.get("at", 0.0)),
            last_reason=data.get("reason"),
            run=int(data.get("run", 0)),
            times=tuple(float(t) for t in data.get("times", ())),
        )


def judge(
    history: History | None, response_id: str, content: str, at: float, policy: Policy
) -> tuple[str | None, History]:
    """(reason to flag or None, the source's new history) for a new response.

    `content` is the response's content hash, `at` its collection time in seconds.
    The same id sent again (a retry after a timeout) keeps its first verdict and is
    not counted twice, so a visitor retrying never flags themselves.
    """
    history = history or History()
    if response_id and response_id == history.last_id:
        return history.last_reason, history
    is_same = content == history.last_content and abs(at - history.last_at) <= (
        policy.identical_seconds
    )
    run = history.run + 1 if is_same else 1
    recent = (*history.times, at)
    reason = None
    if policy.identical_run and run >= policy.identical_run:
        reason = IDENTICAL_RUN
    elif policy.burst_count and len(recent) > policy.burst_count:
        if max(recent) - min(recent) <= policy.burst_seconds:
            reason = BURST
    kept = recent[-policy.burst_count :] if policy.burst_count else ()
    new = replace(
        history,
        last_id=response_id,
        last_content=content,
        last_at=at,
        last_reason=reason,
        run=run,
        times=kept,
    )
    return reason, new
