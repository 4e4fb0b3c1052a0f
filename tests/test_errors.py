"""Broken and hostile input: every case gives a NewsRecordError with the right line and field, quickly."""

from __future__ import annotations

import pickle
import resource
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsrecord import MAX_SIZE, NewsRecordError, loads_article

HEAD = "---\ntitle: t\npublishedDateTime: 2020-01-01T00:00:00Z\n"


def laughs(levels: int = 9) -> str:
    """A billion-laughs document: each anchor refers nine times to the one before."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "---\n" + "\n".join(lines) + "\n---\n"


# (name, input, line, field, a fragment of the message)
CASES: list[tuple[str, str | bytes, int | None, str | None, str]] = [
    # structure
    ("empty file", "", 1, None, "empty file"),
    ("only whitespace", " \n\t\n", 1, None, "empty file"),
    ("no front matter", "# Just Markdown\n", 1, None, "no front matter"),
    ("opening line with a space", "--- \ntitle: t\n---\n", 1, None, "exactly '---'"),
    ("never closed", "---\ntitle: t\n", 1, None, "never closed"),
    ("closing line with a space", "---\ntitle: t\n--- \n", 3, None, "closing line must be exactly"),
    ("closing line of four dashes", "---\ntitle: t\n----\n", 3, None, "closing line must be exactly"),
    ("front matter is a list", "---\n- a\n- b\n---\n", 2, None, "not a list"),
    ("front matter is a scalar", "---\njust words\n---\n", 2, None, "not a single value"),
    ("front matter is empty", "---\n---\n", 2, None, "empty"),
    ("front matter is whitespace", "---\n  \n\n---\n", 2, None, "empty"),
    ("a second document", HEAD + "--- x\n---\n", 4, None, "second YAML document"),
    # YAML syntax
    ("bad indentation", HEAD + "provider:\n  name: x\n domain: y\n---\n", 6, None, "the key 'domain' is indented to column 2"),
    ("unclosed quote", HEAD + 'excerpt: "abc\nquality: 1\n---\n', 4, None, "quoted value that starts here is never closed"),
    ("tab indentation", HEAD + "provider:\n\tname: x\n---\n", 5, None, "'\\t'"),
    ("duplicate key", HEAD + "quality: 1\nheat: 2\nquality: 3\n---\n", 6, "quality", "duplicate key 'quality'"),
    ("duplicate nested key", HEAD + "provider:\n  name: a\n  name: b\n---\n", 6, "provider.name", "duplicate key 'name'"),
    ("non-string key", HEAD + "2020: x\n---\n", 4, None, "not a string"),
    # safety
    ("python object tag", HEAD + "x: !!python/object/apply:os.system ['touch pwned']\n---\n", 4, "x", "tag"),
    ("python name tag", HEAD + "x: !!python/name:os.system\n---\n", 4, "x", "tag"),
    ("unknown custom tag", HEAD + "x: !custom 1\n---\n", 4, "x", "tag '!custom'"),
    ("nested tag", HEAD + "provider:\n  name: !custom 1\n---\n", 5, "provider.name", "tag '!custom'"),
    ("anchor", HEAD + "a: &x 1\n---\n", 4, "a", "anchors and aliases"),
    ("billion laughs", laughs(), 2, "a0", "anchors and aliases"),
    ("deep flow nesting", "---\nx: " + "[" * 20000 + "]" * 20000 + "\n---\n", 2, None, "nested deeper"),
    ("deep block nesting", "---\nx: " + "- " * 20000 + "a\n---\n", 2, None, "syntax error"),
    ("deep indentation", "---\nx:\n" + "".join(" " * i + "- \n" for i in range(1, 400)) + "---\n", 102, "x" + "[0]" * 99, "nested"),
    ("directive", "---\n%YAML 1.1\n---\ntitle: x\n---\n", 2, None, "directives"),
    ("merge key", HEAD + "<<: {a: 1}\n---\n", 4, None, "merge key"),
    # encoding
    ("invalid UTF-8", b"---\ntitle: caf\xe9\n---\n", 2, None, "invalid UTF-8 byte 0xe9"),
    ("UTF-16", "---\ntitle: t\n---\n".encode("utf-16"), 1, None, "UTF-16"),
    ("NUL byte", HEAD + "x: a\0b\n---\n", 4, "x", "NUL"),
    ("NUL byte in a list", HEAD + "x:\n  - a\n  - a\0b\n---\n", 6, "x[1]", "NUL"),
    ("NUL byte in the body", HEAD + "---\nBody\0\n", 5, "body", "NUL"),
    ("random binary", bytes(range(256)) * 4, 2, None, "invalid UTF-8"),
    ("control character", HEAD + "x: a\x07b\n---\n", 4, None, "U+0007"),
    # schema
    ("missing title", "---\npublishedDateTime: 2020-01-01T00:00:00Z\n---\n", 2, "title", "field required"),
    ("missing timestamp", "---\ntitle: t\n---\n", 2, "publishedDateTime", "field required"),
    ("quality: high", HEAD + "quality: high\n---\n", 4, "quality", "expected an integer, got 'high'"),
    ("quality: 61.5", HEAD + "quality: 61.5\n---\n", 4, "quality", "expected an integer"),
    ("published: maybe", HEAD + "published: maybe\n---\n", 4, "published", "expected true or false"),
    ("published: yes", HEAD + "published: yes\n---\n", 4, "published", "YAML 1.2 reads yes as a string"),
    ("provider is a string", HEAD + 'provider: "WWLP"\n---\n', 4, "provider", "expected a mapping"),
    ("topics is a mapping", HEAD + "topics: {a: 1}\n---\n", 4, "topics", "expected a list"),
    ("secured is a number", HEAD + "secured: 12345\n---\n", 4, "secured", "quote it"),
    ("title is a number", "---\ntitle: 2020\npublishedDateTime: 2020-01-01T00:00:00Z\n---\n", 2, "title", "quote it"),
    ("impossible timestamp", "---\ntitle: t\npublishedDateTime: 2020-13-01T00:00:00Z\n---\n", 3, "publishedDateTime", "month"),
    ("timestamp without zone", "---\ntitle: t\npublishedDateTime: 2020-01-01 00:00:00\n---\n", 3, "publishedDateTime", "time zone"),
    ("date only", "---\ntitle: t\npublishedDateTime: 2020-01-01\n---\n", 3, "publishedDateTime", "timestamp"),
    ("quoted timestamp", '---\ntitle: t\npublishedDateTime: "soon"\n---\n', 3, "publishedDateTime", "got 'soon'"),
    ("javascript URL", HEAD + "webUrl: javascript:alert(1)\n---\n", 4, "webUrl", "absolute http(s) URL"),
    ("relative URL", HEAD + "webUrl: news/item.html\n---\n", 4, "webUrl", "absolute http(s) URL"),
    ("nested timestamp", HEAD + "related:\n  - title: r\n    webUrl: https://a.example/\n    publishedDateTime: soon\n---\n", 7, "related[0].publishedDateTime", "timestamp"),
    ("nested missing field", HEAD + "related:\n  - title: r\n---\n", 5, "related[0].webUrl", "field required"),
    ("image URL", HEAD + "images:\n  - url: ftp://a.example/x.jpg\n---\n", 5, "images[0].url", "site path"),
    ("deep provider field", HEAD + "related:\n  - title: r\n    webUrl: https://a.example/\n    provider:\n      name: [x]\n---\n", 8, "related[0].provider.name", "expected a string"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "document", "line", "field", "fragment"), CASES, ids=[case[0] for case in CASES])
def test_bad_input_gives_a_precise_error(
    name: str, document: str | bytes, line: int | None, field: str | None, fragment: str
) -> None:
    """Each class of bad input raises NewsRecordError (never another type) at the right line and field."""
    started = time.perf_counter()
    with pytest.raises(NewsRecordError) as caught:
        loads_article(document, source="bad.md")
    elapsed = time.perf_counter() - started
    error = caught.value
    assert error.source == "bad.md"
    assert error.line == line, str(error)
    assert error.field == field, str(error)
    assert fragment in str(error)
    assert str(error).startswith(f"bad.md:{line}:{error.column}: " if line else "bad.md: ")
    assert elapsed < 5, f"{name} took {elapsed:.1f}s"  # a guard against hangs, not a benchmark


def test_several_schema_errors_are_all_reported() -> None:
    """Every schema problem of a file is reported, in file order, each with its own line and field."""
    document = HEAD + "quality: high\nheat: 1.5\nrelated:\n  - title: x\n---\n"
    with pytest.raises(NewsRecordError) as caught:
        loads_article(document)
    problems = [(error.line, error.field) for error in caught.value.errors]
    assert problems == [(4, "quality"), (5, "heat"), (7, "related[0].webUrl")]
    assert len(str(caught.value).splitlines()) == 3


def test_errors_are_value_errors_and_pickle() -> None:
    """NewsRecordError is a ValueError and crosses process boundaries intact."""
    with pytest.raises(NewsRecordError) as caught:
        loads_article(HEAD + "quality: high\nheat: x\n---\n", source="a.md")
    error = caught.value
    assert isinstance(error, ValueError)
    clone = pickle.loads(pickle.dumps(error))
    assert str(clone) == str(error)
    assert (clone.source, clone.line, clone.column, clone.field) == ("a.md", 4, 10, "quality")
    assert len(clone.errors) == 2


def test_nothing_hostile_runs(tmp_path: pytest.TempPathFactory) -> None:
    """A tag that would call os.system is refused and nothing runs."""
    marker = f"{tmp_path}/pwned"
    with pytest.raises(NewsRecordError):
        loads_article(HEAD + f"x: !!python/object/apply:os.system ['touch {marker}']\n---\n")
    import os

    assert not os.path.exists(marker)


def test_size_limit_is_a_keyword() -> None:
    """Inputs over max_size are refused unread; max_size=None lifts the limit."""
    big = HEAD + "---\n\n" + "x" * MAX_SIZE
    with pytest.raises(NewsRecordError, match="over the limit"):
        loads_article(big)
    assert len(loads_article(big, max_size=None).body) == MAX_SIZE
    with pytest.raises(NewsRecordError, match="over the limit of 10"):
        loads_article(HEAD + "---\n", max_size=10)


def test_billion_laughs_costs_neither_time_nor_memory() -> None:
    """A billion-laughs document fails in well under a second without growing memory."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(NewsRecordError):
        loads_article(laughs(12))
    assert time.perf_counter() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB


