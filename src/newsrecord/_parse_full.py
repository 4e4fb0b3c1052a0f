"""The full parser: any YAML, through ruamel.yaml's event stream, into the same tree.

Only events are used, never ruamel's constructors, so no tag can build an
object or call anything. Anchors, aliases, directives, unknown tags and
nesting beyond ``MAX_DEPTH`` are refused as soon as they appear.
"""

from __future__ import annotations

import re
from typing import Any

from ._errors import NewsRecordError
from ._lex import LONG_ESCAPE, MAX_DEPTH, MAX_FLOW_BRACKETS
from ._resolve import STANDARD_TAGS, UnsupportedScalar, resolve_plain, resolve_tagged
from ._text import has_lone_surrogate, line_end, line_start, position
from ._tree import Entry, Item, Mapping, Node, Scalar, Sequence, block_end, field_path

_TAG = "tag:yaml.org,2002:"


class _Refused(Exception):
    def __init__(self, message: str, offset: int, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.field = field


def parse_full(text: str, start: int, end: int, source: str) -> Node | None:
    """The tree of ``text[start:end]`` (None if empty), or a NewsRecordError."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    region = text[start:end]
    try:
        _refuse_before_parsing(region, start)
        return _build(YAML(typ="safe", pure=True).parse(region), text, start)
    except _Refused as refused:
        raise _error(refused.message, text, refused.offset, source, refused.field) from None
    except MarkedYAMLError as exc:
        context = None if exc.context_mark is None else start + exc.context_mark.index
        problem = None if exc.problem_mark is None else start + exc.problem_mark.index
        message, offset = _syntax(exc.context or "", context, exc.problem or "", problem, text)
        raise _error(message, text, offset, source) from None
    except YAMLError as exc:
        # ruamel's ReaderError: a character YAML does not allow, with its position.
        position_in_region = getattr(exc, "position", None)
        offset = start + position_in_region if isinstance(position_in_region, int) else None
        character = getattr(exc, "character", None)
        if isinstance(character, str) and len(character) == 1:
            character = ord(character)
        message = f"character U+{character:04X} is not allowed in YAML" if isinstance(character, int) else str(exc)
        raise _error(message, text, offset, source) from None
    except (ValueError, OverflowError):
        # ruamel's scanner calls chr() on a \U escape beyond U+10FFFF and lets chr()'s error through.
        escape = next((m for m in LONG_ESCAPE.finditer(region) if int(m.group(1), 16) > 0x10FFFF), None)
        if escape is None:
            raise
        message = f"the escape {escape.group()} is beyond the last Unicode character U+10FFFF"
        raise _error(message, text, start + escape.start(), source) from None


def _error(message: str, text: str, offset: int | None, source: str, field: str | None = None) -> NewsRecordError:
    if offset is None:
        return NewsRecordError(message, source=source, field=field)
    line, column = position(text, offset)
    return NewsRecordError(message, source=source, line=line, column=column, field=field)


_UNCLOSED = {"quoted scalar": "the quoted value", "flow sequence": "the '['", "flow mapping": "the '{'"}
_FOUND = re.compile(r"expected <block end>, but found '(.*)'")


def _syntax(
    context: str, at_context: int | None, problem: str, at_problem: int | None, text: str
) -> tuple[str, int | None]:
    """ruamel.yaml's syntax error in plain words, and the offset to report it at."""
    found = _FOUND.fullmatch(problem)
    if at_context is not None and ("end of stream" in problem or "<stream end>" in problem):
        # The front matter ended inside something: report where that something opened.
        what = next((name for kind, name in _UNCLOSED.items() if context.endswith(kind)), None)
        if what is not None:
            return f"YAML syntax error: {what} that starts here is never closed", at_context
        return f"YAML syntax error: {context}, and the front matter ends before it is complete", at_context
    if found is not None and at_problem is not None and at_context is not None and "block" in context:
        start = line_start(text, at_problem)
        line = text[at_problem : line_end(text, at_problem)].strip()
        token = found.group(1)
        if token in ("<block mapping start>", "?"):
            what = f"the key {line.partition(':')[0].strip()!r}"
        elif token in ("<block sequence start>", "-"):
            what = "the list item"
        else:
            what = f"the text {line[:40]!r}"
        if text[start:at_problem].strip(" "):
            return f"YAML syntax error: unexpected {what[4:]} after the end of a value", at_problem
        kind, parts = ("mapping", "keys") if "mapping" in context else ("list", "items ('-')")
        column = at_problem - start + 1
        context_line, context_column = position(text, at_context)
        if column == context_column:
            where = f"among the {parts} of the {kind} that starts on line {context_line}, where only {parts} belong"
        else:
            where = f"but the {kind} that starts on line {context_line} has its {parts} at column {context_column}"
        return f"YAML syntax error: {what} is indented to column {column}, {where}", at_problem
    if problem == "mapping values are not allowed here":
        return (
            "YAML syntax error: ': ' cannot start a key here: indent the key like the keys above it, "
            "or quote the value if the colon belongs to it",
            at_problem,
        )
    message = " ".join(part for part in (context, problem) if part) or "invalid YAML"
    return f"YAML syntax error: {message}", at_context if at_problem is None else at_problem


_DIRECTIVE = re.compile(r"^%", re.M)
_BRACKETS = re.compile(r"[\[{\]}]")


def _refuse_before_parsing(region: str, base: int) -> None:
    """Refuse what ruamel.yaml would take long over: directives, and flow nesting too deep.

    ruamel's scanner reads a whole flow collection ahead before its first event,
    in time quadratic in its depth, so the depth is counted first (roughly: a
    bracket inside a quoted string counts too, which only matters past
    ``MAX_DEPTH`` unclosed brackets).
    """
    directive = _DIRECTIVE.search(region)
    if directive:
        raise _Refused("YAML directives are not allowed in the front matter", base + directive.start())
    depth = 0
    for count, bracket in enumerate(_BRACKETS.finditer(region), 1):
        if count > MAX_FLOW_BRACKETS:
            raise _Refused(
                f"the front matter holds more than {MAX_FLOW_BRACKETS // 2} flow collections ([...] and {{...}})",
                base + bracket.start(),
            )
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_DEPTH:
            raise _Refused(f"the front matter is nested deeper than {MAX_DEPTH} levels", base + bracket.start())
        depth = max(depth, 0)


def _build(events: Any, text: str, base: int) -> Node | None:
    builder = _Builder(text, base)
    try:
        for event in events:
            builder.event(event)
    except _Refused as refused:
        if refused.field is None:
            refused.field = _path(builder.stack, builder.pending_keys)  # the field being read when it was refused
        raise
    return builder.root


class _Builder:
    """The tree built from ruamel.yaml's events, one event at a time.

    ``stack`` holds the open collections; ``pending_keys`` the entry of each whose key is read and whose
    value is not (None for a sequence, or a mapping between entries); ``seen`` each open mapping's keys.
    """

    def __init__(self, text: str, base: int) -> None:
        self.text = text
        self.base = base
        self.stack: list[Mapping | Sequence] = []
        self.pending_keys: list[Entry | None] = []
        self.seen: list[dict[str, Entry]] = []
        self.root: Node | None = None
        self.documents = 0

    def event(self, event: Any) -> None:
        kind = type(event).__name__
        offset = self.base + event.start_mark.index
        if kind == "ScalarEvent":
            _refuse_anchor(event, offset)
            self.attach(_scalar(event, self.text, self.base, offset, self.stack, self.pending_keys), offset)
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            self.open(event, kind == "MappingStartEvent", offset)
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            self.attach(self.close(event), offset)
        elif kind == "AliasEvent":
            raise _Refused("anchors and aliases are not allowed in a news record", offset)
        elif kind == "DocumentStartEvent":
            self.documents += 1
            if getattr(event, "version", None) or getattr(event, "tags", None):
                raise _Refused("YAML directives are not allowed in the front matter", offset)
            if event.explicit or self.documents > 1:
                raise _Refused(
                    "a second YAML document starts inside the front matter (the closing line must be exactly '---')",
                    offset,
                )

    def open(self, event: Any, mapping: bool, offset: int) -> None:
        """A collection starts: refuse a tag or nesting past MAX_DEPTH, and make it the innermost."""
        _refuse_anchor(event, offset)
        if event.tag is not None and str(event.tag) not in ("!", _TAG + ("map" if mapping else "seq")):
            raise _Refused(f"the tag {str(event.tag)!r} is not allowed in a news record", offset)
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(f"the front matter is nested deeper than {MAX_DEPTH} levels", offset)
        flow = bool(event.flow_style)
        self.stack.append(Mapping(offset, offset, flow, []) if mapping else Sequence(offset, offset, flow, []))
        self.pending_keys.append(None)
        self.seen.append({})

    def close(self, event: Any) -> Node:
        """The innermost collection ends: its span ends at its bracket, or at its last value."""
        node = self.stack.pop()
        self.pending_keys.pop()
        self.seen.pop()
        if node.flow:
            node.end = self.base + event.end_mark.index
        elif isinstance(node, Mapping) and node.entries:
            node.end = node.entries[-1].value.end
        elif isinstance(node, Sequence) and node.items:
            node.end = node.items[-1].value.end
        return node

    def attach(self, node: Node, offset: int) -> None:
        """Put a finished node where it belongs: the root, an item, a key, or the value of a key."""
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, Sequence):
            dash = offset if parent.flow else _dash(self.text, parent.start, node.start)
            parent.items.append(Item(dash, node))
            return
        entry = self.pending_keys[-1]
        if entry is None:
            self.key(node)
            return
        entry.value = node
        parent.entries.append(entry)
        self.pending_keys[-1] = None
        if not parent.flow and len(parent.entries) == 1:
            parent.start = entry.key_start

    def key(self, node: Node) -> None:
        """A mapping's next key: a string, not seen before in that mapping."""
        if not isinstance(node, Scalar):
            raise _Refused("a mapping key must be a plain string, not a collection", node.start)
        if not isinstance(node.value, str):
            raise _Refused(f"the key {self.text[node.start : node.end]} is not a string; quote it", node.start)
        first = self.seen[-1].get(node.value)
        if first is not None:
            first_line, _ = position(self.text, first.key_start)
            raise _Refused(
                f"duplicate key {node.value!r} (first defined on line {first_line})",
                node.start,
                field_path((*_loc(self.stack, self.pending_keys), node.value)),
            )
        self.pending_keys[-1] = self.seen[-1][node.value] = Entry(node.value, node.start, node, node.end)


