"""Writes never lose data: atomic replacement, kept permissions, refusal of unloadable records."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import random
import select
import signal
import stat
from collections.abc import Callable

import pytest

from newsrecord import Article, NewsRecordError, dump_article, load_article

from .conftest import fixture_bytes

UTC = dt.timezone.utc


def leftovers(folder: pathlib.Path) -> list[str]:
    """Files in the folder other than the target: temporary files would show here."""
    return sorted(path.name for path in folder.iterdir() if path.name != "record.md")


@pytest.fixture
def target(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "record.md"
    path.write_bytes(fixture_bytes("house.md"))
    return path


def test_permission_bits_are_kept(target: pathlib.Path) -> None:
    """Rewriting a file keeps its permission bits; a new file gets 0o666 less the umask."""
    target.chmod(0o640)
    article = load_article(target)
    article.quality = 1
    dump_article(article, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = target.with_name("fresh.md")
    dump_article(article, fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("failing", ["replace", "fsync", "chmod"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    target: pathlib.Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """If any step of the write fails, the old file is intact and no temporary file remains."""
    before = target.read_bytes()
    article = load_article(target)
    article.quality = 1

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="No space left"):
        dump_article(article, target)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert leftovers(target.parent) == []


def test_unloadable_records_are_refused_and_nothing_is_touched(target: pathlib.Path) -> None:
    """An Article with invalid data (model_construct) is refused with a clear error; the file is untouched."""
    before = target.read_bytes()
    bad = Article.model_construct(title="t", published_date_time=dt.datetime(2020, 1, 1, tzinfo=UTC), quality="high")
    with pytest.raises(NewsRecordError, match=r"would not load back.*quality"):
        dump_article(bad, target)
    article = load_article(target)
    article.topics.append(12)  # type: ignore[arg-type]  # an in-place edit that bypasses validation
    with pytest.raises(NewsRecordError, match=r"topics\[3\]"):
        dump_article(article, target)
    assert target.read_bytes() == before
    assert leftovers(target.parent) == []


def test_sigkill_during_writes_leaves_old_or_new_content(tmp_path: pathlib.Path) -> None:
    """Killing a writer with SIGKILL 200 times, each time just after a step of its writes picked at
    random (it announces each step on a pipe), never leaves a partial file."""
    path = tmp_path / "record.md"
    old = load_article(pathlib.Path(__file__).parent / "fixtures" / "house.md")
    new = old.model_copy(deep=True)
    new.body = "A long body.\n" * 40_000  # about half a megabyte: writes take long enough to be cut
    old_bytes = fixture_bytes("house.md")
    dump_article(new, path)
    new_bytes = path.read_bytes()
    path.write_bytes(old_bytes)
    rng = random.Random(20261126)
    outcomes = {old_bytes: 0, new_bytes: 0}
    steps = ("fdopen", "fsync", "chmod", "replace")  # each write: open, fsync, chmod, replace, fsync the folder
    for _ in range(200):
        announcements, announce = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child writes the two versions in turn, saying where it is, until it is killed
            try:
                os.close(announcements)
                for name in steps:
                    setattr(os, name, _announced(getattr(os, name), announce))
                while True:
                    os.write(announce, b"n")
                    dump_article(new, path)
                    os.write(announce, b"o")
                    dump_article(old, path)
            finally:
                os._exit(1)
        os.close(announce)
        for _ in range(rng.randrange(1, 25)):  # six steps a write, two writes a round
            ready, _, _ = select.select([announcements], [], [], 60)
            assert ready, "the writer said nothing for a minute"
            assert os.read(announcements, 1), "the writer ended by itself"
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(announcements)
        content = path.read_bytes()
        assert content in outcomes, f"a partial file of {len(content)} bytes"
        outcomes[content] += 1
    assert all(count > 0 for count in outcomes.values()), outcomes


def _announced(call: Callable[..., object], announce: int) -> Callable[..., object]:
    """``call``, which first writes a byte to the pipe ``announce``."""

    def step(*args: object, **kwargs: object) -> object:
        os.write(announce, b".")
        return call(*args, **kwargs)

    return step
