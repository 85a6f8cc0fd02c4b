"""Respondent-facing wording of answer errors, in the page's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from questionnaires import AnswerError

MESSAGES = {
    "required": _l("Merci de répondre à cette question."),
    "invalid_option": _l("Choisissez une des réponses proposées."),
    "unknown_item": _l("Cette question ne fait pas partie du questionnaire."),
    "hidden": _l(
        "Ne répondez à cette question que si la question dont elle dépend appelle cette réponse."
    ),
    "too_long": _l(
        "Votre texte est trop long : %(max_length)s caractères au plus "
        "(vous en avez écrit %(length)s)."
    ),
    "nul_byte": _l("Votre texte contient un caractère invalide."),
    "not_text": _l("Réponse invalide."),
    "invalid_id": _l("Identifiant de réponse invalide (UUID attendu)."),
    "channel_not_enabled": _l("Ce canal n'est pas ouvert pour cette enquête."),
    "language_not_offered": _l("Cette langue n'est pas proposée pour ce questionnaire."),
}


def message_for(error: AnswerError) -> str:
    template = MESSAGES.get(error.code, MESSAGES["not_text"])
    return str(template) % error.params if error.params else str(template)
