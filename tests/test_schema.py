"""The JSON Schema agrees with the library in both directions."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re
import subprocess
import sys
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsrecord import Article, NewsRecordError, article_from_dict, article_to_dict
from newsrecord._lex import AWARE_TIMESTAMP_PATTERN
from newsrecord._models import field_description
from newsrecord._resolve import UnsupportedScalar, timestamp
from newsrecord._schema import article_schema

from .schema_strategy import from_schema
from .strategies import articles

SCHEMA = article_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def test_the_command_prints_a_valid_draft_2020_12_schema() -> None:
    """`newsrecord schema` prints the schema, which is itself valid Draft 2020-12 with $schema and $id."""
    result = subprocess.run(
        [sys.executable, "-m", "newsrecord", "schema"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0
    printed = json.loads(result.stdout)
    assert printed == SCHEMA
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed["$id"].endswith("article.schema.json")


def test_every_field_has_its_key_as_title_and_a_description() -> None:
    """Titles are the keys (not `Publisheddatetime`), and each field's description comes from the model."""
    for model, part in [(Article, SCHEMA), *[(m, SCHEMA["$defs"][m]) for m in ("Provider", "Image", "RelatedArticle")]]:
        fields = model.model_fields if model is Article else part["properties"]
        for key, prop in part["properties"].items():
            assert prop["title"] == key
            assert prop["description"], key
        assert part["description"]
        assert ">>>" not in part["description"]
        assert len(fields) == len(part["properties"])
    assert SCHEMA["properties"]["webUrl"]["description"] == field_description(Article, "web_url")


@pytest.mark.parametrize(
    ("document", "loads"),
    [
        ({"title": "A", "publishedDateTime": "2020-01-01T00:00:00Z", "web_url": "https://a.example/x"}, False),
        (
            {
                "title": "A",
                "publishedDateTime": "2020-01-01T00:00:00Z",
                "related": [{"title": "B", "web_url": "https://b.example/"}],
            },
            False,
        ),
        ({"title": "A", "publishedDateTime": "2020-01-01 00:00:00Z"}, True),
        ({"title": "A", "publishedDateTime": "2020-01-01t00:00:00Z"}, True),
        ({"title": "A", "publishedDateTime": "2020-01-01T00:00:00z"}, False),
        ({"title": "A", "publishedDateTime": "2020-01-01T00:00:00"}, False),
        ({"title": "A", "publishedDateTime": "2020-02-30T00:00:00Z"}, False),
        ({"title": "A", "publishedDateTime": "2020-01-01T00:00:00+01:75"}, True),
        ({"title": "A", "publishedDateTime": "2020-01-01T00:00:00+23:60"}, False),
        ({"title": "A", "publishedDateTime": "2020-01-01T00:00:00Z\n"}, False),
        ({"title": "A", "publishedDateTime": "2020-01-01T00:00:00Z", "quality": 10**30}, True),
        ({"title": "A", "publishedDateTime": "2020-01-01T00:00:00Z", "quality": True}, False),
        ({"title": "A", "publishedDateTime": "2020-01-01T00:00:00Z", "quality": 1.5}, False),
    ],
)
def test_the_cases_the_issue_names(document: dict[str, Any], loads: bool) -> None:
    """snake_case keys, space-separated and lowercase spellings, impossible dates, huge integers: both agree."""
    assert _loads(document) is loads
    assert VALIDATOR.is_valid(document) is loads


def _loads(document: dict[str, Any]) -> bool:
    try:
        article_from_dict(document)
    except NewsRecordError:
        return False
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(from_schema(SCHEMA))
def test_documents_generated_from_the_schema_load(document: dict[str, Any]) -> None:
    """Whatever the schema allows, article_from_dict loads."""
    article_from_dict(document)


@settings(max_examples=200, deadline=None)
@given(articles())
def test_every_record_the_library_accepts_validates(article: Article) -> None:
    """Whatever the library holds, its JSON form validates against the schema."""
    VALIDATOR.validate(json.loads(json.dumps(article_to_dict(article))))


def _loader_reads_aware(text: str) -> bool:
    try:
        value = timestamp(text)
    except UnsupportedScalar:
        return False
    return isinstance(value, dt.datetime) and value.tzinfo is not None


timestamp_like = st.from_regex(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]{1,2})[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]{0,8})?[ \t]?(Z|z|[-+][0-9]{1,2}(:[0-9]{2})?)?\n?",  # noqa: E501
    fullmatch=True,
)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(timestamp_like, st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())))
def test_the_timestamp_pattern_is_exactly_what_the_loader_reads(text: str) -> None:
    """AWARE_TIMESTAMP_PATTERN matches a string exactly when the loader reads it as an aware datetime."""
    assert (re.search(AWARE_TIMESTAMP_PATTERN, text) is not None) is _loader_reads_aware(text)


def test_the_published_schema_is_the_schema() -> None:
    """docs/article.schema.json, published at the schema's $id, is what `newsrecord schema` prints."""
    published = pathlib.Path(__file__).resolve().parents[1] / "docs" / "article.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == SCHEMA, (
        "run: newsrecord schema > docs/article.schema.json"
    )


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("9999-12-31T23:59:59.9999995Z", False),  # rounds up past the last year
        ("9999-12-31T23:59:59.9999994Z", True),
        ("2000-02-29T00:00:00Z", True),
        ("1900-02-29T00:00:00Z", False),
        ("2024-2-29 1:02:03 +5", True),
        ("0000-01-01T00:00:00Z", False),
        ("2020-04-31T00:00:00Z", False),
        ("2020-01-01T24:00:00Z", False),
        ("2020-01-01T00:00:00+22:99", True),
        ("2020-01-01T00:00:00 \t Z", True),
    ],
)
def test_the_timestamp_pattern_at_its_edges(text: str, reads: bool) -> None:
    """Calendar edges, rounding past year 9999, loose spellings: the pattern and the loader agree."""
    assert _loader_reads_aware(text) is reads
    assert (re.search(AWARE_TIMESTAMP_PATTERN, text) is not None) is reads
