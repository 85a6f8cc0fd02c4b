"""Which translations of a questionnaire document are up to date, missing or stale.

A document is a questionnaire as its YAML structure (a plain dict, e.g. a draft being
edited). When a translation is written, the hash of the French text it translates is
recorded in `sources` ({lang: {path: hash}}); a translation whose French has changed
since is stale. Paths name texts by keys, not positions («items.motif.label»), so
reordering items or options never makes a translation stale. Pure: no Flask, no database.
"""

from __future__ import annotations

import copy
import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

OK, MISSING, STALE = "ok", "missing", "stale"
Sources = dict[str, dict[str, str]]
"""{lang: {text path: hash of the French text when that translation was written}}."""


@dataclass(frozen=True)
class TextPlace:
    """One translatable text of a document: where it is and what it holds."""

    path: str
    """Stable name, by keys: «title», «pages.vous.title», «items.motif.options.autre.label»."""
    group: str
    """The page, item or scale it belongs to («title» for the questionnaire's own texts)."""
    texts: dict[str, Any]
    """The text itself in the document: language -> string (the live dict, not a copy)."""


def french_hash(text: Any) -> str:
    """A short fingerprint of a French text; spacing at the ends and Unicode form ignored."""
    normal = unicodedata.normalize("NFC", text.strip()) if isinstance(text, str) else ""
    return hashlib.sha256(normal.encode()).hexdigest()[:16]


def text_places(document: dict[str, Any]) -> Iterator[TextPlace]:
    """Every translatable text of the document, in reading order.

    French-only fields (report headings and phrases, engagements) are not translated.
    """
    for name in ("title", "introduction", "thanks"):
        if isinstance(document.get(name), dict):
            yield TextPlace(name, "title", document[name])
    for page in _keyed(document.get("pages")):
        if isinstance(page.get("title"), dict):
            yield TextPlace(f"pages.{page['key']}.title", f"pages.{page['key']}", page["title"])
    scales = document.get("scales")
    for name, scale in scales.items() if isinstance(scales, dict) else ():
        options = scale.get("options") if isinstance(scale, dict) else None
        yield from _options(options, f"scales.{name}")
    for item in _keyed(document.get("items")):
        group = f"items.{item['key']}"
        for name in ("label", "help", "notice"):
            if isinstance(item.get(name), dict):
                yield TextPlace(f"{group}.{name}", group, item[name])
        yield from _options(item.get("options"), group)


def _options(options: Any, group: str) -> Iterator[TextPlace]:
    for option in options if isinstance(options, list) else ():
        if isinstance(option, dict) and isinstance(option.get("value"), str):
            if isinstance(option.get("label"), dict):
                path = f"{group}.options.{option['value']}.label"
                yield TextPlace(path, group, option["label"])


def _keyed(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict) and isinstance(v.get("key"), str)]


def other_languages(document: dict[str, Any]) -> list[str]:
    """The languages offered besides French, in the document's order."""
    languages = document.get("languages")
    if not isinstance(languages, list):
        return []
    return [lang for lang in languages if isinstance(lang, str) and lang != "fr"]


def status_of(place: TextPlace, lang: str, sources: Sources) -> str:
    """ok, missing (no text, or the French copied in by a fallback) or stale."""
    text = place.texts.get(lang)
    french = place.texts.get("fr")
    if not isinstance(text, str) or not text.strip():
        return MISSING
    recorded = sources.get(lang, {}).get(place.path)
    if recorded is None:
        # Never marked written: the French copied in by a fallback is still untranslated.
        return MISSING if text.strip() == str(french or "").strip() else STALE
    return OK if recorded == french_hash(french) else STALE


def translation_status(document: dict[str, Any], sources: Sources) -> dict[str, dict[str, str]]:
    """{lang: {path: ok | missing | stale}} for every language other than French."""
    places = list(text_places(document))
    return {
        lang: {place.path: status_of(place, lang, sources) for place in places}
        for lang in other_languages(document)
    }


def needs_work(document: dict[str, Any], sources: Sources) -> dict[str, dict[str, list[str]]]:
    """Per language with something to do: {"missing": [paths], "stale": [paths]}."""
    result: dict[str, dict[str, list[str]]] = {}
    for lang, statuses in translation_status(document, sources).items():
        missing = [path for path, status in statuses.items() if status == MISSING]
        stale = [path for path, status in statuses.items() if status == STALE]
        if missing or stale:
            result[lang] = {MISSING: missing, STALE: stale}
    return result


