"""The forms of «Importer des résultats»: the file and how to read it, then its confirmation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import InputRequired, Regexp, ValidationError

from ...collect.importing.bundled import mappings_for
from ...collect.importing.mapping import IMPORT_CHANNELS
from ...core.models import Campaign
from .forms import CHANNEL_LABELS

FILE_SUFFIXES = ("csv", "txt", "tsv", "xlsx")
OWN_MAPPING = "fichier"
"""The `mapping` choice: the YAML file joined to the form."""
FROM_FILE = ""
"""The `channel` choice: each row's channel as the mapping reads it."""


class ResultsImportForm(FlaskForm):
    file = FileField(
        "Fichier des résultats",
        [
            FileRequired("Choisissez le fichier des résultats (.csv ou .xlsx)."),
            FileAllowed(FILE_SUFFIXES, "Un fichier .csv ou .xlsx (enregistrez un .xls en .xlsx)."),
        ],
        description="Une ligne par personne interrogée, la première ligne donnant le titre des "
        "colonnes : l'export de SPHINX, ou un tableau des questionnaires papier. CSV "
        "(point-virgule, virgule ou tabulation, UTF-8 ou Windows-1252) ou classeur .xlsx.",
    )
    mapping = SelectField(
        "Correspondance des colonnes",
        description="Quelle colonne est quelle question, quel libellé quelle réponse.",
    )
    mapping_file = FileField(
        "Votre fichier de correspondance (YAML)",
        [FileAllowed(("yaml", "yml"), "Un fichier .yaml.")],
        description="Seulement pour «\u00a0Mon fichier de correspondance\u00a0» : partez de celui "
        "fourni avec l'application (lien ci-dessous) et changez-y les titres des colonnes et "
        "les libellés de votre export.",
    )
    channel = SelectField(
        "Canal de recueil",
        description="Comment les réponses du fichier ont été recueillies, si toutes l'ont été "
        "de la même façon (par exemple : des questionnaires papier saisis dans un tableur).",
    )

    def __init__(self, campaign: Campaign, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mapping.choices = [
            *(
                SelectChoice(m.name, m.title)
                for m in mappings_for(campaign.questionnaire_version.key)
            ),
            SelectChoice(OWN_MAPPING, "Mon fichier de correspondance (YAML, ci-dessous)"),
        ]
        self.channel.choices = [
            SelectChoice(FROM_FILE, "Celui que donne chaque ligne (selon la correspondance)"),
            *(
                SelectChoice(c, CHANNEL_LABELS[c])
                for c in IMPORT_CHANNELS
                if c in campaign.channels
            ),
        ]

    def validate_mapping_file(self, field) -> None:
        if self.mapping.data == OWN_MAPPING and not field.data:
            raise ValidationError("Joignez votre fichier de correspondance (.yaml).")


class ResultsConfirmForm(FlaskForm):
    """The upload kept on the server, named by its token, and the SHA-256 the check read."""

    token = HiddenField(validators=[InputRequired(), Regexp(r"^[A-Za-z0-9_-]{43}$")])
    digest = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9a-f]{64}$")])
