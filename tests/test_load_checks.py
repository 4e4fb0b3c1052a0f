"""The load's shortcuts keep every check: the first read of a file, the closing-line search, the body."""

from __future__ import annotations

import io
import pathlib
import pickle
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from newsrecord import NewsRecordError, dumps_article, load_article, loads_article

HEAD = "---\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\n---\n"


@pytest.mark.parametrize("size", [8192, 65535, 65536, 65537, 131072, 131073, 200000])
def test_files_around_the_first_read_load_whole(tmp_path: pathlib.Path, size: int) -> None:
    """A file is read to its end whatever its size against the first read (64 KiB) and the rest."""
    body = "\n" + "b" * (size - len(HEAD) - 2) + "\n"
    data = (HEAD + body).encode()
    assert len(data) == size
    path = tmp_path / "a.md"
    path.write_bytes(data)
    article = load_article(path)
    assert article.body == body[1:]
    assert dumps_article(article).encode() == data


def test_a_file_over_max_size_is_refused_by_its_size(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes((HEAD + "\n" + "b" * 100000 + "\n").encode())
    with pytest.raises(NewsRecordError, match=r"over the limit of 90000"):
        load_article(path, max_size=90000)
    small = tmp_path / "b.md"
    small.write_bytes((HEAD + "b" * 100).encode())
    with pytest.raises(NewsRecordError, match=r"over the limit of 100"):
        load_article(small, max_size=100)


def _first_closer(text: str) -> int:
    """The reference rule: the first line after the opening one that is exactly ``---`` or ``...``."""
    found = re.compile(r"^(?:---|\.\.\.)(?:\r?\n|\Z)", re.M).search(text, 4)
    return -1 if found is None else found.start()


_LINES = st.sampled_from(["---", "...", "----", "--- ", "....", "title: x", "", "a: ---", "-- -", "..."])


@given(st.lists(_LINES, max_size=8), st.lists(_LINES, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_the_closing_line_is_the_first_closer(front: list[str], rest: list[str], newline: str) -> None:
    """Whatever follows it (``---`` and ``...`` lines in the body among them), the front matter ends
    at the first line that is exactly one of the two."""
    text = "---\n" + "".join(line + newline for line in front) + "".join(line + newline for line in rest)
    closer = _first_closer(text)
    try:
        article = loads_article(text)
    except NewsRecordError as error:
        if closer < 0:
            assert "never closed" in error.message or "closing line must be exactly" in error.message
        return
    assert closer >= 0
    end = text.index("\n", closer) + 1
    expected_body = text[end:]
    if expected_body.startswith(newline):
        expected_body = expected_body[len(newline) :]
    assert article.body == expected_body


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (HEAD.replace("\n---\n", "\n...\n") + "x\n---\n", "x\n---\n"),
        (HEAD + "x\n...\n", "x\n...\n"),
        ("---\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\n...\n---\n", "---\n"),
        ("---\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\n----\n---\n", None),
    ],
)
def test_either_closer_ends_the_front_matter_at_its_first_line(text: str, body: str | None) -> None:
    if body is None:  # "----" is no closer but a plain scalar over lines: refused by YAML, not taken as one
        with pytest.raises(NewsRecordError):
            loads_article(text)
        return
    assert loads_article(text).body == body


def test_a_lone_surrogate_in_a_text_body_is_still_refused() -> None:
    """Text (str) may hold a lone surrogate, which bytes decoded as UTF-8 cannot: its body is checked."""
    with pytest.raises(NewsRecordError, match="lone surrogate") as caught:
        loads_article(HEAD + "\nab\ud800c\n")
    assert caught.value.field == "body"


def test_a_nul_in_the_body_is_refused_from_every_input(tmp_path: pathlib.Path) -> None:
    text = HEAD + "\nab\0c\n"
    path = tmp_path / "a.md"
    path.write_bytes(text.encode())
    loads: list[Callable[[], object]] = [
        lambda: loads_article(text),
        lambda: loads_article(text.encode()),
        lambda: load_article(path),
        lambda: load_article(io.BytesIO(text.encode())),
    ]
    for load in loads:
        with pytest.raises(NewsRecordError, match="NUL") as caught:
            load()
        assert (caught.value.line, caught.value.field) == (6, "body")


@given(st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\0"), max_size=50))
def test_a_body_loads_the_same_from_text_bytes_and_files(body: str) -> None:
    """The body read from bytes (set without a second check) is the one read from text (checked by pydantic),
    and the Article behaves the same: equal, body among the fields set, pickled and written back alike."""
    text = HEAD + body
    from_text = loads_article(text)
    from_bytes = loads_article(text.encode())
    assert from_bytes == from_text
    assert from_bytes.body == from_text.body
    assert ("body" in from_bytes.model_fields_set) == ("body" in from_text.model_fields_set)
    assert pickle.loads(pickle.dumps(from_bytes)) == from_text
    assert dumps_article(from_bytes) == dumps_article(from_text) == text
    with pytest.raises(ValidationError):  # an assignment is checked as ever
        from_bytes.body = "a\0b"
    assert from_bytes.body == from_text.body
