"""The patcher itself (_edit.patch), each kind of edit against the text it must give.

dumps_article returns an unchanged record's text without calling the patcher, so
these tests call it directly: a no-op patch, and one edit of each kind.
"""

from __future__ import annotations

import copy
import datetime as dt
import pathlib
from collections.abc import Callable

import pytest

from newsrecord import load_article
from newsrecord._edit import patch
from newsrecord._models import record_data
from newsrecord._parse import parse_data, parse_tree
from newsrecord._split import split

from .conftest import fixture_paths

TEXT = """---
title: "Hi"   # greeting
excerpt: 'plain words'
publishedDateTime: 2020-12-11T05:06:00Z
type: article
notes: |
  first line
  second line
provider:
  name: Wire
topics:
  - AI
  - Health
meta:
  a: 1
  b: 2
---

Body
"""


def patched(change: Callable[[dict[str, object]], str | None]) -> str:
    """TEXT patched to hold its data after ``change``, which may return a new body."""
    parts = split(TEXT, "t")
    data = copy.deepcopy(parse_data(parts, "t")[0])
    body = change(data)
    return patch(parts, parse_tree(parts, "t"), data, parts.body if body is None else body)


def expected(old: str, new: str) -> str:
    """TEXT with one stretch replaced (each must occur once, so that the test says where)."""
    assert TEXT.count(old) == 1
    return TEXT.replace(old, new)


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda path: path.name)
def test_a_no_op_patch_returns_the_text(path: pathlib.Path) -> None:
    """Patching a record with its own data and body changes nothing, for every fixture."""
    article = load_article(path)
    source = article._source
    assert source is not None
    parts = split(source.text, path.name)
    assert patch(parts, parse_tree(parts, path.name), record_data(article), article.body) == source.text
    assert patch(parts, parse_tree(parts, path.name), parse_data(parts, path.name)[0], parts.body) == source.text


def test_setting_a_plain_scalar() -> None:
    assert patched(lambda d: d.update(type="video")) == expected("type: article\n", "type: video\n")


def test_setting_a_double_quoted_scalar_keeps_its_quotes_and_comment() -> None:
    out = patched(lambda d: d.update(title='Say "hi"'))
    assert out == expected('title: "Hi"   # greeting\n', 'title: "Say \\"hi\\""   # greeting\n')


def test_setting_a_single_quoted_scalar_keeps_its_quotes() -> None:
    assert patched(lambda d: d.update(excerpt="It's")) == expected("excerpt: 'plain words'\n", "excerpt: 'It''s'\n")


def test_setting_a_timestamp() -> None:
    when = dt.datetime(2021, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    out = patched(lambda d: d.update(publishedDateTime=when))
    assert out == expected("publishedDateTime: 2020-12-11T05:06:00Z\n", "publishedDateTime: 2021-01-02T03:04:05Z\n")


def test_setting_a_block_scalar_replaces_its_lines() -> None:
    """A block scalar's new value takes its header's place, double-quoted; its old lines go."""
    out = patched(lambda d: d.update(notes="one\ntwo\n"))
    assert out == expected("notes: |\n  first line\n  second line\n", 'notes: "one\\ntwo\\n"\n')


def test_deleting_a_key_deletes_its_line() -> None:
    def change(data: dict[str, object]) -> None:
        del data["excerpt"]

    assert patched(change) == expected("excerpt: 'plain words'\n", "")


def test_adding_a_top_level_key_puts_it_in_house_order() -> None:
    assert patched(lambda d: d.update(quality=5)) == expected("type: article\n", "type: article\nquality: 5\n")


def test_adding_a_nested_key() -> None:
    def change(data: dict[str, object]) -> None:
        provider = data["provider"]
        assert isinstance(provider, dict)
        provider["domain"] = "wire.example"

    assert patched(change) == expected("  name: Wire\n", "  name: Wire\n  domain: wire.example\n")


def test_replacing_a_nested_mapping() -> None:
    """A mapping that keeps none of its keys is written anew, in the same place."""
    assert patched(lambda d: d.update(meta={"c": 3})) == expected("meta:\n  a: 1\n  b: 2\n", "meta:\n  c: 3\n")


def test_appending_to_a_list() -> None:
    def change(data: dict[str, object]) -> None:
        topics = data["topics"]
        assert isinstance(topics, list)
        topics.append("Robots")

    assert patched(change) == expected("  - Health\n", "  - Health\n  - Robots\n")


def test_deleting_from_a_list() -> None:
    def change(data: dict[str, object]) -> None:
        topics = data["topics"]
        assert isinstance(topics, list)
        del topics[0]

    assert patched(change) == expected("  - AI\n", "")


def test_changing_the_body() -> None:
    assert patched(lambda d: "New body\n") == expected("---\n\nBody\n", "---\n\nNew body\n")


def test_removing_the_body() -> None:
    assert patched(lambda d: "") == expected("---\n\nBody\n", "---\n\n")
