"""Questionnaires built straight from the model dataclasses, so analysis tests need no YAML."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from questionnaires.model import Item, Option, Page, Questionnaire


def _option(value: str, **flags: bool) -> Option:
    return Option(value=value, label={"fr": value}, **flags)


SATISFACTION = (
    _option("tres_satisfait", is_satisfied=True),
    _option("satisfait", is_satisfied=True),
    _option("peu_satisfait"),
    _option("pas_du_tout_satisfait"),
    _option("sans_avis", is_no_opinion=True),
)
YESNO = (_option("oui"), _option("non"))


def rating(key: str, engagement: int | None = None, **fields) -> Item:
    return Item(
        key=key,
        type="rating",
        page="p",
        label={"fr": key},
        options=SATISFACTION,
        scale="satisfaction",
        engagement=engagement,
        **fields,
    )


def choice(key: str, values: tuple[str, ...], engagement: int | None = None) -> Item:
    options = tuple(_option(v) for v in values)
    return Item(
        key=key, type="choice", page="p", label={"fr": key}, options=options, engagement=engagement
    )


def yesno(key: str) -> Item:
    return Item(key=key, type="yesno", page="p", label={"fr": key}, options=YESNO, scale="yesno")


def text(key: str) -> Item:
    return Item(key=key, type="text", page="p", label={"fr": key}, max_length=2000)


def questionnaire(*items: Item, key: str = "test") -> Questionnaire:
    return Questionnaire(
        key=key, title={"fr": key}, languages=("fr",), pages=(Page("p", {"fr": "p"}),), items=items
    )


@pytest.fixture
def build() -> SimpleNamespace:
    """Builders: build.rating("courtoisie"), build.questionnaire(item, ...), ..."""
    return SimpleNamespace(
        rating=rating, choice=choice, yesno=yesno, text=text, questionnaire=questionnaire
    )


@pytest.fixture
def accueil() -> Questionnaire:
    """A small reception questionnaire shaped like qualepref-accueil."""
    return questionnaire(
        choice("profil", ("particulier", "professionnel", "association")),
        rating("horaires", engagement=1),
        rating("courtoisie", engagement=2),
        rating("langage", engagement=2),
        choice("attente", ("moins_10", "10_20", "plus_20"), engagement=2),
        yesno("appel_prealable"),
        rating("satisfaction_globale", is_overall=True),
        text("commentaire"),
        key="accueil",
    )
