"""The process pool of iter_articles(workers=N): helper processes parse chunks of files, this process
validates what they send, loads chunks itself while it waits, and yields every record in order."""

from __future__ import annotations

import collections
import marshal
import pickle
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from ._api import load_state
from ._errors import NewsRecordError
from ._load_one import Loading, caught, load_one
from ._models import Article
from ._validate import Parsed, build

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import DefaultContext

_CHUNK = 32
"""Paths per task sent to a worker process: large enough to amortise the round trip."""

_AHEAD = 2
"""Chunks sent to each helper process and not yet received back."""

_POLL = 8
"""Records yielded or loaded here between two looks for what the helpers sent: a look costs about a
twentieth of a record's load, and a helper has a chunk in hand meanwhile."""


def load_in_processes(files: Iterator[str], max_size: int | None, workers: int) -> Loading:
    """Load chunks here and in ``workers - 1`` (at least one) helper processes, and yield them in order.

    Each helper keeps ``_AHEAD`` chunks in hand, and this process validates what
    they send. Whenever the next chunk due is still with a helper, this process
    loads the next chunk itself: all processes stay busy, and only the helpers'
    records pay for the trip between processes. At most ``workers * 4`` chunks are
    taken ahead of the one being yielded, however slow the loop.
    """
    pool = _Pool(_chunks(files), max_size, workers * 4)
    try:
        pool.start(workers - 1)
        yield from pool.items()
    finally:
        pool.stop()


def _chunks(files: Iterator[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    for path in files:
        chunk.append(path)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _HelperTraceback(Exception):
    """The traceback, in a helper process, of an exception it sent back (shown as its cause)."""


class _Raised(NamedTuple):
    """An exception raised while loading a chunk (not a broken record), and a helper's traceback as text."""

    error: Exception
    traceback: str | None

    def raise_(self) -> NoReturn:
        if self.traceback is not None:
            raise self.error from _HelperTraceback(self.traceback)
        raise self.error


Item = Parsed | Article | NewsRecordError | _Raised
"""What a chunk's slot holds for each of its paths, or for the exception that ended it."""


class _Slot:
    """A chunk's place in the order: its items, once loaded."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[Item] | None = None


class _Pool:
    """The chunks taken, in order, each loaded here or handed to a helper; and the helpers."""

    def __init__(self, chunks: Iterator[list[str]], max_size: int | None, limit: int) -> None:
        self.chunks = chunks
        self.max_size = max_size
        self.limit = limit
        """At most this many chunks are taken ahead of the one being yielded."""
        self.order: collections.deque[_Slot] = collections.deque()
        self.helpers: dict[Connection, _Helper] = {}
        self.wait: Callable[[list[Connection], float | None], list[Connection]] | None = None
        self.countdown = _POLL

    def start(self, count: int) -> None:
        """Start ``count`` helper processes."""
        import multiprocessing
        from multiprocessing.connection import wait

        self.wait = wait  # type: ignore[assignment]
        context = multiprocessing.get_context()
        ends: list[Connection] = []  # this process's pipe ends, which forked helpers must close
        for _ in range(count):
            helper = _Helper(context, self.max_size, ends)
            self.helpers[helper.results] = helper

    def items(self) -> Loading:
        """Every record's item, in order: the next chunk's once it is loaded, while this process loads
        chunks itself whenever that chunk is still with a helper, and waits when it may take no more."""
        self.feed()
        while True:
            if self.order and self.order[0].items is not None:
                yield from self.yielded(self.order.popleft().items)  # type: ignore[arg-type]
            elif len(self.order) < self.limit and (chunk := next(self.chunks, None)) is not None:
                self.load_here(chunk)
            elif self.order:
                self.collect(None)
            else:
                return

    def yielded(self, items: list[Item]) -> Loading:
        """A chunk's items as records or their errors: parsed ones validated here, an exception raised."""
        for item in items:
            if isinstance(item, _Raised):
                item.raise_()
            yield caught(item.source, partial(build, item, body_checked=True)) if isinstance(item, Parsed) else item
            self.poll()

    def load_here(self, chunk: list[str]) -> None:
        """Load a chunk in this process, in its place in the order, taking what helpers send meanwhile."""
        slot = _Slot()
        self.order.append(slot)
        loaded: list[Item] = []
        try:
            for path in chunk:
                loaded.append(load_one(path, self.max_size))
                self.poll()
        except Exception as error:  # raised in its turn, after the records before it
            loaded.append(_Raised(error, None))
        slot.items = loaded

    def feed(self) -> None:
        """Hand each helper chunks, up to _AHEAD each and ``limit`` taken in all."""
        for helper in self.helpers.values():
            while len(helper.slots) < _AHEAD and len(self.order) < self.limit:
                chunk = next(self.chunks, None)
                if chunk is None:
                    return
                self.order.append(helper.send(chunk))

    def poll(self) -> None:
        """Take what the helpers have sent, at every _POLL-th call."""
        self.countdown -= 1
        if self.countdown == 0:
            self.countdown = _POLL
            self.collect(0)

    def collect(self, timeout: float | None) -> None:
        """Take the chunks helpers have sent back (waiting up to ``timeout`` for one), and feed them more."""
        assert self.wait is not None
        for connection in self.wait([c for c, helper in self.helpers.items() if helper.slots], timeout):
            self.helpers[connection].receive()
        self.feed()

    def stop(self) -> None:
        """Close every helper's pipes (they stop on their own), then end them."""
        for helper in self.helpers.values():
            helper.close()
        for helper in self.helpers.values():
            helper.stop()


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
            message = self.results.recv_bytes()
        except (EOFError, OSError):  # OSError: the helper ended halfway through a message
            raise self._ended() from None
        self.slots.popleft().items = _decoded(message)

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
            results.send_bytes(_encoded(_load_chunk(paths, max_size)))
    except OSError:  # the parent closed its end: it wants nothing more
        return


def _load_chunk(paths: list[str], max_size: int | None) -> list[Parsed | NewsRecordError | _Raised]:
    """In a helper: each record parsed (the parent validates it), or its error.

    Any other exception (a bug, MemoryError) ends the chunk, sent back to be raised in its place.
    """
    items: list[Parsed | NewsRecordError | _Raised] = []
    for path in paths:
        try:
            items.append(caught(path, partial(load_state, path, max_size)))
        except Exception as error:
            import traceback

            items.append(_Raised(_portable(error), traceback.format_exc()))
            break
    return items


def _encoded(items: list[Parsed | NewsRecordError | _Raised]) -> bytes:
    """A chunk's items as one message: parsed records as their marshallable fields (strings and ints,
    which marshal writes and reads in a fraction of pickle's time), the rest (errors, records whose
    front matter is kept as data) pickled, each in its place."""
    fields = [item.marshallable() if isinstance(item, Parsed) else None for item in items]
    others = [item for item, field in zip(items, fields, strict=True) if field is None]
    return marshal.dumps((fields, pickle.dumps(others) if others else b""))


def _decoded(message: bytes) -> list[Item]:
    """The items of a chunk from its message (see _encoded)."""
    fields, pickled = marshal.loads(message)
    others = iter(pickle.loads(pickled) if pickled else ())
    return [next(others) if field is None else Parsed.from_marshallable(field) for field in fields]


def _portable(error: Exception) -> Exception:
    """The exception, or a RuntimeError with its text if it would not survive pickling."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
