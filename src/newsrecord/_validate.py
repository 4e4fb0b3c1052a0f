"""Data to models: parse a record's front matter (``parse``), validate it into an Article (``build``,
``validated``), and look for keys that are this library's Python names; _explain says what is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from ._explain import Misnamed, explain
from ._models import CHILD_MODELS, Article, Record, Source
from ._parse import filled_data, parse_filled, parse_tree
from ._parse_data import Filled, Located
from ._split import Parts


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
    except (ValidationError, Misnamed) as exc:
        raise explain(exc, parsed.source, parse_tree(parts, parsed.source), parts.text, parts.body_start) from None
    data = parsed.data
    if not body_checked:
        del data["body"]  # validated() added it
    article._remember(Source(parts.text, parsed.source, parsed.path), (data, article.body, parts, parsed.located))
    return article


def validate(front_matter: dict[str, Any], body: str, source: str) -> Article:
    """Validate front matter data (the file's keys) and a body into an Article, or raise every problem."""
    try:
        return validated(dict(front_matter), body)
    except (ValidationError, Misnamed) as exc:
        raise explain(exc, source, None, "") from None


def validated(data: dict[str, Any], body: str, names_possible: bool = True, body_checked: bool = False) -> Article:
    """An Article from front matter data, which this takes over (it adds ``body``, unless ``body_checked``),
    and a body.

    Raises pydantic's ValidationError, or Misnamed for keys that are this
    library's Python names (``web_url`` for ``webUrl``, and ``body``), which
    are looked for unless ``names_possible`` is false. A ``body_checked`` body
    (decoded from UTF-8 bytes, so without lone surrogates, and found without NUL)
    is set as it is, without pydantic's pass over it (2 to 4 ms a megabyte).
    """
    if "body" in data:
        raise Misnamed([("body",)])
    if not body_checked:
        data["body"] = body
    article = Article.model_validate(data, by_alias=True, by_name=False)
    if body_checked:
        article.__dict__["body"] = body
        article.__pydantic_fields_set__.add("body")
    if names_possible:
        misnamed = list(_misnamed(article, ()))
        if misnamed:
            raise Misnamed(misnamed)
    return article


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
