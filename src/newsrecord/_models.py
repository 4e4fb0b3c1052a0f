"""The typed models of a news record (the schema): fields, types, keys, house-style marks, and what is derived
from them (CHILD_MODELS, key_order, house_keys, field descriptions). Their data is _record_data's."""

from __future__ import annotations

import enum
import functools
import types
from collections.abc import Iterable, Mapping
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
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

from ._record_data import aliased, file_keys, record_data, same, unpickle

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


_unpickle = unpickle
"""Where Articles pickled by newsrecord 0.1 find their way back: the pickle names this."""


class House(enum.Enum):
    """A fact of the house style about a field, written as the outermost ``Annotated`` metadata of its type:
    ``excerpt: Annotated[Text | None, House.QUOTED]``. pydantic ignores it; house_keys reads it."""

    QUOTED = "its string values are always double-quoted, under this key in any mapping"
    STARTS_GROUP = "at the top of an article, a blank line goes before it"


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
        if any(key in file_keys(type(self)) for key in self.__pydantic_extra__ or ()):
            return super().__reduce_ex__(protocol)  # a key that shadows a field: kept as it is, refused at dump
        data = record_data(self)
        for name, field in fields.items():
            if field.exclude and (name in self.model_fields_set or self.__dict__[name] != field.default):
                data[name] = self.__dict__[name]
        private = self.__pydantic_private__
        if private is not None and "_loaded" in private:  # the loaded data stays: a rebuilt record parses again
            private = {key: value for key, value in private.items() if key != "_loaded"}
        return (unpickle, (type(self), data, private))

    def __delattr__(self, name: str) -> None:
        """``del record.field`` removes the key from the file (it was None or empty)."""
        field = type(self).model_fields.get(name)
        if field is None:
            if name in aliased(type(self)):
                raise AttributeError(_alias_message(type(self), name, aliased(type(self))[name]))
            super().__delattr__(name)
            return
        if field.is_required():
            raise AttributeError(f"{name} is required and cannot be removed")
        self.__dict__[name] = field.get_default(call_default_factory=True)
        self.model_fields_set.discard(name)

    if not TYPE_CHECKING:  # hidden from type checkers, as pydantic hides its own: attribute typos stay errors

        def __setattr__(self, name: str, value: Any) -> None:
            """Refuse the file's spelling of a field (``webUrl``): it would make an unknown key that shadows it."""
            field = aliased(type(self)).get(name)
            if field is not None:
                raise AttributeError(_alias_message(type(self), name, field))
            super().__setattr__(name, value)

        def __getattr__(self, name: str) -> Any:
            try:
                return super().__getattr__(name)
            except AttributeError:
                field = aliased(type(self)).get(name)
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


def _alias_message(model: type[Record], key: str, name: str) -> str:
    return f"{key!r} is how the file spells the field {name!r}; the attribute is {model.__name__}.{name}"


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
