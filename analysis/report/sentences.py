"""The report's French sentences, written as in the prefecture's bilan qualité.

Every sentence is built here from results, so renderers only lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from questionnaires.model import Item

from ..campaign import ChannelResult
from ..french import NBSP, format_number, format_percent, pluralize
from ..results import ChoiceResult, RatingResult
from ..rounding import shown_share

COLON = NBSP + ":"
SEMICOLON = NBSP + ";"
OVERALL_LABEL = "Taux de satisfaction global" + COLON
POSITIVE_HEADING = "Les points positifs sur lesquels les usagers ont insisté" + COLON
IMPROVEMENT_HEADING = "Les axes d'amélioration" + COLON
ENGAGEMENT_HEADING = f"Résultats par engagement Services Publics{NBSP}+"
ITEMS_HEADING = "Résultats par élément"

CHANNEL_RESPONSES = {
    "kiosk": ("réponse à l'accueil", "réponses à l'accueil"),
    "web": ("réponse sur le site internet", "réponses sur le site internet"),
    "paper": ("réponse sur questionnaire papier", "réponses sur questionnaire papier"),
    "import": ("réponse importée", "réponses importées"),
}
CHANNEL_WHERE = {
    "kiosk": "à l'accueil",
    "web": "sur le site internet",
    "paper": "sur questionnaire papier",
}
CHANNEL_NAMES = {
    "kiosk": "Accueil (tablette)",
    "web": "Site internet",
    "paper": "Questionnaire papier",
    "import": "Import",
}
LANGUAGE_NAMES = {
    "fr": "français", "en": "anglais", "ar": "arabe", "es": "espagnol", "pt": "portugais",
    "ru": "russe", "tr": "turc", "uk": "ukrainien", "de": "allemand", "it": "italien",
}  # fmt: skip
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def join_french(parts: Sequence[str]) -> str:
    """«a», «a et b», «a, b et c»."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " et " + parts[-1]


def participation_sentence(channels: Sequence[ChannelResult]) -> str:
    """«104 réponses collectées : 95 réponses à l'accueil sur 311 visites et 9 réponses sur
    le site internet.» Channels without responses are left out; visits only when recorded."""
    answered = [c for c in channels if c.responses > 0]
    total = sum(c.responses for c in answered)
    if total == 0:
        return "Aucune réponse collectée."
    collected = pluralize(total, "réponse collectée", "réponses collectées")
    if len(answered) == 1 and answered[0].channel in CHANNEL_WHERE:
        return f"{collected} {CHANNEL_WHERE[answered[0].channel]}{_visits(answered[0])}."
    parts = []
    for channel in answered:
        singular, plural = CHANNEL_RESPONSES.get(
            channel.channel, (f"réponse ({channel.channel})", f"réponses ({channel.channel})")
        )
        parts.append(pluralize(channel.responses, singular, plural) + _visits(channel))
    return f"{collected}{COLON} {join_french(parts)}."


def _visits(channel: ChannelResult) -> str:
    return f" sur {pluralize(channel.visits, 'visite', 'visites')}" if channel.visits else ""


def participation_rate_sentence(channel: ChannelResult) -> str | None:
    """«Taux de participation à l'accueil : 30,5 %.», None without recorded visits."""
    rate = channel.participation_rate
    if rate is None:
        return None
    where = CHANNEL_WHERE.get(channel.channel, f"({channel.channel})")
    return f"Taux de participation {where}{COLON} {format_percent(rate)}."


def share_lines(item: Item, result: ChoiceResult) -> list[tuple[str, int, str]]:
    """(value, count, «96,2 % sont des particuliers») per chosen option, largest first.

    Options nobody chose are left out; each share is rounded on its own (docs/report.md).
    """
    rounded = result.percentages()
    lines = []
    for value, count in result.largest_first():
        if count == 0:
            continue
        option = item.option(value)
        share = format_percent(rounded[value])
        if option is not None and option.report_phrase:
            lines.append((value, count, f"{share} {option.report_phrase}"))
        else:
            label = option.label["fr"] if option is not None else value
            lines.append((value, count, f"{label}{COLON} {share}"))
    return lines