def _path(stack: list[Mapping | Sequence], pending_keys: list[Entry | None]) -> str | None:
    """The dotted field path of the value being built, such as ``related[1].publishedDateTime``."""
    return field_path(_loc(stack, pending_keys)) or None


def _loc(stack: list[Mapping | Sequence], pending_keys: list[Entry | None]) -> tuple[str | int, ...]:
    loc: list[str | int] = []
    for collection, entry in zip(stack, pending_keys, strict=True):
        if isinstance(collection, Sequence):
            loc.append(len(collection.items))
        elif entry is not None:
            loc.append(entry.key)
        else:
            break
    return tuple(loc)


_DASH_PREFIX = re.compile(r"[ -]*")


def _dash(text: str, start: int, stop: int) -> int:
    """Where the ``-`` of the block sequence item whose value starts at ``stop`` stands (not a ``-`` in a comment)."""
    dash = text.rfind("-", start, stop)
    while dash > start:
        before = line_start(text, dash)
        if _DASH_PREFIX.fullmatch(text, before, dash) and text[dash + 1 : dash + 2] in (" ", "\n", "\r"):
            return dash
        dash = text.rfind("-", start, dash)
    return dash


def _refuse_anchor(event: Any, offset: int) -> None:
    if event.anchor is not None:
        raise _Refused("anchors and aliases are not allowed in a news record", offset)


