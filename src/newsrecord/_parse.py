"""Front matter to tree: the fast parser when it is certain, ruamel.yaml otherwise."""

from __future__ import annotations

from ._errors import NewsRecordError
from ._parse_fast import Unsure, parse_fast
from ._parse_full import parse_full
from ._split import Parts
from ._text import position
from ._tree import Mapping


def parse(parts: Parts, source: str) -> Mapping:
    """The front matter's root mapping, or a NewsRecordError saying why there is none."""
    try:
        root = parse_fast(parts.text, parts.yaml_start, parts.yaml_end)
    except Unsure:
        root = parse_full(parts.text, parts.yaml_start, parts.yaml_end, source)
    if root is None:
        line, _ = position(parts.text, parts.yaml_start)
        raise NewsRecordError("the front matter is empty", source=source, line=line, column=1)
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
