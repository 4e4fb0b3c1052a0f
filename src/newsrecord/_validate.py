"""Tree to models: validate the front matter, and point every problem at its line."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ._errors import NewsRecordError
from ._models import Article, Source
from ._split import Parts
from ._text import position
from ._tree import Mapping, Scalar, find, to_data

_ABSENT = object()

_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a mapping",
    type(None): "null",
}


def build_article(root: Mapping, parts: Parts, source: str) -> Article:
    """Validate a parsed front matter and body into an Article, or raise every problem."""
    data: Any = to_data(root)
    front_matter_body = data.pop("body", _ABSENT)
    data["body"] = parts.body
    try:
        article = Article.model_validate(data, by_alias=True, by_name=False)
    except ValidationError as exc:
        raise _errors(exc, root, parts.text, source) from None
    if front_matter_body is not _ABSENT:
        extra = article.__pydantic_extra__
        assert extra is not None
        extra["body"] = front_matter_body
    article._source = Source(parts.text, source)
    return article


def field_path(loc: tuple[str | int, ...]) -> str:
    """``('related', 1, 'webUrl')`` as ``related[1].webUrl``."""
    path = ""
    for step in loc:
        path += f"[{step}]" if isinstance(step, int) else (f".{step}" if path else step)
    return path


def _errors(exc: ValidationError, root: Mapping, text: str, source: str) -> NewsRecordError:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(step for step in error["loc"] if isinstance(step, (str, int)))
        node, entry, depth = find(root, loc)
        found = depth == len(loc)
        offset = node.start if found or entry is None else entry.key_start
        line, column = position(text, offset)
        value = node.value if isinstance(node, Scalar) and found else error.get("input")
        problems.append(
            NewsRecordError(
                _message(error["type"], error["msg"], value, node if found else None),
                source=source,
                line=line,
                column=column,
                field=field_path(loc),
            )
        )
    return NewsRecordError.collect(problems)


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
    return f"{name} {value!r}" if not isinstance(value, bool) else f"the boolean {str(value).lower()}"


def _message(kind: str, fallback: str, value: object, node: object) -> str:
    got = _describe(value, node)
    quote_hint = " (quote it to make it a string)" if not isinstance(value, (str, type(None), list, dict)) else ""
    messages = {
        "missing": "field required",
        "int_type": f"expected an integer, got {got}",
        "string_type": f"expected a string, got {got}{quote_hint}",
        "bool_type": f"expected true or false, got {got}",
        "datetime_type": f"expected a timestamp such as 2020-12-11T05:06:00Z, got {got}",
        "timezone_aware": f"the timestamp {value} needs a time zone, such as Z or +01:00",
        "model_type": f"expected a mapping, got {got}",
        "model_attributes_type": f"expected a mapping, got {got}",
        "list_type": f"expected a list, got {got}",
        "dict_type": f"expected a mapping, got {got}",
    }
    if kind == "bool_type" and isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n"):
        return f"expected true or false, got {got} (YAML 1.2 reads {value} as a string; write true or false)"
    if kind == "value_error":
        return fallback.removeprefix("Value error, ")
    return messages.get(kind, fallback)
