"""The typed models of a news record, and their data as the file spells it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, NamedTuple, SupportsIndex

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints
from pydantic.alias_generators import to_camel

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
    if kind is str or a is b:
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(value, b[key]) for key, value in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    return a == b


class Source(NamedTuple):
    """The text a record was loaded from, its name in messages, and its path if it was a file."""

    text: str
    name: str
    path: str | None = None


class _Record(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        strict=True,
        validate_assignment=True,
        defer_build=True,
        use_attribute_docstrings=True,  # each field's docstring is its description (JSON Schema, API reference)
    )

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        assert isinstance(other, _Record)
        excluded = [name for name, field in type(self).model_fields.items() if field.exclude]
        return all(getattr(self, name) == getattr(other, name) for name in excluded) and same(
            record_data(self), record_data(other)
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce_ex__(self, protocol: SupportsIndex) -> Any:
        """Pickle as plain data, which is smaller and faster than pydantic's state; unpickling validates it."""
        fields = type(self).model_fields
        data = record_data(self)
        for name, field in fields.items():
            if field.exclude and (name in self.model_fields_set or self.__dict__[name] != field.default):
                if name in data:  # an unknown key spelled like an excluded field: pydantic's own way
                    return super().__reduce_ex__(protocol)
                data[name] = self.__dict__[name]
        return (_unpickle, (type(self), data, self.__pydantic_private__))

    def __delattr__(self, name: str) -> None:
        """``del record.field`` removes the key from the file (it was None or empty)."""
        field = type(self).model_fields.get(name)
        if field is None:
            super().__delattr__(name)
            return
        if field.is_required():
            raise AttributeError(f"{name} is required and cannot be removed")
        self.__dict__[name] = field.get_default(call_default_factory=True)
        self.model_fields_set.discard(name)


class Image(_Record):
    """An image: a picture of the article, or a provider's logo.

    >>> from newsrecord import Image
    >>> Image(url="/assets/logo.jpg", width=50, height=50).url
    '/assets/logo.jpg'
    """

    url: ImageUrl
    """The image: an absolute http(s) URL or a site path such as ``/assets/logo.jpg``."""
    width: int | None = None
    """Width in pixels (any integer)."""
    height: int | None = None
    """Height in pixels (any integer)."""
    is_cached: bool | None = None
    """Whether the site serves its own copy of the image."""


class Provider(_Record):
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


class RelatedArticle(_Record):
    """Another article on the same story, as listed under ``related``.

    >>> from newsrecord import RelatedArticle
    >>> RelatedArticle(title="Ban", web_url="https://example.com/ban").web_url
    'https://example.com/ban'
    """

    title: Text
    """The headline of the related article."""
    excerpt: Text | None = None
    """Its first lines or a summary."""
    published_date_time: AwareDatetime | None = None
    """When it was published, with its UTC offset."""
    web_url: HttpUrl
    """Its address: an absolute http(s) URL."""
    amp_web_url: HttpUrl | None = None
    """The address of its AMP page."""
    cdn_amp_web_url: HttpUrl | None = None
    """The address of its AMP page on an AMP cache."""
    type: Text | None = None
    """Its kind, such as ``article`` or ``video``."""
    provider: Provider | None = None
    """Its publisher."""
    quality: int | None = None
    """A quality score given by the aggregator that collected it (any integer)."""


class Article(_Record):
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
    title: Text
    """The headline."""
    excerpt: Text | None = None
    """The first lines or a summary of the article."""
    published_date_time: AwareDatetime
    """When the article was published, with its UTC offset (``2020-12-11T05:06:00Z``)."""
    original_url: HttpUrl | None = None
    """The address the article was first published at."""
    web_url: HttpUrl | None = None
    """The address of the article: an absolute http(s) URL."""
    amp_web_url: HttpUrl | None = None
    """The address of its AMP page."""
    cdn_amp_web_url: HttpUrl | None = None
    """The address of its AMP page on an AMP cache."""
    type: Text | None = None
    """The kind of record, such as ``article`` or ``video``."""
    quality: int | None = None
    """A quality score given by the aggregator that collected it (any integer)."""
    heat: int | None = None
    """How much attention the story draws, as scored by the aggregator (any integer)."""
    published: bool | None = None
    """Whether the site shows the record (Jekyll's ``published``)."""
    provider: Provider | None = None
    """The publisher of the article."""
    topics: list[Text] = Field(default_factory=list)
    """The topics the article is filed under."""
    images: list[Image] = Field(default_factory=list)
    """Pictures of the article."""
    related: list[RelatedArticle] = Field(default_factory=list)
    """Other articles on the same story."""
    secured: Text | None = None
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

    def _remember(self, source: Source) -> None:
        """Keep the text this Article was loaded from."""
        object.__setattr__(self, "__pydantic_private__", {"_source": source})

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


def _unpickle(model: type[_Record], data: dict[str, Any], private: dict[str, Any] | None) -> _Record:
    record = model.model_validate(data, by_alias=True, by_name=False)
    if private:
        record.__pydantic_private__ = dict(private)
    return record


CHILD_MODELS: dict[type[_Record], dict[str, type[_Record]]] = {
    Article: {"provider": Provider, "images": Image, "related": RelatedArticle},
    RelatedArticle: {"provider": Provider},
    Provider: {"images": Image},
    Image: {},
}
"""For each model, the model of each nested key (of its items, for lists)."""


def key_order(model: type[_Record]) -> list[str]:
    """The keys of a model as the file spells them, in house-style order."""
    return [field.alias or name for name, field in model.model_fields.items() if not field.exclude]


def record_data(record: _Record) -> dict[str, object]:
    """A model's front matter as plain data: the file's keys, present keys only."""
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
        for key, value in extra.items():
            data[key] = plain(value)
    return data


def plain(value: Any) -> Any:
    """Models, lists and dicts as plain data, recursively; other values as they are."""
    if isinstance(value, _Record):
        return record_data(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
