"""What a questionnaire is: schema, loader, answer checks. No Flask, no database."""

from .answers import KEPT_APART_CODES, AnswerError, clean_answers, is_visible, split_answers
from .errors import QuestionnaireError
from .frozen import from_version
from .loader import (
    BUNDLED,
    builtin_scales,
    bundled_dir,
    bundled_path,
    from_dict,
    load_questionnaire,
    parse_questionnaire,
)
from .model import Item, Option, Page, Questionnaire, ReportLink, ShowIf

__all__ = [
    "KEPT_APART_CODES",
    "BUNDLED",
    "AnswerError",
    "Item",
    "Option",
    "Page",
    "Questionnaire",
    "QuestionnaireError",
    "ReportLink",
    "ShowIf",
    "builtin_scales",
    "bundled_dir",
    "bundled_path",
    "clean_answers",
    "from_dict",
    "from_version",
    "is_visible",
    "split_answers",
    "load_questionnaire",
    "parse_questionnaire",
]
