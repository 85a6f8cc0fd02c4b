"""A renamed copy of the bundled questionnaire, and the same responses recorded to several
campaigns, for the tests of questionnaire roles (test_declared_roles.py)."""

from __future__ import annotations

import random
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from questionnaires import Questionnaire, bundled_dir, bundled_path
from survey_app.collect.recording import record_response
from survey_app.core.campaigns import questionnaire_of
from survey_app.core.db import db

SUFFIX = "_r"
WORD = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _renamed(name: str) -> str:
    return name + ("-r" if "-" in name else SUFFIX)


def write_renamed_copy(directory: Path) -> tuple[Path, dict[str, str]]:
    """The bundled questionnaire with every item key, option value, page, scale and its own
    key renamed (its scales declared in it, yes/no included); returns the file and
    renamed name -> original name."""
    data = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
    builtin = yaml.safe_load((bundled_dir() / "scales.yaml").read_text(encoding="utf-8"))
    names: dict[str, str] = {}

    def rename(name: str) -> str:
        names[_renamed(name)] = name
        return _renamed(name)

    def renamed_options(options: list[dict]) -> list[dict]:
        return [{**option, "value": rename(option["value"])} for option in options]

    data["key"] = rename(data["key"])
    for page in data["pages"]:
        page["key"] = rename(page["key"])
    scales = {"yesno": {"options": renamed_options(builtin["yesno"]["options"])}}
    for item in data["items"]:
        item["key"], item["page"] = rename(item["key"]), rename(item["page"])
        if "options" in item:
            item["options"] = renamed_options(item["options"])
        if "scale" in item:
            scales[rename(item["scale"])] = {
                "options": renamed_options(builtin[item["scale"]]["options"])
            }
            item["scale"] = rename(item["scale"])
        for link in ("show_if", "report_link"):
            if link in item:
                condition = item[link]
                condition["item"] = rename(condition["item"])
                for field in ("equals", "in", "values"):
                    if field in condition:
                        value = condition[field]
                        condition[field] = (
                            [rename(v) for v in value] if isinstance(value, list) else rename(value)
                        )
    data["scales"] = scales
    path = directory / "renamed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert not set(names) & set(names.values()), "a renamed name is also an original one"
    return path, names


def original_names(output: str, names: dict[str, str]) -> str:
    """`output` with every renamed name written back as the original one."""
    return WORD.sub(lambda m: names.get(m.group(0), m.group(0)), output)


def random_responses(questionnaire: Questionnaire, count: int, seed: int) -> list[dict]:
    """Valid responses to `questionnaire` (show_if respected), each rating item leaning to
    its own side, collected over two months on three channels in three languages."""
    rng = random.Random(seed)
    leaning = {i.key: rng.choice(((6, 3, 1, 1, 1), (2, 3, 2, 1, 1))) for i in questionnaire.items}
    responses = []
    for _ in range(count):
        answers: dict[str, str] = {}
        for item in questionnaire.items:
            if item.show_if is not None and not item.show_if.matches(answers):
                continue
            if item.type == "text":
                if rng.random() < 0.2:
                    answers[item.key] = "Accueil très aimable."
                continue
            choices = [*item.values, *([] if item.required else [None])]
            weights = (leaning[item.key] * 2)[: len(choices)] if item.type == "rating" else None
            value = rng.choices(choices, weights)[0]
            if value is not None:
                answers[item.key] = value
        responses.append(
            {
                "channel": rng.choice(("kiosk", "kiosk", "web", "paper")),
                "lang": rng.choice(("fr", "fr", "en", "ar")),
                "collected_at": datetime(2026, 1, 5, 7) + timedelta(hours=rng.randrange(1440)),
                "answers": answers,
            }
        )
    return responses


def record_all(campaign, responses: list[dict], renamed: bool = False) -> None:
    """Record the responses through the write path, their keys and option values renamed as
    in write_renamed_copy if `renamed`; commits."""
    questionnaire = questionnaire_of(campaign.questionnaire_version)
    for response in responses:
        answers = response["answers"]
        if renamed:
            answers = {
                _renamed(key): value
                if questionnaire.item(_renamed(key)).type == "text"
                else _renamed(value)
                for key, value in answers.items()
            }
        record_response(
            db.session,
            campaign,
            response_id=str(uuid.uuid4()),
            channel=response["channel"],
            lang=response["lang"],
            answers=answers,
            collected_at=response["collected_at"],
        )
    db.session.commit()
