"""Edits that change only one-line scalars replace their spans without a tree (patch_scalars): the text is
the one the tree's patch gives, and it loads back as the edited Article.

Random leaves of random records, in house style (``articles``) and in every layout the loader accepts
(test_edit_layouts' ``records``), get new values of their kind; dumps_article must give what
``patch(parts, parse_tree(parts), record_data(article), body)`` gives, or the same error.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from newsrecord import Article, NewsRecordError, _api, dumps_article, loads_article
from newsrecord._edit import patch
from newsrecord._parse import parse_tree
from newsrecord._record_data import leaves, record_data
from newsrecord._split import split

from .strategies import articles, aware, small_int, text, url
from .test_edit_layouts import WORDS, records, set_at
from .test_unchanged_dump import holds_unknown_collections

URL_KEYS = {"url", "webUrl", "originalUrl", "ampWebUrl", "cdnAmpWebUrl"}


def new_value(draw: st.DrawFn, key: str | int, old: object) -> object:
    """A new value of the old one's kind (any string for a null)."""
    if isinstance(old, bool):
        return not old
    if isinstance(old, int):
        return draw(small_int)
    if isinstance(old, dt.datetime):
        return draw(aware)
    if key in URL_KEYS:
        return draw(url)
    return draw(st.one_of(text, st.sampled_from(WORDS)))


@st.composite
def edited(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> tuple[str, Article]:
    """A record's text, and its Article loaded (through its shape's template) with one to three leaves changed."""
    record = draw(texts)
    for _ in range(2):  # the first record of a shape is read by the tree parser, the second makes its template
        loads_article(record)
    article = loads_article(record)
    found = [(loc, value) for loc, value in leaves(record_data(article)) if loc and not isinstance(value, dict | list)]
    if not found:
        reject()
    for loc, old in draw(st.lists(st.sampled_from(found), min_size=1, max_size=3, unique_by=lambda pair: pair[0])):
        try:
            set_at(article, loc, new_value(draw, loc[-1], old))
        except ValidationError:
            reject()
    return record, article


def check(record: str, article: Article) -> int:
    """dumps_article gives the tree's patch, or its error; how many trees it parsed."""
    parts = split(record, "<string>")
    try:
        expected: str | None = patch(parts, parse_tree(parts, "<string>"), record_data(article), article.body)
    except NewsRecordError as error:
        expected, message = None, error.message
    with mock.patch.object(_api, "parse_tree", wraps=parse_tree) as trees:
        try:
            out = dumps_article(article)
        except NewsRecordError as error:
            assert expected is None, error
            assert error.message == f"cannot write this record: {message}"
            return trees.call_count
    assert out == expected
    assert loads_article(out) == article
    return trees.call_count


def house(article: Article) -> str:
    return dumps_article(article)


SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@SETTINGS
@given(edited(articles().map(house)))
def test_scalar_edits_of_house_style_records_need_no_tree(case: tuple[str, Article]) -> None:
    """In house style every scalar is on one line: no edit of scalars parses a tree, but where an unknown
    key holds a list or a dict (its text is parsed again, and a list in a list is written ``- - x``)."""
    trees = check(*case)
    assert trees == 0 or holds_unknown_collections(case[1])


@SETTINGS
@given(edited(records().map(lambda generated: generated[0])))
def test_scalar_edits_in_any_layout_give_the_trees_patch(case: tuple[str, Article]) -> None:
    """Block, multi-line and flow scalars, empty values and tags go to the tree; the rest need none."""
    event("tree" if check(*case) else "no tree")
