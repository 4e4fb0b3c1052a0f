"""The patcher itself (_edit.patch), each kind of edit against the text it must give.

dumps_article returns an unchanged record's text without calling the patcher, so
these tests call it directly: a no-op patch, and one edit of each kind.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pathlib
from collections.abc import Callable

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from newsrecord import NewsRecordError, dumps_article, load_article, loads_article
from newsrecord._edit import patch
from newsrecord._parse import parse_data, parse_tree
from newsrecord._record_data import record_data
from newsrecord._render import block_scalar
from newsrecord._split import split

from .conftest import fixture_paths
from .strategies import text

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
    """A block scalar's new value replaces its lines, in its style; where the style cannot hold the value
    simply, it takes the header's place, double-quoted."""
    out = patched(lambda d: d.update(notes="one\ntwo\n"))
    assert out == expected("notes: |\n  first line\n  second line\n", "notes: |\n  one\n  two\n")
    out = patched(lambda d: d.update(notes=" one\ntwo\n"))
    assert out == expected("notes: |\n  first line\n  second line\n", 'notes: " one\\ntwo\\n"\n')


BLOCK = """---
title: T
publishedDateTime: 2020-12-11T05:06:00Z
related:
  - title: R
    webUrl: https://example.org/r
    excerpt: {header}   # kept
        old line
        and more
quality: 1
---
"""


@pytest.mark.parametrize("header", ["|", ">", "|-", ">-"])
@pytest.mark.parametrize(
    ("value", "lines"),
    [
        ("one line", ["one line"]),
        ("one\ntwo\n", ["one", "two"]),
        ("first\n\nthird # not a comment", ["first", "", "third # not a comment"]),
        ("key: value\n- item\n", ["key: value", "- item"]),
    ],
)
def test_an_edited_block_scalar_stays_a_block_scalar_of_its_style(header: str, value: str, lines: list[str]) -> None:
    """Literal stays literal and folded stays folded, at the old lines' column, the header's comment kept;
    the chomping indicator is the one the value needs. Folded writes each line break as an empty line."""
    text = BLOCK.format(header=header)
    article = loads_article(text)
    article.related[0].excerpt = value
    out = dumps_article(article)
    assert loads_article(out) == article
    style = header[0]
    if style == ">":
        if "" in lines:
            assert f"excerpt: {json.dumps(value)}   # kept\n" in out  # an empty line cannot be folded simply
            return
        lines = [line for pair in zip(lines, [""] * len(lines), strict=True) for line in pair][:-1]
    chomp = "" if value.endswith("\n") else "-"
    block = "".join(f"        {line}\n" if line else "\n" for line in lines)
    assert out == text.replace(
        f"{header}   # kept\n        old line\n        and more\n", f"{style}{chomp}   # kept\n{block}"
    )


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


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["|", ">", "|-", ">-"]), st.one_of(text, st.lists(text, max_size=4).map("\n".join)))
def test_any_string_edited_into_a_block_scalar(header: str, value: str) -> None:
    """Property: any string written where a block scalar was loads back as written; it stays a block scalar
    of the old style wherever block_scalar can write it so, and else becomes one quoted line."""
    article = loads_article(BLOCK.format(header=header))
    try:
        article.related[0].excerpt = value
    except ValidationError:
        reject()  # a lone surrogate
    try:
        out = dumps_article(article)
    except NewsRecordError as error:
        assert "cannot write this record" in error.message
        return
    assert loads_article(out) == article
    block = block_scalar(value, header[0], 8)
    assert (f"excerpt: {block.split(chr(10))[0]}   # kept\n" in out) if block else ("# kept\n" in out)
