"""Corpus work from Python: iter_articles, plain dicts, exports."""

from __future__ import annotations

import csv
import datetime as dt
import json
import pathlib
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from newsrecord import (
    Article,
    NewsRecordError,
    article_from_dict,
    article_to_dict,
    dumps_article,
    export_articles,
    find_records,
    iter_articles,
    load_article,
)
from newsrecord._validate import Parsed

from .conftest import FIXTURES, fixture_paths
from .strategies import articles


@pytest.fixture
def corpus(tmp_path: pathlib.Path) -> pathlib.Path:
    """A folder tree of fixture records, with a broken one, a non-record file and a nested folder."""
    root = tmp_path / "archive"
    (root / "2021" / "03").mkdir(parents=True)
    (root / "2020").mkdir()
    for index, path in enumerate(fixture_paths()):
        folder = root / ("2021/03" if index % 2 else "2020")
        shutil.copy(path, folder / path.name)
    (root / "2020" / "zz-broken.md").write_text("---\ntitle: [unclosed\n---\n")
    # Parses, but fails validation: with workers, the error is found in this process.
    (root / "2021" / "zz-invalid.md").write_text(
        "---\ntitle: T\npublishedDateTime: 2020-01-01T00:00:00Z\nquality: high\n---\n"
    )
    (root / "notes.txt").write_text("not a record")
    return root


def _house_copies(folder: pathlib.Path, count: int) -> None:
    """``count`` copies of the house-style fixture in ``folder``, named 000.md, 001.md, ..."""
    text = (FIXTURES / "house.md").read_text(encoding="utf-8")
    for index in range(count):
        (folder / f"{index:03d}.md").write_text(text, encoding="utf-8")


def test_sorted_lazy_order_and_source_paths(corpus: pathlib.Path) -> None:
    """Articles come in sorted path order, each knowing its file; non-matching files are left out."""
    loaded = list(iter_articles(corpus, on_error="skip"))
    paths = [article.source_path for article in loaded]
    assert paths == sorted(str(path) for path in corpus.rglob("*.md") if not path.name.startswith("zz-"))
    assert all(isinstance(article, Article) for article in loaded)


def test_on_error_modes(corpus: pathlib.Path) -> None:
    """raise stops at the broken file; skip leaves it out; collect yields its error in its place."""
    with pytest.raises(NewsRecordError) as caught:
        list(iter_articles(corpus))
    assert caught.value.source.endswith("zz-broken.md")
    assert caught.value.line is not None
    collected = list(iter_articles(corpus, on_error="collect"))
    errors = [item for item in collected if isinstance(item, NewsRecordError)]
    assert len(errors) == 2
    assert len(collected) == len(fixture_paths()) + 2


