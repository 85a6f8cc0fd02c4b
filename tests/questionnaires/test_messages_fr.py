"""Every problem the loader can report has French wording for the browser editor."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

from questionnaires import QuestionnaireError, bundled_path, from_dict
from questionnaires.messages_fr import in_french, is_translated

BASE = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
BREAKAGES = [
    lambda d: d.update(key="Pas Bon", format=7, extra=1, languages=["en", "fr", "fr", "x y"]),
    lambda d: d.update(title="x", pages=[], items=[], engagements={0: ""}),
    lambda d: d.update(languages=[], scales={"s": {"options": []}}),
    lambda d: d.update(languages=["en"]),
    lambda d: d.update(introduction={"fr": "", "de": "x"}),
    lambda d: d["pages"].extend([{"key": "Bad"}, {"key": "vous", "title": {"fr": "x"}}]),
    lambda d: d["items"][0]["options"].append({"value": "Bad", "label": {"fr": "x"}}),
    lambda d: d["items"][0]["options"].append({"value": "particulier", "label": "x"}),
    lambda d: d["items"][0].update(type="slider"),
    lambda d: d["items"][1].update(key="Bad Key"),
    lambda d: d["items"][1].update(key="profil", page="nulle_part", required="oui"),
    lambda d: d["items"][2].update(scale="stars", engagement=7, overall=True),
    lambda d: d["items"][3].update(show_if={"item": "commentaire", "equals": "x"}),
    lambda d: d["items"][3].update(show_if={"item": "nulle", "in": ["x"]}),
    lambda d: d["items"][3].update(show_if={"item": "profil"}),
    lambda d: d["items"][3].update(show_if={"item": "profil", "in": []}),
    lambda d: d["items"][3].update(show_if={"item": "profil", "in": ["x"]}),
    lambda d: d["items"][14].update(max_length=0, reason=True),
    lambda d: d["items"][13].update(show_if={"item": "commentaire", "equals": "x"}),
    lambda d: d["items"][3].update(report_link={"item": "horaires", "values": [], "phrase": ""}),
    lambda d: d["items"][3].update(engagement=100, report_phrase=""),
    lambda d: d["items"][13].update(show_if={"item": "appel_prealable", "equals": "oui"},
                                    required=True),
    lambda d: d["items"].append({"key": "x", "type": "rating", "page": "vous",
                                 "label": {"fr": "X"}}),
    lambda d: d["items"].append("pas un item"),
    lambda d: d.update(scales={"satisfaction": {"options": [
        {"value": "a", "label": {"fr": "A"}, "is_satisfied": True, "is_no_opinion": True}]}}),
]  # fmt: skip


def test_every_problem_the_loader_reports_is_worded_in_french():
    seen, untranslated = set(), []
    for breakage in BREAKAGES:
        document = copy.deepcopy(BASE)
        breakage(document)
        try:
            from_dict(document, "x.yaml")
        except QuestionnaireError as exc:
            for _, message in exc.problems:
                seen.add(message)
                if not is_translated(message):
                    untranslated.append(message)
    assert untranslated == []
    assert len(seen) > 35
    english = re.compile(r"\b(expected|missing|duplicate|unknown|invalid|cannot|only one)\b")
    assert [in_french(m) for m in seen if english.search(in_french(m))] == []


def test_every_message_the_loader_source_writes_is_covered():
    """A new message added to the loader without French wording fails here."""
    source = "".join(
        (Path(bundled_path()).parent / name).read_text(encoding="utf-8")
        for name in ("loader.py", "items.py")
    )
    written = re.findall(r'error\(\s*[^,]+,\s*f?"([^"]+)"', source)
    samples = [re.sub(r"\{[^}]*\}", "1", message) for message in written]
    composed = "'1' 1: show_if must point to an earlier item"  # both forms seen above
    assert [s for s in samples if not is_translated(s) and s != composed] == []
