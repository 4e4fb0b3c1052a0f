"""The full parser: any YAML, through ruamel.yaml's event stream, into the same tree.

Only events are used, never ruamel's constructors, so no tag can build an
object or call anything. Anchors, aliases, directives, unknown tags and
nesting beyond ``MAX_DEPTH`` are refused as soon as they appear.
"""

from __future__ import annotations

import re
from typing import Any

from ._errors import NewsRecordError
from ._resolve import UnsupportedScalar, resolve_plain, timestamp
from ._text import has_lone_surrogate, position
from ._tree import Entry, Item, Mapping, Node, Scalar, Sequence, field_path

MAX_DEPTH = 100
MAX_FLOW_BRACKETS = 2_000
"""ruamel's scanner costs grow with each flow collection's depth; a news record holds a few."""
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
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        offset = None if mark is None else start + mark.index
        raise _error(f"YAML syntax error: {message}", text, offset, source) from None
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
        escape = next((m for m in _LONG_ESCAPE.finditer(region) if int(m.group(1), 16) > 0x10FFFF), None)
        if escape is None:
            raise
        message = f"the escape {escape.group()} is beyond the last Unicode character U+10FFFF"
        raise _error(message, text, start + escape.start(), source) from None


_LONG_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _error(message: str, text: str, offset: int | None, source: str, field: str | None = None) -> NewsRecordError:
    if offset is None:
        return NewsRecordError(message, source=source, field=field)
    line, column = position(text, offset)
    return NewsRecordError(message, source=source, line=line, column=column, field=field)


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
    stack: list[Mapping | Sequence] = []
    pending_keys: list[Entry | None] = []
    seen: list[dict[str, Entry]] = []  # each open mapping's keys, for duplicates
    root: Node | None = None
    documents = 0
    for event in events:
        kind = type(event).__name__
        offset = base + event.start_mark.index
        node: Node
        if kind == "ScalarEvent":
            _refuse_anchor(event, offset)
            node = _scalar(event, text, base, offset, stack, pending_keys)
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            _refuse_anchor(event, offset)
            collection_tag = "map" if kind == "MappingStartEvent" else "seq"
            if event.tag is not None and str(event.tag) != _TAG + collection_tag:
                raise _Refused(f"the tag {str(event.tag)!r} is not allowed in a news record", offset)
            if len(stack) >= MAX_DEPTH:
                raise _Refused(f"the front matter is nested deeper than {MAX_DEPTH} levels", offset)
            flow = bool(event.flow_style)
            collection: Mapping | Sequence
            if kind == "MappingStartEvent":
                collection = Mapping(offset, offset, flow, [])
            else:
                collection = Sequence(offset, offset, flow, [])
            stack.append(collection)
            pending_keys.append(None)
            seen.append({})
            continue
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            node = stack.pop()
            pending_keys.pop()
            seen.pop()
            if node.flow:
                node.end = base + event.end_mark.index
            elif isinstance(node, Mapping) and node.entries:
                node.end = node.entries[-1].value.end
            elif isinstance(node, Sequence) and node.items:
                node.end = node.items[-1].value.end
        elif kind == "AliasEvent":
            raise _Refused("anchors and aliases are not allowed in a news record", offset)
        elif kind == "DocumentStartEvent":
            documents += 1
            if getattr(event, "version", None) or getattr(event, "tags", None):
                raise _Refused("YAML directives are not allowed in the front matter", offset)
            if event.explicit or documents > 1:
                raise _Refused(
                    "a second YAML document starts inside the front matter (the closing line must be exactly '---')",
                    offset,
                )
            continue
        else:
            continue
        if not stack:
            root = node
            continue
        parent = stack[-1]
        if isinstance(parent, Sequence):
            dash = offset if parent.flow else text.rfind("-", parent.start, node.start)
            parent.items.append(Item(dash, node))
            continue
        entry = pending_keys[-1]
        if entry is None:
            if not isinstance(node, Scalar):
                raise _Refused("a mapping key must be a plain string, not a collection", node.start)
            if not isinstance(node.value, str):
                raise _Refused(
                    f"the key {text[node.start : node.end]} is not a string; quote it",
                    node.start,
                )
            first = seen[-1].get(node.value)
            if first is not None:
                first_line, _ = position(text, first.key_start)
                raise _Refused(f"duplicate key {node.value!r} (first defined on line {first_line})", node.start)
            key_entry = Entry(node.value, node.start, node, node.end)
            pending_keys[-1] = seen[-1][node.value] = key_entry
        else:
            entry.value = node
            parent.entries.append(entry)
            pending_keys[-1] = None
            if not parent.flow and len(parent.entries) == 1:
                parent.start = entry.key_start
    return root


def _path(stack: list[Mapping | Sequence], pending_keys: list[Entry | None]) -> str | None:
    """The dotted field path of the value being built, such as ``related[1].publishedDateTime``."""
    loc: list[str | int] = []
    for collection, entry in zip(stack, pending_keys, strict=True):
        if isinstance(collection, Sequence):
            loc.append(len(collection.items))
        elif entry is not None:
            loc.append(entry.key)
        else:
            break
    return field_path(tuple(loc)) or None


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
            offset = end = text.rfind("-", parent.start, offset) + 1
    if style in ("|", ">") and "+" not in text[offset : text.find("\n", offset)]:
        # A block scalar's span ends at its last character, not after the blank lines below it
        # (unless it keeps them: `|+`).
        end = offset + len(text[offset:end].rstrip())
    tag = None if event.tag is None else str(event.tag)
    try:
        if tag is None:
            value: object = raw if style else resolve_plain(raw)
        elif tag in ("!", _TAG + "str"):
            value = raw
        elif tag in (_TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "null"):
            value = resolve_plain(raw)
            wanted = tag[len(_TAG) :]
            if wanted == "float" and type(value) is int:
                value = float(value)  # `!!float 1` is 1.0
            kinds = {"int": int, "float": float, "bool": bool, "null": type(None)}
            if type(value) is not kinds[wanted]:
                raise _Refused(f"{raw!r} is not a valid !!{wanted}", offset)
        elif tag == _TAG + "timestamp":
            value = timestamp(raw)
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
