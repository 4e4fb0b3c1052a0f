"""The front matter as a syntax tree: every node knows its span in the file.

Offsets index the whole decoded text (BOM included), so a node's source text is
``text[node.start:node.end]``. Both parsers build these nodes; the writer reads
them to patch only what changed.
"""

from __future__ import annotations

from ._lex import BLOCK_HEADER


def block_end(text: str, start: int, end: int) -> int:
    """Where the span of the block scalar at ``start`` ends: at its last character, not after the
    blank lines below it, unless its header keeps them (``|+``; a ``+`` in a comment does not)."""
    header = BLOCK_HEADER.search(text, start, text.find("\n", start))
    if header is None or "+" in header.group():
        return end
    return start + len(text[start:end].rstrip())


class Scalar:
    """A scalar: its resolved value, its style ('' plain, '"', "'", '|', '>') and span."""

    __slots__ = ("end", "start", "style", "value")

    def __init__(self, start: int, end: int, style: str, value: object) -> None:
        self.start = start
        self.end = end
        self.style = style
        self.value = value


class Entry:
    """One ``key: value`` pair of a mapping; ``key_start`` and ``key_end`` bound the key's text."""

    __slots__ = ("key", "key_end", "key_start", "value")

    def __init__(self, key: str, key_start: int, value: Node, key_end: int = -1) -> None:
        self.key = key
        self.key_start = key_start
        self.value = value
        self.key_end = key_start + len(key) if key_end < 0 else key_end


class Mapping:
    """A mapping, block or flow; ``start`` is its first key (or ``{``)."""

    __slots__ = ("end", "entries", "flow", "start")

    def __init__(self, start: int, end: int, flow: bool, entries: list[Entry]) -> None:
        self.start = start
        self.end = end
        self.flow = flow
        self.entries = entries


class Item:
    """One item of a sequence; ``dash`` is where its ``-`` stands (block style only)."""

    __slots__ = ("dash", "value")

    def __init__(self, dash: int, value: Node) -> None:
        self.dash = dash
        self.value = value


class Sequence:
    """A sequence, block or flow; ``start`` is its first ``-`` (or ``[``)."""

    __slots__ = ("end", "flow", "items", "start")

    def __init__(self, start: int, end: int, flow: bool, items: list[Item]) -> None:
        self.start = start
        self.end = end
        self.flow = flow
        self.items = items


Node = Scalar | Mapping | Sequence


def to_data(node: Node) -> object:
    """The plain Python data a node stands for (dicts, lists and scalars)."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Mapping):
        return {entry.key: to_data(entry.value) for entry in node.entries}
    return [to_data(item.value) for item in node.items]


def depth(node: Node) -> int:
    """How many collections nest in ``node`` at its deepest: 0 for a scalar, 1 for a mapping of scalars."""
    if isinstance(node, Mapping):
        return 1 + max((depth(entry.value) for entry in node.entries), default=0)
    if isinstance(node, Sequence):
        return 1 + max((depth(item.value) for item in node.items), default=0)
    return 0


def find(node: Node, path: tuple[str | int, ...]) -> tuple[Node, Entry | None, int]:
    """The deepest node along ``path``, the last entry on the way, and how many steps matched."""
    entry: Entry | None = None
    depth = 0
    for step in path:
        if isinstance(node, Mapping) and isinstance(step, str):
            match = next((e for e in node.entries if e.key == step), None)
            if match is None:
                break
            entry, node = match, match.value
        elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node.items):
            entry, node = None, node.items[step].value
        else:
            break
        depth += 1
    return node, entry, depth


def locate(node: Node, offset: int) -> tuple[str | int, ...]:
    """The path of the innermost entry or item that starts at or before ``offset`` and holds it.

    An offset between two keys belongs to the first: its value, or a comment after it.
    """
    loc: list[str | int] = []
    while True:
        steps: list[tuple[int, str | int, Node]]
        if isinstance(node, Mapping):
            steps = [(entry.key_start, entry.key, entry.value) for entry in node.entries]
        elif isinstance(node, Sequence):
            steps = [(item.dash, index, item.value) for index, item in enumerate(node.items)]
        else:
            return tuple(loc)
        before = [step for step in steps if step[0] <= offset]
        if not before or (node.flow and offset >= node.end):
            return tuple(loc)
        _, step, node = before[-1]
        loc.append(step)


def field_path(loc: tuple[str | int, ...]) -> str:
    """``('related', 1, 'webUrl')`` as ``related[1].webUrl``."""
    path = ""
    for step in loc:
        path += f"[{step}]" if isinstance(step, int) else (f".{step}" if path else step)
    return path
