"""A draft's main page: title, introduction, thanks, pages, engagements and the list of
items (add, move, duplicate, remove), with every problem next to its field.

Each button of the page posts the whole form, so what was typed is kept whatever the
button; nothing here is seen by visitors until the draft is published (draft_publish.py).
"""

from __future__ import annotations

import copy

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from questionnaires.editing import (
    add_item,
    delete_item,
    duplicate_item,
    items_of,
    move,
    unique_key,
)
from questionnaires.model import ITEM_TYPES

from ...core.db import db
from ...core.models import QuestionnaireDraft
from ...core.questionnaire_drafts import problems_and_gaps, save_draft
from .access import MANAGERS, roles_required
from .blueprint import bp
from .draft_forms import action_of, apply_general
from .draft_view import (
    TYPE_LABELS,
    describe_in_item,
    field_id,
    french,
    general_anchors,
    placed,
    problem_links,
)

STALE = (
    "Ce brouillon a été modifié entre-temps (dans un autre onglet ou par un collègue)\u00a0: "
    "voici sa dernière version ; vos dernières saisies n'ont pas été enregistrées."
)


def draft_or_404(draft_id: int) -> QuestionnaireDraft:
    return db.session.get(QuestionnaireDraft, draft_id) or abort(404)


def revision(draft: QuestionnaireDraft) -> str:
    """Posted back by every form of the draft: a save over someone else's is refused."""
    return draft.updated_at.isoformat()


def check_revision(draft: QuestionnaireDraft) -> bool:
    if request.form.get("revision") != revision(draft):
        flash(STALE, "error")
        return False
    return True


@bp.route("/questionnaires/drafts/<int:draft_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def draft(draft_id: int):
    draft = draft_or_404(draft_id)
    if request.method == "POST":
        if not check_revision(draft):
            return redirect(url_for("admin.draft", draft_id=draft.id), 303)
        document = copy.deepcopy(draft.content)
        apply_general(document, request.form)
        target = _act(document, *action_of(request.form))
        save_draft(db.session, draft, document, user=current_user)
        db.session.commit()
        if target is not None:
            return redirect(url_for("admin.draft_item", draft_id=draft.id, index=target), 303)
        fragment = _place_after(*action_of(request.form), len(items_of(document)))
        return redirect(url_for("admin.draft", draft_id=draft.id) + fragment, 303)
    return render_template("admin/draft.html", **draft_page(draft))


def draft_page(draft: QuestionnaireDraft) -> dict:
    document = draft.content
    problems, gaps = problems_and_gaps(document)
    return {
        "draft": draft,
        "doc": document,
        "items": [i if isinstance(i, dict) else {} for i in items_of(copy.deepcopy(document))],
        "problems": placed(problems, general_anchors(document)),
        "summary": problem_links(draft.id, document, problems),
        "translation_gaps": len(gaps),
        "revision": revision(draft),
        "describe": lambda path: describe_in_item(path, document),
        "field_id": field_id,
        "french": french,
        "type_labels": TYPE_LABELS,
        "item_types": ITEM_TYPES,
    }


def _act(document: dict, action: str, index: int | None) -> int | None:
    """Apply the pressed button; an item index to open next, or None to stay here."""
    pages = document.setdefault("pages", [])
    if action == "page-add":
        keys = {p.get("key") for p in pages if isinstance(p, dict)}
        pages.append({"key": unique_key(keys, "page"), "title": {"fr": "Nouvelle page"}})
    elif action == "engagement-add":
        engagements = document.setdefault("engagements", {})
        taken = {int(k) for k in engagements if str(k).isascii() and str(k).isdigit()}
        engagements[next(n for n in range(1, 100) if n not in taken)] = "Nouvel engagement"
    elif action == "item-add":
        kind = request.form.get("new_type")
        page = request.form.get("new_page", "")
        if kind in ITEM_TYPES:
            return add_item(document, kind, page)
    elif index is None:
        return None
    elif action in ("page-up", "page-down") and index < len(pages):
        move(pages, index, -1 if action == "page-up" else 1)
    elif action == "page-remove" and index < len(pages):
        _remove_page(document, index)
    elif action == "engagement-remove":
        engagements = document.get("engagements") or {}
        key = list(engagements)[index] if index < len(engagements) else None
        engagements.pop(key, None)
        if not engagements:
            document.pop("engagements", None)
    elif index < len(items_of(document)):
        if action in ("item-up", "item-down"):
            move(items_of(document), index, -1 if action == "item-up" else 1)
        elif action == "item-duplicate":
            return duplicate_item(document, index)
        elif action == "item-remove":
            delete_item(document, index)
    return None


def _remove_page(document: dict, index: int) -> None:
    page = document["pages"][index]
    key = page.get("key") if isinstance(page, dict) else None
    if any(isinstance(i, dict) and i.get("page") == key for i in items_of(document)):
        flash("Cette page contient des questions : déplacez-les ou supprimez-les d'abord.", "error")
        return
    del document["pages"][index]


def _place_after(action: str, index: int | None, count: int) -> str:
    """Where the page opens again after a button: the moved item, the pages, the engagements,
    so a keyboard user goes on from there."""
    if action in ("item-up", "item-down") and index is not None:
        moved = max(0, min(count - 1, index + (-1 if action == "item-up" else 1)))
        return f"#item-{moved}"
    if action == "item-remove":
        return "#f-items"
    return {"page": "#f-pages", "engagement": "#f-engagements"}.get(action.split("-")[0], "")
