"""The admin forms; validation lives here, messages in French, next to their field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

REQUIRED = "Ce champ est obligatoire."
CHANNEL_LABELS = {
    "kiosk": "Tablette à l'accueil",
    "web": "Site internet (lien et QR code)",
    "paper": "Questionnaire papier",
    "import": "Import de l'ancien outil",
}


class ActionForm(FlaskForm):
    """A button that changes something: only its CSRF token."""


class LoginForm(FlaskForm):
    login = StringField("Identifiant", [DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField("Mot de passe", [DataRequired(REQUIRED), Length(max=1024)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CampaignForm(FlaskForm):
    title = StringField(
        "Titre", [DataRequired(REQUIRED), Length(max=200, message="200 caractères au plus.")]
    )
    slug = StringField(
        "Adresse courte",
        [
            Optional(),
            Regexp(
                r"^[a-z0-9][a-z0-9-]{0,63}$",
                message="Lettres minuscules sans accent, chiffres et tirets (64 au plus).",
            ),
        ],
        description="Partie finale du lien public ; laissée vide, elle est tirée du titre.",
    )
    site = SelectField("Site", coerce=int)
    questionnaire = SelectField(
        "Questionnaire",
        description="La version la plus récente est proposée d'abord. Une enquête garde sa "
        "version, même quand une nouvelle est publiée.",
    )
    opens_on = DateField("Premier jour", [Optional()], format="%Y-%m-%d")
    closes_on = DateField("Dernier jour", [Optional()], format="%Y-%m-%d")
    channels = MultiCheckboxField(
        "Canaux ouverts",
        choices=[SelectChoice(c, CHANNEL_LABELS[c]) for c in ("kiosk", "web", "paper")],
        validators=[DataRequired("Choisissez au moins un canal.")],
    )
    target_responses = IntegerField(
        "Objectif de réponses",
        [Optional(), NumberRange(1, 10_000_000, "Un nombre entier de 1 à 10 000 000.")],
    )
    is_published = BooleanField(
        "Publier les résultats sur la page publique /resultats une fois l'enquête close"
    )

    def validate_closes_on(self, field) -> None:
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError("Le dernier jour précède le premier jour.")


class VisitsForm(FlaskForm):
    channel = SelectField(
        "Canal", choices=[SelectChoice(c, CHANNEL_LABELS[c]) for c in ("kiosk", "web", "paper")]
    )
    day = DateField(
        "Jour",
        [Optional()],
        format="%Y-%m-%d",
        description="Laissez vide pour saisir le total de la campagne.",
    )
    visits = IntegerField(
        "Nombre de visites",
        [
            InputRequired(REQUIRED),
            NumberRange(0, 10_000_000, "Un nombre entier de 0 à 10 000 000."),
        ],
    )


class DeviceForm(FlaskForm):
    name = StringField(
        "Nom de la tablette",
        [DataRequired(REQUIRED), Length(max=100, message="100 caractères au plus.")],
        description="Par exemple « Hall d'accueil, borne 1 ».",
    )
    site = SelectField("Site", coerce=str, description="Le lieu où la tablette est installée.")
    campaign = SelectField(
        "Enquête affichée",
        coerce=str,
        description="Par défaut, la tablette affiche l'enquête ouverte de son site et passe "
        "d'elle-même à la suivante ; entre deux enquêtes, elle affiche « Pas d'enquête en "
        "cours ». Choisissez une enquête pour l'y épingler.",
    )

    def validate_campaign(self, field: SelectField) -> None:
        """A pinned campaign must be on the tablet's site (campaign choices carry their site)."""
        site_of = getattr(self, "campaign_sites", {})
        if field.data and site_of.get(field.data) != self.site.data:
            raise ValidationError("Cette enquête n'est pas sur le site choisi.")


class PinForm(FlaskForm):
    campaign = SelectField("Enquête affichée", coerce=str)


class RenameForm(FlaskForm):
    name = StringField(
        "Nouveau nom", [DataRequired(REQUIRED), Length(max=100, message="100 caractères au plus.")]
    )


class ThemeForm(FlaskForm):
    theme = StringField("Thème", [Optional(), Length(max=100, message="100 caractères au plus.")])


class RedactForm(FlaskForm):
    text = TextAreaField(
        "Texte caviardé",
        [InputRequired(REQUIRED), Length(max=2000, message="2 000 caractères au plus.")],
        description="Remplacez les passages à masquer, par exemple par [nom masqué].",
    )
