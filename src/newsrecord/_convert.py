"""Articles to plain JSON-ready dicts (the files' camelCase keys, ISO 8601 timestamps) and back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ._errors import NewsRecordError, type_error
from ._models import Article
from ._parse import read_timestamps
from ._record_data import check_digits, record_data
from ._render import timestamp as house_timestamp
from ._resolve import int_text
from ._validate import validate


def article_to_dict(article: Article) -> dict[str, Any]:
    """An Article as plain data: the front matter's keys and values, plus ``body``.

    Timestamps become ISO 8601 strings (``2020-12-11T05:06:00Z``); keys absent
    from the record are absent here too. Ready for ``json.dumps``.

    >>> from newsrecord import article_to_dict, loads_article
    >>> article = loads_article("---\\ntitle: Hi\\npublishedDateTime: 2020-12-11T05:06:00Z\\n---\\n\\nText\\n")
    >>> article_to_dict(article)
    {'title': 'Hi', 'publishedDateTime': '2020-12-11T05:06:00Z', 'body': 'Text\\n'}
    """
    if not isinstance(article, Article):
        raise type_error("article_to_dict", "an Article", article)
    source = article.source_path or "<article>"
    try:
        front_matter = record_data(article)  # never a "body" key: that is a field's name
    except NewsRecordError as error:
        raise NewsRecordError(error.message, source=source, field=error.field) from None
    try:
        data: dict[str, Any] = json_ready(front_matter)
    except ValueError:  # an integer of more digits than Python writes: check_digits says where
        check_digits(front_matter, source)
        raise
    data["body"] = article.body
    return data


def article_from_dict(data: dict[str, Any], *, source: str = "<dict>") -> Article:
    """The Article that article_to_dict gave ``data`` for; timestamps may be ISO 8601 strings.

    >>> from newsrecord import article_from_dict
    >>> article = article_from_dict({"title": "Hi", "publishedDateTime": "2020-12-11T05:06:00Z"})
    >>> article.published_date_time.isoformat()
    '2020-12-11T05:06:00+00:00'
    """
    if not isinstance(data, Mapping):
        hint = "it is an Article already (article_to_dict gives its dict)" if isinstance(data, Article) else ""
        raise type_error("article_from_dict", "a dict of the file's keys", data, hint)
    if not isinstance(source, str):
        raise type_error("article_from_dict", "source as a str (the name used in messages)", source)
    front_matter = dict(data)
    body = front_matter.pop("body", "")
    if not isinstance(body, str):
        raise NewsRecordError(f"expected a string, got {type(body).__name__}", source=source, field="body")
    related = front_matter.get("related")
    if isinstance(related, list):  # copies: read_timestamps changes the items, which are the caller's
        front_matter["related"] = [dict(item) if isinstance(item, dict) else item for item in related]
    read_timestamps(front_matter)  # ISO 8601 strings, read by YAML's rules (the same on every Python version)
    return validate(front_matter, body, source)


def json_ready(value: Any) -> Any:
    """Plain data with its timestamps and dates as ISO 8601 text."""
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    if isinstance(value, dt.datetime):
        return house_timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if type(value) is int and value.bit_length() > 2000:
        int_text(value)  # JSON, CSV and Parquet need its digits: a ValueError if Python cannot write them
    return value
