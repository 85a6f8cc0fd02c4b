"""The editor's posted forms applied to a draft's document; what a form does not show stays.

Field names are plain (`title`, `opt_value`...), lists of rows come as parallel lists
with the row's original index (`opt_origin`), so a row's translations follow it.
"""

from __future__ import annotations

import copy
from typing import Any

from werkzeug.datastructures import MultiDict

from questionnaires.editing import (
    rename_item,
    rename_page,
    retype_item,
    set_flag,
    set_french,
    set_string,
)
from questionnaires.loader import DEFAULT_MAX_LENGTH


def action_of(form: MultiDict) -> tuple[str, int | None]:
    """The button pressed: ('option-up', 2), ('save', None)..."""
    name, _, index = form.get("action", "save").partition(":")
    return name, _whole(index, 5)


def apply_general(document: dict[str, Any], form: MultiDict) -> None:
    """Title, introduction, thanks, pages and engagements from the draft's main form."""
    set_french(document, "title", form.get("title", ""))
    set_french(document, "introduction", form.get("introduction", ""), optional=True)
    set_french(document, "thanks", form.get("thanks", ""), optional=True)
    old_pages = document.get("pages") if isinstance(document.get("pages"), list) else []
    pages = []
    for key, title, origin in _rows(form, "page_key", "page_title", "page_origin"):
        page = _origin(old_pages, origin, {})
        old_key = page.get("key")
        page["key"] = key.strip()
        set_french(page, "title", title)
        pages.append(page)
        if isinstance(old_key, str) and old_key != page["key"]:
            rename_page(document, old_key, page["key"])
    if pages or "pages" in document:
        document["pages"] = pages
    engagements = {}
    for number, label in _rows(form, "engagement_number", "engagement_label"):
        number = number.strip()
        key = _whole(number, 3)
        key = number if key is None else key
        engagements[key] = label.replace("\r\n", "\n")
    if engagements:
        document["engagements"] = engagements
    else:
        document.pop("engagements", None)


def apply_item(document: dict[str, Any], index: int, form: MultiDict) -> None:
    """One item's form: the fields every item has, then those of its type (unless the
    type was just changed: the form showed the old type's fields)."""
    item = document["items"][index]
    old_key, key = item.get("key"), form.get("key", "").strip()
    item["key"] = key
    if isinstance(old_key, str):
        rename_item(document, old_key, key)
    kind = form.get("type", item.get("type"))
    is_retyped = kind != item.get("type")
    item["page"] = form.get("page", "")
    set_french(item, "label", form.get("label", ""))
    set_french(item, "help", form.get("help", ""), optional=True)
    set_flag(item, "required", "required" in form)
    _apply_show_if(item, form)
    _apply_number(item, "engagement", form.get("engagement", ""), default=None)
    if is_retyped:
        retype_item(item, kind)
        return
    if kind != "text":
        set_flag(item, "reason", "reason" in form)
    if kind == "choice":
        _apply_options(item, form)
    if kind in ("choice", "yesno"):
        set_string(item, "report_heading", form.get("report_heading", ""))
    if kind == "rating":
        item["scale"] = form.get("scale", "")
        set_flag(item, "overall", "overall" in form)
        set_string(item, "report_phrase", form.get("report_phrase", ""))
        set_flag(item, "report_split", "report_split" in form)
        _apply_report_link(item, form)
    if kind == "text":
        _apply_number(item, "max_length", form.get("max_length", ""), default=DEFAULT_MAX_LENGTH)
        set_french(item, "notice", form.get("notice", ""), optional=True)


def _apply_show_if(item: dict[str, Any], form: MultiDict) -> None:
    target = form.get("show_if_item", "")
    if not target:
        item.pop("show_if", None)
        return
    values = form.getlist("show_if_values")
    old = item.get("show_if") if isinstance(item.get("show_if"), dict) else {}
    old_values = [old["equals"]] if "equals" in old else old.get("in")
    if isinstance(old_values, list) and sorted(map(str, old_values)) == sorted(values):
        values = old_values  # the same choice: its order and form kept
    show_if: dict[str, Any] = {**old, "item": target}
    show_if.pop("equals", None), show_if.pop("in", None)
    if len(values) == 1 and ("equals" in old or "in" not in old):
        show_if["equals"] = values[0]
    else:
        show_if["in"] = list(values)
    item["show_if"] = show_if


def _apply_report_link(item: dict[str, Any], form: MultiDict) -> None:
    target = form.get("link_item", "")
    if not target:
        item.pop("report_link", None)
        return
    old = item.get("report_link") if isinstance(item.get("report_link"), dict) else {}
    values = form.getlist("link_values")
    old_values = old.get("values")
    if isinstance(old_values, list) and sorted(map(str, old_values)) == sorted(values):
        values = old_values
    item["report_link"] = {
        **old,
        "item": target,
        "values": list(values),
        "phrase": form.get("link_phrase", "").replace("\r\n", "\n"),
    }


def _apply_options(item: dict[str, Any], form: MultiDict) -> None:
    old = item.get("options") if isinstance(item.get("options"), list) else []
    options = []
    for value, label, phrase, origin in _rows(
        form, "opt_value", "opt_label", "opt_phrase", "opt_origin"
    ):
        option = _origin(old, origin, {})
        option["value"] = value.strip()
        set_french(option, "label", label)
        set_string(option, "report_phrase", phrase)
        options.append(option)
    item["options"] = options


def _apply_number(item: dict[str, Any], field: str, raw: str, default: int | None) -> None:
    """A whole number field; empty or the default leaves it out unless it was written;
    anything else is kept as typed, for the loader to name the problem."""
    raw = raw.strip()
    value: Any = _whole(raw, 9)
    value = raw if value is None else value
    if raw == "" or (value == default and field not in item):
        item.pop(field, None)
    else:
        item[field] = value


def _rows(form: MultiDict, *names: str) -> list[tuple[str, ...]]:
    columns = [form.getlist(name) for name in names]
    length = len(columns[0])
    return [tuple(c[i] if i < len(c) else "" for c in columns) for i in range(length)]


def _origin(old: list[Any], origin: str, empty: dict) -> dict[str, Any]:
    """A copy of the row the posted one was (its translations, unknown fields), or `empty`."""
    index = _whole(origin, 5)
    if index is not None and index < len(old) and isinstance(old[index], dict):
        return copy.deepcopy(old[index])
    return dict(empty)


def _whole(text: str, digits: int) -> int | None:
    """`text` as a whole number of at most `digits` ASCII digits, else None («²» is a digit
    to str.isdigit, not to int)."""
    if text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None
