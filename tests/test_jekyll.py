"""What Jekyll reads from the records newsrecord writes: the same data, value by value, as the model holds.

Each record is written with newsrecord (``dump_article``, the bytes of the file) and read back by Ruby's
Psych as Debian's Jekyll calls it, by SafeYAML 1.0.5 as Jekyll from RubyGems calls it, by PyYAML as
python-frontmatter does, and by a real ``jekyll build`` (see tests/jekyll.py). Every reading must equal
the model's data: the same types (a string stays a string, never a boolean, number, date or null), the
same numbers, timestamps at the same instant with the same UTC offset, the same keys.

One Ruby process or Jekyll build reads a whole batch, so hypothesis draws batches of records. CI compares
a few thousand records; NEWSRECORD_DEEP=1 runs many more. Tests that need Ruby or Jekyll skip where they
are absent, except under CI (CI set), where that fails.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import os
import pathlib
from collections.abc import Sequence
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from newsrecord import Article, NewsRecordError, check_article, loads_article

from . import jekyll
from .conftest import fixture_paths

DEEP = bool(os.environ.get("NEWSRECORD_DEEP"))
BATCH = 25  # records per example, one Ruby process each: more would overrun hypothesis's buffer
BATCHES = 400 if DEEP else 40
JEKYLL_RECORDS = 3000 if DEEP else 1000  # records per jekyll build
JEKYLL_BUILDS = 3 if DEEP else 1

# No shrinking: a failing batch reports every difference it holds, with the record, which says more than
# one shrunk record, and shrinking a batch that starts a Ruby process per try would take many minutes.
BATCH_SETTINGS = settings(
    max_examples=BATCHES,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

RUBY_READERS = ("psych", "safe_yaml")
YAML_READERS = ("psych", "safe_yaml", "pyyaml")


# --- awkward data -------------------------------------------------------------------------------------------

# What YAML 1.1 readers (Psych, SafeYAML, PyYAML) resolve to something other than a string, in the spellings
# they accept, and what YAML itself gives meaning to.
YAML11 = [
    "yes", "Yes", "YES", "yEs", "no", "nO", "No", "on", "oN", "On", "off", "OfF", "Off", "true", "tRuE", "True",
    "false", "fAlSe", "y", "Y", "n", "N", "null", "nULL", "Null", "NULL", "~", "", ".inf", ".iNf", ".Inf",
    "-.Inf", "-.inf", "+.inf", ".nan", ".nAn", ".NaN", "0x1,F", "0b1,0", "0x,", "0b,", "1,000", "1_000", "017",
    "0o17", "0X1F", "0x1F", "_1", "1e3", "1.5e+3", "1.5E3", "+.5", ".5", "-1_0.5", "1_0", "0b101", "-0", "+0",
    "0.", "1.", "-0.0", "12:30", "1:20:30.5", "-1:30", "190:20:30", "2024-1-2", "2024-01-02",
    "2024-01-02 3:04:05", "2024-01-02t03:04:05z", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05 -00:30",
    "2024-01-02T03:04:05+5", "2024-01-02T03:04:05.123456789-05:00", "1582-10-10", "1582-10-04", "2024-02-30",
    "<<", "=", ":sym", ":", "::", "!x", "!!str x", "&a", "*a", "%x", "@x", "`x", "... x", "...", "--- x", "---",
    "#x", "a #b", "a: b", "a:b", "- x", "-", "?", "? x", "[x]", "{y}", "|", ">", "'q'", '"dq"', "\\", " padded",
    "padded ", "\ttab", "tab\t", "line\nbreak", "two\n\nbreaks", "\u2028", "x\u2028y", "\u0085", "x\u0085y",
    "\ufeff", "\ufeffx", "\u00a0", "caf\u00e9", "\U0001f600", "\U0001f1f3\U0001f1ff", "\x7f", "\x1b", "\ud800",
    "x\udfffy", "0", "1", "-1", "1.0", "123456789012345678901234567890", "1e400", "0x_1",
]  # fmt: skip

pieces = st.sampled_from(YAML11)
random_text = st.text(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),  # lone surrogates come from YAML11, rarely: pydantic refuses them
        st.sampled_from(" \t\n#:-?[]{},&*!|>'\"%@`\u2028\u0085\ufeff"),
    ),
    max_size=30,
)
awkward = st.one_of(
    pieces,
    pieces,
    st.builds(lambda a, b: a + b, pieces, st.sampled_from(["", " ", "\t", "x", " #c", ":", "\n"])),
    st.builds(lambda a, b: a + b, st.sampled_from(["", " ", "\t", "x", "- ", "? ", "\n"]), pieces),
    random_text,
)
awkward_key = awkward.filter(
    lambda key: (
        key not in Article.model_fields
        and key not in {field.alias for field in Article.model_fields.values()}
        and key not in {"body"}
    )
)

offsets = st.one_of(
    st.sampled_from([-30, 30, 0, 330, 345, -570, -720, 840, -1, 1]),
    st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1),
).map(lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)))
timestamps = st.one_of(
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=offsets),
    st.datetimes(min_value=dt.datetime(1582, 10, 1), max_value=dt.datetime(1582, 10, 20), timezones=offsets),
    st.datetimes(min_value=dt.datetime(1969, 12, 31), max_value=dt.datetime(1970, 1, 2), timezones=offsets),
)
dates = st.one_of(
    st.dates(min_value=dt.date(1582, 10, 1), max_value=dt.date(1582, 10, 20)),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0.0, -0.0, math.inf, -math.inf, math.nan, 1e300, 5e-324, 0.1, 1e16, 123456789.0]),
    st.floats(),
)
scalars = st.one_of(awkward, awkward, numbers, st.booleans(), st.none(), timestamps, dates)
extra_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(awkward_key, inner, max_size=3)),
    max_leaves=5,
)
extras = st.dictionaries(awkward_key, extra_values, max_size=3)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(...), strategy)


@st.composite
def new_articles(draw: st.DrawFn) -> Article | None:
    """A record built in code with awkward strings in its string fields and unknown keys; None if refused."""
    fields: dict[str, Any] = {
        "title": draw(awkward),
        "published_date_time": draw(timestamps),
        "category": draw(optional(awkward)),
        "type": draw(optional(awkward)),
        "excerpt": draw(optional(awkward)),
        "topics": draw(optional(st.lists(awkward, max_size=4))),
        "quality": draw(optional(st.integers())),
        "published": draw(optional(st.booleans())),
        "related": draw(
            optional(
                st.lists(
                    st.builds(
                        lambda title, when, more: {
                            **more,
                            "title": title,
                            "web_url": "https://example.com/r",
                            "published_date_time": when,
                        },
                        awkward,
                        timestamps,
                        extras,
                    ),
                    max_size=2,
                )
            )
        ),
    }
    try:
        return Article(**{key: value for key, value in fields.items() if value is not ...}, **draw(extras))
    except ValidationError as error:  # pydantic refuses lone surrogates in str fields: no record to write
        event(f"not a valid Article: {error.errors()[0]['type']}")
        return None


@st.composite
def edited_articles(draw: st.DrawFn) -> Article:
    """A fixture record, loaded, then edited: awkward values set, unknown keys added, lists appended to."""
    path = draw(st.sampled_from(fixture_paths()))
    article = copy.deepcopy(_FIXTURES[path.name])
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        edit = draw(st.sampled_from(["title", "category", "type", "topic", "extra", "related", "when", "nested"]))
        try:
            if edit in ("title", "category", "type"):
                setattr(article, edit, draw(awkward))
            elif edit == "topic":
                article.topics.append(draw(awkward))
            elif edit == "extra":
                setattr(article, draw(awkward_key), draw(extra_values))
            elif edit == "related" and article.related:
                article.related[0].title = draw(awkward)
            elif edit == "when":
                article.published_date_time = draw(timestamps)
            elif edit == "nested" and article.provider is not None:
                setattr(article.provider, draw(awkward_key), draw(extra_values))
        except (ValidationError, UnicodeEncodeError, AttributeError) as error:  # surrogates; attribute names (_source)
            event(f"edit refused: {type(error).__name__}")
    return article


_FIXTURES = {path.name: loads_article(path.read_bytes(), source=path.name) for path in fixture_paths()}


class Batch(list[Any]):
    """Records drawn together, one reader process for all; shown by their count (a failure lists them)."""

    def __repr__(self) -> str:
        return f"<a batch of {len(self)} records>"


def batches(records: st.SearchStrategy[Any], size: int) -> st.SearchStrategy[Batch]:
    return st.lists(records, min_size=size, max_size=size).map(Batch)


# --- running readers ----------------------------------------------------------------------------------------


def written(articles: Sequence[Article | None]) -> tuple[list[jekyll.Typed], list[bytes]]:
    """The models and the bytes newsrecord writes for each record it agrees to write."""
    models: list[jekyll.Typed] = []
    files: list[bytes] = []
    for article in articles:
        if article is None:
            continue
        try:
            data = jekyll.record_bytes(article)
        except NewsRecordError as error:  # a record newsrecord refuses to write is not written, so not read
            if currently_in_test_context():
                event(f"refused: {error.message[:60]}")
            continue
        if data.startswith(b"\xef\xbb\xbf"):  # a BOM, kept on request: the check flags it, fix=True drops it
            assert "NR101" in [finding.rule for finding in check_article(loads_article(data))]
            data = jekyll.record_bytes(article, fix=True)
        models.append(jekyll.expected(article))
        files.append(data)
    return models, files


def assert_read_the_same(reader: str, articles: Sequence[Article | None]) -> None:
    models, files = written(articles)
    found = jekyll.compare(reader, models, jekyll.read(reader, files))
    if found:  # the report, not pytest's view of the batch
        pytest.fail(jekyll.report(found, files), pytrace=False)


# --- the harness itself -------------------------------------------------------------------------------------

# Files at the edges of what Jekyll takes for front matter.
EDGE_FILES = [
    b"---\ntitle: a\n---\n",
    b"---\ntitle: a\n...\nbody\n",
    b"---   \ntitle: a\n---   \n",
    b"---\r\ntitle: a\r\n---\r\n",
    b"\xef\xbb\xbf---\ntitle: a\n---\n",
    b"---\ntitle: a\n",
    b"---\ntitle: |\n  x\n---\n  y\n---\n",
    b"---\ntitle: '\n---\n'\n---\n",
    b"--- \t\n\ntitle: a\n\n---\n\n---\n",
    b"---\n---\n",
    b"---\n- a\n---\n",
    b"---\ntitle: \xff\n---\n",
    b"---\ntitle: [\n---\n",
    b"title: a\n---\n",
    b"",
    b"---",
    b"---\ntitle: a\n---",
    b"---\ntitle: a\n--- x\n---\n",
    b"---\ntitle: :sym\n---\n",
    b"---\n<<: x\n---\n",
    b"---\ntitle: 0x,\n---\n",
]


def test_front_matter_is_what_jekyll_finds() -> None:
    """The Python copy of Jekyll's rules (has_yaml_header? and its regexp) gives Psych what Jekyll gives it:
    a real build reads every edge file exactly as Psych reads what the copy cuts out."""
    jekyll.require("jekyll")
    build = jekyll.jekyll_build_full(EDGE_FILES)
    assert build.readings == jekyll.read("psych", EDGE_FILES)
    assert build.readings[4] == ("static",)  # the BOM
    assert build.readings[5] == ("no front matter",)
    assert build.readings[1] == ("doc", jekyll.typed({"title": "a"}))
    assert build.readings[6] == ("doc", jekyll.typed({"title": "x\n"}))  # the regexp ends it at the first ---
    # Cut short inside a quoted string, a list, bad UTF-8, bad YAML, a Symbol, Psych's ArgumentError on 0x,:
    # each a read error, none missing.
    assert [index for index, _ in build.read_errors] == [7, 10, 11, 12, 18, 20]


@pytest.mark.parametrize("reader", jekyll.READERS)
def test_readers_agree_on_plain_yaml(reader: str) -> None:
    """Every reader, through its typed encoding, gives the same typed values as Python for YAML they all read
    alike: the encodings agree, so a difference the tests report is the reader's, not the harness's."""
    jekyll.require(reader)
    text = (
        b"---\ns: text\ni: -12345678901234567890123\nf: 1.5\nz: -0.0\nnf: -.inf\nt: true\nn: null\nd: 2024-01-02\n"
        b"old: 1000-01-01\nw: 2024-01-02T03:04:05.25+05:30\nu: 1970-01-01T00:00:00Z\nl: [a, 1]\n"
        b"m: {k: v}\n1: int key\n---\n"
    )
    value = {
        "s": "text",
        "i": -12345678901234567890123,
        "f": 1.5,
        "z": -0.0,
        "nf": -math.inf,
        "t": True,
        "n": None,
        "d": dt.date(2024, 1, 2),
        "old": dt.date(1000, 1, 1),
        "w": dt.datetime(2024, 1, 2, 3, 4, 5, 250000, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
        "u": dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc),
        "l": ["a", 1],
        "m": {"k": "v"},
        1: "int key",
    }
    [reading] = jekyll.read(reader, [text])
    found = jekyll.differences(("doc", jekyll.typed(value)), reading)
    if reader in (*RUBY_READERS, "jekyll"):  # Ruby's Date is Julian before 1582-10-15: same digits, other day
        assert found == [("$.old", "1000-01-01 (date, Julian day 2086303)", "1000-01-01 (date, Julian day 2086308)")]
    else:
        assert found == []
    [nan] = jekyll.read(reader, [b"---\nx: .nan\n---\n"])
    assert nan == ("doc", jekyll.typed({"x": math.nan}))


plain_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.from_regex(r"[a-z][a-z ]{0,12}[a-z]", fullmatch=True),
        st.dates(min_value=dt.date(1583, 1, 1)),
        st.datetimes(
            min_value=dt.datetime(1583, 1, 1),
            timezones=st.integers(min_value=-12, max_value=14).map(lambda h: dt.timezone(dt.timedelta(hours=h))),
        ),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.from_regex(r"[a-z]{1,8}", fullmatch=True), inner, max_size=3)
    ),
    max_leaves=8,
)


@pytest.mark.parametrize("reader", RUBY_READERS)
@settings(max_examples=20, deadline=None)
@given(values=st.lists(plain_values, min_size=10, max_size=10))
def test_typed_encodings_agree(reader: str, values: list[Any]) -> None:
    """For data that Ruby and Python read alike (PyYAML's own dump of plain values: integers of any size,
    floats with nan, infinities and -0.0, dates, timestamps at whole-hour offsets, nested), the Ruby reader's
    typed JSON and Python's typed values are equal: the two encodings are one."""
    jekyll.require(reader)
    files = [("---\n" + yaml.safe_dump({"v": value}) + "---\n").encode() for value in values]
    readings = jekyll.read(reader, files)
    for value, reading in zip(values, readings, strict=True):
        assert jekyll.differences(("doc", jekyll.typed({"v": value})), reading) == []


