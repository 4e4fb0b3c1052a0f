"""Front matter to data or tree: the fast parsers when they are certain, ruamel.yaml otherwise.

Loading needs only the data; writing an edited record needs the tree with its
spans. Each comes from the fast parser when it is certain of the document.
"""

from __future__ import annotations

import contextlib

from ._errors import NewsRecordError
from ._lex import Unsure
from ._parse_data import Filled, Located, build_filled, parse_values
from ._parse_fast import parse_fast
from ._parse_wide import parse_wide
from ._resolve import UnsupportedScalar, timestamp
from ._split import Parts
from ._text import position
from ._tree import Mapping, Node, Scalar, Sequence, to_data


def parse_data(
    parts: Parts, source: str, located: list[Located] | None = None
) -> tuple[dict[str, object], frozenset[str] | None]:
    """The front matter as plain data, with every key it holds at any depth when that came for free
    (None otherwise), or a NewsRecordError saying why there is none; where a template built the data,
    where its values lie is added to ``located`` (see parse_values)."""
    data, keys = parse_filled(parts, source, located)
    if isinstance(data, Filled):
        data, read = filled_data(data, parts, source)
        keys = keys if read else None
        if not read and located:
            located.clear()  # the tree parsers read it
    return data, keys


def parse_filled(
    parts: Parts, source: str, located: list[Located] | None = None
) -> tuple[dict[str, object] | Filled, frozenset[str] | None]:
    """What parse_data reads, with the data of a record of a known shape left as its values: filled_data
    builds it, here or in another process (they cross between processes cheaper than the data)."""
    try:
        data, keys = parse_values(parts.text, parts.yaml_start, parts.yaml_end, located)
    except Unsure:
        if located:
            located.clear()  # a template made for this record could not read it: the tree parsers do
        return to_data(parse_tree(parts, source)), None  # type: ignore[return-value]
    if data is None:
        raise _empty(parts, source)
    if not isinstance(data, Filled):
        read_timestamps(data)
    return data, keys


def filled_data(filled: Filled, parts: Parts, source: str) -> tuple[dict[str, object], bool]:
    """The data of front matter left as the values of its shape (see parse_filled), and whether they
    gave it: a value the data parser is unsure of sends the front matter to the tree parsers, as
    parse_data does (the keys it holds are then not known), which may raise a NewsRecordError."""
    try:
        data = build_filled(filled)
    except Unsure:
        return to_data(parse_tree(parts, source)), False  # type: ignore[return-value]
    read_timestamps(data)
    return data, True


TIMESTAMP_KEY = "publishedDateTime"
"""The key of the timestamp fields, which may also be written as quoted strings (``"2023-08-22T10:30:00Z"``)."""


def read_timestamps(data: dict[str, object]) -> None:
    """Read the quoted timestamps of the timestamp fields (the article's and each related item's) as datetimes.

    YAML reads a quoted timestamp as a string; Jekyll and python-frontmatter take it as a date.
    A string that is no timestamp stays as it is, for validation to report.
    """
    _read_timestamp(data)
    related = data.get("related")
    if type(related) is list:
        for item in related:
            if type(item) is dict:
                _read_timestamp(item)


def _read_timestamp(mapping: dict[str, object]) -> None:
    if TIMESTAMP_KEY in mapping:
        mapping[TIMESTAMP_KEY] = _as_timestamp(mapping[TIMESTAMP_KEY])


def _as_timestamp(value: object) -> object:
    """A string's timestamp, by YAML's rules; any other value, or a string that is none, as it is."""
    if type(value) is str:
        with contextlib.suppress(UnsupportedScalar):
            return timestamp(value)
    return value


def _read_tree_timestamps(root: Mapping) -> None:
    """read_timestamps for the tree: the nodes of quoted timestamps hold datetimes, and keep their style."""
    for entry in root.entries:
        if entry.key == TIMESTAMP_KEY:
            _read_node_timestamp(entry.value)
        elif entry.key == "related" and isinstance(entry.value, Sequence):
            for item in entry.value.items:
                if isinstance(item.value, Mapping):
                    for inner in item.value.entries:
                        if inner.key == TIMESTAMP_KEY:
                            _read_node_timestamp(inner.value)


def _read_node_timestamp(node: Node) -> None:
    if isinstance(node, Scalar):
        node.value = _as_timestamp(node.value)


def parse_tree(parts: Parts, source: str) -> Mapping:
    """The front matter's root mapping with spans, or a NewsRecordError saying why there is none."""
    root: Node | None
    try:
        root = parse_fast(parts.text, parts.yaml_start, parts.yaml_end)
    except Unsure:
        try:
            root = parse_wide(parts.text, parts.yaml_start, parts.yaml_end)
        except Unsure:
            from ._parse_full import parse_full  # at its first use: most archives never need it

            root = parse_full(parts.text, parts.yaml_start, parts.yaml_end, source)
    if root is None:
        raise _empty(parts, source)
    if not isinstance(root, Mapping):
        line, column = position(parts.text, root.start)
        kind = "a list" if hasattr(root, "items") else "a single value"
        raise NewsRecordError(
            f"the front matter must be a mapping of keys to values, not {kind}",
            source=source,
            line=line,
            column=column,
        )
    _read_tree_timestamps(root)
    return root


def _empty(parts: Parts, source: str) -> NewsRecordError:
    line, _ = position(parts.text, parts.yaml_start)
    return NewsRecordError("the front matter is empty", source=source, line=line, column=1)
