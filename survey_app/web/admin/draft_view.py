"""What the editor's pages show beside the document: problems placed next to their field,
French names of fields and types, and the choices of its selects."""

from __future__ import annotations

import re
from typing import Any

from flask import url_for

from questionnaires import builtin_scales
from questionnaires.document import join_path, parse_path

TYPE_LABELS = {
    "choice": "Choix unique",
    "rating": "Note sur une échelle",
    "yesno": "Oui / non",
    "text": "Texte libre",
}
FIELD_LABELS = {
    "key": "clé",
    "type": "type",
    "page": "page",
    "label": "libellé",
    "help": "aide",
    "required": "obligatoire",
    "show_if": "condition d'affichage",
    "equals": "valeur",
    "in": "valeurs",
    "item": "question",
    "engagement": "engagement Services Publics +",
    "reason": "motif de la visite",
    "overall": "satisfaction globale",
    "options": "options",
    "value": "valeur",
    "values": "valeurs",
    "phrase": "phrase",
    "report_phrase": "phrase du rapport",
    "report_heading": "titre dans le rapport",
    "report_split": "détail des satisfaits",
    "report_link": "lien vers une autre question",
    "scale": "échelle",
    "max_length": "longueur maximale",
    "notice": "avertissement",
    "title": "titre",
    "introduction": "introduction",
    "thanks": "remerciements",
    "pages": "pages",
    "engagements": "engagements",
    "items": "questions",
    "languages": "langues",
    "format": "format",
    "scales": "échelles",
}
ITEM_FIELDS = (
    "key", "type", "page", "label", "help", "required", "show_if", "engagement", "reason",
    "options", "scale", "overall", "max_length", "notice", "report_heading", "report_phrase",
    "report_split", "report_link",
)  # fmt: skip
OPTION_FIELDS = ("value", "label", "report_phrase")


def field_id(path: str) -> str:
    """An HTML id for a document path: items[3].label -> f-items-3-label."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")


def placed(problems: list[tuple[str, str]], anchors: set[str]) -> dict[str, list[tuple]]:
    """Problems grouped under the nearest field shown (the longest anchor their path starts
    with); those near no field under ''. Each keeps its own path, for naming it."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for path, message in problems:
        segments = parse_path(path)
        while segments and join_path(segments) not in anchors:
            segments.pop()
        grouped.setdefault(join_path(segments), []).append((path, message))
    return grouped


def describe_in_item(path: str, document: dict[str, Any]) -> str:
    """describe() without the item's own name, for a problem shown inside that item."""
    words = describe(path, document)
    if parse_path(path)[:1] == ["items"] and len(parse_path(path)) > 2:
        return words.split(", ", 1)[-1]
    return words


def describe(path: str, document: dict[str, Any]) -> str:
    """French words for a path: items[3].options[1].value -> question 4 « motif »,
    option 2, valeur."""
    words = []
    segments = parse_path(path)
    for position, segment in enumerate(segments):
        before = segments[position - 1] if position else None
        if isinstance(segment, int):
            if before == "items":
                item = _at(document.get("items"), segment)
                key = item.get("key") if isinstance(item, dict) else None
                words[-1:] = [f"question {segment + 1}" + (f" «\u00a0{key}\u00a0»" if key else "")]
            elif before in ("options", "pages"):
                words[-1:] = [f"{'option' if before == 'options' else 'page'} {segment + 1}"]
            else:
                words.append(str(segment + 1))
        elif segment == "fr":
            words.append("français")
        else:
            words.append(FIELD_LABELS.get(segment, segment))
    return ", ".join(words) or "questionnaire"


def item_anchors(index: int, item: dict[str, Any]) -> set[str]:
    """Every field of item `index` that its page shows, for placing problems."""
    base = f"items[{index}]"
    anchors = {base, "items"} | {f"{base}.{f}" for f in ITEM_FIELDS}
    anchors |= {f"{base}.show_if.in", f"{base}.report_link.values", f"{base}.report_link.phrase"}
    options = item.get("options") if isinstance(item.get("options"), list) else []
    for number in range(len(options)):
        anchors.add(f"{base}.options[{number}]")
        anchors |= {f"{base}.options[{number}].{f}" for f in OPTION_FIELDS}
    return anchors


def general_anchors(document: dict[str, Any]) -> set[str]:
    anchors = {"title", "introduction", "thanks", "pages", "engagements", "items"}
    pages = document.get("pages") if isinstance(document.get("pages"), list) else []
    for number in range(len(pages)):
        anchors |= {f"pages[{number}]", f"pages[{number}].key", f"pages[{number}].title"}
    engagements = document.get("engagements")
    for number in engagements if isinstance(engagements, dict) else ():
        anchors.add(f"engagements.{number}")
    items = document.get("items") if isinstance(document.get("items"), list) else []
    return anchors | {f"items[{number}]" for number in range(len(items))}


def french(text: Any) -> str:
    """The French of a text ({fr: ...}), '' when there is none."""
    value = text.get("fr") if isinstance(text, dict) else None
    return value if isinstance(value, str) else ""


def scale_names(document: dict[str, Any]) -> list[str]:
    own = document.get("scales") if isinstance(document.get("scales"), dict) else {}
    return list(dict.fromkeys([*own, *(n for n in builtin_scales() if n != "yesno")]))


def options_of(document: dict[str, Any], key: Any) -> list[tuple[str, str]]:
    """(value, French label) of the answers item `key` offers: its options or its scale's."""
    item = next((i for i in _items(document) if i.get("key") == key), None)
    if item is None:
        return []
    if item.get("type") == "choice":
        options = item.get("options")
    else:
        name = "yesno" if item.get("type") == "yesno" else item.get("scale")
        own = document.get("scales") if isinstance(document.get("scales"), dict) else {}
        scale = own.get(name) if isinstance(name, str) else None
        scale = scale or (builtin_scales().get(name) if isinstance(name, str) else None)
        options = scale.get("options") if isinstance(scale, dict) else None
    return [
        (str(o.get("value")), french(o.get("label")))
        for o in (options if isinstance(options, list) else [])
        if isinstance(o, dict)
    ]


def _items(document: dict[str, Any]) -> list[dict[str, Any]]:
    items = document.get("items")
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _at(entries: Any, index: int) -> Any:
    return entries[index] if isinstance(entries, list) and 0 <= index < len(entries) else None


def problem_links(draft_id: int, document: dict[str, Any], problems: list) -> list[tuple]:
    """(href, where, message) of each problem: to its field on the main page, or on its
    item's page for a problem inside an item."""
    general = general_anchors(document)
    links = []
    for path, message in problems:
        segments = parse_path(path)
        href = ""
        if len(segments) > 1 and segments[0] == "items" and isinstance(segments[1], int):
            index = segments[1]
            item = _at(document.get("items"), index)
            anchors = item_anchors(index, item if isinstance(item, dict) else {})
            anchor = next(iter(placed([(path, message)], anchors)))
            href = url_for("admin.draft_item", draft_id=draft_id, index=index)
            href += f"#{field_id(anchor)}" if anchor else ""
        else:
            anchor = next(iter(placed([(path, message)], general)))
            href = f"#{field_id(anchor)}" if anchor else "#contenu"
        links.append((href, describe(path, document), message))
    return links
