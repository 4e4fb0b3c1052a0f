"""Load and dump: the public functions, from bytes to Article and back."""

from __future__ import annotations

import os
from typing import BinaryIO

from ._edit import patch
from ._errors import NewsRecordError
from ._models import Article, record_data, same
from ._parse import parse
from ._render import document
from ._split import split
from ._text import decode, encode, position
from ._tree import to_data
from ._validate import build_article
from ._write import write_atomic

MAX_SIZE = 1 << 20
"""The default ``max_size``: a record larger than 1 MiB is refused unread."""

PathOrFile = str | os.PathLike[str] | BinaryIO


def loads_article(text: str | bytes, *, source: str = "<string>", max_size: int | None = MAX_SIZE) -> Article:
    """Load an Article from a record's text or bytes.

    ``source`` names the input in error messages. ``max_size`` (characters for
    text, bytes for bytes) refuses larger inputs; None lifts the limit.

    >>> from newsrecord import loads_article
    >>> article = loads_article("---\\ntitle: Hi\\npublishedDateTime: 2020-12-11T05:06:00Z\\n---\\n\\nBody\\n")
    >>> article.title, article.published_date_time.isoformat(), article.body
    ('Hi', '2020-12-11T05:06:00+00:00', 'Body\\n')
    """
    if max_size is not None and len(text) > max_size:
        raise NewsRecordError(
            f"the record is {len(text)} {'bytes' if isinstance(text, bytes) else 'characters'} long, "
            f"over the limit of {max_size} (pass max_size=None to lift it)",
            source=source,
        )
    if isinstance(text, bytes):
        text = decode(text, source)
    nul = text.find("\0")
    if nul >= 0:
        line, column = position(text, nul)
        raise NewsRecordError("NUL byte: this is not a text file", source=source, line=line, column=column)
    parts = split(text, source)
    root = parse(parts, source)
    return build_article(root, parts, source)


def load_article(file: PathOrFile, *, max_size: int | None = MAX_SIZE) -> Article:
    """Load an Article from a path or a binary file object.

    >>> import pathlib, tempfile
    >>> from newsrecord import load_article
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "hi.md"
    >>> _ = path.write_bytes(b"---\\ntitle: Hi\\npublishedDateTime: 2020-12-11T05:06:00Z\\n---\\n")
    >>> load_article(path).title
    'Hi'
    """
    if isinstance(file, (str, os.PathLike)):
        source = os.fspath(file)
        with open(source, "rb") as handle:
            data = handle.read(max_size + 1 if max_size is not None else -1)
    else:
        source = str(getattr(file, "name", "<stream>"))
        data = file.read(max_size + 1 if max_size is not None else -1)
    return loads_article(data, source=source, max_size=max_size)


def dumps_article(article: Article) -> str:
    """The record's text: a loaded, unchanged Article gives back exactly its file.

    An edited Article changes only the lines whose data changed; one built in
    code is written in the house style of the reference record.

    >>> from newsrecord import dumps_article, loads_article
    >>> text = "---\\ntitle: 'Hi'   # greeting\\npublishedDateTime: 2020-12-11T05:06:00Z\\nquality: 1\\n---\\n"
    >>> article = loads_article(text)
    >>> dumps_article(article) == text
    True
    >>> article.quality = 2
    >>> print(dumps_article(article), end="")
    ---
    title: 'Hi'   # greeting
    publishedDateTime: 2020-12-11T05:06:00Z
    quality: 2
    ---
    """
    data = record_data(article)
    source = article._source
    name = "<new record>" if source is None else source.name
    try:
        if source is None:
            text = document(data, article.body)
        else:
            parts = split(source.text, name)
            root = parse(parts, name)
            if same(to_data(root), data) and article.body == parts.body:
                return source.text
            text = patch(parts, root, data, article.body)
    except NewsRecordError as exc:
        raise NewsRecordError(f"cannot write this record: {exc.message}", source=name, field=exc.field) from None
    _check_round_trip(text, data, article.body, name)
    return text


def dump_article(article: Article, file: PathOrFile) -> None:
    """Write an Article to a path (atomically) or to a binary file object.

    >>> import pathlib, tempfile
    >>> from newsrecord import dump_article, load_article
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "hi.md"
    >>> _ = path.write_bytes(b"---\\ntitle: Hi\\npublishedDateTime: 2020-12-11T05:06:00Z\\n---\\n")
    >>> article = load_article(path)
    >>> article.title = "Hello"
    >>> dump_article(article, path)
    >>> path.read_text()
    '---\\ntitle: Hello\\npublishedDateTime: 2020-12-11T05:06:00Z\\n---\\n'
    """
    data = encode(dumps_article(article))
    if isinstance(file, (str, os.PathLike)):
        write_atomic(file, data)
    else:
        file.write(data)


def _check_round_trip(text: str, data: dict[str, object], body: str, name: str) -> None:
    """Refuse to write what would not load back equal (such as invalid model_construct data)."""
    try:
        again = loads_article(text, source=name, max_size=None)
    except NewsRecordError as exc:
        problems = "; ".join(f"{error.field or 'record'}: {error.message}" for error in exc.errors)
        raise NewsRecordError(f"refusing to write a record that would not load back: {problems}", source=name) from None
    if not same(record_data(again), data) or again.body != body:
        raise NewsRecordError("refusing to write a record that would not load back equal", source=name)
