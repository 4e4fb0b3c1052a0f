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
from ._lex import MAX_KEY
from ._models import CHILD_MODELS, Article, House, house_keys, key_order
from ._parse import TIMESTAMP_KEY
from ._quote import double_quoted, plain_ok, single_ok, single_quoted
from ._resolve import int_text
from ._text import has_lone_surrogate
from ._tree import field_path

QUOTED_KEYS = house_keys(House.QUOTED, CHILD_MODELS)
"""Keys whose string values the house style always double-quotes: those of the fields marked ``House.QUOTED``."""

GROUP_KEYS = house_keys(House.STARTS_GROUP, [Article])
"""Top-level keys that the house style sets off with a blank line before them: Article's fields marked
``House.STARTS_GROUP``."""

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
    """One scalar's text; ``style`` is the style to keep where the value allows it.

    Raises NewsRecordError for a value that some reader would read differently
    whatever way it is written (see unportable).
    """
    problem = unportable(value)
    if problem is not None:
        raise NewsRecordError(problem)
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
    raise NewsRecordError(f"a value of type {type(value).__name__} has no YAML form: {value!r}")


def block_scalar(value: str, style: str, indent: int) -> str | None:
    """``value`` as a block scalar in ``style`` (``|`` literal, ``>`` folded) with its lines at column
    ``indent``: the header, with the chomping indicator the value needs (``-`` without a final line
    break), then the lines. None where the style cannot hold the value as simply: an empty value, line
    breaks at its start or more than one at its end, a character that needs an escape (a tab included),
    a line of spaces only, or a first line that starts with a space; for ``>``, also an empty line or a
    line that starts or ends with a space (each line break is written as an empty line, so no line folds).
    Call scalar() first: it refuses what no style can write.
    """
    body = value.removesuffix("\n")
    lines = body.split("\n")
    if not body or body.startswith(("\n", " ")) or body.endswith("\n"):
        return None
    for line in lines:
        if not line.isprintable() or (line and not line.strip(" ")):
            return None
        if style == ">" and (not line or line != line.strip(" ")):
            return None
    margin = " " * indent
    chomp = "" if value.endswith("\n") else "-"
    separator = "\n\n" if style == ">" else "\n"
    return style + chomp + "\n" + separator.join(margin + line if line else "" for line in lines)


_SKIPPED_DAYS = (dt.date(1582, 10, 5), dt.date(1582, 10, 14))


def unportable(value: object) -> str | None:
    """Why a scalar cannot be written so that every reader reads it the same, or None.

    Lone surrogates are no characters (libyaml refuses their escapes). Psych reads the
    offset -00:30 as +00:30; Psych and PyYAML read a time without a zone in different
    zones; Ruby's calendar has no 5 to 14 October 1582, and its Date counts the days
    before in the Julian calendar.
    """
    if isinstance(value, str):
        if has_lone_surrogate(value):
            return f"the string {value!r}: it holds a lone surrogate, which is not a character"
        return None
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        if offset is None:
            return f"the timestamp {value.isoformat()} without a time zone: give it one, such as UTC"
        if dt.timedelta(hours=-1) < offset < dt.timedelta(0):
            return (
                f"the timestamp {value.isoformat()}: Jekyll's YAML reader (Psych) reads a UTC offset "
                "between -01:00 and 00:00 with the wrong sign; write it in UTC or another offset"
            )
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if _SKIPPED_DAYS[0] <= day <= _SKIPPED_DAYS[1]:
            return f"the date {day.isoformat()}: Ruby's calendar skips 5 to 14 October 1582, so Jekyll cannot read it"
        if day < _SKIPPED_DAYS[0] and not isinstance(value, dt.datetime):
            return (
                f"the date {day.isoformat()}: Ruby's Date counts days before 15 October 1582 in the Julian "
                "calendar, so Jekyll would read another day by the same name"
            )
    return None


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
        raise NewsRecordError(f"the mapping key {key!r} is not a string, and keys must be strings")
    if len(key) > MAX_KEY:
        raise NewsRecordError(f"a key of {len(key)} characters is too long: YAML allows 1024 at most")
    if key == "<<":
        raise NewsRecordError("the key '<<' would be merged into its mapping by Jekyll's YAML readers, quoted or not")
    problem = unportable(key)
    if problem is not None:
        raise NewsRecordError(f"the key {problem.removeprefix('the string ')}")
    return key if plain_ok(key, flow=True) else double_quoted(key)


def unwritable_field(data: object, message: str, loc: tuple[str | int, ...] = ()) -> str | None:
    """The field path of the first key or scalar in ``data`` that cannot be written for the reason
    ``message`` gives, or None."""
    if isinstance(data, dict):
        for key, value in data.items():
            try:
                _key(key)
            except NewsRecordError as exc:
                if exc.message == message:
                    return field_path((*loc, str(key)))
            found = unwritable_field(value, message, (*loc, key))
            if found is not None:
                return found
        return None
    if isinstance(data, list):
        for index, item in enumerate(data):
            found = unwritable_field(item, message, (*loc, index))
            if found is not None:
                return found
        return None
    try:
        scalar(data)
    except NewsRecordError as exc:
        return field_path(loc) if exc.message == message else None
    return None


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
