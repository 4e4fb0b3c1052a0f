"""Patch a loaded record's text so that it holds new data, touching only what changed.

Like tomlkit, every value keeps its own source text: an unchanged value is
never rewritten, a changed scalar replaces only its own span, and added or
removed keys and items add or remove only their own lines.
"""

from __future__ import annotations

from ._errors import NewsRecordError
from ._lex import BLOCK_HEADER, comment_line, indentation
from ._models import Article
from ._record_data import same
from ._render import (
    HOUSE,
    Layout,
    Model,
    block_scalar,
    child_model,
    entry_lines,
    flow,
    item_lines,
    key_rank,
    scalar,
    starts_group,
    value_after,
)
from ._split import Parts
from ._text import BOM, line_end, line_start, newline_of
from ._tree import Entry, Item, Mapping, Node, Scalar, Sequence, to_data


def patch(parts: Parts, root: Mapping, data: dict[str, object], body: str) -> str:
    """The record's text with ``data`` as its front matter and ``body`` as its body."""
    editor = _Editor(parts, _layout(parts, root), _keeping(parts.text, root))
    editor.mapping(root, data, Article, top=True)
    if body != parts.body:
        editor.body(body)
    return editor.apply()


def patch_scalars(parts: Parts, scalars: list[tuple[Scalar, str | None, object]], body: str) -> str:
    """The record's text with each one-line scalar's new value (after its key, or None in a sequence),
    and ``body`` as its body: an edit that adds or removes nothing needs no tree, only those scalars."""
    newline = newline_of(parts.text)
    editor = _Editor(parts, HOUSE if newline == HOUSE.newline else Layout(newline=newline), set())
    for node, key, new in scalars:
        editor.value(node, new, key, 0, None, node.start)  # a one-line scalar: only its own span changes
    if body != parts.body:
        editor.body(body)
    return editor.apply()


def _layout(parts: Parts, root: Mapping) -> Layout:
    text = parts.text
    step = offset = 2
    for entry in root.entries:
        value = entry.value
        if isinstance(value, Mapping) and not value.flow:
            step = _column(text, value.start) - _column(text, entry.key_start)
        elif isinstance(value, Sequence) and not value.flow:
            offset = _column(text, value.start) - _column(text, entry.key_start)
    region = text[parts.yaml_start : parts.yaml_end]
    blanks = "\n\n" in region or "\n\r\n" in region or "\n \n" in region
    return Layout(max(step, 1), max(offset, 0), newline_of(text), blanks)


def _keeping(text: str, root: Node) -> set[int]:
    """Where the block scalars that keep their final line breaks (``|+``, ``>+``) end."""
    ends: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            stack.extend(entry.value for entry in node.entries)
        elif isinstance(node, Sequence):
            stack.extend(item.value for item in node.items)
        elif node.style in ("|", ">") and node.end > node.start and text[node.end - 1] == "\n":
            ends.add(node.end)
    return ends


def _column(text: str, offset: int) -> int:
    return offset - _indent_start(text, offset)


def _indent_start(text: str, offset: int) -> int:
    """Where the indentation of the line holding ``offset`` begins: after a BOM that opens the line."""
    start = line_start(text, offset)
    return start + 1 if text.startswith(BOM, start) else start


def _content_end(text: str, offset: int) -> int:
    """Where the line holding ``offset`` ends, before its line break."""
    end = line_end(text, offset)
    if text.endswith("\n", 0, end):
        end -= 2 if text.endswith("\r\n", 0, end) else 1
    return end


