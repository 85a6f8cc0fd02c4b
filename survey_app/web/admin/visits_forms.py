"""The visits page's forms: one count typed in, a queue system's file, its confirmation.

Each checks the days against the campaign's period (`form.campaign`), so a day outside
it is a message next to its field, never a row the participation rate would count.
"""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, HiddenField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, ValidationError

from ...collect.visits import MAX_VISITS, VISIT_CHANNELS, outside_period
from ...core.models import Campaign
from .forms import CHANNEL_LABELS, REQUIRED
from .live import short_day

FILE_SUFFIXES = ("csv", "txt", "tsv", "xlsx")
COLUMN = [Optional(), Length(max=100, message="100 caractères au plus.")]


def channel_field() -> SelectField:
    return SelectField(
        "Canal", choices=[SelectChoice(c, CHANNEL_LABELS[c]) for c in VISIT_CHANNELS]
    )


def period_problem(campaign: Campaign, day: date) -> str | None:
    """The French message for a day outside the campaign's period, else None."""
    where = outside_period(campaign, day)
    if where == "before":
        first = short_day(campaign.opens_on)
        return f"Le {short_day(day)} précède le premier jour de l'enquête ({first})."
    if where == "after":
        last = short_day(campaign.closes_on)
        return f"Le {short_day(day)} suit le dernier jour de l'enquête ({last})."
    return None


class VisitsForm(FlaskForm):
    channel = channel_field()
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
            NumberRange(0, MAX_VISITS, "Un nombre entier de 0 à 10 000 000."),
        ],
    )

    def __init__(self, campaign: Campaign, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def validate_day(self, field) -> None:
        problem = field.data and period_problem(self.campaign, field.data)
        if problem:
            raise ValidationError(problem)


class VisitsImportForm(FlaskForm):
    """The queue system's export, and how to read it when its columns are not the usual."""

    file = FileField(
        "Fichier exporté par la gestion de file",
        [
            FileRequired("Choisissez le fichier exporté (.csv ou .xlsx)."),
            FileAllowed(FILE_SUFFIXES, "Un fichier .csv ou .xlsx (enregistrez un .xls en .xlsx)."),
        ],
        description="CSV (point-virgule ou virgule, UTF-8 ou Windows-1252) ou classeur .xlsx. "
        "Une ligne par jour, par heure ou par service : les lignes d'un même jour sont "
        "additionnées.",
    )
    channel = channel_field()
    date_column = StringField(
        "Colonne des dates", COLUMN, description="Vide : « Date », « Jour »… sont reconnues."
    )
    count_column = StringField(
        "Colonne des nombres",
        COLUMN,
        description="Vide : « Nombre de tickets », « Visiteurs », « Visites »… sont reconnues.",
    )
    only_column = StringField(
        "Ne garder que les lignes dont la colonne",
        COLUMN,
        description="Facultatif, par exemple « Site » ou « Service ».",
    )
    only_value = StringField("vaut", COLUMN, description="Par exemple « Accueil général ».")

    def validate(self, extra_validators=None) -> bool:
        is_valid = super().validate(extra_validators)
        if bool(self.only_value.data) != bool(self.only_column.data):  # not inline: Optional()
            blank = self.only_value if self.only_column.data else self.only_column  # stops those
            blank.errors = [*blank.errors, "Indiquez la colonne et sa valeur, ou aucune des deux."]
            return False
        return is_valid


class VisitsConfirmForm(FlaskForm):
    """What the preview showed, sent back: checked again (the period may have changed)."""

    channel = HiddenField(validators=[AnyOf(VISIT_CHANNELS, "Canal inconnu.")])
    days = HiddenField(validators=[InputRequired("Aucun jour à enregistrer.")])
    """«2026-03-02=329 2026-03-03=341»"""
    file_name = HiddenField(validators=[Length(max=200)])

    def __init__(self, campaign: Campaign, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.counts: dict[date, int] = {}

    def validate_days(self, field) -> None:
        for pair in (field.data or "").split():
            text, _, count = pair.partition("=")
            try:
                day = date.fromisoformat(text)
            except ValueError:
                raise ValidationError("Aperçu illisible : importez le fichier à nouveau.") from None
            if not count.isdigit() or int(count) > MAX_VISITS:
                raise ValidationError("Aperçu illisible : importez le fichier à nouveau.")
            problem = period_problem(self.campaign, day)
            if problem:
                raise ValidationError(problem + " Importez le fichier à nouveau.")
            self.counts[day] = int(count)


def days_text(counts: dict[date, int]) -> str:
    """The preview's days for VisitsConfirmForm.days."""
    return " ".join(f"{day.isoformat()}={counts[day]}" for day in sorted(counts))
