"""Exactness: a record loaded and not changed is written back byte for byte."""

from __future__ import annotations

import io
import pathlib
import pickle

import pytest

from newsrecord import Article, dump_article, dumps_article, load_article, loads_article

from .conftest import SEED, SHARED, fixture_bytes, fixture_paths, shared_or_skip


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.name)
def test_fixture_bytes_round_trip(path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """dump_article(load_article(p), q) writes exactly p's bytes, for every fixture."""
    target = tmp_path / "out.md"
    dump_article(load_article(path), target)
    assert target.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.name)
def test_fixture_text_round_trip(path: pathlib.Path) -> None:
    """dumps_article(loads_article(s)) == s for text input too, the first time a record's shape is
    seen (read by the tree parser) and the times after (read by the shape's template)."""
    text = path.read_bytes().decode("utf-8")
    first = loads_article(text)
    for _ in range(2):
        again = loads_article(text)
        assert again == first
        assert dumps_article(again) == text
    assert dumps_article(first) == text


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.name)
def test_pickle_keeps_exactness(path: pathlib.Path) -> None:
    """An Article that crossed a process boundary (pickle) still writes back exactly."""
    article = load_article(path)
    clone = pickle.loads(pickle.dumps(article))
    assert clone == article
    assert dumps_article(clone).encode("utf-8") == path.read_bytes()


def test_binary_file_objects() -> None:
    """load_article and dump_article take binary file objects as well as paths."""
    data = fixture_bytes("crlf.md")
    article = load_article(io.BytesIO(data))
    out = io.BytesIO()
    dump_article(article, out)
    assert out.getvalue() == data


def test_crlf_and_bom_are_kept_in_edits() -> None:
    """An edit to a CRLF record with a BOM writes CRLF lines and keeps the BOM."""
    data = b"\xef\xbb\xbf" + fixture_bytes("house.md").replace(b"\n", b"\r\n")
    article = loads_article(data)
    article.topics.append("Street Lighting")
    article.heat = 1
    out = dumps_article(article).encode("utf-8")
    assert out.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\r\n  - Street Lighting\r\n" in out
    assert b"heat: 1\r\n" in out
    assert out.count(b"\n") == out.count(b"\r\n")
    assert loads_article(out) == article


def test_body_is_what_follows_the_separator() -> None:
    """The body is the text after the closing line, less one separating empty line."""
    assert load_article(fixture_path("house.md")).body == ""
    assert load_article(fixture_path("body.md")).body.startswith("# Heading\n")
    assert load_article(fixture_path("body-no-separator.md")).body == ("No empty line above, and no newline at the end")
    assert load_article(fixture_path("dots-closing.md")).body == "Body text.\n"


def fixture_path(name: str) -> pathlib.Path:
    return pathlib.Path(__file__).parent / "fixtures" / name


def test_reference_record_round_trips() -> None:
    """The reference record of ../shared loads and writes back byte for byte."""
    seed = shared_or_skip(SEED)
    article = load_article(seed)
    assert article.title.startswith("ACLU urges lawmakers")
    assert article.body == ""
    assert dumps_article(article).encode("utf-8") == seed.read_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "2013-07-04-from-chess-to-ping-pong-how-pegasystems-is-capturing-the-fortune-500.md",
        "2019-12-26-artificial-intelligence-can-now-track-down-blood-cancer.md",
        "2020-08-04-microsoft-power-apps-2020-release-wave-1-overview.md",
    ],
)
def test_real_samples_round_trip(name: str) -> None:
    """The real records of ../shared/samples load, validate and write back byte for byte."""
    sample = shared_or_skip(SHARED / "samples" / name)
    article = load_article(sample)
    assert isinstance(article, Article)
    assert dumps_article(article).encode("utf-8") == sample.read_bytes()


def test_video_sample_has_no_web_url() -> None:
    """A video record without webUrl loads, keeps its extra key and its provider's images."""
    article = load_article(fixture_path("video.md"))
    assert article.type == "video"
    assert article.web_url is None
    assert "webUrl" not in dumps_article(article)
    assert article.model_extra is not None
    assert article.model_extra["featuredContent"].startswith('<iframe width="800"')
    assert article.provider is not None
    assert article.provider.images[0].url.startswith("/assets/")
