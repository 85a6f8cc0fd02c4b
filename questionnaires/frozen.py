"""Reading a frozen questionnaire version back, whatever format it was frozen in.

Versions frozen before format 2 declared no roles: the app then took the item keyed
`motif` as the reason for the visit and named the satisfaction scale's options itself
(«très satisfaits», «satisfaits», «sans avis»). Such a version is read here with those
same roles written in, so its campaigns keep their breakdowns and wording; this is the
one place that knows them. Files and versions frozen since declare their own.
"""

from __future__ import annotations

import copy
from typing import Any

from .loader import from_dict
from .model import Questionnaire

BEFORE_ROLES_REASON_ITEM = "motif"
"""The reason for the visit of a version frozen before format 2, when it has that item."""
BEFORE_ROLES_REPORT_PHRASES = {
    "tres_satisfait": "très satisfaits",
    "satisfait": "satisfaits",
    "sans_avis": "sans avis",
}
"""How the report named these scale options of a version frozen before format 2."""


def from_version(content: Any, name: str) -> Questionnaire:
    """The questionnaire of a frozen version's content; `name` is used in error messages."""
    if isinstance(content, dict) and "format" not in content:
        content = with_roles_of_before(content)
    return from_dict(content, name, is_frozen=True)


def with_roles_of_before(content: dict[str, Any]) -> dict[str, Any]:
    """A copy of a pre-format-2 version's content with the roles the app assumed then."""
    content = copy.deepcopy(content)
    for item in _mappings(content.get("items")):
        if item.get("key") == BEFORE_ROLES_REASON_ITEM and item.get("type") != "text":
            item["reason"] = True
    scales = content.get("scales")
    for scale in scales.values() if isinstance(scales, dict) else ():
        if not isinstance(scale, dict):
            continue
        for option in _mappings(scale.get("options")):
            value = option.get("value")
            phrase = BEFORE_ROLES_REPORT_PHRASES.get(value) if isinstance(value, str) else None
            if phrase and "report_phrase" not in option:
                option["report_phrase"] = phrase
    return content


def _mappings(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
