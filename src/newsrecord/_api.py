"""Load and dump: the public functions, from bytes to Article and back."""

from __future__ import annotations

import io
import os
from typing import BinaryIO, Literal

from ._edit import patch, patch_scalars
from ._errors import NewsRecordError, type_error
from ._models import Article
from ._parse import parse_data, parse_tree
from ._parse_data import Located, one_line_scalars
from ._portability import fixed_text
from ._record_data import Change, changed_scalars, check_digits, holds, record_data, with_changes
from ._render import document, unwritable_field
from ._split import Parts, split
from ._text import decode, encode, position
from ._tree import Scalar, field_path, locate
from ._validate import Parsed, build, parse
from ._write import write_atomic

MAX_SIZE = 1 << 20
"""The default ``max_size``: a record larger than 1 MiB is refused, with at most its first 64 KiB read."""

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
    if not isinstance(text, (str, bytes)):
        hint = "use load_article(path) to read a file" if isinstance(text, os.PathLike) else ""
        raise type_error("loads_article", "a record's text as str or bytes", text, hint)
    if not isinstance(source, str):
        raise type_error("loads_article", "source as a str (the name used in messages)", source)
    check_max_size("loads_article", max_size)
    return build(parse(_parts(text, source, max_size), source), body_checked=isinstance(text, bytes))


def check_max_size(function: str, max_size: object) -> None:
    """Refuse a ``max_size`` that is neither an int nor None (True included)."""
    if max_size is not None and type(max_size) is not int:
        raise type_error(function, "max_size as an int or None", max_size)


def _parts(text: str | bytes, source: str, max_size: int | None) -> Parts:
    """A record's text split into its parts, after the size, encoding and NUL checks."""
    if max_size is not None and len(text) > max_size:
        raise _too_large(len(text), "bytes" if isinstance(text, bytes) else "characters", max_size, source)
    if isinstance(text, bytes):
        text = decode(text, source)
    nul = text.find("\0")
    if nul >= 0:
        line, column = position(text, nul)
        raise NewsRecordError(
            "NUL byte: this is not a text file", source=source, line=line, column=column, field=_field_at(text, nul)
        )
    return split(text, source)


def _field_at(text: str, offset: int) -> str | None:
    """The field whose line holds ``offset`` (``body`` in the body), if the record can be read without it."""
    try:
        parts = split(text, "")
        if offset >= parts.body_start:
            return "body"
        if not parts.yaml_start <= offset < parts.yaml_end:
            return None
        # The same text with the offending character (the same length) as one YAML accepts anywhere.
        readable = parts._replace(text=text[:offset] + "\ufffd" + text[offset + 1 :])
        loc = locate(parse_tree(readable, ""), offset)
        while loc and "\ufffd" in str(loc[-1]):  # the NUL is in a key: the field is the mapping's
            loc = loc[:-1]
        return field_path(loc) or None
    except NewsRecordError:
        return None


def _too_large(size: int, unit: str, max_size: int, source: str) -> NewsRecordError:
    return NewsRecordError(
        f"the record is {size} {unit} long, over the limit of {max_size} (pass max_size=None to lift it)",
        source=source,
    )


def load_article(file: PathOrFile, *, max_size: int | None = MAX_SIZE) -> Article:
    """Load an Article from a path or a binary file object.

    >>> import pathlib, tempfile
    >>> from newsrecord import load_article
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "hi.md"
    >>> _ = path.write_bytes(b"---\\ntitle: Hi\\npublishedDateTime: 2020-12-11T05:06:00Z\\n---\\n")
    >>> load_article(path).title
    'Hi'
    """
    check_max_size("load_article", max_size)
    if isinstance(file, str) and "\n" in file:
        raise type_error(
            "load_article", "a path or a binary file", file, "this str is a record's text: use loads_article"
        )
    if isinstance(file, (str, os.PathLike)):
        return build(load_state(os.fspath(file), max_size), body_checked=True)
    _check_stream("load_article", file, "read", "rb")
    name = getattr(file, "name", None)
    stream_path = name if isinstance(name, str) else None
    data = file.read(max_size + 1 if max_size is not None else -1)
    if not isinstance(data, bytes):
        raise type_error("load_article", "a binary file, whose read() gives bytes", data)
    name = stream_path or "<stream>"
    return build(parse(_parts(data, name, max_size), name, stream_path), body_checked=True)


def _check_stream(function: str, file: object, method: str, mode: str) -> None:
    """Refuse what is neither a path nor a binary file object: text streams would change the line ends."""
    takes = "a path (str or os.PathLike) or a binary file object"
    if isinstance(file, io.TextIOBase):
        hint = f"a text stream translates line ends, so CRLF would be lost: open the file in {mode!r} mode"
        raise type_error(function, takes, file, hint)
    if isinstance(file, bytes) and method == "read":
        raise type_error(function, takes, file, "for a record's bytes use loads_article")
    if not callable(getattr(file, method, None)):
        raise type_error(function, takes, file)


def load_state(path: str, max_size: int | None = MAX_SIZE) -> Parsed:
    """What load_article(path) validates, parsed: cheap to send to another process, where build() ends the load."""
    return parse(_parts(_read(path, max_size), path, max_size), path, path)


