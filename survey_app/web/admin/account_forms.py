"""Forms of the administration pages: accounts, sites, the public address, passwords."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError

from ...accounts.passwords import MAX_LENGTH, MIN_LENGTH, PasswordRejected, check_password_rules
from ...accounts.users import UserError, check_email
from ...core.public_address import AddressError, check_address
from ...core.setting_values import parse_opening_hours
from .access import ROLE_LABELS
from .forms import REQUIRED, MultiCheckboxField

SITE_KIND_LABELS = {
    "prefecture": "Préfecture",
    "sous_prefecture": "Sous-préfecture",
    "other": "Autre service",
}
TIMEZONES = (
    ("Europe/Paris", "Métropole (Europe/Paris)"),
    ("America/Guadeloupe", "Guadeloupe"),
    ("America/Martinique", "Martinique"),
    ("America/Cayenne", "Guyane"),
    ("Indian/Reunion", "La Réunion"),
    ("Indian/Mayotte", "Mayotte"),
    ("America/Miquelon", "Saint-Pierre-et-Miquelon"),
    ("Pacific/Noumea", "Nouvelle-Calédonie"),
    ("Pacific/Tahiti", "Polynésie française (Tahiti)"),
    ("Pacific/Wallis", "Wallis-et-Futuna"),
)
ROLE_DESCRIPTIONS = {
    "admin": "tous les sites, les comptes, l'adresse publique",
    "officer": "enquêtes, tablettes, saisie papier et commentaires de ses sites",
    "reader": "résultats de ses sites, en lecture seule",
}


class UserAccessForm(FlaskForm):
    role = SelectField(
        "Rôle",
        choices=[SelectChoice(r, label) for r, label in ROLE_LABELS.items()],
        default="officer",
        description=" ; ".join(
            f"{ROLE_LABELS[r]} : {text}" for r, text in ROLE_DESCRIPTIONS.items()
        )
        + ".",
    )
    sites = MultiCheckboxField(
        "Sites",
        coerce=int,
        description="Les sites que le compte voit ; un administrateur les voit tous.",
    )

    email = StringField(
        "Adresse électronique",
        [Length(max=254, message="254 caractères au plus.")],
        description="Facultative, par exemple prenom.nom@interieur.gouv.fr. Une même adresse "
        "peut servir à plusieurs comptes (une boîte de service).",
    )
    has_email_alerts = BooleanField(
        "Recevoir les alertes par courriel",
        default=True,
        description="Tablette silencieuse, réponses en attente d'envoi, point de la semaine des "
        "enquêtes\u00a0: envoyés aux responsables qualité des sites concernés qui ont une adresse.",
    )

    def validate_sites(self, field) -> None:
        if self.role.data != "admin" and not field.data:
            raise ValidationError("Choisissez au moins un site pour ce rôle.")

    def validate_email(self, field) -> None:
        try:
            field.data = check_email(field.data)
        except UserError as exc:
            raise ValidationError(exc.french) from None


class UserCreateForm(UserAccessForm):
    login = StringField(
        "Identifiant",
        [
            DataRequired(REQUIRED),
            Regexp(
                r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,253}$",
                message="De 2 à 254 lettres sans accent, chiffres, « . », « _ », « - » ou « @ ».",
            ),
        ],
        description="Par exemple prenom.nom ou l'adresse électronique professionnelle.",
    )


def _new_password() -> PasswordField:
    return PasswordField(
        "Nouveau mot de passe",
        [DataRequired(REQUIRED), Length(max=MAX_LENGTH)],
        description=f"Au moins {MIN_LENGTH} caractères. Une phrase de plusieurs mots est "
        "plus facile à retenir et plus sûre qu'un mot compliqué\u00a0; les mots de passe "
        "trop courants sont refusés.",
    )


def _confirmation() -> PasswordField:
    return PasswordField(
        "Confirmez le mot de passe",
        [DataRequired(REQUIRED), EqualTo("password", "Les deux saisies diffèrent.")],
    )


class PasswordChoiceForm(FlaskForm):
    password = _new_password()
    confirm = _confirmation()

    def __init__(self, *args, login: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.account_login = login

    def validate_password(self, field) -> None:
        try:
            check_password_rules(field.data or "", self.account_login)
        except PasswordRejected as exc:
            raise ValidationError(str(exc)) from None


class PasswordChangeForm(PasswordChoiceForm):
    """«Mon compte»: the current password, then the new one under the same rules."""

    current = PasswordField("Mot de passe actuel", [DataRequired(REQUIRED), Length(max=1024)])
    # Declared again after `current` so that the page and its error summary list them in order.
    password = _new_password()
    confirm = _confirmation()

    def validate_password(self, field) -> None:
        super().validate_password(field)
        if field.data == self.current.data:
            raise ValidationError("Choisissez un mot de passe différent de l'actuel.")


class OwnEmailForm(FlaskForm):
    """«Mon compte»: the address and the alerts choice, checked as on the accounts pages."""

    email = UserAccessForm.email
    has_email_alerts = UserAccessForm.has_email_alerts
    validate_email = UserAccessForm.validate_email


class SiteForm(FlaskForm):
    name = StringField(
        "Nom",
        [DataRequired(REQUIRED), Length(max=200, message="200 caractères au plus.")],
        description="Le nom imprimé sur les rapports et les affiches, par exemple "
        "« Sous-préfecture de Brive-la-Gaillarde ».",
    )
    kind = SelectField(
        "Type", choices=[SelectChoice(k, label) for k, label in SITE_KIND_LABELS.items()]
    )
    timezone = SelectField(
        "Fuseau horaire",
        choices=[SelectChoice(k, label) for k, label in TIMEZONES],
        description="Les heures de réponse et les jours d'ouverture et de clôture des enquêtes "
        "sont comptés dans ce fuseau. Il ne peut plus changer une fois des réponses reçues.",
    )
    opening_hours = StringField(
        "Horaires d'ouverture au public",
        [Optional(), Length(max=100, message="100 caractères au plus.")],
    )
    is_results_public = BooleanField(
        "Les résultats publiés de ce site peuvent figurer sur la page publique /resultats"
    )

    def validate_opening_hours(self, field) -> None:
        try:
            parse_opening_hours(field.data)
        except ValueError:
            raise ValidationError(
                "Horaires non compris : écrivez par exemple « lun-ven 08:30-16:30 »."
            ) from None


class SiteCreateForm(SiteForm):
    slug = StringField(
        "Identifiant court",
        [
            DataRequired(REQUIRED),
            Regexp(
                r"^[a-z0-9][a-z0-9-]{0,63}$",
                message="Lettres minuscules sans accent, chiffres et tirets (64 au plus).",
            ),
        ],
        description="Ne change plus ensuite, par exemple « sp-brive ».",
    )


class AddressForm(FlaskForm):
    url = StringField(
        "Adresse publique du service",
        [Length(max=200, message="200 caractères au plus.")],
        description="L'adresse que les téléphones et les tablettes utilisent pour joindre le "
        "service, par exemple https://enquetes.prefecture.gouv.fr. Laissée vide, les liens "
        "reprennent l'adresse de la page consultée.",
    )

    def validate_url(self, field) -> None:
        if field.data and field.data.strip():
            try:
                field.data = check_address(field.data)
            except AddressError as exc:
                raise ValidationError(str(exc)) from None
