"""Shared by the questionnaire editor tests: forms posted back as a browser would."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import yaml

from questionnaires import bundled_path
from survey_app.core.db import db
from survey_app.core.models import QuestionnaireDraft
from tests.app.admin_helpers import csrf_token


def bundled_document() -> dict:
    return yaml.safe_load(bundled_path().read_text(encoding="utf-8"))


class FormFields(HTMLParser):
    """The (name, value) pairs the first form of class `draft-form` sends, in page order:
    text and hidden inputs, checked boxes, textareas (less the newline after the tag, as
    a browser reads it) and the selected option of each select. Buttons are left out."""

    def __init__(self, page: str):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._inside = False
        self._done = False
        self._textarea: list | None = None
        self._select: dict | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "draft-form" in (attrs.get("class") or "") and not self._done:
            self._inside = True
        if not self._inside or "name" not in attrs and tag not in ("option",):
            return
        kind = attrs.get("type", "text")
        if tag == "input" and kind in ("text", "hidden"):
            self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "input" and kind == "checkbox" and "checked" in attrs:
            self.fields.append((attrs["name"], attrs.get("value") or "on"))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = {"name": attrs["name"], "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value

    def handle_endtag(self, tag):
        if tag == "form" and self._inside:
            self._inside, self._done = False, True
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            self.fields.append(
                (
                    self._select["name"],
                    chosen if chosen is not None else self._select["first"] or "",
                )
            )
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def post_form(client, url: str, action: str = "save", **changes) -> object:
    """GET `url`, then POST its draft form back with `changes` (name -> value or list)."""
    page = client.get(url).get_data(as_text=True)
    fields = [(n, v) for n, v in FormFields(page).fields if n not in changes]
    for name, value in changes.items():
        fields += [(name, v) for v in (value if isinstance(value, list) else [value])]
    fields.append(("action", action))
    return client.post(url, data=_multi(fields))


def _multi(fields):
    from werkzeug.datastructures import MultiDict

    return MultiDict(fields)


def field_errors(page: str, field_id: str) -> str:
    """The text of the problems shown next to field `field_id` ('' when none)."""
    match = re.search(rf'<div class="field-error" id="{field_id}-error">(.*?)</div>', page, re.S)
    if match is None:
        return ""
    text = re.sub(r"<[^>]+>", " ", match.group(1))
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(text)).strip()


def stored_draft(draft_id: int) -> QuestionnaireDraft:
    db.session.rollback()  # a fresh snapshot: the requests committed in other sessions
    return db.session.get(QuestionnaireDraft, draft_id)


__all__ = ["bundled_document", "csrf_token", "field_errors", "post_form", "stored_draft"]
