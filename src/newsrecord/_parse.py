"""Front matter to data or tree: the fast parsers when they are certain, ruamel.yaml otherwise.

Loading needs only the data; writing an edited record needs the tree with its
spans. Each comes from the fast parser when it is certain of the document.
"""

from __future__ import annotations

import contextlib

from ._errors import NewsRecordError
from ._parse_data import Located, parse_data_fast
from ._parse_fast import Unsure, parse_fast
from ._parse_full import parse_full
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
    where its values lie is added to ``located`` (see parse_data_fast)."""
    try:
        data, keys = parse_data_fast(parts.text, parts.yaml_start, parts.yaml_end, located)
    except Unsure:
        return to_data(parse_tree(parts, source)), None  # type: ignore[return-value]
    if data is None:
        raise _empty(parts, source)
    read_timestamps(data)
    return data, keys


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
