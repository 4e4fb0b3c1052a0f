"""Minimal diffs: after an edit, only the lines whose data changed differ."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from newsrecord import Article, Image, Provider, RelatedArticle, dumps_article, loads_article

from .conftest import changed_lines, fixture_text

HOUSE = fixture_text("house.md")


def edit(text: str, change: Callable[[Article], object]) -> tuple[list[str], list[str], str]:
    """Load ``text``, apply ``change`` to the Article, dump; return the line diff and the output."""
    article = loads_article(text)
    change(article)
    out = dumps_article(article)
    assert loads_article(out) == article
    removed, added = changed_lines(text, out)
    return removed, added, out


def test_changing_quality_changes_that_line() -> None:
    """Changing quality changes exactly one line."""
    removed, added, _ = edit(HOUSE, lambda a: setattr(a, "quality", 3))
    assert removed == ["quality: 58\n"]
    assert added == ["quality: 3\n"]


def test_title_keeps_its_quoting_style() -> None:
    """A double-quoted title stays double-quoted; a single-quoted one stays single-quoted."""
    _, added, _ = edit(HOUSE, lambda a: setattr(a, "title", "Council says yes"))
    assert added == ['title: "Council says yes"\n']
    text = "---\ntitle: 'Old'\npublishedDateTime: 2020-01-01T00:00:00Z\n---\n"
    _, added, _ = edit(text, lambda a: setattr(a, "title", "It's new"))
    assert added == ["title: 'It''s new'\n"]
    text = "---\ntitle: Old plain\npublishedDateTime: 2020-01-01T00:00:00Z\n---\n"
    _, added, _ = edit(text, lambda a: setattr(a, "title", "New plain"))
    assert added == ["title: New plain\n"]
    _, added, _ = edit(text, lambda a: setattr(a, "title", "yes"))
    assert added == ['title: "yes"\n']


def test_appending_a_topic_adds_one_line() -> None:
    """topics.append adds one line after the last topic, in the list's own indentation."""
    removed, added, _ = edit(HOUSE, lambda a: a.topics.append("Street Lighting"))
    assert removed == []
    assert added == ["  - Street Lighting\n"]


def test_removing_a_related_item_removes_only_its_lines() -> None:
    """Deleting related[1] removes its nine lines and nothing else."""
    removed, added, _ = edit(HOUSE, lambda a: a.related.pop(1))
    assert added == []
    assert len(removed) == 9
    assert removed[0].startswith('  - title: "Neighbouring town')


def test_in_place_edit_of_a_nested_item() -> None:
    """related[0].quality = 3 (an in-place edit) changes one line."""

    def change(article: Article) -> None:
        article.related[0].quality = 3

    removed, added, _ = edit(HOUSE, change)
    assert removed == ["    quality: 37\n"]
    assert added == ["    quality: 3\n"]


def test_nothing_else_moves_the_secured_line_included() -> None:
    """Several edits at once leave the secured line, blank lines and order alone."""

    def change(article: Article) -> None:
        article.heat = 99
        article.topics.remove("Privacy")
        article.related[1].title = "Town shelves plan"

    removed, added, out = edit(HOUSE, change)
    assert sorted(removed) == sorted(
        ["heat: 73\n", "  - Privacy\n", '  - title: "Neighbouring town shelves its own sensor plan"\n']
    )
    assert sorted(added) == sorted(["heat: 99\n", '  - title: "Town shelves plan"\n'])
    secured = [line for line in HOUSE.splitlines() if line.startswith("secured:")]
    assert secured[0] in out.splitlines()


def test_adding_a_key_goes_to_its_house_position() -> None:
    """A new known key is inserted after its predecessor in house order."""
    text = HOUSE.replace("heat: 73\n", "")
    removed, added, out = edit(text, lambda a: setattr(a, "heat", 5))
    assert removed == []
    assert added == ["heat: 5\n"]
    assert out == HOUSE.replace("heat: 73\n", "heat: 5\n")


def test_adding_a_group_adds_its_blank_line() -> None:
    """Adding related to a record without it inserts the block with its blank line, as the house style has it."""
    start = HOUSE.index("related:")
    end = HOUSE.index("secured:")
    without = HOUSE[:start] + HOUSE[end:]
    full = loads_article(HOUSE)

    def change(article: Article) -> None:
        article.related = full.related

    _, _, out = edit(without, change)
    assert out == HOUSE


def test_removing_a_group_removes_its_blank_line() -> None:
    """Removing provider leaves one blank line between the groups around it, not two."""

    def change(article: Article) -> None:
        del article.provider

    removed, added, out = edit(HOUSE, change)
    assert added == []
    assert removed[-3:] == ["provider:\n", "  name: Example Gazette\n", "  domain: example-gazette.com\n"]
    assert "\n\n\n" not in out


def test_deleting_the_last_key_leaves_no_trailing_blank_line() -> None:
    """Removing secured (the last key) also removes the blank line above it."""

    def change(article: Article) -> None:
        del article.secured

    _, _, out = edit(HOUSE, change)
    assert "    quality: 22\n---\n" in out


def test_setting_none_writes_null() -> None:
    """Assigning None to a present key writes null on that line."""
    removed, added, _ = edit(HOUSE, lambda a: setattr(a, "heat", None))
    assert (removed, added) == (["heat: 73\n"], ["heat: null\n"])


