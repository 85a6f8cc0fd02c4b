"""Test data for the national view: several sites, three campaigns each, counted as sent;
and a country of hundreds of sites, one closed campaign each, for the page's size.

make_country sends every answer through the one write path; a Counter kept while sending
is the independent count the national numbers are checked against. make_many_sites
inserts rows directly (hundreds of sites in well under a second), keeping its own count.
"""

from __future__ import annotations

import copy
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import insert

from questionnaires import bundled_path, from_dict, load_questionnaire
from survey_app.collect.recording import record_response
from survey_app.core.campaigns import create_campaign, get_or_create_site
from survey_app.core.db import db
from survey_app.core.models import Answer, Campaign, Response, Site
from tests.app.admin_helpers import make_staff
from tests.helpers import valid_answers

KEY = "qualepref-accueil"
RATING = ("tres_satisfait", "satisfait", "peu_satisfait", "pas_du_tout_satisfait", "sans_avis")
SATISFIED = ("tres_satisfait", "satisfait")
# slug, name, share of satisfied overall answers, responses in the latest closed campaign
SITES = (
    ("p75", "Préfecture de Paris", 0.95, 60),
    ("p13", "Préfecture des Bouches-du-Rhône", 0.55, 50),
    ("p69", "Préfecture du Rhône", 0.8, 40),
    ("sp-mini", "Sous-préfecture de Mini", 0.9, 9),
)
# campaign suffix, status, first and last day, responses (None: the site's own number)
CAMPAIGNS = (
    ("2024", "closed", date(2024, 1, 1), date(2024, 12, 31), 4),
    ("2025", "closed", date(2025, 1, 6), date(2025, 6, 30), None),
    ("2026", "open", date(2026, 1, 5), None, 3),
)
V2_SITE = "p69"
"""This site's 2025 campaign runs on version 2, which dropped the phone item."""


@dataclass
class Country:
    counts: Counter = field(default_factory=Counter)
    """(campaign slug, item key, value) -> answers sent."""
    responses: Counter = field(default_factory=Counter)
    """(campaign slug, channel) -> responses sent."""
    ids: dict[str, list[str]] = field(default_factory=dict)
    """campaign slug -> response ids, in order sent."""
    staff: object = None

    def site_counts(self, slugs: list[str]) -> Counter:
        """(item, value) -> answers over the given campaigns."""
        total: Counter = Counter()
        for (slug, item, value), count in self.counts.items():
            if slug in slugs:
                total[(item, value)] += count
        return total

    def overall(self, slugs: list[str]) -> tuple[int, int]:
        """(satisfied, n) of the overall item over the given campaigns, sans avis left out."""
        counts = self.site_counts(slugs)
        n = sum(counts[("satisfaction_globale", v)] for v in RATING if v != "sans_avis")
        return sum(counts[("satisfaction_globale", v)] for v in SATISFIED), n


def version_2():
    """The bundled questionnaire without its phone item: a second version of the same key."""
    source = copy.deepcopy(load_questionnaire(bundled_path()).source)
    source["items"] = [i for i in source["items"] if i["key"] != "info_telephone"]
    return from_dict(source, "version 2")


def _answers(rng: random.Random, satisfied_share: float, is_v2: bool) -> dict:
    unhappy = ("peu_satisfait", "pas_du_tout_satisfait", "sans_avis")
    overall = rng.choice(SATISFIED) if rng.random() < satisfied_share else rng.choice(unhappy)
    answers = valid_answers(
        satisfaction_globale=overall,
        courtoisie=rng.choice(RATING),
        motif=rng.choice(["titre_sejour", "autre", None]),
        commentaire=rng.choice([None, "Très bien."]),
    )
    if is_v2:
        answers.pop("info_telephone", None)
    return answers


