"""Text to parts: the opening ``---``, the YAML front matter, the closing line, the body."""

from __future__ import annotations

import re
from typing import NamedTuple

from ._errors import NewsRecordError
from ._text import BOM, position

_CLOSING = re.compile(r"\n(?:---|\.\.\.)(?:\r?\n|\Z)")
"""A closing line, with the line break before it: its literal start makes the search several times faster
than a search for the start of a line (``^`` in MULTILINE mode)."""
_NEAR_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\n]*$", re.M)


class Parts(NamedTuple):
    """Where each part of a record's text lies.

    ``text[yaml_start:yaml_end]`` is the front matter, ``text[yaml_end:body_start]``
    the closing line plus the empty line that separates the body, if any.
    """

    text: str
    yaml_start: int
    yaml_end: int
    closing_end: int
    body_start: int

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


def split(text: str, source: str) -> Parts:
    """Find the front matter of a record, or say exactly why there is none."""
    start = 1 if text.startswith(BOM) else 0
    if text.startswith("---\n", start):
        closing = _CLOSING.search(text, start + 3)
        if closing is not None:
            return _parts(text, start + 4, closing.start() + 1)
    if text[start:].strip() == "":
        raise NewsRecordError("empty file: a record starts with a '---' line", source=source, line=1, column=1)
    first_end = text.find("\n", start)
    first = text[start : len(text) if first_end < 0 else first_end].rstrip("\r")
    if first != "---":
        why = (
            "the opening line must be exactly '---'"
            if first.rstrip() == "---"
            else "no front matter: the first line must be '---'"
        )
        raise NewsRecordError(why, source=source, line=1, column=1)
    yaml_start = len(text) if first_end < 0 else first_end + 1
    closing = _CLOSING.search(text, yaml_start - 1)
    if closing is None:
        near = _NEAR_CLOSING.search(text, yaml_start)
        if near is not None:
            line, _ = position(text, near.start())
            found = near.group().rstrip("\r")
            raise NewsRecordError(
                f"the closing line must be exactly '---' or '...' (found {found!r})",
                source=source,
                line=line,
                column=1,
            )
        raise NewsRecordError(
            "the front matter opened on line 1 is never closed: no line is exactly '---' or '...'",
            source=source,
            line=1,
            column=1,
        )
    return _parts(text, yaml_start, closing.start() + 1)


def _parts(text: str, yaml_start: int, closing_start: int) -> Parts:
    closing_end = text.find("\n", closing_start)
    closing_end = len(text) if closing_end < 0 else closing_end + 1
    body_start = closing_end
    if text.startswith("\n", closing_end):
        body_start += 1
    elif text.startswith("\r\n", closing_end):
        body_start += 2
    return Parts(text, yaml_start, closing_start, closing_end, body_start)
