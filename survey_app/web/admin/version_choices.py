"""Which questionnaire a new campaign uses: any published version, or a bundled file not
frozen yet; the newest version is offered first. A campaign keeps the version it has."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import SelectChoice

from questionnaires import Questionnaire

from ...core.campaigns import questionnaire_of
from ...core.catalog import check_bundled
from ...core.db import db
from ...core.models import Campaign, QuestionnaireVersion

VERSION_PREFIX = "version-"


def version_choices() -> tuple[list[SelectChoice], str | None]:
    """(choices, the default value): stored versions newest first, a bundled file under its
    key (its version's entry when it is frozen already, so posting the key keeps working)."""
    bundled = check_bundled()
    by_hash = {(k, q.content_hash): k for k, q in bundled.items()}
    versions = db.session.scalars(
        select(QuestionnaireVersion).order_by(QuestionnaireVersion.id.desc())
    ).all()
    choices, frozen_files = [], set()
    for version in versions:
        title = questionnaire_of(version).title["fr"]
        file_key = by_hash.get((version.key, version.content_hash))
        date = version.created_at.strftime("%d/%m/%Y")
        label = f"Version {version.version} du {date} — {title}"
        if file_key:
            frozen_files.add(file_key)
            choices.append(SelectChoice(file_key, f"{label} (fichier fourni)"))
        else:
            choices.append(SelectChoice(f"{VERSION_PREFIX}{version.id}", label))
    for key, questionnaire in bundled.items():
        if key not in frozen_files:
            label = f"Fichier fourni, pas encore utilisé — {questionnaire.title['fr']}"
            choices.append(SelectChoice(key, label))
    return choices, (choices[0].value if choices else None)


def chosen(value: str) -> tuple[Questionnaire | None, QuestionnaireVersion | None]:
    """The bundled questionnaire or the stored version a choice names (None, None if neither)."""
    if value.startswith(VERSION_PREFIX):
        number = value.removeprefix(VERSION_PREFIX)
        if number.isascii() and number.isdigit() and len(number) < 10:
            return None, db.session.get(QuestionnaireVersion, int(number))
        return None, None
    return check_bundled().get(value), None


def newer_stored_version(campaign: Campaign) -> QuestionnaireVersion | None:
    """The newest published version of the campaign's questionnaire, if later than its own."""
    current = campaign.questionnaire_version
    newest = db.session.scalar(
        select(QuestionnaireVersion)
        .filter_by(key=current.key)
        .order_by(QuestionnaireVersion.version.desc())
        .limit(1)
    )
    return newest if newest is not None and newest.version > current.version else None
