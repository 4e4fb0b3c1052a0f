"""Regression tests for bugs found in review: each once escaped, corrupted or refused a valid edit."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import time

import pytest
import yaml

from newsrecord import (
    Article,
    Image,
    NewsRecordError,
    Provider,
    dump_article,
    dumps_article,
    load_article,
    loads_article,
)

from .conftest import edited, extra

H = "---\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\n"
WHEN = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)


def test_delete_and_insert_at_one_place() -> None:
    """Deleting a key and inserting another where it stood gives one clean edit, not an AssertionError."""

    def move(article: Article) -> None:
        del article.heat
        article.quality = 3

    out = edited(H + "heat: 1\n---\n", move)
    assert out == H + "quality: 3\n---\n"
    out = edited(
        H + "provider:\n  name: X\n  country: NZ\n---\n",
        lambda a: setattr(a, "provider", Provider(name="X", images=[Image(url="/l.png")])),
    )
    assert out == H + 'provider:\n  name: X\n  images:\n    - url: "/l.png"\n---\n'
    out = edited(H + "x:\n  a: 1\n\ny: 2\n---\n", lambda a: extra(a).__setitem__("x", {"b": 2}))
    assert out == H + "x:\n  b: 2\n\ny: 2\n---\n"


@pytest.mark.parametrize("topic", ["0x_", "0b_", "+_", "\uffff", "a\ufffe", "Who pays?"])
def test_strings_that_look_almost_special_are_quoted(topic: str) -> None:
    """Strings near YAML's number or character rules are quoted and read back as the same string."""
    text = dumps_article(Article(title="t", published_date_time=WHEN, topics=[topic]))
    assert loads_article(text).topics == [topic]
    flow = edited(H + "topics: [Budget]\n---\n", lambda a: a.topics.append(topic))
    assert loads_article(flow).topics == ["Budget", topic]
    if topic.isprintable():
        assert yaml.safe_load(flow.split("---\n")[1])["topics"] == ["Budget", topic]


def test_lists_with_unwritable_items_are_refused_cleanly() -> None:
    """A dict with a non-string key in a list gives a NewsRecordError, not a TypeError."""
    article = loads_article(H + "x:\n  - a\n---\n")
    items = extra(article)["x"]
    assert isinstance(items, list)
    items.append({1: "a", "b": 2})
    with pytest.raises(NewsRecordError, match="keys must be strings"):
        dumps_article(article)


def test_insert_after_a_keep_chomped_block_scalar() -> None:
    """A key added after `x: |+` goes after the scalar's kept blank lines, which stay its value."""
    out = edited(H + "x: |+\n  a\n\n---\n", lambda a: extra(a).__setitem__("y", 1))
    assert loads_article(out).model_extra == {"x": "a\n\n", "y": 1}


def test_body_edit_adds_the_separator_when_needed() -> None:
    """A body that starts with an empty line gets the separating empty line in front of it."""
    out = edited(H + "---\nBody\n", lambda a: setattr(a, "body", "\nBody\n"))
    assert out == H + "---\n\n\nBody\n"


def test_explicit_float_tag_on_an_integer() -> None:
    """`!!float 1` is 1.0, as YAML 1.2 says."""
    assert extra(loads_article(H + "x: !!float 1\n---\n")) == {"x": 1.0}


def test_overflowing_timestamp_is_a_news_record_error() -> None:
    """A timestamp whose rounding overflows the calendar is an error at its line, not an OverflowError."""
    with pytest.raises(NewsRecordError, match="invalid timestamp") as caught:
        loads_article(H + "x: 9999-12-31T23:59:59.9999999Z\n---\n")
    assert caught.value.line == 4


def test_long_keys_follow_yaml() -> None:
    """Keys over YAML's 1024-character limit are refused on load and on write, as ruamel and PyYAML do."""
    with pytest.raises(NewsRecordError):
        loads_article(H + "k" * 1100 + ": 1\n---\n")
    article = Article.model_validate({"title": "t", "publishedDateTime": WHEN, "k" * 1100: 1})
    with pytest.raises(NewsRecordError, match="1024"):
        dumps_article(article)


def test_writing_through_a_symlink_updates_the_target(tmp_path: pathlib.Path) -> None:
    """dump_article to a symbolic link replaces the file it points to and keeps the link."""
    real = tmp_path / "real.md"
    real.write_text(H + "---\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    article = load_article(link)
    article.title = "New"
    dump_article(article, link)
    assert link.is_symlink()
    assert load_article(real).title == "New"
    assert sorted(os.listdir(tmp_path)) == ["link.md", "real.md"]


def test_no_quadratic_cliffs() -> None:
    """Many keys on the full parser, many errors, and edits to long lists of equal items stay fast."""
    many_keys = H + "".join(f"k{i}: {i}\n" for i in range(20_000)) + "f: [1]\n---\n"
    started = time.perf_counter()
    loads_article(many_keys)
    many_errors = H + "topics:\n" + "".join("  - 1\n" for _ in range(20_000)) + "---\n"
    with pytest.raises(NewsRecordError) as caught:
        loads_article(many_errors)
    assert len(caught.value.errors) == 20_000
    same_items = H + "topics:\n" + "".join("  - AI\n" for _ in range(5_000)) + "---\n"
    edited(same_items, lambda a: a.topics.insert(0, "First"))
    assert time.perf_counter() - started < 60  # a guard against quadratic time, not a benchmark


def test_too_many_flow_collections_are_refused_quickly() -> None:
    """Thousands of deeply nested flow collections are refused before ruamel.yaml reads them."""
    document = "---\nx:\n" + "".join("  - " + "[" * 98 + "]" * 98 + "\n" for _ in range(5_000)) + "---\n"
    started = time.perf_counter()
    with pytest.raises(NewsRecordError, match="flow collections"):
        loads_article(document)
    assert time.perf_counter() - started < 5


def test_remembered_values_and_shapes_stay_bounded() -> None:
    """The data parser remembers short plain values only, and a bounded number of them and of shapes."""
    from newsrecord import _parse_data

    for _ in range(2):  # the second record of a shape is read by its template
        loads_article(H + "excerpt: " + "x" * 5_000 + "\n---\n")
    assert _parse_data._PLAINS
    assert all(len(text) <= _parse_data._PLAIN_KEPT for text in _parse_data._PLAINS)
    for index in range(_parse_data._PLAINS_KEPT + 1_000):
        loads_article(H + f"quality: {index}\n---\n")
    assert len(_parse_data._PLAINS) <= _parse_data._PLAINS_KEPT
    for index in range(_parse_data._SHAPES_KEPT + 100):
        for _ in range(2):  # a template is made for a shape seen twice
            assert loads_article(H + f"key{index}: 1\n---\n").model_extra == {f"key{index}": 1}
    assert 0 < len(_parse_data._TEMPLATES) <= _parse_data._SHAPES_KEPT
