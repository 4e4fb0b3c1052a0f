"""The canonical writer: records built in code are written in the reference record's house style."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml  # PyYAML: a YAML 1.1 reader like those that publish these archives

from newsrecord import Article, Image, Provider, RelatedArticle, dumps_article, load_article, loads_article

from .conftest import SEED, fixture_text, shared_or_skip

UTC = dt.timezone.utc


def reference_built_in_code() -> Article:
    """The reference record's data, typed in field by field."""
    return Article(
        category="news",
        title="ACLU urges lawmakers to \u201cstand firm\u201d on facial recognition",
        excerpt=(
            "Just hours after Gov. Charlie Baker proposed to strike limits on facial recognition software "
            "from a police accountability bill, the ACLU of Massachusetts urged legislators to \u201cstand"
        ),
        published_date_time=dt.datetime(2020, 12, 11, 5, 6, tzinfo=UTC),
        original_url="https://www.wwlp.com/news/state-politics/aclu-urges-lawmakers-to-stand-firm-on-facial-recognition/",
        web_url="https://www.wwlp.com/news/state-politics/aclu-urges-lawmakers-to-stand-firm-on-facial-recognition/",
        amp_web_url=(
            "https://www.wwlp.com/news/state-politics/aclu-urges-lawmakers-to-stand-firm-on-facial-recognition/amp/"
        ),
        cdn_amp_web_url=(
            "https://www-wwlp-com.cdn.ampproject.org/c/s/www.wwlp.com/news/state-politics/"
            "aclu-urges-lawmakers-to-stand-firm-on-facial-recognition/amp/"
        ),
        type="article",
        quality=61,
        heat=81,
        published=True,
        provider=Provider(name="WWLP", domain="wwlp.com"),
        topics=["Natural Language Processing", "AI", "Computer Vision"],
        images=[
            Image(
                url="https://www.wwlp.com/wp-content/uploads/sites/26/2019/10/springfield-facial-recognition.jpg?w=1280",
                width=1280,
                height=720,
                is_cached=True,
            )
        ],
        related=[
            RelatedArticle(
                title="Mass. Gov. Refuses To Back Facial Recognition Tech Ban",
                excerpt=(
                    "Massachusetts' bid to become the first state in the nation to broadly restrict police from "
                    "using facial recognition technology hit a snag Thursday, when Gov. Charlie Baker threatened "
                    "to veto the sweeping police reform bill that housed the proposal unless lawmakers agreed "
                    "to ax the ban."
                ),
                published_date_time=dt.datetime(2020, 12, 12, 3, 8, tzinfo=UTC),
                web_url="https://www.law360.com/articles/1337105/mass-gov-refuses-to-back-facial-recognition-tech-ban",
                amp_web_url="https://www.law360.com/amp/articles/1337105",
                cdn_amp_web_url="https://www-law360-com.cdn.ampproject.org/c/s/www.law360.com/amp/articles/1337105",
                type="article",
                provider=Provider(name="Law360", domain="law360.com"),
                quality=41,
            ),
            RelatedArticle(
                title="Gov. Baker seeks to strike proposed facial recognition ban",
                excerpt=(
                    "Gov. Charlie Baker sought to strike a proposal that would have banned police departments "
                    "and public agencies across Massachusetts from using facial recognition technology."
                ),
                published_date_time=dt.datetime(2020, 12, 10, 22, 46, tzinfo=UTC),
                web_url=(
                    "https://www.bizjournals.com/boston/inno/stories/news/2020/12/10/"
                    "baker-facial-recognition-ban-police-changes.html"
                ),
                type="article",
                provider=Provider(name="The Business Journals", domain="bizjournals.com"),
                quality=19,
            ),
        ],
        secured=(
            "18qJirbxL8/DM3BPb0DxKn+GI3/yeIbpZ0rghHBT+x9nITzKsoKCD85wQpEqah+61cfKhpCNXzpbCMD0RhX4BdDIZc1iBbSINDLvbv6H5"
            "xnVEdALXmFoWy4jCQdnUZoT1zCB1JYTU21x7FDW6L3/ExW5ritkVP4HOWSRr6Dfn9qNQ0NaNAVWs3u7yjhFlu1PRP0qW3WQUeQ5aJKDx8"
            "H9RQZCujfS8lztTe+1pqLey0+zpUiByefDvOtRWxks8C6ivWA8s4KVNmZVRGIpusfcwzZ89SUUPu9S0m1ZJ9rnepyM0uMnRBRd0rF9CIfB"
            "i4OeCPpS6LY8JiP8GW4aJsu1FL8o2hKvUf4mwtiUVvgvjWI=;q3twqp1/+dCCP7jtkcT9Rg=="
        ),
    )