class _Editor:
    def __init__(self, parts: Parts, layout: Layout, keeping: set[int]) -> None:
        self.parts = parts
        self.text = parts.text
        self.layout = layout
        self.keeping = keeping
        """Where block scalars that keep their blank lines end: a blank line that comes to follow one joins it."""
        self.edits: list[tuple[int, int, str]] = []

    # --- the edits -----------------------------------------------------------

    def replace(self, start: int, end: int, new: str) -> None:
        if self.layout.newline != "\n":
            new = new.replace("\n", self.layout.newline)
        self.edits.append((start, end, new))

    def apply(self) -> str:
        """The text with every edit made; at one offset, insertions go before a deletion.

        Deletions may overlap where two of them claim the same blank line, and an
        insertion may fall inside a deleted stretch: it then goes where that stretch was.
        """
        pieces: list[str] = []
        cursor = 0
        order = sorted(range(len(self.edits)), key=lambda i: (self.edits[i][0], self.edits[i][1] > self.edits[i][0], i))
        for index in order:
            start, end, new = self.edits[index]
            if start < cursor:
                if new and end > start:
                    raise NewsRecordError("internal error: two edits replace the same text; please report it")
                start = min(cursor, end) if end > start else cursor
                end = max(end, start)
            pieces.append(self.text[cursor:start])
            pieces.append(new)
            cursor = max(cursor, end)
        pieces.append(self.text[cursor:])
        return "".join(pieces)

    def body(self, body: str) -> None:
        parts = self.parts
        start = parts.body_start
        separator = ""
        if start == parts.closing_end and body and (not parts.body or body.startswith(("\n", "\r\n"))):
            separator = self.layout.newline
            if not self.text.endswith("\n", 0, parts.closing_end):
                separator *= 2
        self.edits.append((start, len(self.text), separator + body))

    # --- values --------------------------------------------------------------

    def value(self, node: Node, new: object, key: str | None, column: int, model: Model, value_start: int) -> None:
        """Make ``node`` hold ``new``; ``value_start`` is just past its ``key:`` (or ``-``: key None)."""
        if same(to_data(node), new):
            return
        if isinstance(node, Scalar) and not isinstance(new, (dict, list)):
            text = scalar(new, key, node.style)
            if node.style in ("|", ">") and isinstance(new, str):
                text = self._block(node, new) or text
            if node.style in ("|", ">") or node.end > line_end(self.text, node.start) - 1:
                self._swap(node, node.start, text)  # a block or multi-line scalar: its lines below go
            else:
                self.replace(node.start, node.end, text if node.end > node.start else " " + text)
        elif not isinstance(node, Scalar) and node.flow and isinstance(new, (dict, list)):
            self.flow(node, new, key)
        elif isinstance(node, Mapping) and isinstance(new, dict) and any(entry.key in new for entry in node.entries):
            self.mapping(node, new, model)
        elif isinstance(node, Sequence) and isinstance(new, list) and new:
            self.sequence(node, new, model, value_start, key, column)
        else:
            self._swap(node, value_start, self._after(new, key, column, model))

    def _block(self, node: Scalar, new: str) -> str | None:
        """A block scalar's new text in its own style, its lines at the old lines' column; None where the
        value does not allow it, or the old header keeps its final line breaks (``|+``)."""
        text = self.text
        header_end = line_end(text, node.start)
        header = BLOCK_HEADER.search(text, node.start, header_end)
        if header is None or "+" in header.group():
            return None
        lines = text[header_end : node.end].split("\n")
        indent = next((len(line) - len(line.lstrip(" ")) for line in lines if line.strip(" \r")), None)
        return None if indent is None else block_scalar(new, node.style, indent)

    def _swap(self, node: Node, head: int, new: str) -> None:
        """Put ``new`` (a first line, then maybe lines below) in place of ``node`` from ``head`` on.

        The line of the key (or dash) keeps what follows the old value on it, such as a comment,
        and the new value's lines below it replace the old value's lines below it.
        """
        text = self.text
        head_end = line_end(text, head)
        if node.start >= head_end:  # the old value starts on a line below: nothing of it on this line
            head_stop = head
        elif not isinstance(node, Scalar) and not node.flow:  # "- key: ...": its comments are its keys'
            head_stop = _content_end(text, head)
        elif node.end < head_end:  # the old value ends on this line
            head_stop = node.end
        else:
            block = isinstance(node, Scalar) and node.style in ("|", ">")
            header = BLOCK_HEADER.search(text, node.start, head_end) if block else None
            head_stop = header.end() if header is not None else _content_end(text, head)  # keep a header's comment
        first, below, rest = new.partition("\n")
        if isinstance(node, Scalar) and node.end > head_end and text[node.end - 1] != "\n":
            # A comment after the last line of a multi-line scalar describes it: it stays, on the new line.
            tail = text[node.end : _content_end(text, node.end)]
            if comment_line(tail):
                first += tail
        if first or head_stop > head:
            self.replace(head, head_stop, first)
        old_end = self._line_end(node.end, head_end) if node.end > head_end else head_end
        if below or old_end > head_end:
            self.replace(head_end, old_end, rest + "\n" if below else "")

    def _after(self, new: object, key: str | None, column: int, model: Model) -> str:
        """The text of a whole new value after its ``key:``, or after its ``-`` when key is None."""
        if key is not None:
            return value_after(new, key, column, self.layout, model)
        return "\n".join(item_lines(new, column, self.layout, model))[column + 1 :]

    def flow(self, node: Node, new: object, key: str | None) -> None:
        """Patch a value in flow style: item by item where the shape allows, else the whole value."""
        if same(to_data(node), new):
            return
        if isinstance(node, Scalar) and not isinstance(new, (dict, list)) and node.end > node.start:
            self.replace(node.start, node.end, scalar(new, key, node.style, flow=True))
        elif isinstance(node, Sequence) and isinstance(new, list) and node.items and len(new) >= len(node.items):
            for item, value in zip(node.items, new, strict=False):
                self.flow(item.value, value, None)
            at = node.items[-1].value.end
            self.replace(at, at, "".join(", " + flow(value) for value in new[len(node.items) :]))
        elif isinstance(node, Mapping) and isinstance(new, dict) and list(new) == [e.key for e in node.entries]:
            for entry in node.entries:
                self.flow(entry.value, new[entry.key], entry.key)
        else:
            text = flow(new, key)
            self.replace(node.start, node.end, text if node.end > node.start else " " + text)

    # --- mappings ------------------------------------------------------------

    def mapping(self, node: Mapping, new: dict[str, object], model: Model, top: bool = False) -> None:
        if node.flow:
            self.flow(node, new, None)
            return
        column = _column(self.text, node.start)
        entries = node.entries
        kept = [index for index, entry in enumerate(entries) if entry.key in new]
        lead = kept[0] if kept else 0
        if lead and self._after_dash(entries[0]):
            self._move_up(entries[0], entries[lead])
        kept_end = -1  # where the lines of the last entry kept so far end
        for index, entry in enumerate(entries):
            if entry.key in new:
                colon = self.text.find(":", entry.key_end, entry.value.start + 1)
                value_start = colon + 1 if colon >= 0 else entry.value.start
                self.value(entry.value, new[entry.key], entry.key, column, child_model(model, entry.key), value_start)
                kept_end = self._line_end(entry.value.end, entry.key_start)
            elif index >= lead or not self._after_dash(entries[0]):
                self._delete_entry(entries, index, top, kept_end in self.keeping)
        existing = {entry.key for entry in entries}
        for key, value in new.items():
            if key not in existing:
                self._insert_entry(node, key, value, model, column, top)

    def _after_dash(self, entry: Entry) -> bool:
        """Whether the key shares its line with a ``- `` (the first key of a compact ``- key:`` item)."""
        return bool(self.text[_indent_start(self.text, entry.key_start) : entry.key_start].strip(" "))

    def _move_up(self, first: Entry, kept: Entry) -> None:
        """Delete the keys of a ``- key:`` item before ``kept``, which moves up onto the dash's line.

        The comment lines directly above ``kept`` describe it: they move up with it, above the dash's line.
        """
        text = self.text
        kept_line = line_start(text, kept.key_start)
        comments = self._with_comments(kept_line, kept.key_start - kept_line)
        if comments < kept_line:
            at = line_start(text, first.key_start)
            self.edits.append((at, at, text[comments:kept_line]))  # as they are: their line breaks are the file's
        self.replace(first.key_start, kept.key_start, "")

    def _delete_entry(self, entries: list[Entry], index: int, top: bool, after_keeping: bool) -> None:
        """Delete an entry with its lines; ``after_keeping``: the last entry kept before it ends in a ``|+`` scalar."""
        entry = entries[index]
        start = _indent_start(self.text, entry.key_start)
        column = entry.key_start - start
        start = self._with_comments(start, column)
        end = self._line_end(entry.value.end, entry.key_start)
        if after_keeping or start in self.keeping:  # the blank lines below would join the block scalar above
            end = self._blank_after(end)
        elif top:  # the house style's blank lines separate top-level groups: keep one between two groups
            before = self._blank_before(start)
            after = self._blank_after(end)
            if index == 0 and after > end:
                end = after
            elif before < start and (after > end or index == len(entries) - 1):
                start = before
        self.replace(start, end, "")

    def _insert_entry(self, node: Mapping, key: str, value: object, model: Model, column: int, top: bool) -> None:
        rank = key_rank(model)
        mine = rank(key)
        previous = [entry for entry in node.entries if rank(entry.key) <= mine]
        child = child_model(model, key)
        lines = entry_lines(key, value, column, self.layout, child)
        text = "\n".join(lines) + "\n"
        if previous:
            last = previous[-1]
            at = self._line_end(last.value.end, last.key_start)
            if top and self.layout.group_blanks and starts_group(key, last.key) and at not in self.keeping:
                text = "\n" + text
            self.replace(at, at, text)
            return
        first = node.entries[0]
        if self._after_dash(first):
            self.replace(first.key_start, first.key_start, text.lstrip(" ") + " " * column)
        else:
            at = self._with_comments(_indent_start(self.text, first.key_start), column)
            self.replace(at, at, text)

    # --- sequences -----------------------------------------------------------

    def sequence(
        self, node: Sequence, new: list[object], model: Model, value_start: int, key: str | None, column: int
    ) -> None:
        text = self.text
        items = node.items
        dash_column = _column(text, node.start)
        if any(text[line_start(text, item.dash) : item.dash].strip(" ") for item in items):
            # A compact "- - x" sequence: rewrite it whole.
            self._swap(node, value_start, self._after(new, key, column, model))
            return
        old = [to_data(item.value) for item in items]
        if len(old) == len(new):
            for item, value in zip(items, new, strict=True):
                self.value(item.value, value, None, dash_column, model, item.dash + 1)
            return
        # Items kept at the start and at the end stay; those in between are paired up in order,
        # and the surplus of either side is deleted or inserted: one stretch of change, in linear time.
        head = 0
        while head < min(len(old), len(new)) and same(old[head], new[head]):
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and same(old[-1 - tail], new[-1 - tail]):
            tail += 1
        old_middle = range(head, len(old) - tail)
        new_middle = range(head, len(new) - tail)
        paired = min(len(old_middle), len(new_middle))
        for offset in range(paired):
            item = items[head + offset]
            self.value(item.value, new[head + offset], None, dash_column, model, item.dash + 1)
        kept = items[head + paired - 1] if head + paired else None
        after_keeping = kept is not None and self._line_end(kept.value.end, kept.dash) in self.keeping
        for index in old_middle[paired:]:
            self._delete_item(items[index], dash_column, after_keeping)
        if len(new_middle) > paired:
            self._insert_items(items, head + paired, new[head + paired : len(new) - tail], dash_column, model)

    def _delete_item(self, item: Item, dash_column: int, after_keeping: bool) -> None:
        start = self._with_comments(line_start(self.text, item.dash), dash_column)
        end = self._line_end(item.value.end, item.dash)
        self.replace(start, self._blank_after(end) if after_keeping else end, "")

    def _insert_items(
        self, items: list[Item], at_index: int, values: list[object], dash_column: int, model: Model
    ) -> None:
        lines = [line for value in values for line in item_lines(value, dash_column, self.layout, model)]
        text = "\n".join(lines) + "\n"
        if at_index > 0:
            before = items[at_index - 1]
            at = self._line_end(before.value.end, before.dash)
        else:
            at = self._with_comments(line_start(self.text, items[0].dash), dash_column)
        self.replace(at, at, text)

    # --- lines ---------------------------------------------------------------

    def _line_end(self, end: int, floor: int) -> int:
        return line_end(self.text, max(end - 1, floor))

    def _with_comments(self, start: int, column: int) -> int:
        """Extend a block upwards over the comment lines directly above it, at its column."""
        text = self.text
        while start > self.parts.yaml_start and text[start - 1] == "\n":
            above = _indent_start(text, start - 1)  # after a BOM, which stays the first character
            line = text[above:start]
            if not comment_line(line) or indentation(line) != column:
                break
            start = above
        return start

    def _blank_before(self, start: int) -> int:
        text = self.text
        while start > self.parts.yaml_start:
            above = line_start(text, start - 1)
            if text[above:start].strip(" \r\n"):
                break
            start = above
        return start

    def _blank_after(self, end: int) -> int:
        text = self.text
        while end < self.parts.yaml_end:
            below = line_end(text, end)
            if text[end:below].strip(" \r\n"):
                break
            end = below
        return end
