"""What the hall poster and the website snippet say, in each language a questionnaire offers.

The officer's workspace is in French; these few sentences face the visitors, so they come in
the visitor's language, next to the French. Dates follow each language's usage («1er» in
French).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from analysis.report.sentences import format_day

FIRST = ("fr", "en", "ar")
"""Always on the sheet first and largest (when the questionnaire offers them)."""

INVITATIONS: dict[str, dict[str, str]] = {
    "fr": {
        "headline": "Votre avis compte\u00a0!",
        "invite": "Scannez ce code avec votre téléphone pour répondre à notre questionnaire "
        "de satisfaction. Il est anonyme et prend 2\u00a0minutes.",
        "period": "Du {start} au {end}",
        "until": "Jusqu'au {end}",
        "from": "À partir du {start}",
        "answer": "Répondre en français",
    },
    "en": {
        "headline": "Your opinion counts!",
        "invite": "Scan this code with your phone to answer our satisfaction questionnaire. "
        "It is anonymous and takes 2 minutes.",
        "period": "From {start} to {end}",
        "until": "Until {end}",
        "from": "From {start}",
        "answer": "Answer in English",
    },
    "ar": {
        "headline": "رأيك يهمّنا!",
        "invite": "امسح هذا الرمز بهاتفك للإجابة عن استبيان الرضا. "
        "الاستبيان مجهول الهوية ويستغرق دقيقتين.",
        "period": "من {start} إلى {end}",
        "until": "حتى {end}",
        "from": "ابتداءً من {start}",
        "answer": "أجب بالعربية",
    },
    "es": {
        "headline": "¡Su opinión cuenta!",
        "invite": "Escanee este código con su teléfono para responder a nuestro cuestionario "
        "de satisfacción. Es anónimo y dura 2 minutos.",
        "period": "Del {start} al {end}",
        "until": "Hasta el {end}",
        "from": "A partir del {start}",
        "answer": "Responder en español",
    },
    "pt": {
        "headline": "A sua opinião conta!",
        "invite": "Digitalize este código com o seu telemóvel para responder ao nosso "
        "questionário de satisfação. É anónimo e demora 2 minutos.",
        "period": "De {start} a {end}",
        "until": "Até {end}",
        "from": "A partir de {start}",
        "answer": "Responder em português",
    },
    "ru": {
        "headline": "Ваше мнение важно!",
        "invite": "Отсканируйте этот код телефоном, чтобы ответить на нашу анкету "
        "удовлетворённости. Она анонимна и займёт 2 минуты.",
        "period": "С {start} по {end}",
        "until": "До {end}",
        "from": "С {start}",
        "answer": "Ответить на русском",
    },
    "tr": {
        "headline": "Görüşünüz önemli!",
        "invite": "Memnuniyet anketimizi yanıtlamak için bu kodu telefonunuzla tarayın. "
        "Anket anonimdir ve 2 dakika sürer.",
        "period": "{start} – {end}",
        "until": "{end} tarihine kadar",
        "from": "{start} tarihinden itibaren",
        "answer": "Türkçe yanıtlayın",
    },
    "uk": {
        "headline": "Ваша думка важлива!",
        "invite": "Відскануйте цей код телефоном, щоб відповісти на нашу анкету "
        "задоволеності. Вона анонімна і займає 2 хвилини.",
        "period": "З {start} по {end}",
        "until": "До {end}",
        "from": "З {start}",
        "answer": "Відповісти українською",
    },
}


LOCALES = {"en": "en_GB"}
"""«1 January 2027» rather than the American «January 1, 2027», for visitors in France."""


def _day(day: date, lang: str) -> str:
    """One date, never split across lines on the sheet."""
    text = (
        format_day(day)
        if lang == "fr"
        else format_date(day, "long", locale=LOCALES.get(lang, lang))
    )
    return text.replace(" ", "\u00a0")


def period(lang: str, opens_on: date | None, closes_on: date | None) -> str | None:
    """«Du 1er janvier 2026 au 20 décembre 2026», in `lang`; None without dates."""
    texts = INVITATIONS[lang]
    if opens_on and closes_on:
        return texts["period"].format(start=_day(opens_on, lang), end=_day(closes_on, lang))
    if closes_on:
        return texts["until"].format(end=_day(closes_on, lang))
    if opens_on:
        return texts["from"].format(start=_day(opens_on, lang))
    return None


def ordered(languages: list[str] | tuple[str, ...]) -> list[str]:
    """The questionnaire's languages that have poster texts: French, English, Arabic first."""
    known = [code for code in languages if code in INVITATIONS]
    return [code for code in FIRST if code in known] + [c for c in known if c not in FIRST]
