"""Read questionnaire YAML files into validated `Questionnaire` objects.

Every problem is reported as "FILE: PATH: message", all of them at once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import QuestionnaireError
from .model import (
    FORMAT,
    Item,
    Option,
    Page,
    Questionnaire,
    Text,
)

QUESTIONNAIRE_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
ITEM_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
VALUE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
DEFAULT_MAX_LENGTH = 2000
MAX_MAX_LENGTH = 10000
BUNDLED = "qualepref-accueil"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it: the bundled file loads ~10x faster."""


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Load and validate one YAML file; raise QuestionnaireError naming the file."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuestionnaireError([f"{name}: cannot read file: {exc.strerror}"]) from None
    except UnicodeDecodeError as exc:
        raise QuestionnaireError([f"{name}: not UTF-8 text (byte {exc.start})"]) from None
    return parse_questionnaire(text, name)


def parse_questionnaire(text: str, name: str) -> Questionnaire:
    """Validate YAML text; `name` is the file name used in error messages."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise QuestionnaireError([f"{name}: {where}invalid YAML: {problem}"]) from None
    return from_dict(data, name)


def from_dict(data: Any, name: str, *, is_frozen: bool = False) -> Questionnaire:
    """Validate an already-parsed mapping (a YAML file, a draft or a frozen version).

    `is_frozen`: a version already frozen is read without the checks added since it
    could have been frozen (items.NEW_RULES): its campaigns must stay readable."""
    checker = _Checker(name, builtin_scales(), is_frozen=is_frozen)
    questionnaire = checker.questionnaire(data)
    if checker.errors:
        raise QuestionnaireError(checker.errors, checker.problems)
    return questionnaire


def bundled_dir() -> Path:
    """The folder holding the questionnaires shipped with the package."""
    return Path(str(resources.files("questionnaires")))


def bundled_path(key: str = BUNDLED) -> Path:
    return bundled_dir() / f"{key}.yaml"


@cache
def builtin_scales() -> dict[str, Any]:
    """The raw built-in scale definitions from scales.yaml, checked on first use."""
    path = bundled_dir() / "scales.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    checker = _Checker(str(path), {})
    if not isinstance(data, dict):
        raise QuestionnaireError([f"{path}: expected a mapping of scales"])
    for scale_name, scale in data.items():
        checker.scale_options(scale, f"{scale_name}", languages=("fr",))
    if checker.errors:
        raise QuestionnaireError(checker.errors)
    return data


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


class _Checker:
    """Walks the raw mapping, collecting errors with their paths."""

    def __init__(self, name: str, scales: dict[str, Any], is_frozen: bool = False):
        self.name = name
        self.scales = dict(scales)
        self.is_frozen = is_frozen
        self.errors: list[str] = []
        self.problems: list[tuple[str, str]] = []
        self.languages: tuple[str, ...] = ("fr",)
        self.broken_keys: set = set()  # items already reported: no cascade of errors

    def error(self, path: str, message: str) -> None:
        self.problems.append((path, message))
        self.errors.append(f"{self.name}: {path}: {message}" if path else f"{self.name}: {message}")

    def mapping(self, value: Any, path: str, required: tuple[str, ...] = ()) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping, got {_kind(value)}")
            return None
        for key in required:
            if key not in value:
                self.error(path, f"missing required field '{key}'")
        return value

    def unknown_fields(self, value: dict, path: str, allowed: set[str]) -> None:
        for key in value:
            if key not in allowed:
                self.error(f"{path}.{key}" if path else str(key), "unknown field")

    def text(
        self, value: Any, path: str, languages: tuple[str, ...] | None = None, extra_ok=False
    ) -> Text:
        """A translated text; `extra_ok` drops languages not offered (shared scales)."""
        languages = languages or self.languages
        if not isinstance(value, dict):
            self.error(path, f"expected a text with one entry per language, got {_kind(value)}")
            return {"fr": ""}
        result: Text = {}
        for lang, string in value.items():
            if lang not in languages:
                if extra_ok:
                    continue
                self.error(f"{path}.{lang}", f"language '{lang}' is not in languages")
            elif not isinstance(string, str) or not string.strip():
                self.error(f"{path}.{lang}", "expected a non-empty string")
            else:
                result[lang] = _nfc(string.strip())
        if "fr" not in value:
            self.error(path, "missing French text (fr)")
        missing = [lang for lang in languages if lang != "fr" and lang not in value]
        if missing:
            self.error(path, f"incomplete translation: missing {', '.join(missing)}")
        return result

    def flag(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.error(path, f"expected true or false, got {_kind(value)}")
            return False
        return value

    def french(self, value: Any, path: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(path, "expected a non-empty French string")
            return None
        return _nfc(value.strip())

    def questionnaire(self, data: Any) -> Questionnaire:
        top = {"format", "key", "title", "languages", "introduction", "thanks", "pages"}
        top |= {"scales", "items", "engagements"}
        data = self.mapping(data, "", ("key", "title", "languages", "pages", "items"))
        if data is None:
            return _empty()
        self.unknown_fields(data, "", top)
        if data.get("format", FORMAT) != FORMAT:
            self.error("format", f"unknown format {data['format']!r}: expected {FORMAT} or none")
        key = data.get("key")
        if not isinstance(key, str) or not QUESTIONNAIRE_KEY.match(key):
            self.error("key", f"invalid key {key!r}: use lowercase letters, digits and '-'")
            key = "invalid"
        self.languages = self.language_list(data.get("languages"))
        self.scales.update(self.declared_scales(data.get("scales", {})))
        pages = self.page_list(data.get("pages"))
        items = self.item_list(data.get("items"), {p.key for p in pages})
        engagements = self.engagement_labels(data.get("engagements"), items)
        return _build(
            key=key,
            title=self.text(data.get("title"), "title"),
            languages=self.languages,
            pages=pages,
            items=items,
            introduction=self.optional_text(data, "introduction"),
            thanks=self.optional_text(data, "thanks"),
            engagements=engagements,
            scales=self.scales,
        )

    def optional_text(self, data: dict, field: str, path: str = "") -> Text | None:
        if data.get(field) is None:
            return None
        return self.text(data[field], f"{path}.{field}" if path else field)

    def engagement_labels(self, value: Any, items: tuple[Item, ...]) -> dict[int, str]:
        """`engagements:` number -> French wording; once given, every number an item
        carries must be named there, so the report never prints a bare «Engagement 3»."""
        if value is None:
            return {}
        value = self.mapping(value, "engagements")
        if value is None:
            return {}
        labels: dict[int, str] = {}
        for number, label in value.items():
            path = f"engagements.{number}"
            if isinstance(number, str) and number.isascii() and number.isdigit():
                number = int(number)  # a frozen version's JSON keys are strings
            if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 99:
                self.error(path, "expected an engagement number from 1 to 99")
            elif (text := self.french(label, path)) is not None:
                labels[number] = text
        for index, item in enumerate(items):
            if item.engagement is not None and item.engagement not in labels:
                self.error(
                    f"items[{index}].engagement",
                    f"engagement {item.engagement} is not named under 'engagements'",
                )
        return labels

    def language_list(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.error("languages", "expected a non-empty list of language codes")
            return ("fr",)
        langs: list[str] = []
        for i, lang in enumerate(value):
            if not isinstance(lang, str) or not LANGUAGE.match(lang):
                self.error(f"languages[{i}]", f"invalid language code {lang!r}")
            elif lang in langs:
                self.error(f"languages[{i}]", f"duplicate language '{lang}'")
            else:
                langs.append(lang)
        if "fr" not in langs:
            self.error("languages", "French (fr) must be offered")
            langs.insert(0, "fr")
        elif langs[0] != "fr":
            self.error("languages", "French (fr) must come first")
        return tuple(langs)

    def declared_scales(self, value: Any) -> dict[str, Any]:
        scales = self.mapping(value, "scales")
        if not scales:
            return {}
        for scale_name, scale in scales.items():
            self.scale_options(scale, f"scales.{scale_name}")
        return scales

    def scale_options(self, scale: Any, path: str, languages=None) -> tuple[Option, ...]:
        scale = self.mapping(scale, path, ("options",))
        if scale is None:
            return ()
        self.unknown_fields(scale, path, {"options"})
        allowed = {"value", "label", "pictogram", "is_satisfied", "is_no_opinion", "report_phrase"}
        return self.option_list(
            scale.get("options"), f"{path}.options", allowed, languages, extra_ok=True
        )

    def option_list(
        self, value, path, allowed, languages=None, extra_ok=False
    ) -> tuple[Option, ...]:
        if not isinstance(value, list) or not value:
            self.error(path, "expected a non-empty list of options")
            return ()
        options: list[Option] = []
        for i, raw in enumerate(value):
            opath = f"{path}[{i}]"
            raw = self.mapping(raw, opath, ("value", "label"))
            if raw is None:
                continue
            self.unknown_fields(raw, opath, allowed)
            val = raw.get("value")
            if not isinstance(val, str) or not VALUE.match(val):
                self.error(f"{opath}.value", f"invalid value {val!r}: use a-z, 0-9 and '_'")
                continue
            if any(o.value == val for o in options):
                self.error(f"{opath}.value", f"duplicate value '{val}'")
            is_satisfied = self.flag(raw.get("is_satisfied", False), f"{opath}.is_satisfied")
            is_no_opinion = self.flag(raw.get("is_no_opinion", False), f"{opath}.is_no_opinion")
            if is_satisfied and is_no_opinion:
                self.error(opath, "an option is either satisfied or no opinion, not both")
            options.append(
                Option(
                    value=val,
                    label=self.text(raw.get("label"), f"{opath}.label", languages, extra_ok),
                    pictogram=raw.get("pictogram"),
                    is_satisfied=is_satisfied,
                    is_no_opinion=is_no_opinion,
                    report_phrase=self.french(raw.get("report_phrase"), f"{opath}.report_phrase"),
                )
            )
        return tuple(options)

    def page_list(self, value: Any) -> tuple[Page, ...]:
        if not isinstance(value, list) or not value:
            self.error("pages", "expected a non-empty list of pages")
            return ()
        pages: list[Page] = []
        for i, raw in enumerate(value):
            path = f"pages[{i}]"
            raw = self.mapping(raw, path, ("key", "title"))
            if raw is None:
                continue
            self.unknown_fields(raw, path, {"key", "title"})
            key = raw.get("key")
            if not isinstance(key, str) or not ITEM_KEY.match(key):
                self.error(f"{path}.key", f"invalid page key {key!r}")
                continue
            if any(p.key == key for p in pages):
                self.error(f"{path}.key", f"duplicate page key '{key}'")
            pages.append(Page(key=key, title=self.text(raw.get("title"), f"{path}.title")))
        return tuple(pages)

    def item_list(self, value: Any, page_keys: set[str]) -> tuple[Item, ...]:
        from .items import (  # one module per concern; items are the long part
            check_item,
            check_report_links,
            check_roles,
        )

        if not isinstance(value, list) or not value:
            self.error("items", "expected a non-empty list of items")
            return ()
        all_keys = [raw.get("key") for raw in value if isinstance(raw, dict)]
        items: list[Item] = []
        for i, raw in enumerate(value):
            item = check_item(self, raw, f"items[{i}]", items, all_keys, page_keys)
            if item is not None:
                items.append(item)
            elif isinstance(raw, dict) and isinstance(raw.get("key"), str):
                self.broken_keys.add(raw["key"])
        check_report_links(self, items)
        check_roles(self, items)
        return tuple(items)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), type(value).__name__
    )


def _empty() -> Questionnaire:
    return Questionnaire(key="invalid", title={"fr": ""}, languages=("fr",), pages=(), items=())


def _build(*, scales: dict[str, Any], **fields: Any) -> Questionnaire:
    from .serialize import to_source

    questionnaire = Questionnaire(**fields)
    object.__setattr__(questionnaire, "source", to_source(questionnaire, scales))
    return questionnaire
