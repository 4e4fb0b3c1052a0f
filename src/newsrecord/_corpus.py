"""Many records: find them in sorted order, load them lazily, in this process or in several."""

from __future__ import annotations

import collections
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Literal, NamedTuple, NoReturn, TypeVar, overload

from ._api import MAX_SIZE, check_max_size, load_article, load_state
from ._errors import NewsRecordError, type_error
from ._models import Article
from ._validate import Parsed, build

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import DefaultContext

OnError = Literal["raise", "skip", "collect"]
_T = TypeVar("_T")
Loading = Generator[Article | NewsRecordError, None, None]

_CHUNK = 32
"""Paths per task sent to a worker process: large enough to amortise the round trip."""


def find_records(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], pattern: str = "**/*.md"
) -> Iterator[str]:
    r"""The record files among ``paths``: files as given, folders searched for ``pattern``, in sorted order.

    ``paths`` is an iterable of paths, or a single path (a str or os.PathLike).

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
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one path, not the characters of one
    elif isinstance(paths, (bytes, bytearray, memoryview)) or not isinstance(paths, Iterable):
        raise type_error("find_records", "an iterable of paths, or one path (str or os.PathLike)", paths)
    if not isinstance(pattern, str):
        raise type_error("find_records", "pattern as a str such as '**/*.md'", pattern)
    return _find(paths, _glob(pattern))


def _find(paths: Iterable[str | os.PathLike[str]], matcher: re.Pattern[str]) -> Iterator[str]:
    for index, path in enumerate(paths):
        if not isinstance(path, (str, os.PathLike)):
            raise type_error("find_records", "paths as str or os.PathLike", path, f"item {index} of paths")
        top = os.fspath(path)
        if not isinstance(top, str):
            raise type_error("find_records", "paths as str or os.PathLike", top, f"item {index} of paths is bytes")
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


def _load_chunk(paths: list[str], max_size: int | None) -> list[Parsed | NewsRecordError | _Raised]:
    """In a helper: each record parsed (plain data, which pickles cheaply; the parent validates it), or its error.

    Any other exception (a bug, MemoryError) ends the chunk, sent back to be raised in its place.
    """
    items: list[Parsed | NewsRecordError | _Raised] = []
    for path in paths:
        try:
            items.append(_caught(path, partial(load_state, path, max_size)))
        except Exception as error:
            import traceback

            items.append(_Raised(_portable(error), traceback.format_exc()))
            break
    return items


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
    """Load chunks here and in ``workers - 1`` helper processes, and yield them in order.

    Each helper keeps ``_AHEAD`` chunks in hand, and this process validates what
    they send. Whenever the next chunk due is still with a helper, this process
    loads the next chunk itself: all processes stay busy, and only the helpers'
    records pay for the trip between processes. At most ``workers * 4`` chunks are
    taken ahead of the one being yielded, however slow the loop.
    """
    if workers == 1:
        yield from _load_here(files, max_size)
        return
    import multiprocessing
    from multiprocessing.connection import wait

    chunks = _chunks(files)
    limit = workers * 4
    order: collections.deque[_Slot] = collections.deque()
    helpers: dict[Connection, _Helper] = {}
    try:
        context = multiprocessing.get_context()
        ends: list[Connection] = []  # this process's pipe ends, which forked helpers must close
        for _ in range(workers - 1):
            helper = _Helper(context, max_size, ends)
            helpers[helper.results] = helper

        def feed() -> None:
            for helper in helpers.values():
                while len(helper.slots) < _AHEAD and len(order) < limit and (chunk := next(chunks, None)) is not None:
                    order.append(helper.send(chunk))

        def collect(timeout: float | None) -> None:
            for connection in wait([c for c, helper in helpers.items() if helper.slots], timeout):
                helpers[connection].receive()  # type: ignore[index]
            feed()

        feed()
        while True:
            ready = order[0].items if order else None
            if ready is not None:
                order.popleft()
                for item in ready:
                    if isinstance(item, _Raised):
                        item.raise_()
                    yield _caught(item.source, partial(build, item)) if isinstance(item, Parsed) else item
                    collect(0)
            elif len(order) < limit and (chunk := next(chunks, None)) is not None:
                slot = _Slot()
                order.append(slot)
                loaded: list[Parsed | Article | NewsRecordError | _Raised] = []
                try:
                    for path in chunk:
                        loaded.append(load_one(path, max_size))
                        collect(0)
                except Exception as error:  # raised in its turn, after the records before it
                    loaded.append(_Raised(error, None))
                slot.items = loaded
            elif order:
                collect(None)
            else:
                return
    finally:
        for helper in helpers.values():
            helper.close()
        for helper in helpers.values():
            helper.stop()


_AHEAD = 2
"""Chunks sent to each helper process and not yet received back."""


class _Slot:
    """A chunk's place in the order: its items, once loaded."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[Parsed | Article | NewsRecordError | _Raised] | None = None


