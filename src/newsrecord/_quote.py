"""Quoting scalars: how to write a string so that every reader reads it back as the same string.

A string is left plain only if it reads back as itself under YAML 1.2 (ruamel.yaml,
this library's reading in _resolve) *and* under the YAML 1.1 readers (PyYAML, and
Ruby's Psych and SafeYAML in Jekyll, as _yaml11 transcribes them) that publish
these archives; otherwise it is quoted. The characters and indicators are the
grammar's own (_lex), so "is this a plain scalar" and "does this need quotes"
follow one set of rules.
"""

from __future__ import annotations

import re

from ._lex import ESCAPES, FLOW_INDICATORS, INDICATOR_CLASS, NON_PRINTABLE, is_marker, plain_holds
from ._resolve import UnsupportedScalar, resolve_plain
from ._yaml11 import reads_as_string

_UNSAFE = f"\\t\\n\\r{NON_PRINTABLE}\\ufeff"
"""What a one-line scalar cannot hold as it is: the characters YAML forbids, line breaks, tabs and the BOM."""

_PLAIN_SAFE = re.compile(f"[^ \\xa0{_UNSAFE}{INDICATOR_CLASS}\\-\\\\][^{_UNSAFE}]*\\Z")
_FLOW_ONLY = frozenset(FLOW_INDICATORS + "?:#")
_SPEC_ONLY_BOOLEANS = frozenset(("y", "Y", "n", "N"))
_PRINTABLE = re.compile(f"[^{_UNSAFE}\\xa0]*\\Z")


def plain_ok(text: str, *, flow: bool = False) -> bool:
    """Whether a string can be written as a plain scalar and read back as the same string by every
    reader: ruamel.yaml (YAML 1.2, this library), and the YAML 1.1 readers Psych, SafeYAML and PyYAML.

    ``y`` and ``n`` are booleans in the YAML 1.1 specification, though none of those readers
    takes them so; they are quoted too, for the readers that follow the specification.

    >>> plain_ok("Hello"), plain_ok("true"), plain_ok("a: b"), plain_ok("a, b"), plain_ok("a, b", flow=True)
    (True, False, False, True, False)
    """
    if not _PLAIN_SAFE.match(text) or text[-1] == " ":
        return False
    if flow and not _FLOW_ONLY.isdisjoint(text):
        return False
    if not plain_holds(text) or is_marker(text):
        return False
    if text in _SPEC_ONLY_BOOLEANS or not reads_as_string(text):
        return False
    try:
        return resolve_plain(text) == text
    except UnsupportedScalar:  # such as "0x_": not a number, but not safe to leave plain either
        return False


def single_ok(text: str) -> bool:
    """Whether a string can be written single-quoted on one line.

    >>> single_ok("it's"), single_ok("two\\nlines")
    (True, False)
    """
    return _PRINTABLE.match(text) is not None


_DOUBLE_ESCAPES = {char: "\\" + code for code, char in ESCAPES.items() if code not in "\t /"}
"""The reverse of the escapes a reader knows, for the characters written escaped (a tab as ``\\t``)."""
_NEEDS_ESCAPE = re.compile(f'[\\\\"{_UNSAFE}\\x85\\xa0]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    known = _DOUBLE_ESCAPES.get(char)
    if known is not None:
        return known
    point = ord(char)
    return f"\\x{point:02X}" if point < 0x100 else f"\\u{point:04X}"


def double_quoted(text: str) -> str:
    """A string as a one-line double-quoted scalar.

    >>> print(double_quoted('say "hi"\\tnow'))
    "say \\"hi\\"\\tnow"
    """
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def single_quoted(text: str) -> str:
    """A string as a one-line single-quoted scalar (check single_ok first).

    >>> print(single_quoted("it's"))
    'it''s'
    """
    return "'" + text.replace("'", "''") + "'"