def split_text(item: Item, result: RatingResult) -> tuple[str, str]:
    """(«97,1 %», «74 % très satisfaits et 23,1 % satisfaits»): the rate and its parts as the
    tables show them; the split is empty when the item does not ask for it or n == 0."""
    rate = format_percent(result.shown_rate or 0)
    if not item.report_split or result.n == 0:
        return rate, ""
    parts = result.satisfied_split()
    words = [f"{format_percent(share)} {_report_name(item, v)}" for v, share in parts.items()]
    return rate, join_french(words)


def _report_name(item: Item, value: str) -> str:
    """How the report names a scale option: its declared report_phrase («très satisfaits»),
    else its French label in lower case."""
    option = item.option(value)
    if option is None:
        return value
    return option.report_phrase or option.label["fr"].lower()


def rate_definition(item: Item) -> str | None:
    """«Taux de satisfaction = avis « très satisfait » et « satisfait » divisés par les avis
    exprimés (les « sans avis » ne sont pas comptés).», from the options the item's scale
    declares satisfied and no opinion; None when none counts as satisfied."""
    satisfied = [f"« {_lower_first(o.label['fr'])} »" for o in item.options if o.is_satisfied]
    if not satisfied:
        return None
    no_opinion = [
        f"« {o.report_phrase or _lower_first(o.label['fr'])} »"
        for o in item.options
        if o.is_no_opinion
    ]
    sentence = f"Taux de satisfaction = avis {join_french(satisfied)} divisés par les avis "
    sentence += "exprimés"
    if no_opinion:
        sentence += f" (les {join_french(no_opinion)} ne sont pas comptés)"
    return sentence + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def overall_sentence(item: Item, result: RatingResult) -> str:
    """«Taux de satisfaction global : 97,1 % (74 % très satisfaits et 23,1 % satisfaits).»"""
    if result.n == 0:
        return f"{OVERALL_LABEL} aucun avis exprimé."
    rate, split = split_text(item, result)
    return f"{OVERALL_LABEL} {rate}{f' ({split})' if split else ''}."


def _subject(item: Item, rate: str) -> str:
    if item.report_phrase:
        return f"{rate} des usagers {item.report_phrase}"
    return f"{item.label['fr']}{COLON} {rate} d'usagers satisfaits"


def _small(result: RatingResult) -> list[str]:
    if not result.is_small_sample:
        return []
    return [f"faible effectif{COLON} {avis(result.n)}"]


def link_text(item: Item, choices: dict[str, ChoiceResult]) -> str:
    """«, 73 % ont attendu moins de 10 minutes», from the linked choice item's answers."""
    link = item.report_link
    linked = choices.get(link.item) if link else None
    if link is None or linked is None or linked.n == 0:
        return ""
    chosen = sum(linked.counts.get(value, 0) for value in link.values)
    return f", {format_percent(chosen / linked.n)} {link.phrase}"


def positive_sentence(item: Item, result: RatingResult, choices: dict[str, ChoiceResult]) -> str:
    """«97,1 % des usagers apprécient … (74 % très satisfaits et 23,1 % satisfaits), 73 % …»"""
    rate, split = split_text(item, result)
    extras = ([split] if split else []) + _small(result)
    parenthesis = f" ({', '.join(extras)})" if extras else ""
    return _subject(item, rate) + parenthesis + link_text(item, choices)


def improvement_sentence(item: Item, result: RatingResult, choices: dict[str, ChoiceResult]) -> str:
    """«62,5 % des usagers … (48 avis, intervalle de confiance à 95 % : de 48,4 % à 74,8 %)»"""
    low, high = result.interval or (0.0, 0.0)
    extras = [
        avis(result.n),
        f"intervalle de confiance à 95{NBSP}%{COLON} "
        f"de {format_percent(low)} à {format_percent(high)}",
    ]
    if result.is_small_sample:
        extras.append("faible effectif")
    rate = format_percent(result.shown_rate or 0)
    return f"{_subject(item, rate)} ({', '.join(extras)}){link_text(item, choices)}"


