"""Test data shared by several test modules."""

from __future__ import annotations


def valid_answers(**overrides):
    """A complete, valid set of answers to the bundled questionnaire."""
    answers = {
        "profil": "particulier",
        "motif": "titre_sejour",
        "horaires": "satisfait",
        "signaletique": "tres_satisfait",
        "confort": "satisfait",
        "confidentialite": "tres_satisfait",
        "courtoisie": "tres_satisfait",
        "langage": "satisfait",
        "file_attente": "peu_satisfait",
        "attente": "10_20",
        "appel_prealable": "oui",
        "info_telephone": "sans_avis",
        "site_internet": "satisfait",
        "satisfaction_globale": "tres_satisfait",
        "commentaire": "Accueil très aimable.",
    }
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}
