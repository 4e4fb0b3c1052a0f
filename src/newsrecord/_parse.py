"""Front matter to data or tree: the fast parsers when they are certain, ruamel.yaml otherwise.

Loading needs only the data; writing an edited record needs the tree with its
spans. Each comes from the fast parser when it is certain of the document.
"""

from __future__ import annotations

from ._errors import NewsRecordError
from ._parse_data import parse_data_fast
from ._parse_fast import Unsure, parse_fast
from ._parse_full import parse_full
from ._parse_wide import parse_wide
from ._split import Parts
from ._text import position
from ._tree import Mapping, Node, to_data


def parse_data(parts: Parts, source: str) -> tuple[dict[str, object], frozenset[str] | None]:
    """The front matter as plain data, with every key it holds at any depth when that came for free
    (None otherwise), or a NewsRecordError saying why there is none."""
    try:
        data, keys = parse_data_fast(parts.text, parts.yaml_start, parts.yaml_end)
    except Unsure:
        return to_data(parse_tree(parts, source)), None  # type: ignore[return-value]
    if data is None:
        raise _empty(parts, source)
    return data, keys


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
    return root


def _empty(parts: Parts, source: str) -> NewsRecordError:
    line, _ = position(parts.text, parts.yaml_start)
    return NewsRecordError("the front matter is empty", source=source, line=line, column=1)
