"""Finding record files: the paths given, and folders walked lazily in sorted order, matched by a glob."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

from ._errors import type_error


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
