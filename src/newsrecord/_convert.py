"""Articles to plain JSON-ready dicts (the files' camelCase keys, ISO 8601 timestamps) and back."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from ._errors import NewsRecordError
from ._models import Article, record_data
from ._render import timestamp as house_timestamp
from ._resolve import UnsupportedScalar, timestamp
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
    data: dict[str, Any] = json_ready(record_data(article))
    if "body" in data:
        raise NewsRecordError(
            "the front matter has its own 'body' key, which would collide with the Markdown body",
            source=article.source_path or "<article>",
            field="body",
        )
    data["body"] = article.body
    return data


def article_from_dict(data: dict[str, Any], *, source: str = "<dict>") -> Article:
    """The Article that article_to_dict gave ``data`` for; timestamps may be ISO 8601 strings.

    >>> from newsrecord import article_from_dict
    >>> article = article_from_dict({"title": "Hi", "publishedDateTime": "2020-12-11T05:06:00Z"})
    >>> article.published_date_time.isoformat()
    '2020-12-11T05:06:00+00:00'
    """
    front_matter = dict(data)
    body = front_matter.pop("body", "")
    if not isinstance(body, str):
        raise NewsRecordError(f"expected a string, got {type(body).__name__}", source=source, field="body")
    _parse_timestamp(front_matter, "publishedDateTime")
    related = front_matter.get("related")
    if isinstance(related, list):
        front_matter["related"] = related = [dict(item) if isinstance(item, dict) else item for item in related]
        for item in related:
            if isinstance(item, dict):
                _parse_timestamp(item, "publishedDateTime")
    return validate(front_matter, body, source)


def _parse_timestamp(mapping: dict[str, Any], key: str) -> None:
    """Read an ISO 8601 string as a timestamp, by YAML's rules (the same on every Python version)."""
    value = mapping.get(key)
    if isinstance(value, str):
        with contextlib.suppress(UnsupportedScalar):  # not a timestamp: validation reports it
            mapping[key] = timestamp(value)


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
    return value
