"""Random sequences of changes over the public API, checked after every dump.

Assignments (by Python name, by the file's key names, of unknown keys), model_extra
writes (field names included), deletions, appends and removals in lists, nested
replacement and model_copy(update=...), applied to random records. After each
change that is accepted, the dump loads back equal to the model, writes back
exactly, and leaves the lines of every unchanged top-level key byte for byte; every
refusal is a NewsRecordError or TypeError with a message (assignment itself raises
pydantic's ValidationError for a wrong type and AttributeError for a file key name or
a required field, as documented).

The default run tries NEWSRECORD_SEQUENCES sequences (1000, about half a minute); set it higher for a deeper
local run, for example NEWSRECORD_SEQUENCES=20000.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from newsrecord import (
    Article,
    Image,
    NewsRecordError,
    Provider,
    RelatedArticle,
    article_to_dict,
    dump_article,
    dumps_article,
    loads_article,
)
from newsrecord._record_data import record_data, same

from .strategies import articles, extra_key, images, json_scalar, providers, related, small_int, text, url
from .test_properties import reformatted

SEQUENCES = int(os.environ.get("NEWSRECORD_SEQUENCES", "1000"))
SETTINGS = settings(
    max_examples=SEQUENCES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MODELS: dict[str, type[Any]] = {
    "article": Article,
    "provider": Provider,
    "image": Image,
    "related": RelatedArticle,
}


def names(model: type[Any]) -> list[str]:
    """Every spelling of a model's fields: Python names and the file's keys."""
    found: list[str] = []
    for name, field in model.model_fields.items():
        found.append(name)
        if field.alias and field.alias != name:
            found.append(field.alias)
    return found


ALL_NAMES = sorted({name for model in MODELS.values() for name in names(model)})

values = st.one_of(
    json_scalar,
    url,
    st.sampled_from([10**5000, -(10**5000), 2**70, -0.0, 0.0, math.nan, math.inf, "", "0x10", "2023-08-22T10:30:00Z"]),
    st.floats(),
    st.dates(),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.lists(st.one_of(text, small_int), max_size=3),
    st.dictionaries(extra_key, json_scalar, max_size=2),
    providers,
    images,
    related,
)

targets = st.tuples(st.sampled_from(list(MODELS)), st.integers(0, 3))
key_names = st.one_of(st.sampled_from(ALL_NAMES), extra_key)

operations = st.one_of(
    st.tuples(st.just("set"), targets, key_names, values),
    st.tuples(st.just("extra"), targets, key_names, values),
    st.tuples(st.just("delete"), targets, key_names, st.none()),
    st.tuples(st.just("append"), st.sampled_from(["topics", "images", "related"]), st.none(), values),
    st.tuples(st.just("append"), st.just("topics"), st.none(), text),
    st.tuples(st.just("append"), st.just("images"), st.none(), images),
    st.tuples(st.just("append"), st.just("related"), st.none(), related),
    st.tuples(st.just("remove"), st.sampled_from(["topics", "images", "related"]), st.integers(0, 3), st.none()),
    st.tuples(st.just("provider"), st.none(), st.none(), st.one_of(st.none(), providers)),
    st.tuples(st.just("copy"), st.none(), key_names, values),
    st.tuples(st.just("set"), st.just(("article", 0)), st.sampled_from(["quality", "title", "web_url"]), values),
)


def target(article: Article, kind: str, index: int) -> Any:
    """The model a change goes to: the article, its provider, one of its images or related items."""
    if kind == "provider":
        return article.provider or article
    if kind == "image" and article.images:
        return article.images[index % len(article.images)]
    if kind == "related" and article.related:
        return article.related[index % len(article.related)]
    return article


def apply(article: Article, operation: tuple[str, Any, Any, Any]) -> Article:
    """Make one change; return the Article to go on with (a copy, for model_copy)."""
    kind, where, key, value = operation
    if kind == "set":
        setattr(target(article, *where), key, value)
    elif kind == "extra":
        model = target(article, *where)
        assert model.model_extra is not None
        model.model_extra[key] = value
    elif kind == "delete":
        delattr(target(article, *where), key)
    elif kind == "append":
        getattr(article, where).append(value)
    elif kind == "remove":
        items = getattr(article, where)
        if items:
            del items[key % len(items)]
    elif kind == "provider":
        article.provider = value
    elif kind == "copy":
        return article.model_copy(update={key: value})
    return article


def blocks(text: str) -> dict[str, str]:
    """Each top-level key's lines, as written (without comment lines, which move with the key below them,
    and without the blank lines after them)."""
    lines = text.splitlines(keepends=True)
    closing = next(index for index in range(1, len(lines)) if lines[index].rstrip("\r\n") in ("---", "..."))
    found: dict[str, list[str]] = {}
    key = None
    for line in lines[1:closing]:
        if line.lstrip(" ").startswith("#"):
            continue
        if line[:1] not in (" ", "-", "#", "\n", "\r") and ":" in line:
            key = line.split(":", 1)[0].strip('"')
            found[key] = []
        if key is not None:
            found[key].append(line)
    for block in found.values():
        while block and not block[-1].strip():
            block.pop()
    return {key: "".join(block).rstrip("\r\n") for key, block in found.items()}


def check_message(error: BaseException) -> None:
    assert str(error).strip(), f"{type(error).__name__} without a message"


_TIMESTAMP_LINE = re.compile(r"^( *publishedDateTime: )([0-9]\S*)$", re.MULTILINE)


@st.composite
def records(draw: st.DrawFn) -> str:
    """A record to start from: house style with its timestamps quoted or not, or in a random style (comments,
    odd spacing, CRLF, a BOM, '...' closing)."""
    if draw(st.booleans()):
        return draw(reformatted())
    quote = draw(st.sampled_from(["", '"', "'"]))
    return _TIMESTAMP_LINE.sub(rf"\g<1>{quote}\g<2>{quote}", dumps_article(draw(articles())))


@SETTINGS
@given(records(), st.lists(operations, min_size=1, max_size=8))
def test_random_changes_dump_load_back_and_keep_unchanged_lines(
    last_text: str, steps: list[tuple[str, Any, Any, Any]]
) -> None:
    """Every accepted change writes a record that loads back equal; every refusal is one of the documented errors."""
    article = loads_article(last_text)
    assert dumps_article(article) == last_text
    last_data = record_data(article)
    for step in steps:
        try:
            article = apply(article, step)
        except (ValidationError, AttributeError) as error:  # the assignment was refused; nothing changed
            check_message(error)
            event(f"{step[0]}: refused ({type(error).__name__})")
            continue
        try:
            written = dumps_article(article)
        except (NewsRecordError, TypeError) as error:
            check_message(error)
            event(f"{step[0]}: not written ({type(error).__name__})")
            article = loads_article(last_text)  # go on from the last record written
            continue
        event(f"{step[0]}: written")
        loaded = loads_article(written)
        assert loaded == article
        assert dumps_article(loaded) == written
        stream = io.BytesIO()
        dump_article(article, stream)
        assert stream.getvalue() == written.encode("utf-8")
        assert article_to_dict(loaded)["body"] == loaded.body
        data = record_data(loaded)
        before, after = blocks(last_text), blocks(written)
        for key, value in data.items():
            if key in last_data and same(last_data[key], value):
                assert after[key] == before[key], key
        last_text, article, last_data = written, loaded, data
