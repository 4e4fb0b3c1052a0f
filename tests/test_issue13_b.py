"""Issue 13, part B: valid records that could not be saved, were read unlike other readers, or were reported
wrongly. Each test is named after its item."""

from __future__ import annotations

import pytest
import yaml
from ruamel.yaml import YAML

from newsrecord import Article, NewsRecordError, dumps_article, loads_article

from .conftest import changed_lines, edited, extra

H = "---\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\n"


def error_of(text: str) -> NewsRecordError:
    with pytest.raises(NewsRecordError) as caught:
        loads_article(text)
    return caught.value


# --- 7. block scalars that keep their final line breaks ------------------------------------------------


@pytest.mark.parametrize(
    ("header", "after"),
    [
        ("|+", "b\n"),  # the kept blank line was the value's: it goes with it
        (">+", "b\n"),
        ("|2+", "b\n"),
        ("|+2", "b\n"),
        ("!!str |+", "b\n"),
        ("|+ # c++", "b # c++\n"),
        ("| # c++", "|- # c++\n  b\n\n"),  # clipped: the blank line below is not the value's, and stays
        ("> # a+b", ">- # a+b\n  b\n\n"),
        ("|", "|-\n  b\n\n"),
        (">-", ">-\n  b\n\n"),
    ],
)
def test_item_7_editing_a_block_scalar_keeps_the_next_key_on_its_line(header: str, after: str) -> None:
    """A block scalar of any header, edited, stays a block scalar of its style (with the chomping its value
    needs), or becomes one line where its header keeps line breaks (``+``); the next key stays on a line of
    its own."""
    out = edited(H + f"excerpt: {header}\n  a\n\nquality: 1\n---\n", lambda a: setattr(a, "excerpt", "b"))
    assert out == H + "excerpt: " + after + "quality: 1\n---\n"


def test_item_7_a_header_comment_with_a_plus_is_not_keep_chomping() -> None:
    """`| # c++` clips: a key added after it goes right after its last line, before the blank line."""
    out = edited(H + "excerpt: | # c++\n  a\n\nquality: 1\n---\n", lambda a: setattr(a, "heat", 2))
    assert out == H + "excerpt: | # c++\n  a\n\nquality: 1\nheat: 2\n---\n"
    out = edited(H + "x: | # c++\n  a\n\ny: 1\n---\n", lambda a: extra(a).pop("y"))
    assert out == H + "x: | # c++\n  a\n---\n"


def test_item_7_a_keep_block_scalar_in_a_list() -> None:
    """`- |+` edited in a list gives the new data, and the next item stays an item."""
    text = H + "x:\n- |+\n  a\n\n- b\n---\n"
    out = edited(text, lambda a: extra(a).__setitem__("x", ["c", "b"]))
    assert out == H + "x:\n- c\n- b\n---\n"
    out = edited(text, lambda a: extra(a).__setitem__("x", [{"k": 1}, "b"]))
    assert out == H + "x:\n- k: 1\n- b\n---\n"
    out = edited(H + "x: |+\n  a\n\ny: 1\n---\n", lambda a: extra(a).__setitem__("x", {"k": "v"}))
    assert out == H + "x:\n  k: v\ny: 1\n---\n"


# --- 8. deleting the leading keys of a "- key:" item ---------------------------------------------------


@pytest.mark.parametrize("indent", ["", "  ", "    "])
def test_item_8_deleting_two_leading_keys_of_an_item(indent: str) -> None:
    """The first kept key moves up onto the dash's line, at the item's own indentation."""
    text = H + f"images:\n{indent}- width: 1\n{indent}  height: 2\n{indent}  url: /a\n{indent}  isCached: true\n---\n"

    def change(article: Article) -> None:
        del article.images[0].width
        del article.images[0].height

    out = edited(text, change)
    assert out == H + f"images:\n{indent}- url: /a\n{indent}  isCached: true\n---\n"


# --- 9. a BOM right after the opening line -------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_item_9_a_bom_after_the_opening_line_indents_nothing(newline: str) -> None:
    """Keys added to a front matter that starts with a BOM are written at column 0, after the BOM."""
    text = "---\n\ufefftitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\ntopics:\n  - AI\n---\n".replace(
        "\n", newline
    )

    def change(article: Article) -> None:
        article.category = "news"
        article.quality = 3
        article.provider = None

    out = edited(text, change)
    expected = "---\n\ufeffcategory: news\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\nquality: 3\n"
    assert out == (expected + "provider: null\ntopics:\n  - AI\n---\n").replace("\n", newline)
    out = edited(text, lambda a: setattr(a, "title", "Ho"))
    assert out == text.replace("title: Hi", "title: Ho")


