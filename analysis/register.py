"""The requests register's figures: counts by channel (with shares adding to 100 %), kind and
theme, last year's total, the share answered within the label's deadline and the mean delay.

Pure: entries' facts in (no contact, no text), figures out; survey_app/register reads the
facts, the report and the admin pages show the figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .rounding import round_distribution
from .working_days import working_days_between

CHANNELS = {
    "courriel": "Courriel",
    "courrier": "Courrier",
    "fiche_hall": "Fiche hall",
    "borne": "Fiche hall (borne)",
    "web": "Formulaire web",
    "telephone": "Téléphone",
    "autre": "Autre",
}
"""Channel code -> label, in the order the bilan lists them."""
CHANNEL_REPORT_NAMES = {
    "courriel": "COURRIEL",
    "courrier": "COURRIER",
    "fiche_hall": "FICHES HALL",
    "borne": "FICHES HALL (BORNE)",
    "web": "FORMULAIRE WEB",
    "telephone": "TÉLÉPHONE",
    "autre": "AUTRES",
}
"""The bilan's table writes its channels in capitals."""
KINDS = {
    "reclamation": "Réclamation",
    "suggestion": "Suggestion",
    "information": "Demande d'information",
}
KIND_PLURALS = {
    "reclamation": "Réclamations",
    "suggestion": "Suggestions",
    "information": "Demandes d'information",
}
STATUSES = {
    "open": "À traiter",
    "answered": "Répondue",
    "closed": "Classée sans réponse",
}
"""closed: nothing to answer (an anonymous suggestion, for instance); not counted for delays."""
REPLY_CHANNELS = {
    "courriel": "Courriel",
    "courrier": "Courrier",
    "telephone": "Téléphone",
    "sur_place": "Sur place",
    "autre": "Autre",
}


@dataclass(frozen=True)
class EntryFacts:
    """What the statistics need of one entry: never its contact nor its text."""

    received_on: date
    channel: str
    kind: str
    is_in_scope: bool
    themes: tuple[str, ...]
    status: str
    due_on: date
    replied_on: date | None = None


@dataclass(frozen=True)
class ChannelLine:
    channel: str
    n: int
    share: Decimal
    """Whole percents (Decimal('0.57')), largest-remainder rounded so the column adds to 100 %."""


@dataclass(frozen=True)
class RegisterFigures:
    year: int
    total: int
    """Entries in the label's scope received in `year`."""
    out_of_scope: int
    channels: tuple[ChannelLine, ...]
    kinds: tuple[tuple[str, int], ...]
    themes: tuple[tuple[str, int], ...]
    """Largest first, then alphabetical."""
    previous_total: int | None
    answered: int
    answered_in_time: int
    open_overdue: int
    open_in_time: int
    mean_delay: Fraction | None
    """Mean working days from receipt to reply, over the answered entries."""

    @property
    def in_time_share(self) -> Fraction | None:
        """Answered within the deadline, over the entries answered or overdue."""
        due = self.answered + self.open_overdue
        return Fraction(self.answered_in_time, due) if due else None

    def to_dict(self) -> dict:
        share = self.in_time_share
        return {
            "year": self.year,
            "total": self.total,
            "out_of_scope": self.out_of_scope,
            "channels": [
                {"channel": c.channel, "label": CHANNELS.get(c.channel, c.channel), "n": c.n,
                 "share": float(c.share)}
                for c in self.channels
            ],
            "kinds": [{"kind": k, "n": n} for k, n in self.kinds],
            "themes": [{"theme": t, "n": n} for t, n in self.themes],
            "previous_year": self.year - 1,
            "previous_total": self.previous_total,
            "answered": self.answered,
            "answered_in_time": self.answered_in_time,
            "open_overdue": self.open_overdue,
            "open_in_time": self.open_in_time,
            "in_time_share": None if share is None else float(share),
            "mean_delay_working_days": None if self.mean_delay is None else float(self.mean_delay),
        }  # fmt: skip


def is_overdue(facts: EntryFacts, today: date) -> bool:
    """Still waiting for a reply after its due date."""
    return facts.status == "open" and today > facts.due_on


def register_figures(
    entries: Iterable[EntryFacts],
    year: int,
    today: date,
    previous_total: int | None = None,
    area: str = "",
) -> RegisterFigures:
    """The figures of `year`'s entries (the caller passes that year's only); out-of-scope
    entries are counted apart and in nothing else."""
    in_scope: list[EntryFacts] = []
    out_of_scope = 0
    for facts in entries:
        if facts.received_on.year != year:
            raise ValueError(f"an entry of {facts.received_on} is not of {year}")
        if facts.is_in_scope:
            in_scope.append(facts)
        else:
            out_of_scope += 1
    by_channel = Counter(f.channel for f in in_scope)
    order = [c for c in CHANNELS if by_channel[c]] + sorted(set(by_channel) - set(CHANNELS))
    shares = round_distribution([by_channel[c] for c in order])
    answered = [f for f in in_scope if f.status == "answered" and f.replied_on is not None]
    delays = [working_days_between(f.received_on, f.replied_on, area) for f in answered]
    by_kind = Counter(f.kind for f in in_scope)
    themes = Counter(theme for f in in_scope for theme in f.themes)
    open_entries = [f for f in in_scope if f.status == "open"]
    return RegisterFigures(
        year=year,
        total=len(in_scope),
        out_of_scope=out_of_scope,
        channels=tuple(
            ChannelLine(c, by_channel[c], share) for c, share in zip(order, shares, strict=True)
        ),
        kinds=tuple((k, by_kind[k]) for k in KINDS if by_kind[k]),
        themes=tuple(sorted(themes.items(), key=lambda pair: (-pair[1], pair[0].casefold()))),
        previous_total=previous_total,
        answered=len(answered),
        answered_in_time=sum(f.replied_on <= f.due_on for f in answered),
        open_overdue=sum(is_overdue(f, today) for f in open_entries),
        open_in_time=sum(not is_overdue(f, today) for f in open_entries),
        mean_delay=Fraction(sum(delays), len(delays)) if delays else None,
    )