@pytest.mark.parametrize(("workers", "chunk"), [(2, 32), (2, 1), (3, 2), (1, 3)])
def test_workers_keep_the_order_and_the_results(
    corpus: pathlib.Path, workers: int, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With workers, the same items come in the same order as loading in this process.

    Small chunks make this process load some of them itself while the helpers load the others.
    """
    monkeypatch.setattr("newsrecord._pool._CHUNK", chunk)
    here = list(iter_articles(corpus, on_error="collect"))
    there = list(iter_articles(corpus, workers=workers, on_error="collect"))
    assert [type(item) for item in there] == [type(item) for item in here]
    for mine, theirs in zip(here, there, strict=True):
        if isinstance(mine, Article):
            assert isinstance(theirs, Article)
            assert theirs == mine
            assert theirs.source_path == mine.source_path
            assert dumps_article(theirs) == dumps_article(mine)
        else:
            assert str(theirs) == str(mine)
    invalid = [item for item in there if isinstance(item, NewsRecordError) and item.source.endswith("zz-invalid.md")]
    assert [(error.line, error.column, error.field) for error in invalid] == [(4, 10, "quality")]


def test_workers_share_the_loading(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """workers=2 is this process and one helper: both load records, and workers=1 starts no process."""
    import multiprocessing

    import newsrecord._load_one

    loaded_here: list[str] = []
    load_one = newsrecord._load_one.load_one

    def counting(path: str, max_size: int | None = None) -> Article | NewsRecordError:
        loaded_here.append(path)
        return load_one(path, max_size)

    monkeypatch.setattr("newsrecord._corpus.load_one", counting)  # in one process
    monkeypatch.setattr("newsrecord._pool.load_one", counting)  # the chunks the pool's parent loads itself
    monkeypatch.setattr("newsrecord._pool._CHUNK", 1)
    _house_copies(tmp_path, 200)
    loaded = iter_articles(tmp_path, workers=2)
    next(loaded)
    assert len(multiprocessing.active_children()) == 1
    assert len(list(loaded)) == 199
    assert 0 < len(loaded_here) < 200
    assert multiprocessing.active_children() == []

    loaded_here.clear()
    loaded = iter_articles(tmp_path, workers=1)
    next(loaded)
    assert multiprocessing.active_children() == []
    assert len(list(loaded)) == 199
    assert len(loaded_here) == 200


def test_a_helper_that_dies_is_an_error(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper process killed from outside stops the loop with an error that says so, not a hang."""
    import multiprocessing

    monkeypatch.setattr("newsrecord._pool._CHUNK", 1)
    _house_copies(tmp_path, 100)
    loaded = iter_articles(tmp_path, workers=2)
    next(loaded)
    (helper,) = multiprocessing.active_children()
    helper.kill()
    with pytest.raises(RuntimeError, match=r"worker process of iter_articles ended unexpectedly \(exit code -?\d+\)"):
        list(loaded)
    assert multiprocessing.active_children() == []


def test_workers_with_chunks_larger_than_a_pipe_do_not_deadlock(tmp_path: pathlib.Path) -> None:
    """A chunk of paths larger than a pipe's buffer is sent while the helper sends a larger result."""
    import subprocess
    import sys

    folder = tmp_path / ("x" * 100)
    folder.mkdir()
    _house_copies(folder, 900)
    script = (
        "import sys, newsrecord._pool as pool\n"
        "pool._CHUNK = 400  # 400 paths of over 100 characters: more than a 64 KiB pipe buffer\n"
        "from newsrecord import iter_articles\n"
        "print(sum(1 for _ in iter_articles(sys.argv[1], workers=2)))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, "900\n", "")


def test_workers_read_ahead_a_bounded_number_of_chunks(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """However slow the loop, at most workers * 4 chunks are taken ahead of the one being yielded."""
    import multiprocessing.connection

    import newsrecord._pool

    taken = 0
    chunks = newsrecord._pool._chunks

    def counted(files: Iterator[str]) -> Iterator[list[str]]:
        nonlocal taken
        for chunk in chunks(files):
            taken += 1
            yield chunk

    wait = multiprocessing.connection.wait

    def helper_always_done(connections: list[Any], timeout: float | None = None) -> list[Any]:
        """A loop slower than the helper, without a clock: each look for results (timeout 0) waits for one."""
        return wait(connections, 60 if timeout == 0 and connections else timeout)

    monkeypatch.setattr("newsrecord._pool._chunks", counted)
    monkeypatch.setattr("newsrecord._pool._CHUNK", 1)
    monkeypatch.setattr(multiprocessing.connection, "wait", helper_always_done)
    _house_copies(tmp_path, 120)
    ahead = []
    for yielded, _ in enumerate(iter_articles(tmp_path, workers=2), start=1):
        ahead.append(taken - yielded)
    assert max(ahead) <= 2 * 4
    assert taken == 120


def test_an_exception_in_a_helper_comes_through_in_order(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug while loading (not a broken record) is raised with its own type, after the records before it."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the helper sees the patched loader only when forked: not on Windows")
    import newsrecord._api

    load_state = newsrecord._api.load_state

    def buggy(path: str, max_size: int | None = None) -> Parsed:
        if path.endswith("050.md"):
            raise ZeroDivisionError("a bug while loading " + path)
        return load_state(path, max_size)

    monkeypatch.setattr("newsrecord._api.load_state", buggy)
    monkeypatch.setattr("newsrecord._pool.load_state", buggy)
    monkeypatch.setattr("newsrecord._pool._CHUNK", 3)
    real = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: real("fork"))
    _house_copies(tmp_path, 100)
    for workers in (None, 2, 3):
        loading = iter_articles(tmp_path, workers=workers)
        seen = [article.source_path for _, article in zip(range(50), loading, strict=False)]
        with pytest.raises(ZeroDivisionError, match=r"a bug while loading .*050\.md"):
            next(loading)
        assert seen == [str(tmp_path / f"{index:03d}.md") for index in range(50)]
    monkeypatch.setattr("newsrecord._pool._CHUNK", 100)  # one chunk, which goes to the helper
    with pytest.raises(ZeroDivisionError) as raised:
        list(iter_articles(tmp_path, workers=2))
    assert "in buggy" in str(raised.value.__cause__)  # the helper's traceback
    assert multiprocessing.active_children() == []


class _Unpicklable(Exception):
    """An exception that pickles but cannot be rebuilt: its __init__ wants two arguments."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")


def test_an_exception_that_cannot_cross_processes_comes_as_its_text() -> None:
    """A helper's exception that would not survive pickling is sent as a RuntimeError naming it."""
    from newsrecord._pool import _portable

    kept = ZeroDivisionError("kept")
    assert _portable(kept) is kept
    sent = _portable(_Unpicklable("lost", "type"))
    assert type(sent) is RuntimeError
    assert str(sent) == "_Unpicklable: lost type"


def test_files_and_folders_and_patterns(corpus: pathlib.Path) -> None:
    """Paths may be files or folders; the pattern picks files in folders, ** matching any depth."""
    one = next(corpus.rglob("house.md"))
    assert [a.source_path for a in iter_articles(one)] == [str(one)]
    nested = list(iter_articles(corpus, pattern="2021/**/*.md", on_error="skip"))
    assert nested
    assert all("/2021/03/" in (article.source_path or "") for article in nested)
    assert list(iter_articles(corpus, pattern="*.md")) == []  # no record sits at the top


def test_unreadable_files_are_broken_records(tmp_path: pathlib.Path) -> None:
    """A file that vanished or cannot be read counts as broken, with the reason."""
    missing = tmp_path / "gone.md"
    items = list(iter_articles(missing, on_error="collect"))
    assert len(items) == 1
    assert isinstance(items[0], NewsRecordError)
    assert "cannot read" in str(items[0])


def test_bad_arguments() -> None:
    """on_error and workers are checked."""
    with pytest.raises(ValueError, match="on_error"):
        list(iter_articles(FIXTURES, on_error="ignore"))  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="workers"):
        list(iter_articles(FIXTURES, workers=0))


def holds_timestamps(value: object) -> bool:
    if isinstance(value, dict):
        return any(holds_timestamps(item) for item in value.values())
    if isinstance(value, list):
        return any(holds_timestamps(item) for item in value)
    return isinstance(value, dt.date)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_dicts_round_trip(article: Article) -> None:
    """Dict to Article to dict is the identity, through JSON too; Article to dict to Article as well,
    except that timestamps under unknown keys come back as their ISO 8601 text."""
    data = article_to_dict(article)
    again = article_from_dict(json.loads(json.dumps(data)))
    assert article_to_dict(again) == data
    if not holds_timestamps(article.model_extra):
        assert again == article


def test_dict_form() -> None:
    """Camel-case keys, ISO 8601 timestamps with their offsets, absent keys absent, the body last."""
    article = load_article(FIXTURES / "body.md")
    data = article_to_dict(article)
    assert data == {
        "title": "A record with a Markdown body",
        "publishedDateTime": "2023-04-01T09:15:00-05:00",
        "topics": ["Markdown"],
        "body": article.body,
    }
    with pytest.raises(NewsRecordError) as caught:
        article_from_dict({"title": "t", "publishedDateTime": "yesterday"})
    assert caught.value.field == "publishedDateTime"


def test_exports(tmp_path: pathlib.Path) -> None:
    """JSON Lines, CSV and Parquet hold one row per record with the same data."""
    loaded = list(iter_articles(FIXTURES))
    jsonl, table = tmp_path / "r.jsonl", tmp_path / "r.csv"
    assert export_articles(loaded, jsonl, "jsonl") == len(loaded)
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [row.pop("sourcePath") for row in rows] == [a.source_path for a in loaded]
    assert rows == [article_to_dict(a) for a in loaded]
    assert export_articles(loaded, table, "csv") == len(loaded)
    with table.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [r["title"] for r in records] == [a.title for a in loaded]
    extras = json.loads(next(r["extra"] for r in records if r["sourcePath"].endswith("extras.md")))
    assert extras["sourceFeed"] == "rss"
    assert json.loads(next(r["topics"] for r in records if r["sourcePath"].endswith("house.md")))[0] == "Smart Cities"


def test_parquet_export(tmp_path: pathlib.Path) -> None:
    """Parquet keeps nested values typed and timestamps in UTC."""
    import pyarrow.parquet as pq

    loaded = list(iter_articles(FIXTURES))
    out = tmp_path / "r.parquet"
    assert export_articles(loaded, out, "parquet") == len(loaded)
    rows = pq.read_table(out).to_pylist()
    house = next(row for row in rows if row["sourcePath"].endswith("house.md"))
    original = next(a for a in loaded if (a.source_path or "").endswith("house.md"))
    assert house["related"][1]["provider"]["name"] == "Valley News Network"
    assert house["publishedDateTime"] == original.published_date_time
    assert house["topics"] == original.topics


def test_order_is_sorted_paths(tmp_path: pathlib.Path) -> None:
    """The walk yields exactly sorted() of the paths, even where '-' sorts before '/'."""
    for name in ("a/c.md", "a-b.md", "a.md", "a/b/z.md", "A.md", "b.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    found = list(find_records([tmp_path]))
    assert found == sorted(found)
    assert len(found) == 6


def test_workers_stop_when_an_error_is_raised(corpus: pathlib.Path) -> None:
    """With on_error="raise", the worker processes are gone once the error reaches the caller."""
    import multiprocessing

    kept: list[NewsRecordError] = []
    try:
        for _ in iter_articles(corpus, workers=2):
            pass
    except NewsRecordError as error:
        kept.append(error)
    assert kept
    assert multiprocessing.active_children() == []
