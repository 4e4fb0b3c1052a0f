"""Tree to models: validate the front matter, and point every problem at its line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from ._errors import NewsRecordError
from ._models import CHILD_MODELS, HTTP_URL_PATTERN, IMAGE_URL_PATTERN, NO_NUL_PATTERN, Article, Record, Source
from ._parse import filled_data, parse_filled, parse_tree
from ._parse_data import Filled, Located
from ._resolve import UnsupportedScalar, int_text, timestamp
from ._split import Parts
from ._text import Positions
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


class Parsed:
    """A record parsed but not yet validated, cheap to send to another process: its text and where its
    parts lie, and its front matter as data, or (for a record of a shape seen before) as the texts of
    its values, from which ``data`` is built when first asked for. A helper process of iter_articles
    sends the texts (see marshallable), and the parent builds the data: strings cross far cheaper than
    dicts and datetimes, and the build costs the same in either process."""

    __slots__ = ("_data", "located", "names_possible", "parts", "path", "source")

    def __init__(
        self,
        parts: Parts,
        data: dict[str, Any] | Filled,
        names_possible: bool,
        source: str,
        path: str | None,
        located: Located | None = None,
    ) -> None:
        self.parts = parts
        self._data = data
        self.names_possible = names_possible
        """Whether a key may be one of the models' Python names (``web_url``), which validation looks for."""
        self.source = source
        self.path = path
        self.located = located
        """Where the values lie, for an edit (see one_line_scalars); None once sent to another process."""

    @property
    def data(self) -> dict[str, Any]:
        """The front matter as plain data, built from the values when first asked for: this may raise
        the NewsRecordError that a load raises for a value that only the tree parsers read, and sets
        names_possible when the tree parsers read it (the keys are then not known): ask for it first."""
        if isinstance(self._data, Filled):
            self._data, read = filled_data(self._data, self.parts, self.source)
            self.names_possible = self.names_possible or not read
            if not read:
                self.located = None  # the tree parsers read it
        return self._data

    def __reduce__(self) -> tuple[type[Parsed], tuple[Parts, dict[str, Any] | Filled, bool, str, str | None]]:
        return Parsed, (self.parts, self._data, self.names_possible, self.source, self.path)

    def marshallable(self) -> tuple[object, ...] | None:
        """The record as strings, ints, bools, tuples and lists, which ``marshal`` writes and reads in a
        fraction of the time pickle takes for the data they make; None when the data is kept as data."""
        data = self._data
        if not isinstance(data, Filled):
            return None
        return tuple(self.parts), tuple(data), self.names_possible, self.source, self.path

    @staticmethod
    def from_marshallable(fields: tuple[Any, ...]) -> Parsed:
        """The Parsed whose marshallable() gave ``fields``."""
        parts, filled, names_possible, source, path = fields
        return Parsed(Parts(*parts), Filled(*filled), names_possible, source, path)


def parse(parts: Parts, source: str, path: str | None = None) -> Parsed:
    """Parse a record's front matter, or raise a NewsRecordError at its line."""
    located: list[Located] = []
    data, keys = parse_filled(parts, source, located)
    names_possible = keys is None or not keys.isdisjoint(_PYTHON_NAMES)
    return Parsed(parts, data, names_possible, source, path, located[0] if located else None)


def build(parsed: Parsed, body_checked: bool = False) -> Article:
    """Validate a parsed record into an Article, or raise every problem at its line.

    ``body_checked`` says that the body was decoded from bytes, and found without NUL (_api's _parts):
    it then holds no character a body cannot, and is not checked again (see validated).
    """
    parts = parsed.parts
    try:
        article = validated(parsed.data, parts.body, parsed.names_possible, body_checked)
    except (ValidationError, _Misnamed) as exc:
        raise _errors(exc, parsed.source, parse_tree(parts, parsed.source), parts.text) from None
    data = parsed.data
    if not body_checked:
        del data["body"]  # validated() added it
    article._remember(Source(parts.text, parsed.source, parsed.path), (data, article.body, parts, parsed.located))
    return article


def validate(front_matter: dict[str, Any], body: str, source: str) -> Article:
    """Validate front matter data (the file's keys) and a body into an Article, or raise every problem."""
    try:
        return validated(dict(front_matter), body)
    except (ValidationError, _Misnamed) as exc:
        raise _errors(exc, source, None, "") from None


def validated(data: dict[str, Any], body: str, names_possible: bool = True, body_checked: bool = False) -> Article:
    """An Article from front matter data, which this takes over (it adds ``body``, unless ``body_checked``),
    and a body.

    Raises pydantic's ValidationError, or _Misnamed for keys that are this
    library's Python names (``web_url`` for ``webUrl``, and ``body``), which
    are looked for unless ``names_possible`` is false. A ``body_checked`` body
    (decoded from UTF-8 bytes, so without lone surrogates, and found without NUL)
    is set as it is, without pydantic's pass over it (2 to 4 ms a megabyte).
    """
    if "body" in data:
        raise _Misnamed([("body",)])
    if not body_checked:
        data["body"] = body
    article = Article.model_validate(data, by_alias=True, by_name=False)
    if body_checked:
        article.__dict__["body"] = body
        article.__pydantic_fields_set__.add("body")
    if names_possible:
        misnamed = list(_misnamed(article, ()))
        if misnamed:
            raise _Misnamed(misnamed)
    return article


class _Misnamed(Exception):
    """Front matter keys that pydantic would confuse with fields: reported as errors, never kept."""

    def __init__(self, locs: list[tuple[str | int, ...]]) -> None:
        super().__init__(locs)
        self.locs = locs


def _misnamed(record: Record, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    extra = record.__pydantic_extra__
    if extra:
        reserved = _RESERVED[type(record)]
        yield from ((*loc, key) for key in extra if key in reserved)
    children = CHILD_MODELS[type(record)]  # by the file's key, which may differ from the attribute's name
    for name, field in type(record).model_fields.items():
        key = field.alias or name
        if key not in children:
            continue
        child = record.__dict__[name]
        if isinstance(child, list):
            for index, item in enumerate(child):
                yield from _misnamed(item, (*loc, key, index))
        elif child is not None:
            yield from _misnamed(child, (*loc, key))


_RESERVED = {
    model: {name for name, field in model.model_fields.items() if field.alias != name or field.exclude}
    for model in CHILD_MODELS
}
_PYTHON_NAMES = frozenset().union(*_RESERVED.values())


def _errors(exc: ValidationError | _Misnamed, source: str, root: Mapping | None, text: str) -> NewsRecordError:
    if isinstance(exc, _Misnamed):
        errors: list[Any] = [{"loc": loc, "type": "misnamed", "msg": _misnamed_message(loc)} for loc in exc.locs]
    else:
        errors = list(exc.errors(include_url=False))
    problems = []
    positions = Positions(text)
    for error in errors:
        loc = tuple(step for step in error["loc"] if isinstance(step, (str, int)))
        line = column = None
        value, node = error.get("input"), None
        if root is not None:
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
