"""Many records: find them in sorted order, load them lazily, in this process or in several."""

from __future__ import annotations

import collections
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Literal, TypeVar, overload

from ._api import MAX_SIZE, load_article, load_state
from ._errors import NewsRecordError
from ._models import Article
from ._validate import Parsed, build

if TYPE_CHECKING:
    from concurrent.futures import Future

OnError = Literal["raise", "skip", "collect"]
_T = TypeVar("_T")
Loading = Generator[Article | NewsRecordError, None, None]

_CHUNK = 32
"""Paths per task sent to a worker process: large enough to amortise the round trip."""


def find_records(paths: Iterable[str | os.PathLike[str]], pattern: str = "**/*.md") -> Iterator[str]:
    r"""The record files among ``paths``: files as given, folders searched for ``pattern``, in sorted order.

    Folders are walked lazily, one folder's entries at a time (sorted by name), so
    memory does not grow with the corpus. ``**`` in the pattern matches any number
    of folders, none included. Symbolic links to folders are not followed.

    >>> import pathlib, tempfile
    >>> from newsrecord import find_records
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.md", "a/c.md", "a/notes.txt"):
    ...     (root / name).parent.mkdir(exist_ok=True)
    ...     _ = (root / name).write_text("")
    >>> [pathlib.Path(path).relative_to(root).as_posix() for path in find_records([root])]
    ['a/c.md', 'b.md']
    """
    matcher = _glob(pattern)
    for path in paths:
        top = os.fspath(path)
        if os.path.isdir(top):
            yield from _walk(top, "", matcher)
        else:
            yield top


def _walk(top: str, relative: str, matcher: re.Pattern[str]) -> Iterator[str]:
    with os.scandir(os.path.join(top, relative) if relative else top) as scan:
        # A folder sorts as its name plus "/", so the walk yields exactly sorted() of the paths.
        entries = sorted(
            scan, key=lambda entry: entry.name + "/" if entry.is_dir(follow_symlinks=False) else entry.name
        )
    for entry in entries:
        name = f"{relative}/{entry.name}" if relative else entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(top, name, matcher)
        elif entry.is_file() and matcher.fullmatch(name):
            yield os.path.join(top, name)


def _glob(pattern: str) -> re.Pattern[str]:
    """A glob with ``**`` (any folders, none included), ``*`` and ``?`` as a regular expression."""
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", pattern)
    table = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(table.get(part, re.escape(part)) for part in parts))


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
    if on_error not in ("raise", "skip", "collect"):
        raise ValueError(f"on_error must be 'raise', 'skip' or 'collect', not {on_error!r}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    files = find_records(paths, pattern)
    loaded = _load_here(files, max_size) if workers is None else _load_in_processes(files, max_size, workers)
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


def load_one(path: str, max_size: int | None = MAX_SIZE) -> Article | NewsRecordError:
    """A record, or the NewsRecordError that says why it could not be loaded (unreadable files included)."""
    return _caught(path, lambda: load_article(path, max_size=max_size))


def _caught(path: str, load: Callable[[], _T]) -> _T | NewsRecordError:
    """What ``load()`` gives, or the NewsRecordError it raised, or one for the file it could not read."""
    try:
        return load()
    except NewsRecordError as error:
        return error
    except OSError as error:
        return NewsRecordError(f"cannot read the file: {error.strerror or error}", source=path)


def _load_chunk(paths: list[str], max_size: int | None) -> list[Parsed | NewsRecordError]:
    """In a worker: each record parsed (plain data, which pickles cheaply; the parent validates it), or its error."""
    return [_caught(path, partial(load_state, path, max_size)) for path in paths]


def _load_here(files: Iterator[str], max_size: int | None) -> Loading:
    for path in files:
        yield load_one(path, max_size)


def _chunks(files: Iterator[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    for path in files:
        chunk.append(path)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _load_in_processes(files: Iterator[str], max_size: int | None, workers: int) -> Loading:
    """Load chunks in worker processes, a bounded number ahead, and yield them in order."""
    from concurrent.futures import ProcessPoolExecutor  # only pipelines with workers pay for it

    chunks = _chunks(files)
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        pending: collections.deque[Future[list[Parsed | NewsRecordError]]] = collections.deque()
        for chunk in chunks:
            pending.append(pool.submit(_load_chunk, chunk, max_size))
            if len(pending) >= workers * 4:
                break
        while pending:
            done = pending.popleft().result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(_load_chunk, following, max_size))
            for item in done:
                yield item if isinstance(item, NewsRecordError) else _caught(item.source, partial(build, item))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
