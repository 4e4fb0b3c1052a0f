"""The wide parser: the YAML that hand-edited front matter uses, fast, in pure Python.

Beyond the house subset of _parse_fast it reads block scalars (``|`` and ``>``
with any chomping and indentation indicator, a comment on the header), flow
sequences and mappings (on one line or several, nested), plain and quoted
scalars over several lines, quoted keys, tabs inside quoted and block scalars,
the tags ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null`` and
``!!timestamp``, an explicit document end (``...``) and comments anywhere. It
builds the same tree, values and spans, as _parse_full builds from ruamel.yaml's
events; whatever it is not certain of (anchors, aliases, directives, other tags,
complex keys, empty flow values, tabs outside scalars, odd indentation) raises
:class:`Unsure`, and ruamel.yaml decides, errors included. Scalars are scanned by
ruamel.yaml's own rules (its scanner's folding, chomping and indentation), lines
at a time.
"""

from __future__ import annotations

import re

from ._lex import (
    COMMENT,
    DOUBLE,
    DOUBLE_REST,
    FLOW_INDICATORS,
    FORBIDDEN,
    INDICATOR_CLASS,
    MAX_DEPTH,
    MAX_KEY,
    PLAIN_FIRST_BAD,
    SINGLE,
    SINGLE_REST,
    Unsure,
    block_header,
    fold,
    indentation,
    is_dash,
    is_marker,
    leading_blanks,
    plain_starts,
    rest_is_blank,
    too_many_brackets,
    unescape_double,
    unquote_single,
)
from ._resolve import STANDARD_TAGS, UnsupportedScalar, resolve_plain, resolve_tagged
from ._tree import Entry, Item, Mapping, Node, Scalar, Sequence, block_end, to_data

_FLOW = re.escape(FLOW_INDICATORS)
_TAG = re.compile(f"!!({'|'.join(sorted(STANDARD_TAGS))}) +")
_FLOW_CHUNK = re.compile(f"(?:[^ \\t{_FLOW}:]|:(?=[^ \\t]))+")


def parse_wide(text: str, start: int, end: int) -> Node | None:
    """The tree of ``text[start:end]``, None if it holds no node; raises Unsure."""
    region = text[start:end]
    if not region.isprintable() and (
        FORBIDDEN.search(region) or region.count("\r") != region.count("\r\n") or "\ufeff" in region
    ):
        raise Unsure  # a BOM inside the front matter is ruamel.yaml's to place
    if too_many_brackets(region):
        raise Unsure
    return _Parser(text, start, region).document()


VALUE_DEPTH = 16
"""The deepest nesting read_value reads in a value; _parse_data leaves deeper shapes than
MAX_DEPTH - VALUE_DEPTH to the tree parsers, so that no value passes MAX_DEPTH where it stands."""


def read_value(text: str) -> object:
    """The data of the node written as ``text`` after a key's colon or a dash, its lines below indented
    deeper than that key or dash, as parse_wide reads it; raises Unsure.

    Block scalars with an indentation indicator or ``+`` chomping are left to the whole document
    (the first needs the key's column, the second the blank lines below, which ``text`` lacks), and
    so are values nested deeper than VALUE_DEPTH.

    >>> read_value(">-\\n  folded\\n  text")
    'folded text'
    """
    if text[0] in "[{":
        value = _flat_flow(text.rstrip(" "))
        if value is not None:
            return value
    parser = _Parser(text, 0, text + "\n")
    parser.relative = True
    parser.depth = MAX_DEPTH - VALUE_DEPTH
    node, last = parser.inline(0, 0, 0)
    for line in parser.lines[last + 1 :]:
        stripped = line.lstrip(" ")
        if stripped and stripped[0] != "#":
            raise Unsure
    return to_data(node)


_FLAT_ITEM = re.compile(f"[^\\s\\-{INDICATOR_CLASS}][^{_FLOW}#:\\t'\"]*")
_BRACKETS = re.escape(FLOW_INDICATORS.replace(",", ""))
_NOT_FLAT_SEQUENCE = re.compile(f"[{_BRACKETS}#:'\"\\t\\n]")
_NOT_FLAT_MAPPING = re.compile(f"[{_BRACKETS}#'\"\\t\\n]")


