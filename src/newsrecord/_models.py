"""The typed models of a news record, and their data as the file spells it."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import types
from collections.abc import Iterable, Iterator, Mapping
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Literal,
    NamedTuple,
    SupportsIndex,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints
from pydantic.alias_generators import to_camel
from pydantic.fields import FieldInfo

from ._errors import NewsRecordError
from ._resolve import int_text
from ._tree import field_path

if TYPE_CHECKING:
    from ._parse_data import Located
    from ._split import Parts

HTTP_URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]+(?:[/?#]\S*)?$"
IMAGE_URL_PATTERN = r"^(?:[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]+(?:[/?#]\S*)?|/(?:[^/\s]\S*)?)$"
NO_NUL_PATTERN = r"^[^\x00]*$"


Text = Annotated[str, StringConstraints(pattern="")]
"""A string of characters: any text but lone surrogates (U+D800 to U+DFFF), which Python strings can
hold but no YAML reader accepts. Any pattern makes pydantic-core check that, in Rust; this one matches
every string."""

HttpUrl = Annotated[str, StringConstraints(pattern=HTTP_URL_PATTERN)]
"""An absolute http(s) URL, kept exactly as written."""

ImageUrl = Annotated[str, StringConstraints(pattern=IMAGE_URL_PATTERN)]
"""An absolute http(s) URL or a site-relative path, kept exactly as written."""


class House(enum.Enum):
    """A fact of the house style about a field, written as the outermost ``Annotated`` metadata of its type:
    ``excerpt: Annotated[Text | None, House.QUOTED]``. pydantic ignores it; house_keys reads it."""

    QUOTED = "its string values are always double-quoted, under this key in any mapping"
    STARTS_GROUP = "at the top of an article, a blank line goes before it"


def _kind(value: object) -> type:
    for kind in (bool, int, float, str, dt.datetime, dt.date, list, dict, BaseModel):
        if isinstance(value, kind):
            return kind
    return type(value)


def same(a: object, b: object) -> bool:
    """Equal as record data: types matter (1, 1.0 and True differ), so do UTC offsets."""
    kind = type(a)
    if kind is not type(b):
        kind = _kind(a)
        if kind is not _kind(b):
            return False
    if a is b:
        return True  # even a NaN is the same as itself
    if kind is str:
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(value, b[key]) for key, value in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    if isinstance(a, float) and isinstance(b, float):
        return (a == b and math.copysign(1.0, a) == math.copysign(1.0, b)) or (a != a and b != b)  # -0.0 is not 0.0
    return a == b


class Source(NamedTuple):
    """The text a record was loaded from, its name in messages, and its path if it was a file."""

    text: str
    name: str
    path: str | None = None


_R = TypeVar("_R", bound="Record")


class Record(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        strict=True,
        validate_assignment=True,
        defer_build=True,
    )

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        assert isinstance(other, Record)
        excluded = [name for name, field in type(self).model_fields.items() if field.exclude]
        return all(getattr(self, name) == getattr(other, name) for name in excluded) and same(
            record_data(self), record_data(other)
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce_ex__(self, protocol: SupportsIndex) -> Any:
        """Pickle as plain data, which is smaller and faster than pydantic's state; unpickling validates it."""
        fields = type(self).model_fields
        if any(key in _file_keys(type(self)) for key in self.__pydantic_extra__ or ()):
            return super().__reduce_ex__(protocol)  # a key that shadows a field: kept as it is, refused at dump
        data = record_data(self)
        for name, field in fields.items():
            if field.exclude and (name in self.model_fields_set or self.__dict__[name] != field.default):
                data[name] = self.__dict__[name]
        private = self.__pydantic_private__
        if private is not None and "_loaded" in private:  # the loaded data stays: a rebuilt record parses again
            private = {key: value for key, value in private.items() if key != "_loaded"}
        return (_unpickle, (type(self), data, private))

    def __delattr__(self, name: str) -> None:
        """``del record.field`` removes the key from the file (it was None or empty)."""
        field = type(self).model_fields.get(name)
        if field is None:
            if name in _aliased(type(self)):
                raise AttributeError(_alias_message(type(self), name, _aliased(type(self))[name]))
            super().__delattr__(name)
            return
        if field.is_required():
            raise AttributeError(f"{name} is required and cannot be removed")
        self.__dict__[name] = field.get_default(call_default_factory=True)
        self.model_fields_set.discard(name)

    if not TYPE_CHECKING:  # hidden from type checkers, as pydantic hides its own: attribute typos stay errors

        def __setattr__(self, name: str, value: Any) -> None:
            """Refuse the file's spelling of a field (``webUrl``): it would make an unknown key that shadows it."""
            field = _aliased(type(self)).get(name)
            if field is not None:
                raise AttributeError(_alias_message(type(self), name, field))
            super().__setattr__(name, value)

        def __getattr__(self, name: str) -> Any:
            try:
                return super().__getattr__(name)
            except AttributeError:
                field = _aliased(type(self)).get(name)
                if field is None:
                    raise
                raise AttributeError(_alias_message(type(self), name, field)) from None

    def model_copy(self: _R, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> _R:
        """A copy, with ``update`` assigned attribute by attribute: validated, and by Python name only.

        (pydantic's own model_copy neither validates the new values nor knows the file's key names.)

        >>> from newsrecord import Provider
        >>> Provider(name="WWLP").model_copy(update={"domain": "wwlp.com"}).domain
        'wwlp.com'
        >>> from pydantic import ValidationError
        >>> try:
        ...     Provider(name="WWLP").model_copy(update={"domain": 7})
        ... except ValidationError as error:
        ...     print(error.errors()[0]["msg"])
        Input should be a valid string
        """
        copied = super().model_copy(deep=deep)
        for name, value in (update or {}).items():
            setattr(copied, name, value)
        return copied


class Image(Record):
    """An image: a picture of the article, or a provider's logo.

    >>> from newsrecord import Image
    >>> Image(url="/assets/logo.jpg", width=50, height=50).url
    '/assets/logo.jpg'
    """

    url: Annotated[ImageUrl, House.QUOTED]
    """The image: an absolute http(s) URL or a site path such as ``/assets/logo.jpg``."""
    width: int | None = None
    """Width in pixels (any integer)."""
    height: int | None = None
    """Height in pixels (any integer)."""
    is_cached: bool | None = None
    """Whether the site serves its own copy of the image."""


class Provider(Record):
    """The publisher of an article.

    >>> from newsrecord import Provider
    >>> Provider(name="WWLP", domain="wwlp.com").domain
    'wwlp.com'
    """

    name: Text
    """The publisher's name, as shown to readers."""
    domain: Text | None = None
    """The publisher's web domain, such as ``example.com``."""
    images: list[Image] = Field(default_factory=list)
    """The publisher's logos."""


class RelatedArticle(Record):
    """Another article on the same story, as listed under ``related``.

    >>> from newsrecord import RelatedArticle
    >>> RelatedArticle(title="Ban", web_url="https://example.com/ban").web_url
    'https://example.com/ban'
    """

    title: Annotated[Text, House.QUOTED]
    """The headline of the related article."""
    excerpt: Annotated[Text | None, House.QUOTED] = None
    """Its first lines or a summary."""
    published_date_time: AwareDatetime | None = None
    """When it was published, with its UTC offset."""
    web_url: Annotated[HttpUrl, House.QUOTED]
    """Its address: an absolute http(s) URL."""
    amp_web_url: Annotated[HttpUrl | None, House.QUOTED] = None
    """The address of its AMP page."""
    cdn_amp_web_url: Annotated[HttpUrl | None, House.QUOTED] = None
    """The address of its AMP page on an AMP cache."""
    type: Text | None = None
    """Its kind, such as ``article`` or ``video``."""
    provider: Provider | None = None
    """Its publisher."""
    quality: int | None = None
    """A quality score given by the aggregator that collected it (any integer)."""


class Article(Record):
    """A news record: its front matter fields and its Markdown body.

    Attributes are the snake_case of the file's camelCase keys, which work as
    aliases. Unknown keys are kept in ``model_extra``. An Article loaded from a
    file remembers that file's text, so writing it back changes only what
    changed.

    >>> import datetime as dt
    >>> from newsrecord import Article
    >>> article = Article(
    ...     title="Hello",
    ...     published_date_time=dt.datetime(2020, 12, 11, 5, 6, tzinfo=dt.timezone.utc),
    ...     topics=["AI"],
    ... )
    >>> article.topics.append("Robotics")
    >>> article.topics
    ['AI', 'Robotics']
    """

    category: Text | None = None
    """The section of the site the record belongs to, such as ``news``."""
    title: Annotated[Text, House.QUOTED]
    """The headline."""
    excerpt: Annotated[Text | None, House.QUOTED] = None
    """The first lines or a summary of the article."""
    published_date_time: AwareDatetime
    """When the article was published, with its UTC offset (``2020-12-11T05:06:00Z``)."""
    original_url: Annotated[HttpUrl | None, House.QUOTED] = None
    """The address the article was first published at."""
    web_url: Annotated[HttpUrl | None, House.QUOTED] = None
    """The address of the article: an absolute http(s) URL."""
    amp_web_url: Annotated[HttpUrl | None, House.QUOTED] = None
    """The address of its AMP page."""
    cdn_amp_web_url: Annotated[HttpUrl | None, House.QUOTED] = None
    """The address of its AMP page on an AMP cache."""
    type: Text | None = None
    """The kind of record, such as ``article`` or ``video``."""
    quality: int | None = None
    """A quality score given by the aggregator that collected it (any integer)."""
    heat: int | None = None
    """How much attention the story draws, as scored by the aggregator (any integer)."""
    published: bool | None = None
    """Whether the site shows the record (Jekyll's ``published``)."""
    provider: Annotated[Provider | None, House.STARTS_GROUP] = None
    """The publisher of the article."""
    topics: Annotated[list[Text], House.STARTS_GROUP] = Field(default_factory=list)
    """The topics the article is filed under."""
    images: Annotated[list[Image], House.STARTS_GROUP] = Field(default_factory=list)
    """Pictures of the article."""
    related: Annotated[list[RelatedArticle], House.STARTS_GROUP] = Field(default_factory=list)
    """Other articles on the same story."""
    secured: Annotated[Text | None, House.QUOTED, House.STARTS_GROUP] = None
    """An opaque token written by the aggregator, kept exactly as it is."""
    body: Annotated[str, StringConstraints(pattern=NO_NUL_PATTERN)] = Field(default="", exclude=True)
    """The Markdown body below the front matter (``body`` in plain dicts, not a front matter key)."""

    @property
    def _source(self) -> Source | None:
        """The text this Article was loaded from, kept beside pydantic's state and never validated.

        Not a pydantic private attribute: those cost a Python call on every validation.
        """
        private = self.__pydantic_private__
        return None if private is None else private.get("_source")

    @property
    def _loaded(self) -> tuple[dict[str, object], str, Parts, Located | None] | None:
        """The front matter's plain data as loaded, the body, the parts of the text, and where the data's
        values lie in it (see one_line_scalars); None if not known (an unpickled Article).

        An Article whose body is that body, and that ``holds()`` that data, is unchanged.
        """
        private = self.__pydantic_private__
        return None if private is None else private.get("_loaded")

    def _remember(
        self, source: Source, loaded: tuple[dict[str, object], str, Parts, Located | None] | None = None
    ) -> None:
        """Keep the text this Article was loaded from, and the data it held then (see _loaded)."""
        object.__setattr__(self, "__pydantic_private__", {"_source": source, "_loaded": loaded})

    @property
    def source_path(self) -> str | None:
        r"""The path of the file this Article was loaded from; None for text or a record built in code.

        >>> import pathlib, tempfile
        >>> from newsrecord import load_article
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.md"
        >>> _ = path.write_text("---\ntitle: A\npublishedDateTime: 2020-01-01T00:00:00Z\n---\n")
        >>> load_article(path).source_path == str(path)
        True
        """
        return None if self._source is None else self._source.path


@functools.cache
def _aliased(model: type[Record]) -> dict[str, str]:
    """The file's spelling of each field whose Python name differs (``webUrl``), to that name (``web_url``)."""
    return {field.alias: name for name, field in model.model_fields.items() if field.alias and field.alias != name}


@functools.cache
def _file_keys(model: type[Record]) -> frozenset[str]:
    """The names an unknown key cannot have: every field's Python name and file key (``body`` included)."""
    return frozenset(model.model_fields).union(_aliased(model))


def _alias_message(model: type[Record], key: str, name: str) -> str:
    return f"{key!r} is how the file spells the field {name!r}; the attribute is {model.__name__}.{name}"


def _shadowing(record: Record, key: str) -> NewsRecordError:
    model = type(record)
    name = _aliased(model).get(key, key)
    return NewsRecordError(
        f"model_extra holds the key {key!r}, which is the field {name!r} of {model.__name__}: "
        f"set {model.__name__}.{name} and delete model_extra[{key!r}]",
        field=key,
    )


def _unpickle(model: type[Record], data: dict[str, Any], private: dict[str, Any] | None) -> Record:
    record = model.model_validate(data, by_alias=True, by_name=False)
    if private:
        record.__pydantic_private__ = dict(private)
    return record


def _bare(annotation: Any) -> Any:
    """A type without its ``Annotated`` metadata and without ``| None``."""
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [member for member in get_args(annotation) if member is not type(None)]
        if len(members) == 1:
            return _bare(members[0])
    return annotation


def field_shape(field: FieldInfo) -> tuple[Any, bool]:
    """A field's value type, bare (see _bare), and whether the field is a list of it.

    ``(Image, True)`` for ``list[Image]``, ``(int, False)`` for ``int | None``, ``(str, False)`` for ``Text``.
    """
    kind = _bare(field.annotation)
    if get_origin(kind) is list:
        return _bare(get_args(kind)[0]), True
    return kind, False


def _child_models(root: type[Record]) -> dict[type[Record], dict[str, type[Record]]]:
    found: dict[type[Record], dict[str, type[Record]]] = {}
    waiting = [root]
    while waiting:
        model = waiting.pop(0)
        if model in found:
            continue
        found[model] = {}
        for name, field in model.model_fields.items():
            kind, _ = field_shape(field)
            if isinstance(kind, type) and issubclass(kind, Record):
                found[model][field.alias or name] = kind
                waiting.append(kind)
    return found


CHILD_MODELS = _child_models(Article)
"""For each model (Article and every model nested in it), the model of each nested key (of its items, for lists).

Derived from the fields' types: a field whose type, or whose list's item type, is a model, ``| None`` unwrapped.
"""


def house_keys(mark: House, models: Iterable[type[Record]]) -> frozenset[str]:
    """The keys, as the file spells them, of the fields of ``models`` whose type carries ``mark`` (see House)."""
    return frozenset(
        field.alias or name for model in models for name, field in model.model_fields.items() if mark in field.metadata
    )


def key_order(model: type[Record]) -> list[str]:
    """The keys of a model as the file spells them, in house-style order."""
    return [field.alias or name for name, field in model.model_fields.items() if not field.exclude]


def record_data(record: Record) -> dict[str, object]:
    """A model's front matter as plain data: the file's keys, present keys only.

    Raises NewsRecordError for a key of model_extra that is also a field's name or file key.
    """
    data: dict[str, object] = {}
    values = record.__dict__
    fields_set = record.model_fields_set
    for name, field in type(record).model_fields.items():
        if field.exclude:
            continue
        value = values[name]
        if name not in fields_set and (value is None or value == []):
            continue
        data[field.alias or name] = plain(value)
    extra = record.__pydantic_extra__
    if extra:
        taken = _file_keys(type(record))
        for key, value in extra.items():
            if key in taken:  # two values for one key: neither may win silently
                raise _shadowing(record, key)
            data[key] = plain(value)
    return data


Change = tuple[tuple[str | int, ...], object]
"""The path of a scalar in a record's data (``("related", 0, "quality")``) and its new value."""


def holds(record: Record, data: dict[str, object]) -> bool:
    """Whether ``record_data(record)`` would be ``same()`` as ``data``, found without building it (False,
    rather than an error, where record_data would raise)."""
    return changed_scalars(record, data) == []


def changed_scalars(
    record: Record, data: dict[str, object], shared: bool = False
) -> list[Change] | Literal[False] | None:
    """Where ``record_data(record)`` differs from ``data``, found without building it: the path and new value
    of each scalar that differs, in record_data's order, when nothing else does (none: the record holds
    ``data``).

    False where more differs: a key or an item added or removed, a value that became a list or a mapping
    or stopped being one; and where record_data would raise. ``shared``: ``data`` is what the record was
    validated from, whose unknown keys' lists and dicts the record holds as they are (validation keeps
    them), so an edit in place changed both, or one of them was replaced after such an edit: None where
    an unknown key holds a list or a dict, as only the text the data came from can tell.
    """
    found: list[Change] = []
    verdict = _record_changes(record, data, (), found, shared)
    return found if verdict else verdict


def _record_changes(
    record: Record, data: dict[str, object], loc: tuple[str | int, ...], found: list[Change], shared: bool
) -> bool | None:
    """Whether ``record_data(record)`` differs from ``data`` only in scalars, which go to ``found`` (None: see
    changed_scalars)."""
    values = record.__dict__
    fields_set = record.__pydantic_fields_set__  # not the property: one call less per model
    count = 0
    for name, key in _data_keys(type(record)):
        value = values[name]
        if name not in fields_set and (value is None or value == []):  # record_data's rule for a present key
            continue
        old = data.get(key, data)  # data itself where the key is absent
        kind = type(value)  # most values are strings, integers, booleans or timestamps: compared here, a call less
        if kind is str or kind is int or kind is bool:
            if type(old) is not kind or value != old:
                if old is data or type(old) is list or type(old) is dict:
                    return False
                found.append(((*loc, key), value))
        elif not (kind is dt.datetime and same(value, old)):
            if old is data:
                return False
            verdict = _changes(value, old, (*loc, key), found, shared)
            if not verdict:
                return verdict
        count += 1
    extra = record.__pydantic_extra__
    if extra:
        taken = _file_keys(type(record))
        for key, value in extra.items():
            if key in taken or key not in data:
                return False
            old = data[key]
            if shared and (type(old) is list or type(old) is dict):
                return None
            verdict = _changes(value, old, (*loc, key), found, shared)
            if not verdict:
                return verdict
        count += len(extra)
    return count == len(data)


@functools.cache
def _data_keys(model: type[Record]) -> tuple[tuple[str, str], ...]:
    """Each field of the front matter (``body`` left out): its Python name and its file key."""
    return tuple((name, field.alias or name) for name, field in model.model_fields.items() if not field.exclude)


def _changes(value: object, old: object, loc: tuple[str | int, ...], found: list[Change], shared: bool) -> bool | None:
    """Whether ``plain(value)`` differs from ``old`` only in scalars, which go to ``found`` (None: see
    changed_scalars)."""
    if type(value) is list:
        if type(old) is not list or len(old) != len(value):
            return False
        for index, (item, old_item) in enumerate(zip(value, old, strict=True)):
            if type(item) is str and type(old_item) is str and item == old_item:  # most items: a call less
                continue
            if isinstance(item, Record):  # models: one call less
                verdict = type(old_item) is dict and _record_changes(item, old_item, (*loc, index), found, shared)
            else:
                verdict = _changes(item, old_item, (*loc, index), found, shared)
            if not verdict:
                return verdict
        return True
    if type(value) is dict:
        if type(old) is not dict or old.keys() != value.keys():
            return False
        for key, item in value.items():
            verdict = _changes(item, old[key], (*loc, key), found, shared)
            if not verdict:
                return verdict
        return True
    if isinstance(value, Record):
        return type(old) is dict and _record_changes(value, old, loc, found, shared)
    if type(old) is list or type(old) is dict:
        return False
    if not same(value, old):
        found.append((loc, value))
    return True


def with_changes(data: dict[str, object], changes: list[Change]) -> dict[str, object]:
    """``data`` with each scalar that ``changes`` names replaced, copying only the dicts and lists on its path."""
    result = dict(data)
    copies = {id(result)}
    for loc, value in changes:
        node: Any = result
        for step in loc[:-1]:
            child = node[step]
            if id(child) not in copies:
                child = child.copy()
                copies.add(id(child))
                node[step] = child
            node = child
        node[loc[-1]] = value
    return result


def plain(value: Any) -> Any:
    """Models, lists and dicts as plain data, recursively; other values as they are."""
    if isinstance(value, Record):
        return record_data(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def leaves(value: object, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], object]]:
    """Every value of plain data that is not a dict or a list, with its path (``("related", 0, "quality")``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*loc, index))
    else:
        yield loc, value


def check_digits(data: dict[str, object], source: str, changes: list[Change] | None = None) -> None:
    """Refuse plain data holding an integer too long for Python to write in decimal (see int_text); given
    ``changes``, only their values, which are all an edit writes."""
    for loc, value in leaves(data) if changes is None else changes:
        if type(value) is int and value.bit_length() > 2000:  # shorter ones have fewer digits than any limit
            try:
                int_text(value)
            except ValueError as error:
                raise NewsRecordError(str(error), source=source, field=field_path(loc)) from None


@functools.cache
def _field_docstrings(model: type) -> dict[str, str]:
    """The docstring below each field of a model's class body, read from its source when first asked.

    This is pydantic's ``use_attribute_docstrings``, done only for the JSON Schema and the API
    reference: done at class creation, it cost every ``import newsrecord`` about 13 ms.
    """
    import ast
    import inspect
    import textwrap

    body = ast.parse(textwrap.dedent(inspect.getsource(model))).body[0]
    assert isinstance(body, ast.ClassDef)
    docs = {}
    for node, after in zip(body.body, body.body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def field_description(model: type[Record], name: str) -> str | None:
    """A field's description: the docstring below it in its model's class body (or a base's).

    >>> from newsrecord import Article
    >>> field_description(Article, "web_url")
    'The address of the article: an absolute http(s) URL.'
    """
    for klass in model.__mro__:
        if name in getattr(klass, "__annotations__", {}):
            found = _field_docstrings(klass).get(name)
            if found is not None:
                return found
    return None