class _HelperTraceback(Exception):
    """The traceback, in a helper process, of an exception it sent back (shown as its cause)."""


class _Helper:
    """A process that loads the chunks of paths it is sent, in turn, and sends back their items."""

    def __init__(self, context: DefaultContext, max_size: int | None, ends: list[Connection]) -> None:
        theirs, self.tasks = context.Pipe(duplex=False)
        self.results, their_results = context.Pipe()  # a socket pair: on Linux, room for a whole chunk's items
        ends += (self.tasks, self.results)
        inherited = tuple(ends) if context.get_start_method() == "fork" else ()
        self.process = context.Process(target=_serve, args=(theirs, their_results, inherited, max_size), daemon=True)
        self.process.start()
        theirs.close()
        their_results.close()
        self.slots: collections.deque[_Slot] = collections.deque()

    def send(self, chunk: list[str]) -> _Slot:
        """Hand the helper a chunk; its items will arrive in the slot returned."""
        try:
            self.tasks.send(chunk)
        except OSError:
            raise self._ended() from None
        slot = _Slot()
        self.slots.append(slot)
        return slot

    def receive(self) -> None:
        """Put the items of the oldest chunk handed over in its slot (they are ready)."""
        try:
            items = self.results.recv()
        except (EOFError, OSError):  # OSError: the helper ended halfway through a message
            raise self._ended() from None
        self.slots.popleft().items = items

    def _ended(self) -> RuntimeError:
        self.process.join(5)
        return RuntimeError(f"a worker process of iter_articles ended unexpectedly (exit code {self.process.exitcode})")

    def close(self) -> None:
        """Close this process's ends of the pipes: the helper sees them close and stops."""
        self.tasks.close()
        self.results.close()

    def stop(self) -> None:
        """End the helper now (it only reads files: nothing is lost) and wait for it."""
        self.process.terminate()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class _Raised(NamedTuple):
    """An exception raised while loading a chunk (not a broken record), and a helper's traceback as text."""

    error: Exception
    traceback: str | None

    def raise_(self) -> NoReturn:
        if self.traceback is not None:
            raise self.error from _HelperTraceback(self.traceback)
        raise self.error


def _serve(tasks: Connection, results: Connection, inherited: tuple[Connection, ...], max_size: int | None) -> None:
    """In a helper process: load each chunk sent and send back its items, until the parent closes its ends.

    A thread takes the chunks off the pipe as they come, so the parent never waits
    to send one while this process waits to send it results (a deadlock where pipes
    are small).
    """
    import queue
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops the helpers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the handler a forked program may have set
    for end in inherited:
        end.close()  # the parent's ends, copied by fork: the pipes must close when the parent's do
    chunks: queue.SimpleQueue[list[str] | None] = queue.SimpleQueue()

    def take() -> None:
        try:
            while True:
                chunks.put(tasks.recv())
        except (EOFError, OSError):  # the parent closed its end, or ended: no more chunks
            pass
        finally:
            chunks.put(None)

    threading.Thread(target=take, daemon=True).start()
    try:
        while (paths := chunks.get()) is not None:
            results.send(_load_chunk(paths, max_size))
    except OSError:  # the parent closed its end: it wants nothing more
        return


def _portable(error: Exception) -> Exception:
    """The exception, or a RuntimeError with its text if it would not survive pickling."""
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