def test_differences_name_the_path_and_both_types() -> None:
    """The comparison tells apart what JSON would merge: a string and a boolean, 0.0 and -0.0, one instant
    at two offsets, 1 and 1.0 and True; and it says where."""
    utc = dt.datetime(2024, 1, 2, 3, 30, tzinfo=dt.timezone.utc)
    shifted = utc.astimezone(dt.timezone(dt.timedelta(minutes=-30)))
    cases: list[tuple[object, object]] = [("yes", True), (0.0, -0.0), (utc, shifted), (1, 1.0), (1, True)]
    for ours, theirs in cases:
        [(path, model, read)] = jekyll.differences(jekyll.typed({"a": [ours]}), jekyll.typed({"a": [theirs]}))
        assert path == "$.a[0]"
        assert model != read
    assert jekyll.differences(jekyll.typed({"a": 1}), jekyll.typed({True: 1})) == [
        ("$.a", "1 (int)", "no such key"),
        ("$[True (bool)]", "no such key", "1 (int)"),
    ]
    assert jekyll.differences(jekyll.typed({"a": 1, "b": 2}), jekyll.typed({"b": 2, "a": 1})) == []
    assert jekyll.differences(jekyll.typed(math.nan), jekyll.typed(math.nan)) == []


# --- newsrecord's records -----------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", jekyll.READERS)
def test_fixtures_read_the_same(reader: str) -> None:
    """Every fixture record, written back unchanged, reads as its model in every reader."""
    jekyll.require(reader)
    assert_read_the_same(reader, list(_FIXTURES.values()))


