"""Tree to models: validate the front matter, and point every problem at its line."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ._errors import NewsRecordError
from ._models import HTTP_URL_PATTERN, IMAGE_URL_PATTERN, NO_NUL_PATTERN, Article, Source
from ._parse import parse_data, parse_tree
from ._split import Parts
from ._text import position
from ._tree import Mapping, Scalar, find

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


def build_article(parts: Parts, source: str, path: str | None = None) -> Article:
    """Parse and validate a record's front matter and body, or raise every problem at its line."""
    try:
        article = _validated(parse_data(parts, source), parts.body)
    except ValidationError as exc:
        raise _errors(exc, source, parse_tree(parts, source), parts.text) from None
    article._remember(Source(parts.text, source, path))
    return article


def validate(front_matter: dict[str, Any], body: str, source: str) -> Article:
    """Validate front matter data (the file's keys) and a body into an Article, or raise every problem."""
    try:
        return _validated(dict(front_matter), body)
    except ValidationError as exc:
        raise _errors(exc, source, None, "") from None


def _validated(data: dict[str, Any], body: str) -> Article:
    """An Article from front matter data, which this takes over (it sets ``body``), and a body."""
    front_matter_body = data.pop("body", _ABSENT)
    data["body"] = body
    article = Article.model_validate(data, by_alias=True, by_name=False)
    if front_matter_body is not _ABSENT:
        extra = article.__pydantic_extra__
        assert extra is not None
        extra["body"] = front_matter_body
    return article


def field_path(loc: tuple[str | int, ...]) -> str:
    """``('related', 1, 'webUrl')`` as ``related[1].webUrl``."""
    path = ""
    for step in loc:
        path += f"[{step}]" if isinstance(step, int) else (f".{step}" if path else step)
    return path


def _errors(exc: ValidationError, source: str, root: Mapping | None, text: str) -> NewsRecordError:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(step for step in error["loc"] if isinstance(step, (str, int)))
        line = column = None
        value, node = error.get("input"), None
        if root is not None:
            found_node, entry, depth = find(root, loc)
            found = depth == len(loc)
            offset = found_node.start if found or entry is None else entry.key_start
            line, column = position(text, offset)
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


_PATTERN_MESSAGES = {
    HTTP_URL_PATTERN: "expected an absolute http(s) URL, got {got}",
    IMAGE_URL_PATTERN: "expected an absolute http(s) URL or a site path like /logo.jpg, got {got}",
    NO_NUL_PATTERN: "the body holds a NUL character, which a text record cannot",
}


def _message(kind: str, fallback: str, value: object, node: object, pattern: object = None) -> str:
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
    if kind == "string_pattern_mismatch":
        return _PATTERN_MESSAGES.get(str(pattern), fallback).format(got=got)
    if kind == "value_error":
        return fallback.removeprefix("Value error, ")
    return messages.get(kind, fallback)
