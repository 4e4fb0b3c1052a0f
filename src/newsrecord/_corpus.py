"""Many records: load the files found under the paths given lazily, in sorted order, in this process or in several."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Literal, overload

from ._api import MAX_SIZE, check_max_size
from ._errors import NewsRecordError, type_error
from ._find import find_records
from ._load_one import Loading, load_one
from ._models import Article
from ._pool import load_in_processes

OnError = Literal["raise", "skip", "collect"]


@overload
def iter_articles(
    *paths: str | os.PathLike[str],
    pattern: str = ...,
    workers: int | None = ...,
    on_error: Literal["raise", "skip"] = ...,
    max_size: int | None = ...,
) -> Iterator[Article]: ...


@overload
def iter_articles(
    *paths: str | os.PathLike[str],
    pattern: str = ...,
    workers: int | None = ...,
    on_error: Literal["collect"],
    max_size: int | None = ...,
) -> Iterator[Article | NewsRecordError]: ...


def iter_articles(
    *paths: str | os.PathLike[str],
    pattern: str = "**/*.md",
    workers: int | None = None,
    on_error: OnError = "raise",
    max_size: int | None = MAX_SIZE,
) -> Iterator[Article] | Iterator[Article | NewsRecordError]:
    """Load every record under ``paths`` lazily, in sorted path order, with constant memory.

    ``paths`` are files or folders (searched for ``pattern``). ``workers=N`` loads
    in N processes and keeps the order. ``on_error`` says what a broken file does:
    ``"raise"`` its NewsRecordError, ``"skip"`` it, or ``"collect"`` it (the error
    is yielded in the Article's place). A file that cannot be read counts as broken.
    Each Article knows its file: ``article.source_path``.

    >>> import pathlib, tempfile
    >>> from newsrecord import iter_articles
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.md", "a.md", "broken.md"):
    ...     _ = (folder / name).write_text(f"---\\ntitle: {name}\\npublishedDateTime: 2020-01-01T00:00:00Z\\n---\\n")
    >>> _ = (folder / "broken.md").write_text("no front matter")
    >>> [article.title for article in iter_articles(folder, on_error="skip")]
    ['a.md', 'b.md']
    >>> [type(item).__name__ for item in iter_articles(folder, on_error="collect")]
    ['Article', 'Article', 'NewsRecordError']
    """
    for index, path in enumerate(paths):
        if not isinstance(path, (str, os.PathLike)):
            hint = f"argument {index + 1}"
            if isinstance(path, (list, tuple)):
                hint += " is a list: pass paths as separate arguments, iter_articles(*paths)"
            raise type_error("iter_articles", "paths (str or os.PathLike) as its arguments", path, hint)
    if not isinstance(pattern, str):
        raise type_error("iter_articles", "pattern as a str such as '**/*.md'", pattern)
    if workers is not None and type(workers) is not int:
        raise type_error("iter_articles", "workers as an int or None", workers)
    check_max_size("iter_articles", max_size)
    if not isinstance(on_error, str):
        raise type_error("iter_articles", "on_error as 'raise', 'skip' or 'collect'", on_error)
    if on_error not in ("raise", "skip", "collect"):
        raise ValueError(f"on_error must be 'raise', 'skip' or 'collect', not {on_error!r}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    files = find_records(paths, pattern)
    loaded = _load_here(files, max_size) if workers in (None, 1) else load_in_processes(files, max_size, workers)
    return _handle_errors(loaded, on_error)


def _handle_errors(loaded: Loading, on_error: OnError) -> Iterator[Article | NewsRecordError]:
    try:
        for item in loaded:
            if isinstance(item, NewsRecordError):
                if on_error == "raise":
                    raise item
                if on_error == "skip":
                    continue
            yield item
    finally:
        loaded.close()  # workers stop now, not when the caller lets go of an error's traceback


def _load_here(files: Iterator[str], max_size: int | None) -> Loading:
    for path in files:
        yield load_one(path, max_size)
