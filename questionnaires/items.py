"""Validation of one questionnaire item (part of the loader)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import ITEM_TYPES, Item, ReportLink, ShowIf

if TYPE_CHECKING:
    from .loader import _Checker

COMMON = {"key", "type", "page", "label", "help", "required", "show_if", "engagement", "reason"}
BY_TYPE = {
    "choice": {"options", "report_heading"},
    "rating": {"scale", "overall", "report_phrase", "report_split", "report_link"},
    "text": {"max_length", "notice"},
    "yesno": {"report_heading"},
}
OPTION_FIELDS = {"value", "label", "report_phrase"}
NEW_RULES = ("a required item cannot have show_if",)
"""Checks added after versions were frozen: files and drafts get them, never a version
already frozen (loader.from_dict(is_frozen=True)), whose campaigns must stay readable."""


def check_item(
    c: _Checker, raw: Any, path: str, earlier: list[Item], all_keys: list, page_keys: set[str]
) -> Item | None:
    """Validate one raw item against the items before it; None if unusable."""
    from .loader import DEFAULT_MAX_LENGTH, ITEM_KEY, MAX_MAX_LENGTH

    raw = c.mapping(raw, path, ("key", "type", "page", "label"))
    if raw is None:
        return None
    key, kind = raw.get("key"), raw.get("type")
    if not isinstance(key, str) or not ITEM_KEY.match(key):
        c.error(f"{path}.key", f"invalid key {key!r}: use a-z, 0-9 and '_', starting with a letter")
        return None
    if any(i.key == key for i in earlier):
        c.error(f"{path}.key", f"duplicate key '{key}'")
    if kind not in ITEM_TYPES:
        c.error(f"{path}.type", f"unknown type {kind!r}: expected one of {', '.join(ITEM_TYPES)}")
        return None
    c.unknown_fields(raw, path, COMMON | BY_TYPE[kind])
    page = raw.get("page")
    if not isinstance(page, str) or page not in page_keys:
        c.error(f"{path}.page", f"unknown page {page!r}")

    options: tuple = ()
    scale = None
    if kind == "choice":
        options = c.option_list(raw.get("options"), f"{path}.options", OPTION_FIELDS)
    elif kind in ("rating", "yesno"):
        scale = raw.get("scale") if kind == "rating" else "yesno"
        if kind == "rating" and "scale" not in raw:
            c.error(f"{path}.scale", "missing required field 'scale'")
        elif not isinstance(scale, str) or scale not in c.scales:
            c.error(f"{path}.scale", f"unknown scale {scale!r}")
            scale = None
        else:
            options = c.scale_options(c.scales[scale], f"{path}.scale({scale})")

    max_length = None
    if kind == "text":
        max_length = raw.get("max_length", DEFAULT_MAX_LENGTH)
        if not _is_int(max_length) or not 1 <= max_length <= MAX_MAX_LENGTH:
            c.error(f"{path}.max_length", f"expected a whole number from 1 to {MAX_MAX_LENGTH}")
            max_length = DEFAULT_MAX_LENGTH

    is_reason = c.flag(raw.get("reason", False), f"{path}.reason")
    if is_reason and kind == "text":
        c.error(f"{path}.reason", "a free-text item cannot be the reason for the visit")
        is_reason = False

    engagement = raw.get("engagement")
    if engagement is not None and (not _is_int(engagement) or not 1 <= engagement <= 99):
        c.error(f"{path}.engagement", "expected a whole number from 1 to 99")
        engagement = None

    required = c.flag(raw.get("required", False), f"{path}.required")
    show_if = _show_if(c, raw.get("show_if"), f"{path}.show_if", earlier, all_keys)
    if required and raw.get("show_if") is not None and not c.is_frozen:
        # NEW_RULES: a visitor to whom the item is hidden cannot answer it.
        c.error(f"{path}.required", "a required item cannot have show_if: it may be hidden")

    return Item(
        key=key,
        type=kind,
        page=page if isinstance(page, str) else "",
        label=c.text(raw.get("label"), f"{path}.label"),
        help=c.optional_text(raw, "help", path),
        required=required,
        options=options,
        scale=scale,
        show_if=show_if,
        engagement=engagement,
        is_overall=c.flag(raw.get("overall", False), f"{path}.overall"),
        is_reason=is_reason,
        max_length=max_length,
        notice=c.optional_text(raw, "notice", path),
        report_heading=c.french(raw.get("report_heading"), f"{path}.report_heading"),
        report_phrase=c.french(raw.get("report_phrase"), f"{path}.report_phrase"),
        report_split=c.flag(raw.get("report_split", False), f"{path}.report_split"),
        report_link=_report_link(c, raw.get("report_link"), f"{path}.report_link"),
    )


def _show_if(c: _Checker, raw: Any, path: str, earlier: list[Item], all_keys: list):
    if raw is None:
        return None
    raw = c.mapping(raw, path, ("item",))
    if raw is None:
        return None
    c.unknown_fields(raw, path, {"item", "equals", "in"})
    target = raw.get("item")
    source = next((i for i in earlier if i.key == target), None)
    if source is None and isinstance(target, str) and target in c.broken_keys:
        return None
    if source is None:
        where = "comes later" if target in all_keys else "is not an item of this questionnaire"
        c.error(f"{path}.item", f"'{target}' {where}: show_if must point to an earlier item")
        return None
    if ("equals" in raw) == ("in" in raw):
        c.error(path, "expected exactly one of 'equals' or 'in'")
        return None
    values = [raw["equals"]] if "equals" in raw else raw["in"]
    if not isinstance(values, list) or not values:
        c.error(f"{path}.in", "expected a non-empty list of values")
        return None
    if source.type == "text":
        c.error(f"{path}.item", f"'{target}' is a free-text item: show_if needs a choice")
        return None
    for value in values:
        if value not in source.values:
            c.error(path, f"'{value}' is not an option of '{target}'")
    return ShowIf(item=target, values=tuple(str(v) for v in values))


def _report_link(c: _Checker, raw: Any, path: str) -> ReportLink | None:
    if raw is None:
        return None
    raw = c.mapping(raw, path, ("item", "values", "phrase"))
    if raw is None:
        return None
    c.unknown_fields(raw, path, {"item", "values", "phrase"})
    values = raw.get("values")
    if not isinstance(values, list) or not values:
        c.error(f"{path}.values", "expected a non-empty list of values")
        values = []
    return ReportLink(
        item=str(raw.get("item")),
        values=tuple(str(v) for v in values),
        phrase=c.french(raw.get("phrase"), f"{path}.phrase") or "",
    )


def check_report_links(c: _Checker, items: list[Item]) -> None:
    """report_link may point anywhere in the questionnaire, so it is checked last."""
    by_key = {i.key: i for i in items}
    for index, item in enumerate(items):
        link = item.report_link
        if link is None:
            continue
        path = f"items[{index}].report_link"
        target = by_key.get(link.item)
        if target is None or target.type not in ("choice", "yesno"):
            c.error(f"{path}.item", f"'{link.item}' is not a choice item of this questionnaire")
            continue
        for value in link.values:
            if value not in target.values:
                c.error(f"{path}.values", f"'{value}' is not an option of '{link.item}'")


def check_roles(c: _Checker, items: list[Item]) -> None:
    """One overall satisfaction and one reason for the visit at most: reports read one."""
    for role, keys in (
        ("overall", [i.key for i in items if i.is_overall]),
        ("reason", [i.key for i in items if i.is_reason]),
    ):
        if len(keys) > 1:
            c.error("items", f"only one item may be '{role}', found {', '.join(keys)}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
