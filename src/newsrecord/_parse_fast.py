"""The fast parser: block YAML as news records are written, line by line.

It knows block mappings and sequences whose scalars each sit on one line
(plain, single- or double-quoted), empty ``[]`` and ``{}``, comments and blank
lines: the shape of every record in real archives. Whatever else it meets
(flow collections, block or multi-line scalars, anchors, tags, tabs, odd keys,
anything it is not certain of) raises :class:`Unsure`, and the wide parser
(_parse_wide), or failing that the full YAML parser, takes the document. One
pass over the lines with a stack of open collections, no recursion; the rules
of keys, comments, plain and quoted scalars and the depth limit are _lex's.
Writing an edited record reads its tree here; loading reads here the first
record of each shape, and each shape once more to make its template (see
_parse_data).
"""

from __future__ import annotations

from ._lex import (
    COMMENT,
    DOUBLE,
    FORBIDDEN_OR_TAB,
    MAX_DEPTH,
    PLAIN_FIRST_BAD,
    SINGLE,
    Unsure,
    key_end,
    rest_is_blank,
    unescape_double,
    unquote_single,
)
from ._resolve import UnsupportedScalar, resolve_plain
from ._tree import Entry, Item, Mapping, Node, Scalar, Sequence

_Pending = tuple[Mapping, str, int, int, int]

__all__ = ["Unsure", "parse_fast", "scalar_parts"]  # Unsure is _lex's, and still found here


def parse_fast(text: str, start: int, end: int) -> Node | None:
    """The tree of ``text[start:end]``, None if it holds no node; raises Unsure."""
    # A frame is an open collection: [column, node, keys seen (mappings) or None (sequences)].
    stack: list[list[object]] = []
    root: Mapping | None = None
    # A key whose value is on the lines below: (mapping, key, key offset, offset after its colon, column).
    pending: _Pending | None = None
    offset = start
    for line in text[start:end].split("\n"):
        base = offset
        offset += len(line) + 1
        if line[-1:] == "\r":
            line = line[:-1]
        if not line.isprintable() and (FORBIDDEN_OR_TAB.search(line) or "\r" in line):
            raise Unsure  # printable lines (nearly all) are safe; the others are checked closely
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        indent = len(line) - len(stripped)
        is_item = stripped[:2] == "- " or stripped == "-"  # _lex.is_dash, inline: it runs for every line
        if pending is not None:
            _below(stack, pending, base, indent, is_item)
            pending = None
        elif root is None:
            if indent or is_item:
                raise Unsure
            root = Mapping(base, 0, False, [])
            stack.append([0, root, set()])
        # Close what this line is outside of (an indentless sequence ends at a key in its column).
        while stack and (
            stack[-1][0] > indent  # type: ignore[operator]
            or (stack[-1][0] == indent and not is_item and isinstance(stack[-1][1], Sequence))
        ):
            _close(stack.pop())
        if not stack or stack[-1][0] != indent:
            raise Unsure
        frame = stack[-1]
        if is_item:
            inner = _item(stack, frame[1], line, base, indent)
            if inner is None:
                continue
            frame = inner
        # The key, and its value on this line or below.
        column: int = frame[0]  # type: ignore[assignment]
        node = frame[1]
        if not isinstance(node, Mapping):
            raise Unsure
        colon = key_end(line[column:])
        if colon < 0:
            raise Unsure
        colon += column
        key = line[column:colon]
        seen = frame[2]
        assert isinstance(seen, set)
        if key in seen:
            raise Unsure
        seen.add(key)
        value_column = colon + 1
        while value_column < len(line) and line[value_column] == " ":
            value_column += 1
        if value_column == len(line) or line[value_column] == "#":
            pending = (node, key, base + column, base + colon + 1, column)
        else:
            node.entries.append(Entry(key, base + column, _scalar(line, base, value_column)))
    if pending is not None:
        _below(stack, pending, offset, -1, False)
    while stack:
        _close(stack.pop())
    return root


