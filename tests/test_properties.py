"""Property tests for the promises: canonical output loads back equal, loaded records write back exactly,
and edits touch only what changed."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsrecord import Article, dumps_article, loads_article
from newsrecord._quote import plain_ok

from .conftest import changed_lines
from .strategies import articles, aware, small_int, text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(articles())
def test_everything_written_loads_back_equal(article: Article) -> None:
    """A record built in code loads back equal, and writing it again gives the same text."""
    written = dumps_article(article)
    loaded = loads_article(written)
    assert loaded == article
    assert dumps_article(loaded) == written


@st.composite
def reformatted(draw: st.DrawFn) -> str:
    """A valid record in a random style: comments, odd spacing, CRLF, BOM, a body, '...' closing."""
    lines = dumps_article(draw(articles())).split("\n")
    closing = lines.index("---", 1)
    front, rest = lines[1:closing], lines[closing + 1 :]
    out: list[str] = []
    for line in front:
        if draw(st.integers(0, 9)) == 0:
            out.append(
                " " * (len(line) - len(line.lstrip(" ")))
                + "# "
                + draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=10))
            )
        if draw(st.booleans()) and ": " in line and not line.lstrip().startswith(("- ", "#")):
            key, _, value = line.partition(": ")
            line = key + ":" + " " * draw(st.integers(1, 4)) + value
        if draw(st.integers(0, 4)) == 0 and not line.endswith(('"', ":")):
            line += " " * draw(st.integers(1, 3)) + ("# trailing" if draw(st.booleans()) else "")
        out.append(line)
        if draw(st.integers(0, 9)) == 0:
            out.append("")
    document = "\n".join(["---", *out, draw(st.sampled_from(["---", "..."])), *rest])
    if draw(st.booleans()):
        document = document.replace("\n", "\r\n")
    if draw(st.booleans()):
        document = "\ufeff" + document
    if draw(st.booleans()):
        document = document.rstrip("\r\n")
    return document


@SETTINGS
@given(reformatted())
def test_loaded_records_write_back_byte_for_byte(document: str) -> None:
    """For every document that loads, dumps_article(loads_article(s)) == s, also as UTF-8 bytes."""
    assert dumps_article(loads_article(document)) == document
    assert dumps_article(loads_article(document.encode("utf-8"))) == document


SCALAR_FIELDS = {
    "category": text,
    "title": text,
    "excerpt": text,
    "quality": small_int,
    "heat": small_int,
    "published": st.booleans(),
    "published_date_time": aware,
    "secured": st.from_regex(r"[A-Za-z0-9+/=;]{1,80}", fullmatch=True),
}


@SETTINGS
@given(articles(), st.sampled_from(sorted(SCALAR_FIELDS)), st.data())
def test_a_scalar_edit_changes_one_line(article: Article, field: str, data: st.DataObject) -> None:
    """Changing one present top-level scalar changes exactly its line, and the result loads back equal."""
    setattr(article, field, data.draw(SCALAR_FIELDS[field]))
    original = dumps_article(article)
    loaded = loads_article(original)
    new = data.draw(SCALAR_FIELDS[field])
    setattr(loaded, field, new)
    edited = dumps_article(loaded)
    assert loads_article(edited) == loaded
    removed, added = changed_lines(original, edited)
    if removed or added:
        assert len(removed) == 1
        assert len(added) == 1
        key = Article.model_fields[field].alias
        assert removed[0].startswith(f"{key}:")
        assert added[0].startswith(f"{key}:")


@SETTINGS
@given(articles(), st.data())
def test_list_edits_touch_only_their_items(article: Article, data: st.DataObject) -> None:
    """Appending topics and removing related items adds or removes only those items' lines."""
    original = dumps_article(article)
    loaded = loads_article(original)
    words = st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True).filter(plain_ok)  # not "On" or "No"
    new_topics = data.draw(st.lists(words, min_size=1, max_size=3))
    removed_related = loaded.related[:1] if len(loaded.related) > 1 else []
    loaded.topics.extend(new_topics)
    del loaded.related[: len(removed_related)]
    edited = dumps_article(loaded)
    assert loads_article(edited) == loaded
    removed, added = changed_lines(original, edited)
    if not article.topics:
        return  # an empty or absent list is rewritten as a block: not a pure append
    assert [line.strip() for line in added] == [f"- {topic}" for topic in new_topics]
    if removed_related:
        # A line diff may pair an item's lines with its twin's (equal titles): its dash line need not come first.
        assert sum(line.startswith("  - title: ") for line in removed) == 1
        assert len(removed) == len(dumps_article(article).splitlines()) - len(
            dumps_article(article.model_copy(update={"related": article.related[1:]})).splitlines()
        )


@SETTINGS
@given(articles(), aware)
def test_datetime_edits_keep_their_offset(article: Article, when: dt.datetime) -> None:
    """A changed timestamp is written with the new value's own UTC offset and reads back identical."""
    loaded = loads_article(dumps_article(article))
    loaded.published_date_time = when
    back = loads_article(dumps_article(loaded))
    assert back.published_date_time == when
    assert back.published_date_time.utcoffset() == when.utcoffset()
