"""Valid random answers to a questionnaire, shared by the load generator and the filler."""

from __future__ import annotations

import random

from questionnaires import Questionnaire, bundled_path, is_visible, load_questionnaire

COMMENTS = (
    "Accueil très aimable.",
    "Attente trop longue, mais personnel patient.",
    "Signalétique à revoir près des guichets.",
    "-- rien à signaler",  # starts like a formula: the export must neutralise it
    "Merci à l'agent du guichet 4, très clair.",
    "Il faudrait plus de sièges dans la salle d'attente ; on reste debout longtemps.",
)


def bundled() -> Questionnaire:
    """The questionnaire that `survey init --demo` puts on the demo campaign."""
    return load_questionnaire(bundled_path())


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, str]:
    """A complete, valid answer set: required items always, others nine times in ten.

    Items hidden by show_if are left out, as the web form and the kiosk do.
    """
    answers: dict[str, str] = {}
    for item in questionnaire.items:
        if not is_visible(item, answers):
            continue
        if not item.required and rng.random() < 0.1:
            continue
        if item.type == "text":
            if rng.random() < 0.3:
                answers[item.key] = rng.choice(COMMENTS)
        else:
            answers[item.key] = rng.choice(item.values)
    return answers
