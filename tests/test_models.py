"""The models: names and aliases, precise validation, extras, equality, pickling, removal."""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys

import pytest
from pydantic import ValidationError

from newsrecord import Article, Image, NewsRecordError, Provider, RelatedArticle, dumps_article, loads_article

from .conftest import fixture_text

UTC = dt.timezone.utc
WHEN = dt.datetime(2020, 12, 11, 5, 6, tzinfo=UTC)


def test_snake_case_names_and_camel_case_aliases_both_construct() -> None:
    """Attributes are snake_case; the file's camelCase keys work as aliases when constructing."""
    by_name = RelatedArticle(title="t", web_url="https://a.example/x", published_date_time=WHEN)
    by_alias = RelatedArticle.model_validate({"title": "t", "webUrl": "https://a.example/x", "publishedDateTime": WHEN})
    assert by_name == by_alias
    assert by_name.model_dump(exclude_unset=True) == {
        "title": "t",
        "webUrl": "https://a.example/x",
        "publishedDateTime": WHEN,
    }
    assert Image(url="/x.jpg", is_cached=True).model_dump(exclude_unset=True) == {"url": "/x.jpg", "isCached": True}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quality", "high"),
        ("quality", 61.5),
        ("quality", True),
        ("published", "maybe"),
        ("published", 1),
        ("title", 2020),
        ("secured", 12345),
        ("provider", "WWLP"),
        ("topics", {"a": 1}),
        ("published_date_time", dt.datetime(2020, 1, 1)),
        ("published_date_time", "2020-01-01T00:00:00Z"),
        ("web_url", "javascript:alert(1)"),
        ("web_url", "/relative/path"),
        ("web_url", "https://"),
        ("web_url", "https://exa mple.com/"),
    ],
)
def test_assignments_are_validated(field: str, value: object) -> None:
    """An invalid value is rejected at assignment, and the old value stays."""
    article = loads_article(fixture_text("house.md"))
    before = getattr(article, field)
    with pytest.raises(ValidationError):
        setattr(article, field, value)
    assert getattr(article, field) == before


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com",
        "HTTP://Example.COM/A%7eB/?q=1#frag",
        "https://example.com/path//double/../dots",
        "https://example.com/caf\u00e9",
    ],
)
def test_urls_are_kept_exactly(url: str) -> None:
    """URL fields accept absolute http(s) URLs and keep the exact string: no normalisation."""
    article = Article(title="t", published_date_time=WHEN, web_url=url)
    assert article.web_url == url
    assert loads_article(dumps_article(article)).web_url == url


def test_image_urls_may_be_site_paths() -> None:
    """An Image url may be a site-relative path, as provider logos are; others may not."""
    assert Image(url="/assets/logo.jpg").url == "/assets/logo.jpg"
    with pytest.raises(ValidationError):
        Image(url="//cdn.example.com/logo.jpg")
    with pytest.raises(ValidationError):
        RelatedArticle(title="t", web_url="/assets/logo.jpg")


def test_required_fields() -> None:
    """Article needs title and published_date_time; Provider name; Image url; RelatedArticle title and web_url."""
    with pytest.raises(ValidationError):
        Article.model_validate({"title": "t"})
    with pytest.raises(ValidationError):
        Provider.model_validate({"domain": "d"})
    with pytest.raises(ValidationError):
        Image.model_validate({"width": 1})
    with pytest.raises(ValidationError):
        RelatedArticle.model_validate({"title": "t"})
    with pytest.raises(AttributeError, match="required"):
        del Article(title="t", published_date_time=WHEN).title


def test_unknown_keys_are_readable_at_every_level() -> None:
    """Unknown keys land in model_extra, at the top and in nested models."""
    article = loads_article(fixture_text("extras.md"))
    assert article.model_extra == {"sourceFeed": "rss", "scores": {"relevance": 0.93, "novelty": 0.4}}
    assert article.provider is not None
    assert article.provider.model_extra == {"country": "NZ"}
    assert article.images[0].model_extra is not None
    assert article.images[0].model_extra["credits"] == ["Photographer One", "Agency Two"]
    assert article.related[0].model_extra is not None
    assert article.related[0].model_extra["images"] == [{"url": "https://example-wire.com/r.jpg"}]


