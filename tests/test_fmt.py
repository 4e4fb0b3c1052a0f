"""fmt's promises, as properties: the data never changes, every comment is kept, and fmt is idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsrecord import Article, dumps_article, loads_article
from newsrecord._format import formatted
from newsrecord._split import split

from .conftest import FIXTURES, fixture_paths
from .strategies import articles


def _with_comments(text: str, draw: st.DrawFn) -> tuple[str, list[str]]:
    """The record's text with comments drawn into its front matter: on lines of their own and at line ends."""
    parts = split(text, "<test>")
    head, front, tail = text[: parts.yaml_start], text[parts.yaml_start : parts.yaml_end], text[parts.yaml_end :]
    lines = front.splitlines()
    comments: list[str] = []
    out: list[str] = []
    for index, line in enumerate(lines):
        if draw(st.booleans()):
            comment = f"# own {index} #x"
            out.append(" " * draw(st.integers(0, 6)) + comment)
            comments.append(comment)
        if line.strip() and draw(st.booleans()):
            comment = f"# end {index}"
            line += " " * draw(st.integers(1, 3)) + comment
            comments.append(comment)
        out.append(line)
    if draw(st.booleans()):
        out.append("# last")
        comments.append("# last")
    return head + "".join(line + "\n" for line in out) + tail, comments


def _comments(text: str) -> list[str]:
    parts = split(text, "<test>")
    found = []
    for line in text[parts.yaml_start : parts.yaml_end].splitlines():
        for marker in ("# own", "# end", "# last"):
            if marker in line:
                found.append(line[line.index(marker) :].rstrip())
    return sorted(found)


@st.composite
def commented(draw: st.DrawFn) -> tuple[Article, str, list[str]]:
    article = draw(articles())
    text, comments = _with_comments(dumps_article(article), draw)
    return article, text, comments


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commented(), st.booleans())
def test_fmt_keeps_data_and_comments_and_is_idempotent(case: tuple[Article, str, list[str]], preserve: bool) -> None:
    """Formatting loads back as the same record, keeps each comment once, and a second run changes nothing."""
    article, text, comments = case
    loaded = loads_article(text)
    assert loaded == article
    _, once = formatted(loaded, preserve_quotes=preserve)
    again = loads_article(once)
    assert again == article
    assert again.body == article.body
    assert _comments(once) == sorted(comments)
    assert formatted(again, preserve_quotes=preserve)[1] == once


@settings(max_examples=100, deadline=None)
@given(articles())
def test_without_comments_fmt_is_the_canonical_dump(article: Article) -> None:
    """A record with no comments formats exactly as dumps_article(canonical=True) writes it."""
    assert formatted(loads_article(dumps_article(article)))[1] == dumps_article(article, canonical=True)


def test_preserve_keeps_every_one_line_scalar_of_the_fixtures() -> None:
    """With preserve_quotes, each fixture's one-line scalars keep their text; the result is a fixed point."""
    for path in fixture_paths():
        article = loads_article(path.read_bytes(), source=str(path))
        _, result = formatted(article, preserve_quotes=True)
        assert loads_article(result) == article, path.name
        assert formatted(loads_article(result), preserve_quotes=True)[1] == result, path.name
    unquoted = (FIXTURES / "unquoted-urls.md").read_text(encoding="utf-8")
    assert formatted(loads_article(unquoted), preserve_quotes=True)[1] == unquoted