def _scalar(
    event: Any,
    text: str,
    base: int,
    offset: int,
    stack: list[Mapping | Sequence],
    pending_keys: list[Entry | None],
) -> Scalar:
    style = event.style or ""
    end = base + event.end_mark.index
    raw: str = event.value
    if not style and raw == "" and stack:
        # An empty value: anchor it just past the key's colon (or the item's dash).
        parent = stack[-1]
        entry = pending_keys[-1]
        if isinstance(parent, Mapping) and entry is not None:
            colon = text.find(":", entry.value.end, offset + 1)
            if colon >= 0:
                offset = end = colon + 1
        elif isinstance(parent, Sequence) and not parent.flow:
            offset = end = _dash(text, parent.start, offset) + 1
    if style in ("|", ">"):
        end = block_end(text, offset, end)
    tag = None if event.tag is None else str(event.tag)
    try:
        if tag is None:
            value: object = raw if style else resolve_plain(raw)
        elif tag == "!" or (tag.startswith(_TAG) and tag[len(_TAG) :] in STANDARD_TAGS):
            value = resolve_tagged(tag if tag == "!" else tag[len(_TAG) :], raw)
        else:
            raise _Refused(f"the tag {tag!r} is not allowed in a news record", offset)
    except UnsupportedScalar as exc:
        raise _Refused(str(exc), offset, _path(stack, pending_keys)) from None
    if isinstance(value, str) and has_lone_surrogate(value):
        raise _Refused(
            "an escape such as \\uD800 stands for a lone surrogate, which is not a character",
            offset,
            _path(stack, pending_keys),
        )
    return Scalar(offset, end, style, value)
