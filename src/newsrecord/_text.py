"""Bytes to text and back: UTF-8, the optional BOM, and positions in the file."""

from __future__ import annotations

import bisect
import re

from ._errors import NewsRecordError

BOM = "\ufeff"


def decode(data: bytes, source: str) -> str:
    """The file's text; a BOM, if any, stays as the text's first character."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        hint = ""
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint = " (the file looks like UTF-16; records must be UTF-8)"
        raise NewsRecordError(
            f"invalid UTF-8 byte 0x{data[exc.start]:02x}{hint}",
            source=source,
            line=line,
            column=column,
        ) from None
    return text


_SURROGATE = re.compile("[\\ud800-\\udfff]")


def has_lone_surrogate(text: str) -> bool:
    """Whether the text holds a lone surrogate (U+D800 to U+DFFF): Python strings can, but it is no
    character, UTF-8 cannot encode it, and no YAML reader (libyaml in Jekyll among them) accepts one."""
    return not text.isascii() and lone_surrogate_at(text) >= 0


def lone_surrogate_at(text: str, start: int = 0) -> int:
    """Where the first lone surrogate at or after ``start`` stands (see has_lone_surrogate), or -1."""
    found = _SURROGATE.search(text, start)
    return -1 if found is None else found.start()


def encode(text: str) -> bytes:
    """The bytes of a record's text (the BOM, if any, is its first character)."""
    return text.encode("utf-8", "surrogatepass")


class Positions:
    """Line and column of many offsets into one text: the line starts are found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] | None = None

    def at(self, offset: int) -> tuple[int, int]:
        if self.starts is None:
            self.starts = [0, *(match.end() for match in re.finditer("\n", self.text))]
        line = bisect.bisect_right(self.starts, offset)
        column = offset - self.starts[line - 1] + 1
        if line == 1 and self.text.startswith(BOM):
            column -= 1
        return line, max(column, 1)


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset into the text."""
    line_start = text.rfind("\n", 0, offset) + 1
    column = offset - line_start + 1
    if line_start == 0 and text.startswith(BOM):
        column -= 1
    return text.count("\n", 0, offset) + 1, max(column, 1)


def line_end(text: str, offset: int) -> int:
    """The offset just past the line break of the line holding ``offset``."""
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def line_start(text: str, offset: int) -> int:
    """The offset where the line holding ``offset`` begins."""
    return text.rfind("\n", 0, offset) + 1


def newline_of(text: str) -> str:
    """The file's line break: that of its first line, LF if it has none."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"