def test_item_9_deleting_the_first_key_after_a_bom_keeps_the_bom() -> None:
    """The BOM stays the front matter's first character when the key after it goes."""
    text = "---\n\ufeffcategory: x\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\n---\n"
    out = edited(text, lambda a: delattr(a, "category"))
    assert out == "---\n\ufefftitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\n---\n"


# --- 10. an LF opening line and a CRLF closing line ----------------------------------------------------


@pytest.mark.parametrize("closing", ["---", "..."])
def test_item_10_crlf_closing_line_after_an_lf_opening_line(closing: str) -> None:
    """The first line that is exactly '---' or '...' closes the front matter, whatever its line break."""
    text = f"---\ntitle: Hi\r\npublishedDateTime: 2020-12-11T05:06:00Z\r\n{closing}\r\nBody\n---\nMore\n"
    article = loads_article(text)
    assert article.title == "Hi"
    assert article.body == "Body\n---\nMore\n"
    assert dumps_article(article) == text
    assert edited(text, lambda a: setattr(a, "quality", 1)) == text.replace("Z\r\n", "Z\r\nquality: 1\n", 1)


# --- 11. the non-specific tag "!" ----------------------------------------------------------------------


TAGGED = [
    "! 123", "! ~", "! ''", "! '1'", '! "0x1F"', "! true", "! 'yes'", "! 2020-01-01", "! 1.5", "! word",
    '! "1\\n"', '! "2e400\\n"', '! "a\\n"', '! "\\n"', "! |\n  123\n", "! |-\n  ~\n", "! |+\n  1\n\n",
    "! 'a: b'", "! [1, '2']", "! {a: 1}", "!\n  - 1",
]  # fmt: skip


@pytest.mark.parametrize("value", TAGGED)
def test_item_11_the_tag_bang_reads_as_ruamel_and_pyyaml_read_it(value: str) -> None:
    """`x: ! 123` is 123 and `! ~` is None, as ruamel.yaml's safe and round-trip loaders and PyYAML read them."""
    front = f"x: {value}\n"
    safe = YAML(typ="safe", pure=True).load(front)["x"]
    assert YAML(typ="rt").load(front)["x"] == safe
    if value not in ("! 'yes'", '! "2e400\\n"'):  # to PyYAML (YAML 1.1) 'yes' is true, and a float needs a dot
        assert yaml.safe_load(front)["x"] == safe
    got = extra(loads_article(H + front + "---\n"))["x"]
    assert got == safe
    assert type(got) is type(safe)


@pytest.mark.parametrize("value", ['! "true\\n"', '! ".inf\\n"', "! '<<'", "! '='"])
def test_item_11_tagged_scalars_ruamel_cannot_build_are_refused(value: str) -> None:
    """Where ruamel.yaml's constructors fail on a `!` scalar, loading refuses it at its field."""
    with pytest.raises(Exception):  # noqa: B017, PT011 - ruamel raises several types here
        YAML(typ="safe", pure=True).load(f"x: {value}\n")
    error = error_of(H + f"x: {value}\n---\n")
    assert (error.line, error.field) == (4, "x")


# --- 13. diagnostics -----------------------------------------------------------------------------------


def test_item_13_an_unclosed_quote_is_reported_where_it_opens() -> None:
    """The quote that is never closed is reported at its own line and column, not at the closing line."""
    error = error_of(H + "quality: 1\nexcerpt: 'abc\n---\n")
    assert (error.line, error.column) == (5, 10)
    assert "the quoted value that starts here is never closed" in error.message
    error = error_of(H + "topics: [a,\n  b\n---\n")
    assert (error.line, error.column) == (4, 9)
    assert "the '[' that starts here is never closed" in error.message


@pytest.mark.parametrize(
    ("front", "line", "words"),
    [
        (
            "provider:\n  name: X\n domain: y\n",
            6,
            "the key 'domain' is indented to column 2, but the mapping that starts on line 2 has its keys at column 1",
        ),
        (
            "related:\n  - title: a\n    webUrl: https://a.example/\n   quality: 1\n",
            7,
            "the key 'quality' is indented to column 4, but the list that starts on line 5 has its items ('-') at "
            "column 3",
        ),
        ("topics:\n  - a\n - b\n", 6, "the list item is indented to column 2, but the mapping"),
        ("quality: 1\n- a\n", 5, "the list item is indented to column 1, among the keys of the mapping"),
        ("quality: 1\n  heat: 2\n", 5, "': ' cannot start a key here: indent the key like the keys above it"),
    ],
)
def test_item_13_bad_indentation_in_plain_words(front: str, line: int, words: str) -> None:
    """Bad indentation names the offending key or item, at its own line, and where it should stand."""
    error = error_of(H + front + "---\n")
    assert error.line == line
    assert words in error.message
    assert "<block" not in error.message


