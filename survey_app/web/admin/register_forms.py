"""The register's forms: an entry (create, edit), its reply. Messages in French."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from analysis.register import CHANNELS, KINDS, REPLY_CHANNELS

from .forms import REQUIRED

DATE = "Une date au format jj/mm/aaaa."
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
"""What a date input sends, or what is typed where the browser has no date picker."""


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in labels.items()]


class EntryForm(FlaskForm):
    received_on = DateField("Reçue le", [InputRequired(DATE)], format=DATE_FORMATS)
    channel = SelectField("Canal", choices=_choices(CHANNELS))
    kind = SelectField("Nature", choices=_choices(KINDS))
    service = StringField(
        "Service concerné", [Optional(), Length(max=200, message="200 caractères au plus.")]
    )
    themes = StringField(
        "Thèmes",
        [Optional(), Length(max=1000, message="1 000 caractères au plus.")],
        description="Séparés par un point-virgule, par exemple « horaires d'ouverture ; "
        "accueil téléphonique ». Les thèmes des commentaires sont proposés.",
    )
    summary = TextAreaField(
        "Objet de la demande",
        [DataRequired(REQUIRED), Length(max=4000, message="4 000 caractères au plus.")],
        description="Résumé de ce que demande ou signale l'usager.",
    )
    contact = StringField(
        "Coordonnées de l'usager",
        [Optional(), Length(max=500, message="500 caractères au plus.")],
        description="Seulement si elles servent à répondre ; effacées après la durée de "
        "conservation.",
    )
    is_in_scope = BooleanField("Dans le champ du label (compte dans le bilan)", default=True)
    out_of_scope_reason = StringField(
        "Motif hors champ",
        [Optional(), Length(max=200, message="200 caractères au plus.")],
        description="Recours contentieux, intervention d'un élu, suivi d'un dossier…",
    )

    def validate_out_of_scope_reason(self, field) -> None:
        if not self.is_in_scope.data and not (field.data or "").strip():
            raise ValidationError("Indiquez pourquoi la demande est hors du champ du label.")

    def theme_list(self) -> list[str]:
        return [t.strip() for t in (self.themes.data or "").split(";") if t.strip()]


class ReplyForm(FlaskForm):
    replied_on = DateField("Réponse envoyée le", [InputRequired(DATE)], format=DATE_FORMATS)
    reply_channel = SelectField("Canal de la réponse", choices=_choices(REPLY_CHANNELS))
    replied_by = StringField(
        "Répondu par", [Optional(), Length(max=254, message="254 caractères au plus.")]
    )
