"""What a questionnaire is: immutable, validated, language-complete objects.

Built only by `questionnaires.loader`; everything else reads them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

ITEM_TYPES = ("choice", "rating", "text", "yesno")
FORMAT = 2
"""The questionnaire format written into frozen versions. Format 2 declares the roles
(reason for the visit, report names of scale options); earlier versions: frozen.py."""
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ur", "he", "ckb"})

Text = dict[str, str]
"""A translated text: language code -> string, always with "fr"."""


@dataclass(frozen=True)
class Option:
    """One possible answer of a choice, rating or yes/no item."""

    value: str
    label: Text
    pictogram: str | None = None
    is_satisfied: bool = False
    """Counts as satisfied in a rating item's rate (role declared by the scale)."""
    is_no_opinion: bool = False
    """«Sans avis»: recorded, never in a rate's denominator (role declared by the scale)."""
    report_phrase: str | None = None
    """French words after «X % » in the report: «sont des particuliers», «très satisfaits»."""


@dataclass(frozen=True)
class ShowIf:
    """The item is shown only when `item` was answered with one of `values`."""

    item: str
    values: tuple[str, ...]

    def matches(self, answers: dict[str, str]) -> bool:
        return answers.get(self.item) in self.values


@dataclass(frozen=True)
class ReportLink:
    """A choice item quoted after a rating item's sentence in the report."""

    item: str
    values: tuple[str, ...]
    phrase: str


@dataclass(frozen=True)
class Page:
    key: str
    title: Text


@dataclass(frozen=True)
class Item:
    key: str
    type: str
    page: str
    label: Text
    help: Text | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    scale: str | None = None
    show_if: ShowIf | None = None
    engagement: int | None = None
    is_overall: bool = False
    """The overall satisfaction (`overall: true`): its own sentence and breakdowns."""
    is_reason: bool = False
    """The reason for the visit (`reason: true`): the report splits the overall item by it."""
    max_length: int | None = None
    notice: Text | None = None
    report_heading: str | None = None
    report_phrase: str | None = None
    report_split: bool = False
    report_link: ReportLink | None = None

    @property
    def has_options(self) -> bool:
        return self.type != "text"

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    @cached_property
    def values(self) -> tuple[str, ...]:
        """The options' values, worked out once (every answer is checked against them)."""
        return tuple(o.value for o in self.options)


@dataclass(frozen=True)
class Questionnaire:
    key: str
    title: Text
    languages: tuple[str, ...]
    pages: tuple[Page, ...]
    items: tuple[Item, ...]
    introduction: Text | None = None
    thanks: Text | None = None
    engagements: dict[int, str] = field(default_factory=dict)
    """Services Publics + engagement number -> its French wording (`engagements:`)."""
    source: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The validated content with scales resolved, as frozen into a version."""

    def item(self, key: str) -> Item | None:
        return self._by_key.get(key)

    @property
    def _by_key(self) -> dict[str, Item]:
        cached = self.__dict__.get("_items_by_key")
        if cached is None:
            cached = {i.key: i for i in self.items}
            object.__setattr__(self, "_items_by_key", cached)
        return cached

    @property
    def overall_item(self) -> Item | None:
        """The item declared `overall`, if any (the loader allows one at most)."""
        return next((i for i in self.items if i.is_overall), None)

    @property
    def reason_item(self) -> Item | None:
        """The item declared `reason` (the reason for the visit), if any: one at most."""
        return next((i for i in self.items if i.is_reason), None)

    def items_on(self, page: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.page == page)

    @property
    def content_hash(self) -> str:
        """Identifies this exact content: a changed file makes a new version. Computed once
        (the web form keys its cached pages on it, on every request)."""
        cached = self.__dict__.get("_content_hash")
        if cached is None:
            canonical = json.dumps(self.source, sort_keys=True, ensure_ascii=False)
            cached = hashlib.sha256(canonical.encode()).hexdigest()
            object.__setattr__(self, "_content_hash", cached)
        return cached

    def is_rtl(self, lang: str) -> bool:
        return lang.split("-")[0] in RTL_LANGUAGES
