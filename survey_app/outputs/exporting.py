"""Raw response exports (one row per response, one column per item key).

Pure generation, kept apart from where it is written (CLI file, HTTP response).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from analysis.codebook import (
    CODEBOOK_COLUMNS,
    KEPT_APART_COLUMN,
    codebook,
    kept_apart_describer,
    labeller,
)
from analysis.formulas import may_need_neutralising, neutralise
from questionnaires import Questionnaire

FIXED_COLUMNS = ("response_id", "channel", "lang", "collected_at", "received_at")


def columns(questionnaire: Questionnaire) -> list[str]:
    return [*FIXED_COLUMNS, *(item.key for item in questionnaire.items)]


def _flat(response: dict[str, Any], item_keys: list[str]) -> list[str]:
    fixed = [
        response["id"],
        response["channel"],
        response["lang"],
        response["collected_at"].isoformat(timespec="minutes"),
        response["received_at"].isoformat(timespec="minutes"),
    ]
    return fixed + [response["answers"].get(key, "") for key in item_keys]


def with_labels(
    questionnaire: Questionnaire, responses: Iterable[dict], lang: str | None
) -> Iterable[dict]:
    """The responses with answer labels in `lang` instead of codes (unchanged when None)."""
    if lang is None:
        return responses
    label_answers = labeller(questionnaire, lang)
    return ({**r, "answers": label_answers(r["answers"])} for r in responses)


def write_codebook(out: TextIO, questionnaire: Questionnaire, lang: str = "fr") -> int:
    """The codebook CSV: item key, type, question, value code, label; return its row count."""
    writer = csv.writer(out)
    writer.writerow(CODEBOOK_COLUMNS)
    rows = codebook(questionnaire, lang)
    writer.writerows([neutralise(cell) for cell in row.cells()] for row in rows)
    return len(rows)


def write_csv(
    out: TextIO,
    questionnaire: Questionnaire,
    responses: Iterable[dict],
    lang: str | None = None,
    has_kept_apart: bool = False,
) -> int:
    """Write the CSV (header first); return the number of responses written.

    With `lang`, answers are written as their labels in that language instead of codes.
    With `has_kept_apart` (the campaign has answers kept apart), a last column lists them.
    """
    responses = with_labels(questionnaire, responses, lang)
    header = columns(questionnaire)
    item_keys = header[len(FIXED_COLUMNS) :]
    if has_kept_apart:
        header = [*header, KEPT_APART_COLUMN]
        describe = kept_apart_describer(questionnaire, lang)
    checked = _formula_columns(questionnaire, lang)
    writer = csv.writer(out)
    writer.writerow(header)
    count = 0
    for response in responses:
        cells = _flat(response, item_keys)
        if has_kept_apart:
            kept = response.get("kept_apart") or {}
            cells.append(neutralise(describe(kept)) if kept else "")
        for index in checked:
            cells[index] = neutralise(cells[index])
        writer.writerow(cells)
        count += 1
    return count


def _formula_columns(questionnaire: Questionnaire, lang: str | None) -> list[int]:
    """Indexes of the columns whose cells may hold a formula, to be neutralised.

    Free text may; an option's answer only if one of its codes (or labels, when written
    as labels) does, since the write path stores nothing else. The fixed columns are a
    UUID, codes the write path checks and ISO times: never. Checking 2 cells per line
    instead of 20 is most of what the export spent beyond csv.writer itself.
    """
    labels = codebook(questionnaire, lang) if lang is not None else []
    checked = []
    for index, item in enumerate(questionnaire.items, start=len(FIXED_COLUMNS)):
        shown = {*item.values, *(row.label for row in labels if row.item_key == item.key)}
        if (
            item.type == "text"
            or not item.values
            or any(may_need_neutralising(cell) for cell in shown)
        ):
            checked.append(index)
    return checked


def iter_json(
    questionnaire: Questionnaire, responses: Iterable[dict], lang: str | None = None
) -> Iterator[str]:
    """A JSON array of responses, produced piece by piece so memory stays flat."""
    responses = with_labels(questionnaire, responses, lang)
    yield "["
    for index, response in enumerate(responses):
        record = {
            "id": response["id"],
            "channel": response["channel"],
            "lang": response["lang"],
            "collected_at": response["collected_at"].isoformat(timespec="minutes"),
            "received_at": response["received_at"].isoformat(timespec="minutes"),
            "answers": response["answers"],
        }
        if response.get("kept_apart"):  # rule code and value given, never counted
            record["kept_apart"] = {
                key: {"rule": code, "value": given}
                for key, (code, given) in response["kept_apart"].items()
            }
        yield ("," if index else "") + "\n  " + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"