def test_deep_nesting_gives_no_recursion_error() -> None:
    """Nesting 20,000 levels deep in every style fails cleanly, never with RecursionError."""
    for document in (
        "---\nx: " + "[" * 20000 + "\n---\n",
        "---\nx: " + "{a: " * 20000 + "\n---\n",
        "---\nx: " + "- " * 20000 + "\n---\n",
        "---\n" + "".join(" " * i + f"k{i}:\n" for i in range(400)) + "---\n",
    ):
        with pytest.raises(NewsRecordError):
            loads_article(document)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\r\n"), max_size=12)),
    st.integers(min_value=0),
    st.sampled_from(["\n", "\r\n"]),
)
def test_a_lone_surrogate_in_the_body_is_reported_where_it_stands(lines: list[str], at: int, newline: str) -> None:
    """A body given as text with a lone surrogate is refused at that character's line and column, not at the
    front matter."""
    lines = [*lines, ""]
    row = at % len(lines)
    column = at % (len(lines[row]) + 1)
    lines[row] = lines[row][:column] + "\ud800" + lines[row][column:]
    head = newline.join(["---", "title: Hi", "publishedDateTime: 2020-12-11T05:06:00Z", "---", ""])
    with pytest.raises(NewsRecordError) as caught:
        loads_article(head + newline.join(lines))
    assert (caught.value.line, caught.value.column, caught.value.field) == (5 + row, column + 1, "body")