def test_item_13_a_missing_key_is_reported_at_the_mapping_that_lacks_it() -> None:
    """provider and a list item alike: the error points at the first key of the mapping that lacks one."""
    error = error_of(H + "provider:\n  domain: x\n---\n")
    assert (error.line, error.column, error.field) == (5, 3, "provider.name")
    error = error_of(H + "related:\n  - excerpt: x\n    webUrl: https://a.example/\n---\n")
    assert (error.line, error.column, error.field) == (5, 5, "related[0].title")
    error = error_of(H + "provider: {domain: x}\n---\n")
    assert (error.line, error.column, error.field) == (4, 11, "provider.name")


@pytest.mark.parametrize(
    ("front", "field"),
    [
        ("provider:\n  name: !custom x\n", "provider.name"),
        ("x: [1, !custom 2]\n", "x[1]"),
        ("provider: !custom\n  name: x\n", "provider"),
        ("related:\n  - title: &a x\n", "related[0].title"),
        ("x:\n  - a\n  - *a\n", "x[1]"),
        ("provider:\n  name: a\n  name: b\n", "provider.name"),
        ("related:\n  - title: a\n    title: b\n", "related[0].title"),
        ("provider:\n  name: a\0b\n", "provider.name"),
        ("x:\n  - a\n  - b\0\n", "x[1]"),
        ("provider:\n  na\0me: a\n", "provider"),
    ],
)
def test_item_13_tag_alias_nul_and_duplicate_errors_name_their_field(front: str, field: str) -> None:
    """The field of a refused tag, anchor, alias, NUL or nested duplicate key is filled in."""
    assert error_of(H + front + "---\n").field == field


def test_item_13_a_nul_in_the_body_names_the_body() -> None:
    """A NUL below the front matter is in the body."""
    assert error_of(H + "---\nBody\0\n").field == "body"
    assert error_of("---\0\n").field is None


# --- 14. comments stay with the line they describe -----------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_item_14_deleting_the_first_key_of_an_item_keeps_the_comments_of_the_next(newline: str) -> None:
    """The comment lines above the key that moves up onto the dash's line move up with it."""
    text = H + "images:\n  # the logo\n  - width: 1\n    # the logo's address\n    url: /a\n    height: 2\n---\n"
    text = text.replace("\n", newline)

    def change(article: Article) -> None:
        del article.images[0].width

    out = edited(text, change)
    expected = H + "images:\n  # the logo\n    # the logo's address\n  - url: /a\n    height: 2\n---\n"
    assert out == expected.replace("\n", newline)


def test_item_14_a_comment_after_an_empty_value_stays_on_the_key_line() -> None:
    """A new nested value goes below its key's line, whose comment stays there."""
    out = edited(H + "x:   # filled in later\ny: 1\n---\n", lambda a: extra(a).__setitem__("x", {"a": 1, "b": 2}))
    assert out == H + "x:   # filled in later\n  a: 1\n  b: 2\ny: 1\n---\n"
    out = edited(H + "x: 5  # a number\ny: 1\n---\n", lambda a: extra(a).__setitem__("x", [1, 2]))
    assert out == H + "x:  # a number\n  - 1\n  - 2\ny: 1\n---\n"


def test_item_14_a_nested_value_replaced_keeps_the_comment_of_its_key_line() -> None:
    """A block value replaced by a scalar or another block keeps its key line's comment, not its own."""
    text = H + "x:  # about x\n  a: 1  # about a\n  b: 2\ny: 1\n---\n"
    assert edited(text, lambda a: extra(a).__setitem__("x", 3)) == H + "x: 3  # about x\ny: 1\n---\n"
    out = edited(text, lambda a: extra(a).__setitem__("x", [3]))
    assert out == H + "x:  # about x\n  - 3\ny: 1\n---\n"
    removed, _ = changed_lines(text, out)
    assert removed == ["  a: 1  # about a\n", "  b: 2\n"]


# --- found by the property test of tests/test_edit_layouts.py ----------------------------------------