def test_comments_survive_edits() -> None:
    """Comments on and around edited lines stay where they were."""
    text = fixture_text("comments.md")

    def change(article: Article) -> None:
        article.category = "opinion"
        article.topics.append("Audio")

    removed, added, out = edit(text, change)
    assert removed == ["category: news   # the only category we use\n"]
    assert added == ["category: opinion   # the only category we use\n", "  - Audio\n"]
    assert "  # - Computer Vision (removed by the editor)\n" in out


def test_flow_collections_are_edited_in_flow_style() -> None:
    """A flow sequence or mapping stays on its one line in flow style."""
    text = fixture_text("styles.md")

    def change(article: Article) -> None:
        article.topics.append("Robotics")
        assert article.provider is not None
        article.provider.domain = "example.net"

    removed, added, _ = edit(text, change)
    assert added == [
        "provider: {name: Example Styles, domain: example.net}\n",
        "topics: [AI, \"Machine Learning\", 'Deep Learning', Robotics]\n",
    ]
    assert len(removed) == 2


def test_block_scalar_replaced_by_a_block_scalar() -> None:
    """Changing a literal block scalar writes the new value as a literal block, in place of the old one."""
    text = fixture_text("styles.md")
    removed, added, _ = edit(text, lambda a: setattr(a, "excerpt", "Short now"))
    assert added == ["excerpt: |-\n", "  Short now\n"]
    assert removed == ["excerpt: |\n", "  A literal block excerpt\n", "  spanning two lines.\n"]


def test_indentless_and_wide_sequences_keep_their_indentation() -> None:
    """New items follow the indentation of the sequence they join."""
    text = fixture_text("styles.md")

    def change(article: Article) -> None:
        article.images.append(Image(url="https://example.org/b.png"))
        article.related.append(RelatedArticle(title="Two", web_url="https://example.org/two"))

    _, added, _ = edit(text, change)
    assert added == [
        '- url: "https://example.org/b.png"\n',
        '    - title: "Two"\n',
        '      webUrl: "https://example.org/two"\n',
    ]


def test_new_nested_values_and_extras() -> None:
    """Unknown keys can be added, changed and removed like known ones."""
    text = fixture_text("extras.md")

    def change(article: Article) -> None:
        extra = article.model_extra
        image_extra = article.images[0].model_extra
        assert extra is not None
        assert image_extra is not None
        extra["sourceFeed"] = "atom"
        del extra["scores"]
        image_extra["credits"].append("Agency Three")

    removed, added, _ = edit(text, change)
    assert sorted(removed) == ["scores: {relevance: 0.93, novelty: 0.4}\n", "sourceFeed: rss\n"]
    assert added == ["sourceFeed: atom\n", "      - Agency Three\n"]


def test_body_edit_changes_only_the_body() -> None:
    """A new body replaces the old one after the separating empty line."""
    text = fixture_text("body.md")
    _, _, out = edit(text, lambda a: setattr(a, "body", "New body.\n"))
    assert out == text[: text.index("# Heading")] + "New body.\n"
    _, _, out = edit(HOUSE, lambda a: setattr(a, "body", "First body.\n"))
    assert out == HOUSE + "First body.\n"
    no_newline = fixture_text("minimal-no-newline.md")
    _, _, out = edit(no_newline, lambda a: setattr(a, "body", "Body.\n"))
    assert out == no_newline + "\n\nBody.\n"


def test_datetime_assignment_is_written_in_house_style() -> None:
    """A new datetime replaces only the timestamp, as 2021-03-09T01:30:00Z or with its offset."""
    new = dt.datetime(2022, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    _, added, _ = edit(HOUSE, lambda a: setattr(a, "published_date_time", new))
    assert added == ["publishedDateTime: 2022-01-02T03:04:05Z\n"]
    plus = dt.datetime(2022, 1, 2, 3, 4, 5, 500000, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    _, added, _ = edit(HOUSE, lambda a: setattr(a, "published_date_time", plus))
    assert added == ["publishedDateTime: 2022-01-02T03:04:05.5-05:00\n"]


def test_same_instant_other_offset_is_a_change() -> None:
    """Moving a timestamp to another UTC offset (same instant) is written, not lost."""
    article = loads_article(HOUSE)
    article.published_date_time = article.published_date_time.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert "publishedDateTime: 2021-03-09T02:30:00+01:00\n" in dumps_article(article)


def test_replacing_a_provider_changes_only_differing_lines() -> None:
    """Assigning a new Provider with one different field changes one line."""
    removed, added, _ = edit(
        HOUSE, lambda a: setattr(a, "provider", Provider(name="Example Gazette", domain="gazette.example"))
    )
    assert (removed, added) == (["  domain: example-gazette.com\n"], ["  domain: gazette.example\n"])


@pytest.mark.parametrize("value", [[], ["Only"]])
def test_emptying_and_refilling_a_list(value: list[str]) -> None:
    """An emptied list is written as [] and a filled one as a block again."""
    article = loads_article(HOUSE)
    article.topics = []
    emptied = dumps_article(article)
    assert "topics: []\n" in emptied
    again = loads_article(emptied)
    again.topics = value
    out = dumps_article(again)
    assert loads_article(out).topics == value
