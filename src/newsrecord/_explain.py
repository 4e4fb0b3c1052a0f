"""Why a record does not validate, in words and at its place: pydantic's errors turned into one
NewsRecordError with each problem at its line, column and field (``explain``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from ._errors import NewsRecordError
from ._models import HTTP_URL_PATTERN, IMAGE_URL_PATTERN, NO_NUL_PATTERN
from ._resolve import UnsupportedScalar, int_text, timestamp
from ._text import Positions, lone_surrogate_at
from ._tree import Mapping, Scalar, field_path, find

_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a mapping",
    type(None): "null",
}


class Misnamed(Exception):
    """Front matter keys that pydantic would confuse with fields: reported as errors, never kept."""

    def __init__(self, locs: list[tuple[str | int, ...]]) -> None:
        super().__init__(locs)
        self.locs = locs


def explain(
    exc: ValidationError | Misnamed, source: str, root: Mapping | None, text: str, body_start: int | None = None
) -> NewsRecordError:
    """pydantic's errors (or the misnamed keys) as one NewsRecordError, with each problem at the line and
    column of its value in ``text`` (found in the tree ``root``; without one, by field only) and in words;
    a problem of the body (which starts at ``body_start``) at the character it cannot hold."""
    if isinstance(exc, Misnamed):
        errors: list[Any] = [{"loc": loc, "type": "misnamed", "msg": _misnamed_message(loc)} for loc in exc.locs]
    else:
        errors = list(exc.errors(include_url=False))
    problems = []
    positions = Positions(text)
    for error in errors:
        loc = tuple(step for step in error["loc"] if isinstance(step, (str, int)))
        line = column = None
        value, node = error.get("input"), None
        if loc == ("body",) and error["type"] != "misnamed" and body_start is not None:
            line, column = positions.at(max(lone_surrogate_at(text, body_start), body_start))
        elif root is not None:
            found_node, entry, depth = find(root, loc)
            found = depth == len(loc)
            # A missing key is reported at the mapping that lacks it (found_node), like every other problem
            # of a value at that value; a value that is not there (or misnamed) at its key.
            at_key = entry is not None and (error["type"] == "misnamed" or (not found and error["type"] != "missing"))
            offset = entry.key_start if at_key and entry is not None else found_node.start
            line, column = positions.at(offset)
            if found:
                node = found_node
                value = found_node.value if isinstance(found_node, Scalar) else value
        problems.append(
            NewsRecordError(
                _message(error["type"], error["msg"], value, node, (error.get("ctx") or {}).get("pattern")),
                source=source,
                line=line,
                column=column,
                field=field_path(loc),
            )
        )
    return NewsRecordError.collect(problems)


def _misnamed_message(loc: tuple[str | int, ...]) -> str:
    key = str(loc[-1])
    if key == "body":
        return "'body' is reserved for the Markdown body below the front matter; rename this key"
    return f"'{key}' is the Python name of the key '{to_camel(key)}'; write '{to_camel(key)}'"


def _describe(value: object, node: object) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if node is not None and not isinstance(node, Scalar):
        return "a list"
    name = _TYPE_NAMES.get(type(value))
    if name is None:
        return f"the timestamp {value}" if hasattr(value, "isoformat") else repr(value)
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value)
    if type(value) is int and value.bit_length() > 2000:
        try:
            return f"{name} {int_text(value)}"
        except ValueError:  # more digits than Python writes
            return f"an integer of {value.bit_length()} bits, too long to show"
    return f"{name} {value!r}" if not isinstance(value, bool) else f"the boolean {str(value).lower()}"


def _timestamp_message(value: object) -> str | None:
    """Why a date, or a string written like a timestamp, is not one; None for other values."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value} is a date without a time: a timestamp needs a time and a time zone, such as {value}T00:00:00Z"
    if isinstance(value, str):
        try:
            timestamp(value)
        except UnsupportedScalar as error:
            if value[:4].isdigit() and value[4:5] == "-":  # written like one: say what is wrong with it
                _, colon, reason = str(error).partition(f"{value!r}: ")
                if colon:
                    return f"{value!r} is not a valid timestamp: {reason}"
                return f"{value!r} is not a timestamp YAML reads: write it like 2020-12-11T05:06:00Z, seconds included"
    return None


_PATTERN_MESSAGES = {
    HTTP_URL_PATTERN: "expected an absolute http(s) URL, got {got}",
    IMAGE_URL_PATTERN: "expected an absolute http(s) URL or a site path like /logo.jpg, got {got}",
    NO_NUL_PATTERN: "the body holds a NUL character, which a text record cannot",
}


def _message(kind: str, fallback: str, value: object, node: object, pattern: object = None) -> str:
    got = _describe(value, node)
    quote_hint = " (quote it to make it a string)" if not isinstance(value, (str, type(None), list, dict)) else ""
    messages = {
        "misnamed": fallback,
        "missing": "field required",
        "int_type": f"expected an integer, got {got}",
        "string_type": f"expected a string, got {got}{quote_hint}",
        "string_unicode": "the text holds a lone surrogate (such as \\ud800), which is not a character",
        "bool_type": f"expected true or false, got {got}",
        "datetime_type": f"expected a timestamp such as 2020-12-11T05:06:00Z, got {got}",
        "model_type": f"expected a mapping, got {got}",
        "model_attributes_type": f"expected a mapping, got {got}",
        "list_type": f"expected a list, got {got}",
        "dict_type": f"expected a mapping, got {got}",
    }
    if kind == "bool_type" and isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n"):
        return f"expected true or false, got {got} (YAML 1.2 reads {value} as a string; write true or false)"
    if kind == "datetime_type":
        return _timestamp_message(value) or messages[kind]
    if kind == "timezone_aware":  # a datetime: only then is the value formatted whole
        return f"the timestamp {value} needs a time zone, such as Z or +01:00"
    if kind == "string_pattern_mismatch":
        return _PATTERN_MESSAGES.get(str(pattern), fallback).format(got=got)
    if kind == "value_error":
        return fallback.removeprefix("Value error, ")
    return messages.get(kind, fallback)
