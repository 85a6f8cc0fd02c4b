"""The canonical, self-contained form of a questionnaire, frozen into versions.

It embeds the scales it uses (trimmed to its languages), so a frozen version
never changes when the built-in scales do, and `from_dict` reads it back.
"""

from __future__ import annotations

from typing import Any

from .model import FORMAT, Item, Option, Questionnaire


def to_source(q: Questionnaire, scales: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "key": q.key, "title": q.title}
    data["languages"] = list(q.languages)
    for name in ("introduction", "thanks"):
        if getattr(q, name):
            data[name] = getattr(q, name)
    data["pages"] = [{"key": p.key, "title": p.title} for p in q.pages]
    used = {i.scale: i.options for i in q.items if i.scale and i.scale in scales}
    if used:
        data["scales"] = {
            name: {"options": [_option(o) for o in opts]} for name, opts in used.items()
        }
    data["items"] = [_item(i) for i in q.items]
    if q.engagements:
        data["engagements"] = dict(q.engagements)
    return data


def _option(o: Option) -> dict[str, Any]:
    out: dict[str, Any] = {"value": o.value, "label": o.label}
    if o.pictogram:
        out["pictogram"] = o.pictogram
    if o.is_satisfied:
        out["is_satisfied"] = True
    if o.is_no_opinion:
        out["is_no_opinion"] = True
    if o.report_phrase:
        out["report_phrase"] = o.report_phrase
    return out


def _item(i: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"key": i.key, "type": i.type, "page": i.page, "label": i.label}
    if i.help:
        out["help"] = i.help
    if i.required:
        out["required"] = True
    if i.show_if:
        out["show_if"] = {"item": i.show_if.item, "in": list(i.show_if.values)}
    if i.engagement is not None:
        out["engagement"] = i.engagement
    if i.is_reason:
        out["reason"] = True
    if i.type == "choice":
        out["options"] = [_option(o) for o in i.options]
    if i.type == "rating":
        out["scale"] = i.scale
        if i.is_overall:
            out["overall"] = True
    if i.type == "text":
        out["max_length"] = i.max_length
        if i.notice:
            out["notice"] = i.notice
    for name in ("report_heading", "report_phrase"):
        if getattr(i, name):
            out[name] = getattr(i, name)
    if i.report_split:
        out["report_split"] = True
    if i.report_link:
        link = i.report_link
        out["report_link"] = {"item": link.item, "values": list(link.values), "phrase": link.phrase}
    return out
