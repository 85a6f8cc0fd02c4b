"""The paper-entry form: one key per answer (the option's number), read into item answers.

A code that is not a number of the item is refused here; everything else (required items,
conditions, lengths) is checked by the one write path, as for every other channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from questionnaires import Item, Questionnaire


@dataclass(frozen=True)
class PaperField:
    """One item as the entry form shows it: its codes and what was typed."""

    item: Item
    typed: str = ""
    errors: tuple[str, ...] = ()

    @property
    def codes(self) -> list[tuple[str, str]]:
        """('1', 'Très satisfait'), ('2', 'Satisfait'), ..."""
        return [(str(number), o.label["fr"]) for number, o in enumerate(self.item.options, 1)]

    @property
    def is_text(self) -> bool:
        return self.item.type == "text"


@dataclass
class PaperEntry:
    """What was typed for one paper questionnaire, and the answers it stands for."""

    questionnaire: Questionnaire
    typed: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    collected_on: date | None = None

    @classmethod
    def from_form(cls, questionnaire: Questionnaire, form) -> PaperEntry:
        entry = cls(questionnaire, {i.key: (form.get(i.key) or "") for i in questionnaire.items})
        raw_day = (form.get("collected_on") or "").strip()
        if raw_day:
            try:
                entry.collected_on = date.fromisoformat(raw_day)
            except ValueError:
                entry.errors["collected_on"] = ["Date invalide : utilisez le format AAAA-MM-JJ."]
        return entry

    @classmethod
    def from_answers(cls, questionnaire: Questionnaire, answers: dict[str, str]) -> PaperEntry:
        """The codes that would be typed to give these stored answers (for a correction)."""
        typed = {}
        for item in questionnaire.items:
            value = answers.get(item.key)
            if value is None:
                continue
            if item.type == "text":
                typed[item.key] = value
            else:
                typed[item.key] = str(item.values.index(value) + 1) if value in item.values else ""
        return cls(questionnaire, typed)

    def answers(self) -> dict[str, str]:
        """The typed codes as option values; a bad code is put in `errors` and left out."""
        answers = {}
        for item in self.questionnaire.items:
            typed = self.typed.get(item.key, "").strip()
            if not typed:
                continue
            if item.type == "text":
                answers[item.key] = self.typed[item.key]
            elif typed.isdigit() and 1 <= int(typed) <= len(item.options):
                answers[item.key] = item.options[int(typed) - 1].value
            else:
                count = len(item.options)
                self.errors.setdefault(item.key, []).append(
                    f"Tapez un chiffre de 1 à {count}, ou laissez vide si la case n'est pas cochée."
                )
        return answers

    def fields(self) -> list[PaperField]:
        return [
            PaperField(i, self.typed.get(i.key, ""), tuple(self.errors.get(i.key, ())))
            for i in self.questionnaire.items
        ]