def test_item_7_deleting_or_adding_after_a_keep_block_scalar_keeps_its_value() -> None:
    """A blank line that would come to follow a `|+` scalar would join its value: it goes, or is not added."""
    text = H + "x: |+\n  a\n# about y\ny: 1\n\nquality: 0\n---\n"
    out = edited(text, lambda a: extra(a).pop("y"))
    assert out == H + "x: |+\n  a\nquality: 0\n---\n"
    out = edited(H + "x: |+\n  a\n---\n", lambda a: setattr(a, "topics", ["AI"]))
    assert out == H + "x: |+\n  a\ntopics:\n  - AI\n---\n"
    out = edited(H + "x:\n- |+\n  a\n- b\n\n- c\n---\n", lambda a: extra(a)["x"].pop(1))  # type: ignore[attr-defined]
    assert out == H + "x:\n- |+\n  a\n- c\n---\n"


def test_item_14_a_dash_in_a_comment_is_not_the_items_dash() -> None:
    """`-  # a-b` on an item's dash line: the item is edited in place, not the whole list rewritten."""
    text = H + "images:\n-  # the a-b one\n  url: /a.png\n-\n  url: /b.png\n---\n"

    def change(article: Article) -> None:
        article.images[1].width = 3

    assert edited(text, change) == text.replace("  url: /b.png\n", "  url: /b.png\n  width: 3\n")


def test_item_14_a_comment_after_a_multi_line_scalar_stays_with_it() -> None:
    """The comment after the last line of a multi-line scalar stays after the edited value."""
    text = H + "excerpt: 'two\n  lines'  # shortened later\nquality: 1\n---\n"
    out = edited(text, lambda a: setattr(a, "excerpt", "one"))
    assert out == H + "excerpt: 'one'  # shortened later\nquality: 1\n---\n"


def test_item_8_an_item_whose_keys_all_change_is_rewritten_in_its_place() -> None:
    """A `- key:` item that keeps none of its keys is written anew at the item's indentation."""
    text = H + "x:\n  - a: 1\n    # about d\n    d: 4\n  - b: 2\n---\n"
    out = edited(text, lambda a: extra(a).__setitem__("x", [{"c": 3, "e": 5}, {"b": 2}]))
    assert out == H + "x:\n  - c: 3\n    e: 5\n  - b: 2\n---\n"


def test_item_14_a_replaced_item_takes_the_comment_of_its_first_key() -> None:
    """`- k: 0  # about k` replaced by a scalar: the comment described k, which goes, and goes with it."""
    text = H + "x:\n  - k: 0  # about k\n  - b\n---\n"
    assert edited(text, lambda a: extra(a).__setitem__("x", ["a", "b"])) == H + "x:\n  - a\n  - b\n---\n"
    text = H + "x:\n  - [1, 2]  # a pair\n  - b\n---\n"
    assert edited(text, lambda a: extra(a).__setitem__("x", ["a", "b"])) == H + "x:\n  - a  # a pair\n  - b\n---\n"


def test_item_7_deleting_several_entries_after_a_keep_block_scalar() -> None:
    """Two groups deleted after a `|+` scalar: no blank line of theirs is left to join its value."""
    groups = "# about provider\nprovider:\n  name: X\n\n# about topics\ntopics: [a]\n\n"
    text = H + "excerpt: |+\n  yes\n\n" + groups + "quality: 1\n---\n"

    def change(article: Article) -> None:
        del article.provider
        del article.topics

    assert edited(text, change) == H + "excerpt: |+\n  yes\n\nquality: 1\n---\n"
    text = H + "x:\n- |+\n  a\n\n- b\n\n- c\n\n- d\n---\n"
    assert edited(text, lambda a: extra(a).__setitem__("x", ["a\n\n", "d"])) == H + "x:\n- |+\n  a\n\n- d\n---\n"


@pytest.mark.parametrize("value", ["a \u2028 b", "a\u2029 b", "a \u2028b"])
def test_item_9_a_single_quoted_value_set_to_a_line_separator_is_not_left_single_quoted(value: str) -> None:
    """YAML 1.1 folds U+2028 and U+2029 as line breaks inside quotes: such a value is double-quoted, escaped."""
    article = loads_article(H + "note: 'x'\n---\n")
    article.note = value  # type: ignore[attr-defined]
    text = dumps_article(article)
    assert "note: '" not in text
    assert loads_article(text).model_extra == {"note": value}


@pytest.mark.parametrize("key", ["... x", "...", "--- x", "---"])
def test_item_9_a_key_that_starts_like_a_document_marker_is_quoted(key: str) -> None:
    """A plain `... x` at column 0 would end the document: such a key is written quoted."""
    article = loads_article(H + "---\n")
    setattr(article, key, "v")
    text = dumps_article(article)
    assert f'"{key}": v' in text
    assert loads_article(text).model_extra == {key: "v"}