def _below(stack: list[list[object]], pending: _Pending, base: int, indent: int, is_item: bool) -> None:
    """Give the pending key its value: the collection the line at ``indent`` opens, or an empty scalar
    (``indent`` -1 for the end of the document)."""
    mapping, key, key_start, after_colon, column = pending
    if indent > column or (indent == column and is_item):
        if len(stack) >= MAX_DEPTH:
            raise Unsure
        nested: Mapping | Sequence
        if is_item:
            nested = Sequence(base + indent, 0, False, [])
            stack.append([indent, nested, None])
        else:
            nested = Mapping(base + indent, 0, False, [])
            stack.append([indent, nested, set()])
        mapping.entries.append(Entry(key, key_start, nested))
    else:
        mapping.entries.append(Entry(key, key_start, Scalar(after_colon, after_colon, "", None)))


def _item(stack: list[list[object]], node: object, line: str, base: int, indent: int) -> list[object] | None:
    """Read the item whose dash stands at ``indent``: a scalar (None), or the frame of the mapping
    whose first key follows the dash."""
    if not isinstance(node, Sequence):
        raise Unsure
    column = indent + 2
    while column < len(line) and line[column] == " ":
        column += 1
    if column >= len(line):
        raise Unsure
    if key_end(line[column:]) < 0:  # a scalar (a dash here, "- - a", is no plain scalar: Unsure)
        node.items.append(Item(base + indent, _scalar(line, base, column)))
        return None
    if len(stack) >= MAX_DEPTH:
        raise Unsure
    inner = Mapping(base + column, 0, False, [])
    node.items.append(Item(base + indent, inner))
    frame: list[object] = [column, inner, set()]
    stack.append(frame)
    return frame


def _close(frame: list[object]) -> None:
    node = frame[1]
    if isinstance(node, Mapping):
        node.end = node.entries[-1].value.end
    else:
        assert isinstance(node, Sequence)
        node.end = node.items[-1].value.end


def _scalar(line: str, base: int, column: int) -> Node:
    """The node of the one-line scalar (or empty ``[]``/``{}``) that starts at ``column``."""
    end, style, value = scalar_parts(line, column)
    if style == "[":
        return Sequence(base + column, base + end, True, [])
    if style == "{":
        return Mapping(base + column, base + end, True, [])
    return Scalar(base + column, base + end, style, value)


def scalar_parts(line: str, column: int) -> tuple[int, str, object]:
    """Where the one-line scalar at ``column`` ends, its style and its value.

    Empty flow collections, as written for empty lists, have the style ``[`` or ``{``.
    """
    first = line[column]
    if first == '"':
        close = line.find('"', column + 1)
        body = line[column + 1 : close]
        if close > 0 and "\\" not in body:
            end = close + 1
            if end < len(line):
                _check_rest(line, end)
            return end, '"', body
        match = DOUBLE.match(line, column)
        if match is None:
            raise Unsure
        unescaped = unescape_double(match.group(1))
        if unescaped is None:
            raise Unsure
        _check_rest(line, match.end())
        return match.end(), '"', unescaped
    if first == "'":
        match = SINGLE.match(line, column)
        if match is None:
            raise Unsure
        end = match.end()
        _check_rest(line, end)
        return end, "'", unquote_single(match.group(1))
    if first in "[{":
        if line[column + 1 : column + 2] != ("]" if first == "[" else "}"):
            raise Unsure
        _check_rest(line, column + 2)
        return column + 2, first, [] if first == "[" else {}
    if first in PLAIN_FIRST_BAD or (first == "-" and line[column + 1 : column + 2] in " "):  # _lex.plain_starts
        raise Unsure
    hash_at = line.find(COMMENT, column)
    text = (line[column:hash_at] if hash_at >= 0 else line[column:]).rstrip(" ")
    if ": " in text or text[-1] == ":":  # _lex.plain_holds (no " #": the comment starts there)
        raise Unsure
    try:
        value = resolve_plain(text)
    except UnsupportedScalar:
        raise Unsure from None
    return column + len(text), "", value


def _check_rest(line: str, end: int) -> None:
    """After a quoted scalar only spaces and a comment may follow."""
    if end < len(line) and not rest_is_blank(line, end):
        raise Unsure