def mark_written(
    document: dict[str, Any], sources: Sources, lang: str, paths: set[str] | None = None
) -> Sources:
    """A copy of `sources` where the translations at `paths` (all present ones when None)
    are recorded as written against the current French."""
    result = copy.deepcopy(sources)
    recorded = result.setdefault(lang, {})
    for place in text_places(document):
        if paths is not None and place.path not in paths:
            continue
        text = place.texts.get(lang)
        if isinstance(text, str) and text.strip():
            recorded[place.path] = french_hash(place.texts.get("fr"))
        else:
            recorded.pop(place.path, None)
    return result


def initial_sources(document: dict[str, Any]) -> Sources:
    """The sources of a new draft: every translation it holds counts as written against its
    French, except one identical to the French (a past fallback), which stays missing."""
    sources: Sources = {}
    for lang in other_languages(document):
        translated = {
            place.path
            for place in text_places(document)
            if str(place.texts.get(lang) or "").strip()
            and str(place.texts.get(lang)).strip() != str(place.texts.get("fr") or "").strip()
        }
        sources = mark_written(document, sources, lang, translated)
    return sources


def set_translations(
    document: dict[str, Any],
    sources: Sources,
    lang: str,
    texts: dict[str, str],
    confirmed: set[str] | frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], Sources]:
    """Write one language's texts ({path: text}): a changed one, or one `confirmed` as still
    right, is marked up to date; an empty one is removed (missing); an unchanged one keeps
    its status. Unknown paths are ignored. Returns copies."""
    document = copy.deepcopy(document)
    written: set[str] = set(confirmed)
    for place in text_places(document):
        if place.path not in texts:
            continue
        text = unicodedata.normalize("NFC", (texts[place.path] or "").strip())
        if text:
            if text != place.texts.get(lang):
                written.add(place.path)
            place.texts[lang] = text
        else:
            place.texts.pop(lang, None)
            written.add(place.path)
    return document, mark_written(document, sources, lang, written)


def fill_with_french(
    document: dict[str, Any], sources: Sources, lang: str
) -> tuple[dict[str, Any], Sources]:
    """Copies where every missing or stale text of `lang` is the French one, so the language
    is complete; those texts stay unrecorded, so a later draft shows them missing again."""
    document = copy.deepcopy(document)
    sources = copy.deepcopy(sources)
    for place in text_places(document):
        if status_of(place, lang, sources) != OK and isinstance(place.texts.get("fr"), str):
            place.texts[lang] = place.texts["fr"]
            sources.get(lang, {}).pop(place.path, None)
    return document, sources


def drop_language(
    document: dict[str, Any], sources: Sources, lang: str
) -> tuple[dict[str, Any], Sources]:
    """Copies without `lang`: out of the offered languages and out of every text."""
    if lang == "fr":
        raise ValueError("French cannot be dropped")
    document = copy.deepcopy(document)
    if isinstance(document.get("languages"), list):
        document["languages"] = [code for code in document["languages"] if code != lang]
    for place in text_places(document):
        place.texts.pop(lang, None)
    return document, {code: dict(paths) for code, paths in sources.items() if code != lang}


FALLBACK, DROP = "fr", "drop"
CHOICES = (FALLBACK, DROP)
"""Per language with work left, before publishing: fill those texts with the French, or
withdraw the language. A language is either complete or not offered: never half of it."""


def apply_choices(
    document: dict[str, Any], sources: Sources, choices: dict[str, str]
) -> tuple[dict[str, Any], Sources]:
    """The document to publish: each language with missing or stale texts handled by its
    choice. Raises ValueError naming the languages left without a (valid) choice."""
    work = needs_work(document, sources)
    unchosen = [lang for lang in work if choices.get(lang) not in CHOICES]
    if unchosen:
        raise ValueError(f"no choice for {', '.join(unchosen)}")
    for lang in work:
        if choices[lang] == DROP:
            document, sources = drop_language(document, sources, lang)
        else:
            document, sources = fill_with_french(document, sources, lang)
    return document, sources
