"""The fast parser: block YAML as news records are written, line by line.

It knows block mappings and sequences whose scalars each sit on one line
(plain, single- or double-quoted), comments and blank lines: the shape of every
record in real archives. Whatever else it meets (flow collections, block or
multi-line scalars, anchors, tags, tabs, odd keys, anything it is not certain
of) raises :class:`Unsure`, and the full YAML parser takes the document.
"""

from __future__ import annotations

import re

from ._resolve import UnsupportedScalar, resolve_plain, unescape_double
from ._tree import Entry, Item, Mapping, Node, Scalar, Sequence


class Unsure(Exception):
    """The document is outside what the fast parser is certain of."""


_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|\Z)")
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
    if _DOUBT.search(region) or region.count("\r") != region.count("\r\n"):
        raise Unsure
    return _Parser(region, start).parse()


class _Parser:
    __slots__ = ("content", "lines", "offsets", "position")

    def __init__(self, region: str, base: int) -> None:
        lines = region.split("\n")
        offsets: list[int] = []
        content: list[tuple[int, int]] = []
        offset = base
        for number, line in enumerate(lines):
            offsets.append(offset)
            offset += len(line) + 1
            if line.endswith("\r"):
                line = lines[number] = line[:-1]
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                continue
            indent = len(line) - len(stripped)
            if (indent == 0 and stripped[0] in "-.%" and stripped[:3] in ("---", "...")) or stripped[0] == "%":
                raise Unsure
            content.append((number, indent))
        self.lines = lines
        self.offsets = offsets
        self.content = content
        self.position = 0

    def parse(self) -> Node | None:
        if not self.content:
            return None
        number, indent = self.content[0]
        if indent != 0 or not _KEY.match(self.lines[number]):
            raise Unsure
        root = self._mapping(0, 0)
        if self.position != len(self.content):
            raise Unsure
        return root

    def _next_indent(self) -> int:
        position = self.position
        return self.content[position][1] if position < len(self.content) else -1

    def _mapping(self, column: int, depth: int) -> Mapping:
        if depth > _MAX_DEPTH:
            raise Unsure
        entries: list[Entry] = []
        seen: set[str] = set()
        lines, offsets, content = self.lines, self.offsets, self.content
        while True:
            number = content[self.position][0]
            line = lines[number]
            match = _KEY.match(line, column)
            if match is None:
                raise Unsure
            key = match.group(1)
            if key in seen or key in _NOT_STR_KEYS:
                raise Unsure
            seen.add(key)
            base = offsets[number]
            value_column = match.end()
            self.position += 1
            if value_column == len(line) or line[value_column] == "#":
                value = self._nested(base, match.end(1) + 1, column, depth)
            else:
                value = self._scalar(line, base, value_column)
            entries.append(Entry(key, base + column, value))
            next_indent = self._next_indent()
            if next_indent < column:
                break
            if next_indent > column:
                raise Unsure
        return Mapping(entries[0].key_start, entries[-1].value.end, False, entries)

    def _nested(self, base: int, after_colon: int, column: int, depth: int) -> Node:
        next_indent = self._next_indent()
        if next_indent >= column and next_indent >= 0:
            number = self.content[self.position][0]
            text = self.lines[number][next_indent:]
            is_item = text[:2] == "- " or text == "-"
            if next_indent > column:
                if is_item:
                    return self._sequence(next_indent, depth + 1)
                return self._mapping(next_indent, depth + 1)
            if is_item:
                return self._sequence(next_indent, depth + 1)
        return Scalar(base + after_colon, base + after_colon, "", None)

    def _sequence(self, column: int, depth: int) -> Sequence:
        if depth > _MAX_DEPTH:
            raise Unsure
        items: list[Item] = []
        lines, offsets, content = self.lines, self.offsets, self.content
        while True:
            number = content[self.position][0]
            line = lines[number]
            if line[column : column + 2] != "- ":
                raise Unsure
            value_column = column + 2
            while value_column < len(line) and line[value_column] == " ":
                value_column += 1
            if value_column == len(line):
                raise Unsure
            base = offsets[number]
            value: Node
            if _KEY.match(line, value_column):
                value = self._mapping(value_column, depth + 1)
            elif line[value_column] == "-" and line[value_column + 1 : value_column + 2] in (" ", ""):
                raise Unsure
            else:
                value = self._scalar(line, base, value_column)
                self.position += 1
                if self._next_indent() > column:
                    raise Unsure
            items.append(Item(base + column, value))
            next_indent = self._next_indent()
            if next_indent < column:
                break
            if next_indent > column:
                raise Unsure
            following = lines[content[self.position][0]]
            if following[column : column + 2] != "- ":
                break
        return Sequence(items[0].dash, items[-1].value.end, False, items)

    @staticmethod
    def _scalar(line: str, base: int, column: int) -> Node:
        first = line[column]
        if first in "[{" and line[column + 1 : column + 2] in "]}":
            # An empty flow collection, as written for an empty list: `topics: []`.
            closing = line[column + 1 : column + 2]
            rest = line[column + 2 :]
            if closing != ("]" if first == "[" else "}") or (rest.strip(" ") and not rest.startswith(" #")):
                raise Unsure
            if first == "[":
                return Sequence(base + column, base + column + 2, True, [])
            return Mapping(base + column, base + column + 2, True, [])
        if first == '"' or first == "'":
            match = (_DOUBLE if first == '"' else _SINGLE).match(line, column)
            if match is None:
                raise Unsure
            body = match.group(1)
            value: object
            if first == "'":
                value = body.replace("''", "'")
            elif "\\" in body:
                value = unescape_double(body)
                if value is None:
                    raise Unsure
            else:
                value = body
            end = match.end()
            rest = line[end:]
            trimmed = rest.lstrip(" ")
            if trimmed and (trimmed[0] != "#" or len(trimmed) == len(rest)):
                raise Unsure
            return Scalar(base + column, base + end, first, value)
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
        return Scalar(base + column, base + column + len(text), "", value)
