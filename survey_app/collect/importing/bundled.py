"""The mappings shipped with the app (mappings/*.yaml): a known export onto a bundled
questionnaire, offered by title on the campaign's «Importer des résultats» page, and the
starting point of an officer's own mapping (docs/report.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

MAPPINGS_DIR = Path(__file__).parent / "mappings"


@dataclass(frozen=True)
class BundledMapping:
    name: str
    """The file's stem: what the confirmation form carries."""
    title: str
    questionnaire: str | None
    """The questionnaire key it is written for; None: any."""
    path: Path


def bundled_mappings() -> dict[str, BundledMapping]:
    """Every shipped mapping by name; their `title` and `questionnaire` read from the file."""
    found = {}
    for path in sorted(MAPPINGS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[path.stem] = BundledMapping(
            path.stem, str(data.get("title") or path.stem), data.get("questionnaire"), path
        )
    return found


def mappings_for(questionnaire_key: str) -> list[BundledMapping]:
    """The shipped mappings a campaign on this questionnaire can use."""
    return [m for m in bundled_mappings().values() if m.questionnaire in (None, questionnaire_key)]