def _flat_flow(text: str) -> list[object] | dict[str, object] | None:
    """The data of a one-line flow collection of plain scalars without colons, as in ``[AI, Health]`` or
    ``{name: Example, domain: example.org}``, read without the parser; None for any other text."""
    opening, closing = text[0], text[-1]
    inner = text[1:-1]
    if closing != ("]" if opening == "[" else "}"):
        return None
    if (_NOT_FLAT_SEQUENCE if opening == "[" else _NOT_FLAT_MAPPING).search(inner):
        return None
    parts = inner.split(",")
    if len(parts) > 1 and not parts[-1].strip(" "):
        parts.pop()  # a trailing comma
    try:
        if opening == "[":
            items = []
            for part in parts:
                item = part.strip(" ")
                if not _FLAT_ITEM.fullmatch(item):
                    return None
                items.append(resolve_plain(item))
            return items
        mapping: dict[str, object] = {}
        for part in parts:
            key, colon, rest = part.partition(": ")
            key, rest = key.strip(" "), rest.strip(" ")
            if not colon or not _FLAT_ITEM.fullmatch(key) or not _FLAT_ITEM.fullmatch(rest) or key in mapping:
                return None
            if not isinstance(resolve_plain(key), str):
                return None
            mapping[key] = resolve_plain(rest)
        return mapping
    except UnsupportedScalar:
        return None


def _value(tag: str | None, style: str, raw: str) -> object:
    """A scalar's value from its tag, style and text (folded, unescaped); raises Unsure."""
    try:
        if tag is not None:
            return resolve_tagged(tag, raw)
        return raw if style else resolve_plain(raw)
    except UnsupportedScalar:
        raise Unsure from None