def _read(path: str, max_size: int | None) -> bytes:
    """A file's bytes; one over ``max_size`` is refused once its size is known, after 64 KiB at most."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = [os.read(descriptor, _FIRST_READ)]  # most records whole, without asking the size first
        step = _FIRST_READ
        if len(chunks[0]) == _FIRST_READ:
            size = os.fstat(descriptor).st_size
            if max_size is not None and size > max_size:
                raise _too_large(size, "bytes", max_size, path)
            step = max(size + 1 - _FIRST_READ, _FIRST_READ)  # the rest in one read, if the size holds
        while chunks[-1]:  # until the end of the file, which may have grown or come short
            chunks.append(os.read(descriptor, step))
            if max_size is not None and sum(map(len, chunks)) > max_size:
                break
        return b"".join(chunks)
    finally:
        os.close(descriptor)


_FIRST_READ = 1 << 16


def dumps_article(article: Article, *, canonical: bool = False, fix: bool = False) -> str:
    """The record's text: a loaded, unchanged Article gives back exactly its file.

    An edited Article changes only the lines whose data changed; one built in
    code, or any Article with ``canonical=True``, is written in the house style
    of the reference record. With ``fix=True``, the places that check_article
    finds are rewritten too, so that Jekyll reads what newsrecord reads, and
    every other character stays as it was.

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
    _check_article("dumps_article", article, canonical, fix)
    source = None if canonical else article._source
    name = "<new record>" if article._source is None else article._source.name
    data: dict[str, object] = {}
    found: list[Change] | Literal[False] | None = None
    fast = False
    try:
        loaded = article._loaded
        if source is not None and fix:
            fixed = fixed_text(source.text, name)
            if fixed != source.text:
                source, loaded = source._replace(text=fixed), None
        if source is not None and loaded is not None:
            found = changed_scalars(article, loaded[0], shared=True)
            if found == [] and article.body == loaded[1]:
                return source.text  # found without parsing the text again
        if source is None:
            data = record_data(article)
            check_digits(data, name)
            text = document(data, article.body)
        else:
            parts = split(source.text, name) if loaded is None else loaded[2]
            if loaded is None or found is None:  # unpickled, fixed, or sharing: the data is found by parsing the text
                found_located: list[Located] = []
                kept = parse_data(parts, name, found_located)[0]
                located = found_located[0] if found_located else None
                again = changed_scalars(article, kept)
                found = False if again is None else again  # (None cannot be: the data is new)
                if found == [] and article.body == parts.body:
                    return source.text
            else:
                kept, located = loaded[0], loaded[3]
            scalars = None if found is False else _scalars(parts, found, located)
            if found is False or scalars is None:  # keys or items added or removed, or more than one-line scalars
                data = record_data(article)
                check_digits(data, name)
                text = patch(parts, parse_tree(parts, name), data, article.body)
            else:  # each changed scalar replaces its own span: no tree needed
                fast = True
                data = with_changes(kept, found)
                check_digits(data, name, found)
                text = patch_scalars(parts, scalars, article.body)
    except NewsRecordError as exc:
        if fast:  # the field named as a patch along the tree would name it, in record_data's order
            data = record_data(article)
        field = exc.field or unwritable_field(data, exc.message)
        raise NewsRecordError(f"cannot write this record: {exc.message}", source=name, field=field) from None
    _check_round_trip(text, data, article.body, name)
    return text


def _scalars(
    parts: Parts, found: list[Change], located: Located | None
) -> list[tuple[Scalar, str | None, object]] | None:
    """Each changed scalar's node, key (None in a sequence) and new value, where all are one-line scalars
    that the split that loads the text finds again (see one_line_scalars); else None."""
    if not found:
        return []  # the body alone changed
    nodes = one_line_scalars(parts.text, parts.yaml_start, parts.yaml_end, [loc for loc, _ in found], located)
    if nodes is None:
        return None
    return [
        (node, loc[-1] if isinstance(loc[-1], str) else None, new)
        for node, (loc, new) in zip(nodes, found, strict=True)
    ]


def dump_article(article: Article, file: PathOrFile, *, canonical: bool = False, fix: bool = False) -> None:
    """Write an Article to a path (atomically) or to a binary file object; see dumps_article.

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
    _check_article("dump_article", article, canonical, fix)
    if not isinstance(file, (str, os.PathLike)):
        _check_stream("dump_article", file, "write", "wb")
    data = encode(dumps_article(article, canonical=canonical, fix=fix))
    if isinstance(file, (str, os.PathLike)):
        write_atomic(file, data)
    else:
        file.write(data)


def _check_article(function: str, article: object, canonical: object, fix: object) -> None:
    if not isinstance(article, Article):
        hint = "article_from_dict(data) makes an Article from a dict" if isinstance(article, dict) else ""
        raise type_error(function, "an Article", article, hint)
    if not isinstance(canonical, bool):
        raise type_error(function, "canonical as a bool", canonical)
    if not isinstance(fix, bool):
        raise type_error(function, "fix as a bool", fix)


def _check_round_trip(text: str, data: dict[str, object], body: str, name: str) -> None:
    """Refuse to write what would not load back equal (such as invalid model_construct data)."""
    try:
        again = loads_article(text, source=name, max_size=None)
    except NewsRecordError as exc:
        problems = "; ".join(f"{error.field or 'record'}: {error.message}" for error in exc.errors)
        raise NewsRecordError(f"refusing to write a record that would not load back: {problems}", source=name) from None
    if not holds(again, data) or again.body != body:
        raise NewsRecordError("refusing to write a record that would not load back equal", source=name)
