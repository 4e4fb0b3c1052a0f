"""One record from its path: the Article, or the NewsRecordError that says why there is none."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TypeVar

from ._api import MAX_SIZE, load_article
from ._errors import NewsRecordError
from ._models import Article

_T = TypeVar("_T")
Loading = Generator[Article | NewsRecordError, None, None]
"""Records loaded lazily, in order: each an Article or its error."""


def load_one(path: str, max_size: int | None = MAX_SIZE) -> Article | NewsRecordError:
    """A record, or the NewsRecordError that says why it could not be loaded (unreadable files included)."""
    return caught(path, lambda: load_article(path, max_size=max_size))


def caught(path: str, load: Callable[[], _T]) -> _T | NewsRecordError:
    """What ``load()`` gives, or the NewsRecordError it raised, or one for the file it could not read."""
    try:
        return load()
    except NewsRecordError as error:
        return error
    except OSError as error:
        return NewsRecordError(f"cannot read the file: {error.strerror or error}", source=path)
