"""Examples of the OpenAPI document, shown as they are in docs/api.md.

The answers are those of the bundled questionnaire (questionnaires/qualepref-accueil.yaml);
tests/app/test_api_docs.py checks each is valid against its schema and that docs/api.md
shows them unchanged.
"""

from __future__ import annotations

from typing import Any

ANSWERS = {
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
    "appel_prealable": "non",
    "site_internet": "sans_avis",
    "satisfaction_globale": "satisfait",
    "commentaire": "Accueil très aimable, mais l'attente était longue.",
}
RESPONSE_ID = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"
KIOSK_ID = "9b1f7e2a-3c4d-4b5e-8f6a-7b8c9d0e1f2a"


def _one(summary: str, value: Any) -> dict[str, Any]:
    return {"visit": {"summary": summary, "value": value}}


NEW_RESPONSE = _one(
    "A visitor's answers, posted by a queue-management system",
    {"id": RESPONSE_ID, "channel": "web", "lang": "fr", "answers": ANSWERS},
)
STORED = _one(
    "Recorded",
    {
        "id": RESPONSE_ID,
        "campaign": "accueil-2026",
        "channel": "web",
        "received_at": "2026-12-01T09:00",
    },
)
FIELD_ERRORS = _one(
    "Two answers refused",
    {
        "error": "invalid_response",
        "errors": [
            {"field": "profil", "code": "required", "message": "Please answer this question."},
            {
                "field": "courtoisie",
                "code": "invalid_option",
                "message": "Choose one of the answers offered.",
            },
        ],
    },
)
QUESTIONNAIRE = _one(
    "The start of a questionnaire",
    {
        "campaign": {"slug": "accueil-2026", "title": "Enquête accueil 2026", "state": "open"},
        "version": 1,
        "content_hash": "5" * 64,
        "questionnaire": {
            "key": "qualepref-accueil",
            "languages": ["fr", "en"],
            "items": [
                {
                    "key": "profil",
                    "type": "choice",
                    "required": True,
                    "label": {"fr": "Vous êtes :", "en": "You are:"},
                    "options": [
                        {
                            "value": "particulier",
                            "label": {"fr": "Un particulier", "en": "A private individual"},
                        }
                    ],
                }
            ],
        },
    },
)
KIOSK_RESPONSE = {
    "id": KIOSK_ID,
    "lang": "en",
    "answers": ANSWERS,
    "collected_at": "2026-12-01T09:15:00+01:00",
}
KIOSK_BATCH = _one("A tablet's queue, sent at once", {"responses": [KIOSK_RESPONSE]})
KIOSK_RESULTS = _one(
    "One status per response, in the order sent",
    {
        "results": [
            {
                "id": KIOSK_ID,
                "status": 201,
                "campaign": "accueil-2026",
                "channel": "kiosk",
                "received_at": "2026-12-01T09:00",
            },
        ]
    },
)
HEARTBEAT = _one(
    "Every minute", {"queue_length": 3, "rejected_count": 0, "app_version": "0123abcd4567ef89"}
)
PAIR = _one("The code of a pairing link", {"code": "kq3Zt8VbX1aLm0PwR7sN"})
VISITS = _one(
    "Visits counted on one day at the reception desk",
    {"channel": "kiosk", "day": "2026-12-01", "visits": 212},
)
VISITS_SET = _one(
    "Set",
    {"campaign": "accueil-2026", "channel": "kiosk", "day": "2026-12-01", "visits": 212},
)
