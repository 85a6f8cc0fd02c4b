"""One item of a draft: wording, type, page, help, required, condition, engagement, roles,
options, scale and report wording, each problem next to its field."""

from __future__ import annotations

import copy

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from questionnaires.editing import items_of, move
from questionnaires.model import ITEM_TYPES

from ...core.db import db
from ...core.questionnaire_drafts import draft_problems, save_draft
from .access import MANAGERS, roles_required
from .blueprint import bp
from .draft_forms import action_of, apply_item
from .draft_view import (
    TYPE_LABELS,
    describe_in_item,
    field_id,
    french,
    item_anchors,
    options_of,
    placed,
    scale_names,
)
from .drafts import check_revision, draft_or_404, revision


@bp.route("/questionnaires/drafts/<int:draft_id>/items/<int:index>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def draft_item(draft_id: int, index: int):
    draft = draft_or_404(draft_id)
    if index >= len(items_of(copy.deepcopy(draft.content))):
        return redirect(url_for("admin.draft", draft_id=draft.id), 303)
    if request.method == "POST":
        here = url_for("admin.draft_item", draft_id=draft.id, index=index)
        if not check_revision(draft):
            return redirect(here, 303)
        document = copy.deepcopy(draft.content)
        if not isinstance(document["items"][index], dict):
            document["items"][index] = {}
        apply_item(document, index, request.form)
        _act(document["items"][index], *action_of(request.form))
        save_draft(db.session, draft, document, user=current_user)
        db.session.commit()
        if request.form.get("action") == "save-back":
            return redirect(url_for("admin.draft", draft_id=draft.id) + f"#item-{index}", 303)
        is_option = request.form.get("action", "").startswith("option-")
        return redirect(here + ("#options" if is_option else ""), 303)
    return render_template("admin/draft_item.html", **item_page(draft, index))


def item_page(draft, index: int) -> dict:
    document = draft.content
    item = document["items"][index] if isinstance(document["items"][index], dict) else {}
    problems = draft_problems(document, with_translations=False)
    anchors = item_anchors(index, item)
    grouped = placed(problems, anchors)
    if not (item.get("overall") or item.get("reason")):
        grouped.pop("items", None)  # a role shared by two other items: not this one's
    for anchor in [a for a in grouped if a not in anchors]:
        del grouped[anchor]  # another item's, or the questionnaire's: the main page's
    others = [i for i in document["items"] if isinstance(i, dict) and i is not item]
    show_if = item.get("show_if") if isinstance(item.get("show_if"), dict) else {}
    link = item.get("report_link") if isinstance(item.get("report_link"), dict) else {}
    return {
        "draft": draft,
        "doc": document,
        "item": item,
        "index": index,
        "base": f"items[{index}]",
        "count": len(document["items"]),
        "problems": grouped,
        "revision": revision(draft),
        "others": others,
        "show_if": show_if,
        "show_if_values": _values(show_if),
        "show_if_choices": options_of(document, show_if.get("item")),
        "link": link,
        "link_choices": options_of(document, link.get("item")),
        "page_choices": [
            (p.get("key"), french(p.get("title")) or p.get("key"))
            for p in document.get("pages") or []
            if isinstance(p, dict)
        ],
        "engagements": document.get("engagements") or {},
        "scale_choices": [(name, name) for name in scale_names(document)],
        "describe": lambda path: describe_in_item(path, document),
        "field_id": field_id,
        "french": french,
        "type_labels": TYPE_LABELS,
        "item_types": ITEM_TYPES,
    }


def _values(show_if: dict) -> list[str]:
    values = [show_if["equals"]] if "equals" in show_if else show_if.get("in")
    return [str(v) for v in values] if isinstance(values, list) else []


def _act(item: dict, action: str, index: int | None) -> None:
    """The option buttons: add one, move one up or down, remove one."""
    options = item.get("options")
    if action == "option-add" and item.get("type") == "choice":
        if not isinstance(options, list):
            options = item["options"] = []
        options.append({"value": "", "label": {"fr": ""}})
    elif isinstance(options, list) and index is not None and index < len(options):
        if action in ("option-up", "option-down"):
            move(options, index, -1 if action == "option-up" else 1)
        elif action == "option-remove":
            del options[index]
