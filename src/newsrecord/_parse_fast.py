"""The fast parser: block YAML as news records are written, line by line.

It knows block mappings and sequences whose scalars each sit on one line
(plain, single- or double-quoted), empty ``[]`` and ``{}``, comments and blank
lines: the shape of every record in real archives. Whatever else it meets
(flow collections, block or multi-line scalars, anchors, tags, tabs, odd keys,
anything it is not certain of) raises :class:`Unsure`, and the wide parser
(_parse_wide), or failing that the full YAML parser, takes the document. One pass over the lines with a stack of open
collections, no recursion. Writing an edited record reads its tree here; loading
reads here the first record of each shape, and each shape once more to make its
template (see _parse_data).
"""

from __future__ import annotations

import re

from ._resolve import UnsupportedScalar, resolve_plain, unescape_double
from ._tree import Entry, Item, Mapping, Node, Scalar, Sequence


class Unsure(Exception):
    """The document is outside what the fast parser is certain of."""


_NOT_STR_KEYS = frozenset(("true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"))
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_PLAIN_FIRST_BAD = frozenset("[]{}#&*!|>'\"%@`,?:")
# Tabs, characters YAML forbids, and NEL/LS/PS (line breaks to YAML, not to str.split("\n")).
_DOUBT = re.compile(r"[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_MAX_DEPTH = 64


def parse_fast(text: str, start: int, end: int) -> Node | None:
    """The tree of ``text[start:end]``, None if it holds no node; raises Unsure."""
    region = text[start:end]
    # A frame is an open collection: [column, node, keys seen (mappings) or None (sequences)].
    stack: list[list[object]] = []
    root: Mapping | None = None
    # A key whose value is on the lines below: (mapping, key, key offset, offset after its colon, column).
    pending: tuple[Mapping, str, int, int, int] | None = None
    offset = start
    for line in region.split("\n"):
        base = offset
        offset += len(line) + 1
        if line[-1:] == "\r":
            line = line[:-1]
        if not line.isprintable() and (_DOUBT.search(line) or "\r" in line):
            raise Unsure  # printable lines (nearly all) are safe; the others are checked closely
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        indent = len(line) - len(stripped)
        is_item = stripped[:2] == "- " or stripped == "-"
        if pending is not None:
            mapping, key, key_start, after_colon, column = pending
            pending = None
            if indent > column or (indent == column and is_item):
                if len(stack) > _MAX_DEPTH:
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
        node = frame[1]
        if is_item:
            if not isinstance(node, Sequence):
                raise Unsure
            column = indent + 2
            while column < len(line) and line[column] == " ":
                column += 1
            if column >= len(line):
                raise Unsure
            if _key_end(line[column:]) < 0:
                if line[column] == "-" and line[column + 1 : column + 2] in (" ", ""):
                    raise Unsure
                node.items.append(Item(base + indent, _scalar(line, base, column)))
                continue
            if len(stack) > _MAX_DEPTH:
                raise Unsure
            inner = Mapping(base + column, 0, False, [])
            node.items.append(Item(base + indent, inner))
            frame = [column, inner, set()]
            stack.append(frame)
            node = inner
        else:
            column = indent
        if not isinstance(node, Mapping):
            raise Unsure
        key_end = _key_end(line[column:])
        if key_end < 0:
            raise Unsure
        colon = column + key_end
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
        mapping, key, key_start, after_colon, _ = pending
        mapping.entries.append(Entry(key, key_start, Scalar(after_colon, after_colon, "", None)))
    while stack:
        _close(stack.pop())
    return root


def _key_end(text: str) -> int:
    """Where the colon of a plain ``key:`` at the start of ``text`` stands, or -1 if there is none.

    Keys are ``[A-Za-z_][A-Za-z0-9_-]*`` followed by ``:`` and a space or the end, not a word YAML
    reads as a boolean or null, and at most 1,001 characters (YAML allows 1,024 for an implicit key;
    longer ones are left to ruamel.yaml to refuse).
    """
    colon = text.find(":", 0, 1002)
    if colon <= 0 or (colon + 1 < len(text) and text[colon + 1] != " "):
        return -1
    key = text[:colon]
    if not (key.isascii() and key.replace("-", "_").isidentifier()) or key[0] == "-" or key in _NOT_STR_KEYS:
        return -1
    return colon


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
        match = _DOUBLE.match(line, column)
        if match is None:
            raise Unsure
        unescaped = unescape_double(match.group(1))
        if unescaped is None:
            raise Unsure
        _check_rest(line, match.end())
        return match.end(), '"', unescaped
    if first == "'":
        match = _SINGLE.match(line, column)
        if match is None:
            raise Unsure
        end = match.end()
        _check_rest(line, end)
        return end, "'", match.group(1).replace("''", "'")
    if first in "[{":
        if line[column + 1 : column + 2] != ("]" if first == "[" else "}"):
            raise Unsure
        _check_rest(line, column + 2)
        return column + 2, first, [] if first == "[" else {}
    if first in _PLAIN_FIRST_BAD or (first == "-" and line[column + 1 : column + 2] in (" ", "")):
        raise Unsure
    hash_at = line.find(" #", column)
    text = (line[column:hash_at] if hash_at >= 0 else line[column:]).rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise Unsure
    try:
        value = resolve_plain(text)
    except UnsupportedScalar:
        raise Unsure from None
    return column + len(text), "", value


def _check_rest(line: str, end: int) -> None:
    """After a quoted scalar only spaces and a comment may follow."""
    if end < len(line):
        rest = line[end:]
        trimmed = rest.lstrip(" ")
        if trimmed and (trimmed[0] != "#" or len(trimmed) == len(rest)):
            raise Unsure