def make_country(app, seed: int = 7, with_staff: bool = True) -> Country:
    """Staff (sites A and B, no campaign) unless not `with_staff`, the SITES with three
    campaigns each, and a site with a draft only. Commits; returns what was sent."""
    rng = random.Random(seed)
    country = Country()
    v1, v2 = load_questionnaire(bundled_path()), version_2()
    with app.app_context():
        country.staff = make_staff() if with_staff else None
        draft_site = get_or_create_site(db.session, "vide", "Site sans enquête", "Europe/Paris")
        create_campaign(db.session, slug="vide-2025", title="Brouillon", site=draft_site,
                        questionnaire=v1, status="draft")  # fmt: skip
        for slug, name, share, size in SITES:
            site = get_or_create_site(db.session, slug, name, "Europe/Paris")
            for suffix, status, opens, closes, count in CAMPAIGNS:
                is_v2 = slug == V2_SITE and suffix == "2025"
                campaign = create_campaign(
                    db.session, slug=f"{slug}-{suffix}", title=f"Accueil {name} {suffix}",
                    site=site, questionnaire=v2 if is_v2 else v1, status=status,
                    opens_on=opens, closes_on=closes,
                )  # fmt: skip
                ids = country.ids.setdefault(campaign.slug, [])
                for _ in range(size if count is None else count):
                    answers = _answers(rng, share, is_v2)
                    channel = rng.choice(["kiosk", "web", "paper"])
                    response, _ = record_response(
                        db.session, campaign, response_id=str(uuid.uuid4()), channel=channel,
                        lang="fr", answers=answers, historical=True,
                    )  # fmt: skip
                    ids.append(response.id)
                    country.responses[(campaign.slug, channel)] += 1
                    for item, value in answers.items():
                        if item != "commentaire":
                            country.counts[(campaign.slug, item, value)] += 1
        db.session.commit()
    return country


TRAP_NAME = '=HYPERLINK("http://example.invalid","Préfecture piégée")'
"""The last generated site's name: must stay text in every download."""


@dataclass(frozen=True)
class GeneratedSite:
    slug: str
    name: str
    responses: int
    satisfied: int
    n: int
    """Expressed overall answers (sans avis left out)."""


def generated_name(index: int, count: int) -> str:
    if index == count - 1:
        return TRAP_NAME
    if index % 3 == 0:
        return f"Sous-préfecture d’Étampes {index:03d}"
    return f"Préfecture {index:03d}"


def make_many_sites(
    app, count: int = 300, seed: int = 11, with_staff: bool = True
) -> list[GeneratedSite]:
    """Staff unless not `with_staff`, then `count` sites with one closed 2025 campaign each
    on the bundled questionnaire, 10 to 60 responses per site (so some are small samples),
    rows inserted directly. Commits; returns each site's numbers, by slug order."""
    rng = random.Random(seed)
    at = datetime(2025, 3, 3, 10)
    sites: list[GeneratedSite] = []
    with app.app_context():
        if with_staff:
            make_staff()
        first_site = get_or_create_site(
            db.session, "s000", generated_name(0, count), "Europe/Paris"
        )
        first = create_campaign(
            db.session, slug="s000-2025", title="Accueil 2025", site=first_site,
            questionnaire=load_questionnaire(bundled_path()), status="closed",
            opens_on=date(2025, 1, 6), closes_on=date(2025, 6, 30),
        )  # fmt: skip
        others = [
            Site(slug=f"s{i:03d}", name=generated_name(i, count), timezone="Europe/Paris")
            for i in range(1, count)
        ]
        db.session.add_all(others)
        db.session.flush()
        campaigns = [first] + [
            Campaign(
                slug=f"{site.slug}-2025",
                title="Accueil 2025",
                site_id=site.id,
                questionnaire_version_id=first.questionnaire_version_id,
                status="closed",
                opens_on=date(2025, 1, 6),
                closes_on=date(2025, 6, 30),
            )  # fmt: skip
            for site in others
        ]
        db.session.add_all(campaigns[1:])
        db.session.flush()
        responses, answers = [], []
        for index, campaign in enumerate(campaigns):
            size = 10 + (index * 37) % 51
            share = 0.5 + 0.45 * rng.random()
            satisfied = n = 0
            for _ in range(size):
                response_id = str(uuid.uuid4())
                overall = rng.choice(SATISFIED) if rng.random() < share else rng.choice(RATING[2:])
                satisfied += overall in SATISFIED
                n += overall != "sans_avis"
                responses.append({
                    "id": response_id, "campaign_id": campaign.id, "channel": "web",
                    "questionnaire_version_id": first.questionnaire_version_id, "lang": "fr",
                    "received_at": at, "collected_at": at, "content_hash": response_id,
                })  # fmt: skip
                for item, value in (("satisfaction_globale", overall),
                                    ("courtoisie", rng.choice(RATING))):  # fmt: skip
                    answers.append({
                        "response_id": response_id, "item_key": item, "value": value,
                        "campaign_id": campaign.id, "channel": "web", "lang": "fr",
                        "collected_at": at, "is_flagged": False,
                    })  # fmt: skip
            sites.append(GeneratedSite(
                f"s{index:03d}", generated_name(index, count), size, satisfied, n
            ))  # fmt: skip
        connection = db.session.connection()  # Core executemany: no ORM bookkeeping per row
        connection.execute(insert(Response.__table__), responses)
        connection.execute(insert(Answer.__table__), answers)
        db.session.commit()
    return sites
