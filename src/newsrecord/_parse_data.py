"""The front matter as plain data, for loading: values picked out, structure remembered.

Records of one archive share their shape (the same keys at the same indents, in
the same order) and differ in their values. One regular expression splits the
front matter into the one-line values and the rest, the shape. The first record
of a shape is parsed by the fast tree parser, with each value replaced by a
numbered placeholder, and what it builds is kept as a template: a few steps that
make the dicts and lists from the values of any record of that shape. Each value
is read by the same rules as the tree parser's (_scalar_parts). Anything the
tree parser is unsure of is unsure here too, and goes to the full parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter

from ._parse_fast import _DOUBT, Unsure, _scalar_parts, parse_fast
from ._tree import to_data

_KEY = r"[A-Za-z_][A-Za-z0-9_-]{0,1000}"
_VALUES = re.compile(rf"^( *(?:- +(?:{_KEY}: +|(?!{_KEY}:(?: |$)))|{_KEY}: +))([^ #\n].*)$", re.MULTILINE)
"""A line's one-line value after ``key: `` or ``- `` (the prefix and the value are the groups).

Keys follow _key_end's rule, so the tree parser sees a key exactly where this does; an item
``- key:`` with nothing after it has no value here, as a key with its value on the lines below."""

_SAFE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"

_KEPT = 50_000
_TEXT_KEPT = 100
"""At most this many plain values of at most this many characters are remembered, and at most
_SHAPES_KEPT shapes: a few megabytes."""
_SHAPES_KEPT = 2_000

Step = tuple["tuple[str, ...] | None", Callable[[list[object]], Sequence[object]]]
"""One dict (its keys) or list (None) of a template, and what picks its values from the values so far."""

_TEMPLATES: dict[str, tuple[Step, ...] | None] = {}
"""Templates by shape (None for an empty front matter)."""

_PLAINS: dict[str, object] = {}
"""Values of plain and single-quoted scalars seen before (``article``, ``true``, ``1280``), by their text."""


def parse_data_fast(text: str, start: int, end: int) -> dict[str, object] | None:
    """The data of ``text[start:end]`` (None if it holds no node), as parse_fast reads it; raises Unsure."""
    region = text[start:end]
    if "\r" in region:
        region = region.replace("\r\n", "\n").removesuffix("\r")  # as parse_fast ends each line
    if region.isascii():
        doubtful = bool(region.encode("ascii").translate(None, _SAFE_ASCII))
    else:
        doubtful = not region.replace("\n", " ").isprintable()
    if doubtful and (_DOUBT.search(region) or "\r" in region):
        raise Unsure  # a tab, a control character or a line break other than "\n"
    pieces = _VALUES.split(region)
    texts = pieces[2::3]
    pieces[2::3] = ["\0"] * len(texts)  # NUL cannot occur: _DOUBT refuses it
    shape = "".join(pieces)
    steps = _TEMPLATES.get(shape, ())
    if steps == ():
        steps = _template(shape, len(texts))
        if len(_TEMPLATES) >= _SHAPES_KEPT:
            _TEMPLATES.clear()
        _TEMPLATES[shape] = steps
    if steps is None:
        return None
    plains = _PLAINS
    values: list[object] = [
        text[1:-1]
        if text[0] == '"' and text.find('"', 1) == len(text) - 1 and "\\" not in text
        else plains[text]
        if text in plains
        else _plain(text)
        for text in texts
    ]
    values.append(None)
    for keys, pick in steps:
        values.append(list(pick(values)) if keys is None else dict(zip(keys, pick(values), strict=True)))
    return values[-1]  # type: ignore[return-value]


def _plain(text: str) -> object:
    """The value of a one-line scalar other than a simple double-quoted string; remembered when short."""
    value = _scalar_parts(text, 0)[2]
    if len(text) <= _TEXT_KEPT and type(value) not in (list, dict):
        if len(_PLAINS) >= _KEPT:
            _PLAINS.clear()
        _PLAINS[text] = value
    return value


def _template(shape: str, count: int) -> tuple[Step, ...] | None:
    """The steps that build a record of this shape from its ``count`` values; raises Unsure."""
    first, *rest = shape.split("\0")
    placeheld = first + "".join(f'"{index}"{after}' for index, after in enumerate(rest))
    root = parse_fast(placeheld, 0, len(placeheld))
    if root is None:
        return None
    steps: list[Step] = []
    used: set[int] = set()

    def place(node: object) -> int:
        """Where in the values the node's value will stand, adding the steps that build it."""
        if node is None:
            return count  # a key with nothing below it: the None after the values
        if isinstance(node, str) and node.isascii() and node.isdigit() and int(node) < count and int(node) not in used:
            used.add(int(node))
            return int(node)
        if isinstance(node, dict):
            steps.append((tuple(node), _picker([place(value) for value in node.values()])))
        elif isinstance(node, list):
            steps.append((None, _picker([place(item) for item in node])))
        else:
            raise Unsure  # a scalar that is not a placeholder: the split missed a value
        return count + len(steps)

    place(to_data(root))
    if len(used) != count:
        raise Unsure
    return tuple(steps)


def _picker(indices: list[int]) -> Callable[[list[object]], Sequence[object]]:
    """What picks the values at ``indices``, as a sequence, in one call."""
    if len(indices) > 1:
        return itemgetter(*indices)
    if indices:
        index = indices[0]
        return lambda values: (values[index],)
    return lambda values: ()
