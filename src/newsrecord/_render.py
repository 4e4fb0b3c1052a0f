"""Data to YAML text in the reference record's house style.

Used whole for records built in code, and piece by piece by the editor for
the lines an edit adds or replaces.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from ._errors import NewsRecordError
from ._models import CHILD_MODELS, Article, key_order
from ._parse import TIMESTAMP_KEY
from ._resolve import double_quoted, int_text, plain_ok, single_ok, single_quoted

QUOTED_KEYS = frozenset(("title", "excerpt", "originalUrl", "webUrl", "ampWebUrl", "cdnAmpWebUrl", "url", "secured"))
"""Keys whose string values the house style always double-quotes."""

GROUP_KEYS = frozenset(("provider", "topics", "images", "related", "secured"))
"""Top-level keys that the house style sets off with a blank line before them."""

Model = type | None


@dataclass(frozen=True)
class Layout:
    """How a document indents: mapping step, sequence offset, line break, blank lines."""

    step: int = 2
    sequence_offset: int = 2
    newline: str = "\n"
    group_blanks: bool = True


HOUSE = Layout()


def scalar(value: object, key: str | None = None, style: str | None = None, flow: bool = False) -> str:
    """One scalar's text; ``style`` is the style to keep where the value allows it."""
    if isinstance(value, str):
        if style == "'" and single_ok(value):
            return single_quoted(value)
        if style == '"' or (style is None and key in QUOTED_KEYS):
            return double_quoted(value)
        return value if plain_ok(value, flow=flow) else double_quoted(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int_text(int(value))
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dt.datetime):  # a quoted timestamp keeps its quotes (see read_timestamps)
        text = timestamp(value)
        return f"{style}{text}{style}" if style in ('"', "'") and key == TIMESTAMP_KEY else text
    if isinstance(value, dt.date):
        return value.isoformat()
    raise NewsRecordError(f"cannot write a value of type {type(value).__name__}: {value!r}")


def timestamp(value: dt.datetime) -> str:
    """A datetime as the house style writes it: ``2020-12-11T05:06:00Z``."""
    text = value.replace(tzinfo=None).isoformat()
    if value.microsecond:
        text = text.rstrip("0")
    offset = value.utcoffset()
    if offset is None:
        return text
    if not offset:
        return text + "Z"
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(offset) // dt.timedelta(minutes=1)
    if abs(offset) % dt.timedelta(minutes=1):
        raise NewsRecordError(f"cannot write the UTC offset {offset} of {value!r}: YAML has minutes only")
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + ("e" + exponent if exponent else "")


def flow(value: object, key: str | None = None) -> str:
    """A value on one line in flow style, for edits inside ``[...]`` or ``{...}``."""
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {flow(v, k)}" for k, v in value.items()) + "}"
    return scalar(value, key, flow=True)


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise NewsRecordError(f"cannot write the mapping key {key!r}: keys must be strings")
    if len(key) > 1000:
        raise NewsRecordError(f"cannot write a key of {len(key)} characters: YAML allows 1024 at most")
    return key if plain_ok(key, flow=True) else double_quoted(key)


def key_rank(model: Model) -> Callable[[str], float]:
    """Where a key goes in house-style order: known keys in the model's order, then the others.

    At the top of an article the other keys come right before ``provider``, as a
    group of their own.
    """
    order = key_order(model) if model is not None else []
    positions = {key: float(index) for index, key in enumerate(order)}
    others = len(order) + 0.5
    if model is Article:
        others = next(index for index, key in enumerate(order) if key in GROUP_KEYS) - 0.5
    return lambda key: positions.get(key, others)


def starts_group(key: str, previous: str) -> bool:
    """Whether a top-level key gets a blank line above it: a group key, or the first unknown key."""
    known = key_order(Article)
    return key in GROUP_KEYS or (key not in known and previous in known)


def child_model(model: Model, key: str) -> Model:
    """The model of a key's value (of its items, for lists), if the key is a known nested one."""
    return None if model is None else CHILD_MODELS.get(model, {}).get(key)


def mapping_lines(data: dict[str, object], column: int, layout: Layout, model: Model, top: bool = False) -> list[str]:
    """The lines of a block mapping whose keys stand at ``column``, in house-style order."""
    lines: list[str] = []
    previous = None
    for key in sorted(data, key=key_rank(model)):
        if top and layout.group_blanks and previous is not None and starts_group(key, previous):
            lines.append("")
        lines.extend(entry_lines(key, data[key], column, layout, child_model(model, key)))
        previous = key
    return lines


def entry_lines(key: str, value: object, column: int, layout: Layout, model: Model) -> list[str]:
    """The lines of one ``key: value`` entry with its key at ``column``."""
    head = " " * column + _key(key) + ":"
    after = value_after(value, key, column, layout, model)
    return (head + after).split("\n")


def value_after(value: object, key: str | None, column: int, layout: Layout, model: Model) -> str:
    """What follows ``key:`` (or ``-``) at ``column``: `` scalar`` or a block on the lines below."""
    if isinstance(value, dict) and value:
        return "\n" + "\n".join(mapping_lines(value, column + layout.step, layout, model))
    if isinstance(value, list) and value:
        dash = column + layout.sequence_offset
        return "\n" + "\n".join(line for item in value for line in item_lines(item, dash, layout, model))
    if isinstance(value, (dict, list)):
        return " " + flow(value)
    return " " + scalar(value, key)


def item_lines(value: object, dash: int, layout: Layout, model: Model) -> list[str]:
    """The lines of one sequence item with its ``-`` at column ``dash``."""
    if isinstance(value, dict) and value:
        lines = mapping_lines(value, dash + 2, layout, model)
        lines[0] = " " * dash + "- " + lines[0][dash + 2 :]
        return lines
    if isinstance(value, list) and value:
        lines = [line for item in value for line in item_lines(item, dash + 2, layout, model)]
        lines[0] = " " * dash + "- " + lines[0][dash + 2 :]
        return lines
    return [" " * dash + "-" + value_after(value, None, dash, layout, model)]


def document(data: dict[str, object], body: str) -> str:
    """A whole record in house style: ``---``, the front matter, ``---``, an empty line, the body."""
    lines = ["---", *mapping_lines(data, 0, HOUSE, Article, top=True), "---", ""]
    return "\n".join(lines) + "\n" + body