def test_keys_that_are_python_names_are_refused() -> None:
    """A `body:` key, or a field's Python name used as a key (`web_url`), is an error at that key:
    pydantic would otherwise confuse it with the field on the next assignment."""
    head = "---\ntitle: t\npublishedDateTime: 2020-01-01T00:00:00Z\n"
    with pytest.raises(NewsRecordError, match="reserved for the Markdown body") as caught:
        loads_article(head + "body: in yaml\n---\n\nin markdown\n")
    assert (caught.value.line, caught.value.column, caught.value.field) == (4, 1, "body")
    for _ in range(2):  # the second time from the template of the record's shape
        with pytest.raises(NewsRecordError, match="write 'isCached'") as caught:
            loads_article(head + "images:\n  - url: /a.jpg\n    is_cached: true\n---\n")
        assert (caught.value.line, caught.value.field) == (6, "images[0].is_cached")


def test_equality_compares_data_not_formatting() -> None:
    """Two records with the same data but different quoting and spacing are equal."""
    quoted = 'title: "Same"\npublishedDateTime: 2020-01-01T00:00:00Z\nquality: 1\n'
    plain = "title:   Same   # comment\n\npublishedDateTime: 2020-01-01T00:00:00Z\nquality: 1\n"
    assert loads_article(f"---\n{quoted}---\n") == loads_article(f"---\n{plain}---\n")
    assert loads_article(f"---\n{quoted}---\n") != loads_article(f"---\n{quoted}---\n\nbody\n")
    assert loads_article(f"---\n{quoted}---\n") != loads_article(f"---\n{quoted.replace('1', '2')}---\n")


def test_pickled_articles_keep_data_and_source() -> None:
    """An Article pickles and unpickles with its data and the text it came from."""
    article = loads_article(fixture_text("comments.md"))
    article.quality = 13
    clone = pickle.loads(pickle.dumps(article))
    assert clone == article
    assert dumps_article(clone) == dumps_article(article)


def test_del_removes_a_key_from_the_file() -> None:
    """`del article.field` makes the key absent, while assigning None keeps it as null."""
    article = loads_article(fixture_text("house.md"))
    del article.heat
    del article.topics
    assert article.heat is None
    assert article.topics == []
    out = dumps_article(article)
    assert "heat:" not in out
    assert "topics:" not in out
    assert "\n\n\n" not in out


def test_default_lists_can_be_filled_in_place() -> None:
    """A list never set starts empty; filling it in place writes the key."""
    article = Article(title="t", published_date_time=WHEN)
    article.topics.append("AI")
    assert "topics:\n  - AI\n" in dumps_article(article)


def test_pickling_keeps_which_fields_were_set() -> None:
    """A pickled Article comes back with the same fields set, so the same keys are written."""
    article = Article(title="t", published_date_time=WHEN, heat=None)
    clone = pickle.loads(pickle.dumps(article))
    assert clone.model_fields_set == article.model_fields_set == {"title", "published_date_time", "heat"}
    assert dumps_article(clone) == dumps_article(article)


def test_aliases_are_known_before_the_first_validation() -> None:
    """The models build their schemas late (defer_build), but the camelCase keys that the export
    columns and the check for Python-named keys read at import are there from the start."""
    code = (
        "from newsrecord import Article, _export, _validate\n"
        "assert Article.model_fields['published_date_time'].alias == 'publishedDateTime'\n"
        "assert 'webUrl' in _export._KNOWN and 'web_url' not in _export._KNOWN\n"
        "assert 'web_url' in _validate._PYTHON_NAMES and 'title' not in _validate._PYTHON_NAMES\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_articles_pickled_by_0_1_still_unpickle(monkeypatch: pytest.MonkeyPatch) -> None:
    """newsrecord 0.1 pickled an Article as a call of ``newsrecord._models._unpickle``; such pickles still load."""
    import pickle

    from newsrecord import _record_data

    article = loads_article("---\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\nquality: 3\n---\nBody\n")
    monkeypatch.setattr(_record_data.unpickle, "__module__", "newsrecord._models")
    monkeypatch.setattr(_record_data.unpickle, "__qualname__", "_unpickle")
    old = pickle.dumps(article)  # as 0.1 wrote it
    monkeypatch.undo()
    assert b"newsrecord._models" in old
    assert b"_unpickle" in old
    assert pickle.loads(old) == article
