"""``[tool.newsrecord]`` in ``pyproject.toml``: found by walking up from a folder, checked key by key."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

QUOTE_STYLES = ("house", "preserve")
OUTPUT_FORMATS = ("text", "json", "github")


class ConfigError(Exception):
    """A configuration file that cannot be read or holds a key or value newsrecord does not know."""


@dataclass
class Settings:
    """What a run uses: the configuration's values, which command-line flags then override."""

    patterns: list[str] = field(default_factory=lambda: ["**/*.md"])
    exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    strict: bool = False
    workers: int | None = None
    quote_style: str = "house"
    output_format: str = "text"
    path: str | None = None
    """The pyproject.toml the values came from; None for the defaults."""


_LISTS = {"patterns": "patterns", "exclude": "exclude", "select": "select", "ignore": "ignore"}
_BOOLS = {"respect-gitignore": "respect_gitignore", "strict": "strict"}
_CHOICES = {"quote-style": ("quote_style", QUOTE_STYLES), "output-format": ("output_format", OUTPUT_FORMATS)}
KEYS = (*_LISTS, *_BOOLS, *_CHOICES, "workers")
"""Every key ``[tool.newsrecord]`` may hold."""


def find_config(start: str) -> str | None:
    """The nearest pyproject.toml with a ``[tool.newsrecord]`` table, from ``start`` up to the root (as ruff)."""
    folder = os.path.abspath(start)
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate) and "newsrecord" in _read(candidate).get("tool", {}):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load_settings(path: str | None) -> Settings:
    """The settings of the ``[tool.newsrecord]`` table of ``path``; the defaults for None."""
    settings = Settings(path=path)
    if path is None:
        return settings
    table = _read(path).get("tool", {}).get("newsrecord", {})
    where = f"{_shown(path)}: [tool.newsrecord]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    for key, value in table.items():
        if key in _LISTS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ConfigError(f"{where}: {key} must be a list of strings, not {value!r}")
            setattr(settings, _LISTS[key], value)
        elif key in _BOOLS:
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {key} must be true or false, not {value!r}")
            setattr(settings, _BOOLS[key], value)
        elif key in _CHOICES:
            name, choices = _CHOICES[key]
            if value not in choices:
                raise ConfigError(f"{where}: {key} must be one of {', '.join(map(repr, choices))}, not {value!r}")
            setattr(settings, name, value)
        elif key == "workers":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{where}: workers must be a whole number of at least 1, not {value!r}")
            settings.workers = value
        else:
            raise ConfigError(f"{where}: unknown key {key!r}; the keys are {', '.join(KEYS)}")
    return settings


def _shown(path: str) -> str:
    """A path as messages show it: relative to the working folder when it is below it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _read(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except OSError as error:
        raise ConfigError(f"{_shown(path)}: cannot read the file: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{_shown(path)}: not valid TOML: {error}") from None