class _Parser:
    """One document's lines (without their line breaks) and where each starts in the whole text."""

    def __init__(self, text: str, start: int, region: str) -> None:
        self.text = text
        self.final_break = region.endswith("\n")
        lines = region.split("\n")
        if self.final_break:
            lines.pop()
        bases = []
        offset = start
        for index, line in enumerate(lines):
            bases.append(offset)
            offset += len(line) + 1
            if line[-1:] == "\r":
                lines[index] = line[:-1]
        self.end = start + len(region)
        self.lines = lines
        self.bases = bases
        self.count = len(lines)
        self.depth = 0
        self.relative = False  # whether only the value's own lines are here (see read_value)

    # --- lines ----------------------------------------------------------------------------------------

    def next_line(self, index: int) -> int:
        """The first line from ``index`` that holds a node, or the line count when none does."""
        lines = self.lines
        while index < self.count:
            line = lines[index]
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                index += 1
                continue
            if stripped[0] == "\t":
                raise Unsure
            if is_marker(line):
                if line[:3] == "---" or (not rest_is_blank(line, 3) and line[3:] != ""):
                    raise Unsure
                for rest in lines[index + 1 :]:
                    trimmed = rest.lstrip(" ")
                    if trimmed and trimmed[0] != "#":
                        raise Unsure
                self.count = index
                return index
            return index
        return self.count

    def offset(self, index: int, column: int) -> int:
        return self.bases[index] + column

    # --- block structure ------------------------------------------------------------------------------

    def document(self) -> Node | None:
        index = self.next_line(0)
        if index >= self.count:
            return None
        line = self.lines[index]
        if line[0] == " " or self.key(line, 0) is None:
            raise Unsure
        node, _ = self.block_mapping(index, 0)
        return node

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Unsure

    def block_mapping(self, index: int, column: int) -> tuple[Mapping, int]:
        self.enter()
        entries: list[Entry] = []
        seen: set[str] = set()
        lines = self.lines
        while True:
            line = lines[index]
            key = self.key(line, column)
            if key is None:
                raise Unsure
            value, key_end, colon = key
            if value in seen:
                raise Unsure
            seen.add(value)
            after = colon + 1
            while after < len(line) and line[after] == " ":
                after += 1
            node, last = self.value(index, after, column, self.offset(index, colon + 1), True)
            entries.append(Entry(value, self.offset(index, column), node, self.offset(index, key_end)))
            following = self.next_line(last + 1)
            if following >= self.count:
                break
            indent = indentation(lines[following])
            if indent < column:
                break
            if indent > column:
                raise Unsure
            index = following
        self.depth -= 1
        return Mapping(entries[0].key_start, entries[-1].value.end, False, entries), last

    def block_sequence(self, index: int, column: int) -> tuple[Sequence, int]:
        self.enter()
        items: list[Item] = []
        lines = self.lines
        while True:
            line = lines[index]
            if not is_dash(line, column):
                raise Unsure
            dash = self.offset(index, column)
            after = column + 1
            while after < len(line) and line[after] == " ":
                after += 1
            node: Node
            if after < len(line) and line[after] != "#":
                if is_dash(line, after):
                    raise Unsure
                if self.key(line, after) is not None:
                    node, last = self.block_mapping(index, after)
                else:
                    node, last = self.inline(index, after, column)
            else:
                following = self.next_line(index + 1)
                limit = self.offset(following, indentation(lines[following])) if following < self.count else self.end
                if "-" in self.text[dash + 1 : limit]:
                    raise Unsure  # _parse_full would take a dash in a comment below for this item's
                node, last = self.below(index, column, dash + 1, False)
            items.append(Item(dash, node))
            following = self.next_line(last + 1)
            if following >= self.count:
                break
            line = lines[following]
            indent = indentation(line)
            if indent < column:
                break
            if indent > column:
                raise Unsure
            if not is_dash(line, column):
                break
            index = following
        self.depth -= 1
        return Sequence(items[0].dash, items[-1].value.end, False, items), last

    def key(self, line: str, column: int) -> tuple[str, int, int] | None:
        """The key that starts at ``column``, where its text ends and where its colon stands, or None
        if no key starts there; raises Unsure for a key it is not certain of."""
        first = line[column]
        if first in "\"'":
            match = (DOUBLE if first == '"' else SINGLE).match(line, column)
            if match is None:
                return None
            key_end = match.end()
            colon = key_end
            while colon < len(line) and line[colon] == " ":
                colon += 1
            if colon == len(line) or line[colon] != ":":
                return None
            if (colon + 1 < len(line) and line[colon + 1] != " ") or key_end - column > MAX_KEY:
                raise Unsure
            inside = match.group(1)
            if first == "'":
                return unquote_single(inside), key_end, colon
            value = unescape_double(inside) if "\\" in inside else inside
            if value is None:
                raise Unsure
            return value, key_end, colon
        if first in "[{":
            return None  # a flow collection (as a key, the text after it is refused)
        colon = line.find(": ", column)
        if colon < 0:
            if line[-1] != ":":
                return None
            colon = len(line) - 1
        if line.find(COMMENT, column, colon) >= 0:
            return None
        text = line[column:colon].rstrip(" ")
        if (
            not text
            or first in PLAIN_FIRST_BAD  # _lex.plain_starts, inline: it runs for every key
            or (first == "-" and line[column + 1 : column + 2] in " \t")
            or "\t" in text
            or len(text) > MAX_KEY
        ):
            raise Unsure
        try:
            value = resolve_plain(text)
        except UnsupportedScalar:
            raise Unsure from None
        if not isinstance(value, str):
            raise Unsure
        return text, column + len(text), colon

    def value(self, index: int, column: int, parent: int, empty_at: int, in_mapping: bool) -> tuple[Node, int]:
        """The value after a key's colon (or a dash), from ``column`` of line ``index`` or the lines below."""
        line = self.lines[index]
        if column < len(line) and line[column] != "#":
            if line[column] == "\t":
                raise Unsure
            return self.inline(index, column, parent)
        return self.below(index, parent, empty_at, in_mapping)

    def below(self, index: int, parent: int, empty_at: int, in_mapping: bool) -> tuple[Node, int]:
        """The node on the lines below line ``index`` (the value of a key or dash of column ``parent``)."""
        following = self.next_line(index + 1)
        if following < self.count:
            line = self.lines[following]
            indent = indentation(line)
            if indent > parent:
                if is_dash(line, indent):
                    return self.block_sequence(following, indent)
                if self.key(line, indent) is not None:
                    return self.block_mapping(following, indent)
                return self.inline(following, indent, parent)
            if in_mapping and indent == parent and is_dash(line, indent):
                return self.block_sequence(following, indent)
        return Scalar(empty_at, empty_at, "", None), index

    def inline(self, index: int, column: int, parent: int) -> tuple[Node, int]:
        """The node that starts at ``column`` of line ``index`` and is no block collection; nothing but a
        comment may follow it on its last line."""
        line = self.lines[index]
        first = line[column]
        if first in "[{":
            node, last, end = self.flow(index, column)
            if not rest_is_blank(self.lines[last], end):
                raise Unsure
            return node, last
        tag = None
        start = column
        if first == "!":
            match = _TAG.match(line, column)
            if match is None or match.end() == len(line):
                raise Unsure
            tag = match.group(1)
            column = match.end()
            first = line[column]
        if first in "|>":
            raw, last, end, style = self.block_scalar(index, column, parent)
        elif first in "\"'":
            raw, last, column_end = self.quoted(index, column)
            if not rest_is_blank(self.lines[last], column_end):
                raise Unsure
            end, style = self.offset(last, column_end), first
        else:
            raw, last, column_end = self.plain(index, column, parent)
            end, style = self.offset(last, column_end), ""
        begin = self.offset(index, start)
        if style in ("|", ">"):
            end = block_end(self.text, begin, end)
        return Scalar(begin, end, style, _value(tag, style, raw)), last

    # --- scalars --------------------------------------------------------------------------------------

    def plain(self, index: int, column: int, parent: int) -> tuple[str, int, int]:
        """A block plain scalar's text (folded), its last line and the column just past it there."""
        line = self.lines[index]
        first = line[column]
        if first in PLAIN_FIRST_BAD or (first == "-" and line[column + 1 : column + 2] in " \t"):  # plain_starts
            raise Unsure
        text, commented = self.plain_line(line, column)
        pieces = [text]
        last, end = index, column + len(text)
        breaks = 0
        following = index + 1
        lines = self.lines
        while not commented and following < self.count:
            line = lines[following]
            stripped = line.lstrip(" ")
            if not stripped:
                breaks += 1
                following += 1
                continue
            if stripped[0] == "\t":
                raise Unsure
            indent = len(line) - len(stripped)
            if indent <= parent or stripped[0] == "#":
                break
            text, commented = self.plain_line(line, indent)
            if breaks:
                pieces.extend([""] * breaks)
                breaks = 0
            pieces.append(text)
            last, end = following, indent + len(text)
            following += 1
        return (fold(pieces) if len(pieces) > 1 else text), last, end

    @staticmethod
    def plain_line(line: str, column: int) -> tuple[str, bool]:
        """One line of a block plain scalar from ``column``, and whether a comment ends it."""
        comment = line.find(COMMENT, column)
        text = (line[column:comment] if comment >= 0 else line[column:]).rstrip(" ")
        if "\t" in text or ": " in text or text[-1:] == ":":  # _lex.plain_holds, inline
            raise Unsure
        return text, comment >= 0

    def quoted(self, index: int, column: int) -> tuple[str, int, int]:
        """A quoted scalar's value, its last line and the column just past its closing quote."""
        line = self.lines[index]
        double = line[column] == '"'
        match = (DOUBLE if double else SINGLE).match(line, column)
        if match is not None:
            inside = match.group(1)
            if double:
                value = unescape_double(inside) if "\\" in inside else inside
                if value is None:
                    raise Unsure
            else:
                value = unquote_single(inside)
            return value, index, match.end()
        # Over several lines: each line's text, folded as ruamel.yaml's scanner folds them.
        pieces = [line[column + 1 :]]
        rest = DOUBLE_REST if double else SINGLE_REST
        following = index + 1
        while True:
            if following >= self.count:
                raise Unsure
            line = self.lines[following]
            stripped = line.lstrip(" \t")
            if is_marker(line):
                raise Unsure
            match = rest.match(stripped)
            if match is not None:
                pieces.append(match.group(1))
                break
            pieces.append(stripped)
            following += 1
        chunks: list[str] = []
        breaks = 0  # blank lines since the last text
        escaped = False  # whether that text ended in an escaped line break
        for number, piece in enumerate(pieces):
            final = number == len(pieces) - 1
            if number and not final and not piece.strip(" \t"):
                breaks += 1
                continue
            escaped_break = False
            if not final:
                if double and (len(piece) - len(piece.rstrip("\\"))) % 2:
                    piece, escaped_break = piece[:-1], True
                else:
                    trimmed = piece.rstrip(" \t")
                    if double and trimmed != piece and (len(trimmed) - len(trimmed.rstrip("\\"))) % 2:
                        raise Unsure  # an escaped space or tab at the end of a line
                    piece = trimmed
            if double and "\\" in piece:
                unescaped = unescape_double(piece)
                if unescaped is None:
                    raise Unsure
                piece = unescaped
            elif not double:
                piece = unquote_single(piece)
            if number:
                chunks.append("\n" * breaks if breaks or escaped else " ")
            chunks.append(piece)
            breaks, escaped = 0, escaped_break
        value = "".join(chunks)
        return value, following, leading_blanks(self.lines[following]) + match.end()

    def block_scalar(self, index: int, column: int, parent: int) -> tuple[str, int, int, str]:
        """A block scalar's value, its last line, ruamel.yaml's end offset for it, and its style."""
        line = self.lines[index]
        style = line[column]
        header = block_header(line, column)
        if header is None:
            raise Unsure
        chomping, increment, position = header
        if not rest_is_blank(line, position) or (self.relative and (increment or chomping == "+")):
            raise Unsure
        lines = self.lines
        minimum = parent + 1
        following = index + 1
        if increment:
            indent = parent + increment
        else:
            while following < self.count and not lines[following].strip(" "):
                if lines[following]:
                    raise Unsure  # spaces on a blank line first: ruamel.yaml measures them against the text
                following += 1
            if following >= self.count:
                raise Unsure
            indent = indentation(lines[following])
            if indent < minimum:
                raise Unsure
            following = index + 1
        folded = style == ">"
        breaks = 0
        while following < self.count and len(lines[following]) <= indent and not lines[following].strip(" "):
            breaks += 1
            following += 1
        chunks: list[str] = []
        line_break = ""
        while following < self.count:
            line = lines[following]
            if len(line) <= indent or line[:indent].strip(" "):
                break
            if following == self.count - 1 and not self.final_break:
                raise Unsure
            if breaks:
                chunks.append("\n" * breaks)
            content = line[indent:]
            leading_non_space = content[0] not in " \t"
            chunks.append(content)
            line_break = "\n"
            following += 1
            breaks = 0
            while following < self.count and len(lines[following]) <= indent and not lines[following].strip(" "):
                breaks += 1
                following += 1
            if following < self.count and len(lines[following]) > indent and not lines[following][:indent].strip(" "):
                if folded and leading_non_space and lines[following][indent] not in " \t":
                    if not breaks:
                        chunks.append(" ")
                else:
                    chunks.append(line_break)
        if not chunks:
            raise Unsure
        if chomping != "-":
            chunks.append(line_break)
        if chomping == "+":
            chunks.append("\n" * breaks)
        end = self.bases[following] if following < self.count else self.end
        return "".join(chunks), following - 1, end, style

    # --- flow collections -----------------------------------------------------------------------------

    def flow(self, index: int, column: int) -> tuple[Node, int, int]:
        """The flow collection that opens at ``column`` of line ``index``, its last line and the column
        just past its closing bracket."""
        self.enter()
        opening = self.lines[index][column]
        closing = "]" if opening == "[" else "}"
        start = self.offset(index, column)
        items: list[Item] = []
        entries: list[Entry] = []
        seen: set[str] = set()
        index, column = self.skip(index, column + 1)
        while True:
            ch = self.lines[index][column]
            if ch == closing:
                break
            if opening == "[":
                node, index, column = self.flow_node(index, column)
                # _parse_full places a flow item's dash where its event starts: a nested collection's end.
                items.append(Item(node.start if isinstance(node, Scalar) else node.end - 1, node))
            else:
                if ch in "[{":
                    raise Unsure
                key_index = index
                key, index, column = self.flow_node(index, column)
                if index != key_index or not isinstance(key, Scalar) or not isinstance(key.value, str):
                    raise Unsure
                line = self.lines[index]
                while column < len(line) and line[column] == " ":
                    column += 1
                if line[column : column + 1] != ":" or line[column + 1 : column + 2] not in (" ", ""):
                    raise Unsure
                if key.value in seen or key.end - key.start > MAX_KEY:
                    raise Unsure
                seen.add(key.value)
                index, column = self.skip(index, column + 1)
                if self.lines[index][column] in ",}":
                    raise Unsure
                node, index, column = self.flow_node(index, column)
                entries.append(Entry(key.value, key.start, node, key.end))
            index, column = self.skip(index, column)
            ch = self.lines[index][column]
            if ch == ",":
                index, column = self.skip(index, column + 1)
            elif ch != closing:
                raise Unsure
        end = self.offset(index, column + 1)
        self.depth -= 1
        if opening == "[":
            return Sequence(start, end, True, items), index, column + 1
        return Mapping(start, end, True, entries), index, column + 1

    def skip(self, index: int, column: int) -> tuple[int, int]:
        """The next token of a flow collection from ``column`` of line ``index``, past spaces, comments
        and line breaks."""
        line = self.lines[index]
        while True:
            while column < len(line) and line[column] == " ":
                column += 1
            if column < len(line):
                ch = line[column]
                if ch == "\t" or (ch == "#" and column and line[column - 1] != " "):
                    raise Unsure
                if ch != "#":
                    return index, column
            index += 1
            if index >= self.count:
                raise Unsure
            line = self.lines[index]
            column = 0
            if is_marker(line):
                raise Unsure

    def flow_node(self, index: int, column: int) -> tuple[Node, int, int]:
        """The node inside a flow collection at ``column`` of line ``index``, where it ends (line, column)."""
        line = self.lines[index]
        first = line[column]
        if first in "[{":
            return self.flow(index, column)
        start = column
        tag = None
        if first == "!":
            match = _TAG.match(line, column)
            if match is None or match.end() == len(line):
                raise Unsure
            tag, column = match.group(1), match.end()
            first = line[column]
        if first in "\"'":
            raw, last, end = self.quoted(index, column)
            style = first
        else:
            raw, last, end = self.flow_plain(index, column)
            style = ""
        scalar = Scalar(self.offset(index, start), self.offset(last, end), style, _value(tag, style, raw))
        return scalar, last, end

    def flow_plain(self, index: int, column: int) -> tuple[str, int, int]:
        """A plain scalar inside a flow collection: its text (folded), last line and end column."""
        line = self.lines[index]
        if not plain_starts(line, column, flow=True):
            raise Unsure
        chunks: list[str] = []
        last, end = index, column
        separator = ""
        while True:
            match = _FLOW_CHUNK.match(line, column)
            if match is None:
                break
            chunks.append(separator)
            chunks.append(match.group())
            last, end = index, match.end()
            column = match.end()
            spaces = column
            while column < len(line) and line[column] == " ":
                column += 1
            if column < len(line):
                if line[column] == "#" or column == spaces:
                    break
                separator = line[spaces:column]
                continue
            # The end of the line: the scalar may go on below, folded.
            breaks = 0
            following = index + 1
            while following < self.count and not self.lines[following].strip(" "):
                breaks += 1
                following += 1
            if following >= self.count:
                break
            line = self.lines[following]
            stripped = line.lstrip(" ")
            if stripped[0] == "\t" or is_marker(line):
                raise Unsure
            if stripped[0] == "#" or not _FLOW_CHUNK.match(stripped):
                break
            index, column = following, len(line) - len(stripped)
            separator = "\n" * breaks if breaks else " "
        text = "".join(chunks)
        if not text or text[-1] == ":" or "\t" in text:
            raise Unsure
        return text, last, end