def as_list(sentences: Sequence[str]) -> list[str]:
    """A French enumeration: every line ends with « ;», the last one with «.»."""
    return [s + (SEMICOLON if i < len(sentences) - 1 else ".") for i, s in enumerate(sentences)]


def avis(count: int) -> str:
    """«1 avis», «412 avis»: answers to an item are «avis»; «réponses» are respondents."""
    return f"{format_number(count)} avis"


def engagement_name(number: int, label: str | None) -> str:
    """«Engagement 1 « Dans le respect mutuel, vous êtes accueillis… »», the wording the
    questionnaire declares; «Engagement 1» without one."""
    return f"Engagement {number}" + (f" «{NBSP}{label.rstrip('.')}{NBSP}»" if label else "")


def engagement_sentence(
    number: int, label: str | None, rate: float | None, n: int, is_small: bool
) -> str:
    """«Engagement 2 « Nous sommes joignables… » : 95,1 % d'avis satisfaits (412 avis).»"""
    name = engagement_name(number, label)
    if rate is None:
        return f"{name}{COLON} aucun avis exprimé."
    answers = avis(n) + (", faible effectif" if is_small else "")
    return f"{name}{COLON} {format_percent(shown_share(rate))} d'avis satisfaits ({answers})."


def format_day(day: date) -> str:
    """«1er janvier 2026», «20 décembre 2026»."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def period_text(opens_on: date | None, closes_on: date | None) -> str | None:
    """«Enquête menée du 14 au 25 septembre 2020», «… du 28 février au 3 mars 2021»,
    «… du 5 janvier 2026 au 20 décembre 2027»: what the two days share is written once."""
    if opens_on and closes_on:
        if opens_on == closes_on:
            return f"Enquête menée le {format_day(opens_on)}"
        if (opens_on.year, opens_on.month) == (closes_on.year, closes_on.month):
            start = format_day(opens_on).rsplit(" ", 2)[0]
        elif opens_on.year == closes_on.year:
            start = format_day(opens_on).rsplit(" ", 1)[0]
        else:
            start = format_day(opens_on)
        return f"Enquête menée du {start} au {format_day(closes_on)}"
    if opens_on:
        return f"Enquête menée à partir du {format_day(opens_on)}"
    if closes_on:
        return f"Enquête menée jusqu'au {format_day(closes_on)}"
    return None


def kept_apart_note(kept_apart: Mapping[str, int]) -> str | None:
    """The note on answers kept apart (paper forms, imports taken as filled in), None if none:
    «Réponses mises à part : 3 réponses donnaient un avis à une question qui ne leur était
    pas posée (avis non compté) ; 5 réponses laissaient vide une question obligatoire
    (comptée « non répondu »).»"""
    parts = []
    if kept_apart.get("hidden"):
        n = kept_apart["hidden"]
        verb = "donnait" if n == 1 else "donnaient"
        parts.append(
            f"{pluralize(n, 'réponse', 'réponses')} {verb} un avis à une question qui ne "
            "se posait pas (selon une réponse précédente)\u00a0: cet avis est conservé mais "
            "n'est pas compté dans le taux de la question"
        )
    if kept_apart.get("required"):
        n = kept_apart["required"]
        verb = "laissait" if n == 1 else "laissaient"
        parts.append(
            f"{pluralize(n, 'réponse', 'réponses')} {verb} sans réponse une question "
            "obligatoire, comptée «\u00a0non répondu\u00a0»"
        )
    if not parts:
        return None
    return (
        f"Questionnaires pris tels qu'ils ont été remplis{COLON} {(SEMICOLON + ' ').join(parts)}."
    )
