"""A draft's translations side by side with the French, one language at a time.

Each text says whether its translation is up to date, missing, or to review because its
French changed since (questionnaires/translations.py, by the hash of the French). Saving a
language writes its texts; a changed or confirmed translation is then up to date.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from questionnaires.translations import (
    MISSING,
    OK,
    STALE,
    other_languages,
    set_translations,
    status_of,
    text_places,
    translation_status,
)

from ...core.db import db
from ...core.draft_translations import save_translations
from ..i18n import NATIVE_NAMES, text_direction
from .access import MANAGERS, roles_required
from .blueprint import bp
from .drafts import draft_or_404
from .forms import ActionForm

STATUS_LABELS = {OK: "À jour", MISSING: "À traduire", STALE: "À revoir : le français a changé"}
FIELD_LABELS = {
    "title": "Titre du questionnaire",
    "introduction": "Introduction",
    "thanks": "Remerciement",
    "label": "Libellé",
    "help": "Aide",
    "notice": "Avertissement",
}
LANGUAGE_NAMES_FR = {
    "en": "anglais", "ar": "arabe", "es": "espagnol", "pt": "portugais", "ru": "russe",
    "tr": "turc", "uk": "ukrainien", "de": "allemand", "it": "italien", "zh": "chinois",
    "fa": "persan", "ps": "pachto", "prs": "dari", "ro": "roumain", "pl": "polonais",
}  # fmt: skip


def language_name(code: str) -> str:
    """«anglais»: the officer's word for a language (its own name when unknown)."""
    return LANGUAGE_NAMES_FR.get(code) or NATIVE_NAMES.get(code, code)


@dataclass(frozen=True)
class Row:
    """One text of the draft: what it is, its French, its translation and their status."""

    path: str
    label: str
    french: str
    text: str
    status: str

    @property
    def field(self) -> str:
        return f"t-{self.path}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _label(path: str) -> str:
    parts = path.split(".")
    if len(parts) == 1:
        return FIELD_LABELS[path]
    if parts[0] == "pages":
        return f"Titre de la page « {parts[1]} »"
    if "options" in parts:
        return f"Réponse « {parts[-2]} »"
    return FIELD_LABELS.get(parts[-1], parts[-1])


def _groups(document: dict, sources: dict, lang: str, only_work: bool) -> list[dict]:
    """The rows of one language grouped by questionnaire, page, item or scale."""
    groups: dict[str, dict] = {}
    items = {i.get("key"): i for i in document.get("items") or [] if isinstance(i, dict)}
    for place in text_places(document):
        status = status_of(place, lang, sources)
        if only_work and status == OK:
            continue
        title = _group_title(place.group, items)
        group = groups.setdefault(place.group, {"title": title, "rows": []})
        group["rows"].append(
            Row(
                path=place.path,
                label=_label(place.path),
                french=str(place.texts.get("fr") or ""),
                text=str(place.texts.get(lang) or ""),
                status=status,
            )
        )
    return list(groups.values())


def _group_title(group: str, items: dict) -> str:
    kind, _, key = group.partition(".")
    if kind == "title":
        return "Le questionnaire"
    if kind == "pages":
        return f"Page « {key} »"
    if kind == "scales":
        return f"Échelle « {key} »"
    label = (items.get(key) or {}).get("label") or {}
    return f"Question « {key} » : {label.get('fr', '')}" if isinstance(label, dict) else key


def summary(document: dict, sources: dict) -> list[dict]:
    """Per language: how many texts are up to date, missing, to review."""
    rows = []
    for lang, statuses in translation_status(document, sources).items():
        counts = {s: sum(1 for v in statuses.values() if v == s) for s in (OK, MISSING, STALE)}
        rows.append({"lang": lang, "name": language_name(lang), **counts})
    return rows


@bp.route("/questionnaires/drafts/<int:draft_id>/translations", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def draft_translations(draft_id: int):
    draft = draft_or_404(draft_id)
    document, sources = draft.content, draft.translation_sources or {}
    languages = other_languages(document)
    lang = request.values.get("langue")
    if lang not in languages:
        lang = languages[0] if languages else None
    only_work = request.values.get("a_revoir") == "1"
    form = ActionForm()
    if request.method == "POST" and lang and form.validate_on_submit():
        texts = {name[2:]: value for name, value in request.form.items() if name.startswith("t-")}
        confirmed = {name[3:] for name in request.form if name.startswith("ok-")}
        document, sources = set_translations(document, sources, lang, texts, confirmed)
        save_translations(db.session, draft, document, sources, current_user)
        db.session.commit()
        flash(f"Traduction en {language_name(lang)} enregistrée.")
        return redirect(
            url_for(
                "admin.draft_translations",
                draft_id=draft_id,
                langue=lang,
                **({"a_revoir": "1"} if only_work else {}),
            ),
            303,
        )
    return render_template(
        "admin/questionnaires/translations.html",
        draft=draft,
        form=form,
        lang=lang,
        lang_name=language_name(lang) if lang else None,
        lang_dir=text_direction(lang) if lang else "ltr",
        summary=summary(document, sources),
        groups=_groups(document, sources, lang, only_work) if lang else [],
        only_work=only_work,
        statuses={"ok": OK, "missing": MISSING, "stale": STALE},
        french_names=LANGUAGE_NAMES_FR,
        native_names=NATIVE_NAMES,
        rtl={code for code in languages if text_direction(code) == "rtl"},
    )
