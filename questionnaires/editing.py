"""Changes the browser editor makes to a questionnaire document (the YAML's mapping).

Each keeps what it does not touch (other languages, pictograms, fields it does not
know), so saving a form unchanged leaves the document as it was, and renames follow
their references (an item's page, a `show_if` or `report_link` target).
"""

from __future__ import annotations

import copy
from typing import Any

from .items import BY_TYPE, COMMON

TYPE_DEFAULTS: dict[str, dict[str, Any]] = {
    "choice": {"options": []},
    "rating": {"scale": "satisfaction"},
    "text": {},
    "yesno": {},
}


def items_of(document: dict[str, Any]) -> list[Any]:
    """The document's item list, created empty when it has none."""
    items = document.get("items")
    if not isinstance(items, list):
        items = document["items"] = []
    return items


def move(entries: list[Any], index: int, delta: int) -> int:
    """Move entry `index` by `delta` places (within the list); returns where it landed."""
    target = max(0, min(len(entries) - 1, index + delta))
    if 0 <= index < len(entries) and target != index:
        entries.insert(target, entries.pop(index))
    return target


def unique_key(taken: set[str], base: str) -> str:
    """`base`, or `base_2`, `base_3`... whichever is not taken yet."""
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}_{number}"
    return key


def item_keys(document: dict[str, Any]) -> set[str]:
    return {i.get("key") for i in items_of(document) if isinstance(i, dict)} - {None}


def add_item(document: dict[str, Any], kind: str, page: str, after: int | None = None) -> int:
    """A new item of type `kind` on `page` (after item `after`, else last); its index."""
    item: dict[str, Any] = {
        "key": unique_key(item_keys(document), "question"),
        "type": kind,
        "page": page,
        "label": {"fr": "Nouvelle question"},
        **copy.deepcopy(TYPE_DEFAULTS.get(kind, {})),
    }
    items = items_of(document)
    index = len(items) if after is None else max(0, min(len(items), after + 1))
    items.insert(index, item)
    return index


def duplicate_item(document: dict[str, Any], index: int) -> int:
    """A copy of item `index` right after it, with a new key and without the roles only
    one item may hold (overall satisfaction, reason for the visit)."""
    items = items_of(document)
    copied = copy.deepcopy(items[index])
    if isinstance(copied, dict):
        copied["key"] = unique_key(item_keys(document), f"{copied.get('key') or 'question'}_copie")
        copied.pop("overall", None)
        copied.pop("reason", None)
    items.insert(index + 1, copied)
    return index + 1


def delete_item(document: dict[str, Any], index: int) -> None:
    items = items_of(document)
    if 0 <= index < len(items):
        del items[index]


def retype_item(item: dict[str, Any], kind: str) -> None:
    """Change an item's type: fields the new type cannot have go, its defaults come."""
    if item.get("type") == kind:
        return
    item["type"] = kind
    allowed = COMMON | BY_TYPE.get(kind, set())
    for field in [f for f in item if f not in allowed]:
        del item[field]
    if kind == "text":
        item.pop("reason", None)
    for field, value in TYPE_DEFAULTS.get(kind, {}).items():
        item.setdefault(field, copy.deepcopy(value))


def rename_item(document: dict[str, Any], old: str, new: str) -> None:
    """Follow an item's new key in every `show_if` and `report_link` pointing at it."""
    if old == new:
        return
    for item in items_of(document):
        for link in ("show_if", "report_link"):
            target = item.get(link) if isinstance(item, dict) else None
            if isinstance(target, dict) and target.get("item") == old:
                target["item"] = new


def rename_page(document: dict[str, Any], old: str, new: str) -> None:
    """Follow a page's new key in every item on it."""
    if old == new:
        return
    for item in items_of(document):
        if isinstance(item, dict) and item.get("page") == old:
            item["page"] = new


def set_french(holder: dict[str, Any], field: str, value: str, optional: bool = False) -> None:
    """Set the French of text `field`, keeping its translations; an optional text left
    empty goes away, with its translations."""
    value = value.replace("\r\n", "\n")
    if optional and not value.strip():
        holder.pop(field, None)
        return
    text = holder.get(field)
    if not isinstance(text, dict):
        holder[field] = text = {}
    text["fr"] = value


def set_flag(holder: dict[str, Any], field: str, value: bool) -> None:
    """`field: true`, or no field at all for false (an explicit `false` is kept)."""
    if value:
        holder[field] = True
    elif holder.get(field) is not False:
        holder.pop(field, None)


def set_string(holder: dict[str, Any], field: str, value: str) -> None:
    """A plain French string field; empty removes it."""
    value = value.replace("\r\n", "\n")
    if value.strip():
        holder[field] = value
    else:
        holder.pop(field, None)