@pytest.mark.parametrize("reader", YAML_READERS)
@BATCH_SETTINGS
@given(batch=batches(new_articles(), BATCH))
def test_new_records_read_the_same(reader: str, batch: Batch) -> None:
    """Records built in code, with awkward strings as values and keys, read as their models."""
    jekyll.require(reader)
    assert_read_the_same(reader, batch)


@pytest.mark.parametrize("reader", YAML_READERS)
@BATCH_SETTINGS
@given(batch=batches(edited_articles(), BATCH))
def test_edited_records_read_the_same(reader: str, batch: Batch) -> None:
    """Loaded records after edits (awkward values, unknown keys, appended items) read as their models."""
    jekyll.require(reader)
    assert_read_the_same(reader, batch)


def drawn(records: st.SearchStrategy[Any], count: int) -> list[Article | None]:
    """``count`` records drawn by hypothesis, in batches of BATCH (one example holds no more)."""
    pool: list[Article | None] = []

    @settings(BATCH_SETTINGS, max_examples=-(-count // BATCH), database=None)
    @given(batch=batches(records, BATCH))
    def draw(batch: Batch) -> None:
        pool.extend(batch)

    draw()
    return pool[:count]


@pytest.mark.parametrize("build", range(JEKYLL_BUILDS))
def test_jekyll_reads_the_same(build: int) -> None:
    """A real Jekyll build reads every record, new and edited, as a document with front matter, and reads
    it as its model. Hypothesis draws the records first (without a property: no shrinking), one build reads
    them all."""
    jekyll.require("jekyll")
    half = JEKYLL_RECORDS // 2
    models, files = written([*drawn(new_articles(), half), *drawn(edited_articles(), half), *_FIXTURES.values()])
    result = jekyll.jekyll_build_full(files)
    unread = [(index, reading) for index, reading in enumerate(result.readings) if reading[0] != "doc"]
    unread += result.read_errors
    if unread:
        lines = [f"- record {index}: {jekyll.show(reading)}: {files[index][:300]!r}" for index, reading in unread[:30]]
        message = f"Jekyll did not read {len(unread)} records as documents with front matter:\n" + "\n".join(lines)
        pytest.fail(message, pytrace=False)
    found = jekyll.compare("jekyll", models, result.readings)
    if found:
        pytest.fail(jekyll.report(found, files), pytrace=False)


def test_skips_are_failures_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    """With CI set, a missing Ruby or Jekyll fails the test instead of skipping it; a missing ../shared (the
    vendored SafeYAML) skips it everywhere, as it does the other tests that read ../shared."""
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(tmp_path))  # no ruby, no jekyll
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run every reader"):
        jekyll.require("jekyll")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="ruby is not installed"):
        jekyll.require("psych")
    jekyll.require("pyyaml")
    monkeypatch.setattr(jekyll, "SAFE_YAML_LIB", tmp_path / "absent")
    monkeypatch.setenv("PATH", path)
    monkeypatch.setenv("CI", "true")
    if jekyll.missing("psych") is None:  # with Ruby only
        with pytest.raises(pytest.skip.Exception, match=r"SafeYAML \S+ is not vendored"):
            jekyll.require("safe_yaml")