def test_reference_built_in_code_dumps_to_the_reference_file() -> None:
    """Acceptance: the reference record's data, built field by field, dumps to its file byte for byte."""
    seed = shared_or_skip(SEED)
    article = reference_built_in_code()
    assert dumps_article(article).encode("utf-8") == seed.read_bytes()
    assert article == load_article(seed)


def test_house_fixture_rebuilt_from_its_data_dumps_identically() -> None:
    """The house-style fixture, rebuilt from its loaded data (not its text), dumps to the same text."""
    text = fixture_text("house.md")
    loaded = loads_article(text)
    rebuilt = Article.model_validate(loaded.model_dump(by_alias=True, exclude_unset=True))
    assert dumps_article(rebuilt) == text


AWKWARD_TOPICS = [
    "yes",
    "off",
    "No",
    "null",
    "~",
    "2020",
    "1:20",
    "0o17",
    "0x1F",
    "1_000",
    ".5",
    "1e3",
    ".inf",
    "-.NaN",
    "a: b",
    " padded ",
    "trailing ",
    "# not a comment",
    "a #b",
    "- dash",
    "[list]",
    "{map}",
    "'quoted'",
    '"double"',
    "@handle",
    "`tick",
    "!tag",
    "&anchor",
    "*alias",
    "%percent",
    "? key",
    "2020-12-11",
    "2020-12-11T05:06:00Z",
    "line\nbreak",
    "tab\there",
    "",
    "=",
    "<<",
    "back\\slash",
    "\u2028separator",
    "nbsp\u00a0inside",
    "\ufeffbom",
]


@pytest.mark.parametrize("topic", AWKWARD_TOPICS)
def test_awkward_strings_read_back_as_the_same_string(topic: str) -> None:
    """Every awkward topic is written so it reads back as the same string here and in PyYAML (YAML 1.1)."""
    article = Article(title="t", published_date_time=dt.datetime(2020, 1, 1, tzinfo=UTC), topics=[topic])
    text = dumps_article(article)
    assert loads_article(text).topics == [topic]
    front_matter = text.split("---\n")[1]
    assert yaml.safe_load(front_matter)["topics"] == [topic]


@pytest.mark.parametrize("topic", ["AI", "Computer Vision", "3D printing", "C++", "Node.js", "e-commerce", "AT&T"])
def test_ordinary_strings_stay_plain(topic: str) -> None:
    """Strings that need no quotes are written plain, as in the reference record."""
    article = Article(title="t", published_date_time=dt.datetime(2020, 1, 1, tzinfo=UTC), topics=[topic])
    assert f"\n  - {topic}\n" in dumps_article(article)


def test_long_text_is_never_folded() -> None:
    """A very long excerpt stays on one line."""
    excerpt = "word " * 2000 + "end"
    article = Article(title="t", published_date_time=dt.datetime(2020, 1, 1, tzinfo=UTC), excerpt=excerpt)
    text = dumps_article(article)
    assert f'excerpt: "{excerpt}"\n' in text
    assert loads_article(text).excerpt == excerpt


def test_timestamps_in_house_style() -> None:
    """UTC timestamps are written as ...Z, others with their offset, fractions without trailing zeros."""
    cases = {
        dt.datetime(2020, 12, 11, 5, 6, tzinfo=UTC): "2020-12-11T05:06:00Z",
        dt.datetime(2020, 12, 11, 5, 6, 0, 500000, tzinfo=UTC): "2020-12-11T05:06:00.5Z",
        dt.datetime(2020, 12, 11, 5, 6, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))): (
            "2020-12-11T05:06:00+05:30"
        ),
    }
    for value, expected in cases.items():
        article = Article(title="t", published_date_time=value)
        text = dumps_article(article)
        assert f"publishedDateTime: {expected}\n" in text
        assert loads_article(text).published_date_time == value


def test_absent_keys_stay_absent_and_explicit_none_is_null() -> None:
    """Keys never set are not written; a field set to None is written as null."""
    article = Article(title="t", published_date_time=dt.datetime(2020, 1, 1, tzinfo=UTC), heat=None)
    text = dumps_article(article)
    assert "heat: null\n" in text
    assert "quality" not in text
    assert "topics" not in text


def test_extras_are_written_as_their_own_group() -> None:
    """Unknown keys of a new record come after published, set off by a blank line."""
    article = Article.model_validate(
        {
            "title": "t",
            "publishedDateTime": dt.datetime(2020, 1, 1, tzinfo=UTC),
            "published": True,
            "featuredContent": 'a "quoted" <b>html</b>',
            "provider": {"name": "P"},
        }
    )
    text = dumps_article(article)
    assert 'published: true\n\nfeaturedContent: a "quoted" <b>html</b>\n\nprovider:\n  name: P\n' in text
