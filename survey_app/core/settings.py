"""How the settings (declared in core/setting_catalog.py) are read.

Read in this order, later wins: defaults, the instance file `survey.toml`,
`SURVEY_<NAME>` environment variables, then the test mapping.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .setting_catalog import SETTINGS
from .setting_values import Setting

__all__ = ["BY_NAME", "SETTINGS", "ConfigError", "Setting", "load_settings"]

PREFIX = "SURVEY_"
INSTANCE_FILE = "survey.toml"


class ConfigError(Exception):
    """A setting has a bad value; the message names it, in one line."""


BY_NAME = {s.name: s for s in SETTINGS}


def load_settings(
    instance_path: str | Path,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Resolve every setting; raise ConfigError naming the first bad one."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    sources: dict[str, str] = {}
    path = Path(instance_path) / INSTANCE_FILE
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
        for key, value in data.items():
            name = key.upper()
            if name not in BY_NAME:
                raise ConfigError(f"{path}: unknown setting '{key}'")
            values[name], sources[name] = value, f"{path}: {key}"
    for name in BY_NAME:
        if PREFIX + name in environ:
            values[name], sources[name] = environ[PREFIX + name], PREFIX + name
    for name, value in (overrides or {}).items():
        if name in BY_NAME:
            values[name], sources[name] = value, name
    for name, setting in BY_NAME.items():
        if name not in sources:
            continue
        try:
            values[name] = setting.parse(values[name])
        except ValueError as exc:
            raise ConfigError(f"{sources[name]}: {exc}") from None
    return values
