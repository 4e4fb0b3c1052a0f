"""The YAML grammar of front matter, written once: the rules every parser reads by and the writer writes by.

Characters YAML forbids, keys, comments, what may start and fill a plain
scalar, quoted scalars and their escapes, timestamps, block scalar headers,
indentation, document markers, and the limits on nesting, flow brackets and
key length. The parsers (_parse_fast, _parse_wide, _parse_data, _parse_full),
the reading of scalars (_resolve) and the writer's quoting (_quote) take these
rules from here; where a rule is compiled into a larger regular expression for
speed, that expression is built from the pattern strings below. Nothing here
builds a tree or a typed value (see _resolve): this module answers what a piece
of text *is*.
"""

from __future__ import annotations

import re


class Unsure(Exception):
    """The text is outside what a fast parser is certain of: the next parser decides."""


# --- limits --------------------------------------------------------------------------------------------

MAX_DEPTH = 100
"""The deepest nesting of collections a record may hold, block and flow together: every parser reads
up to this depth, and _parse_full refuses the document beyond it (ruamel.yaml's scanner takes time
quadratic in flow depth, and the fast parsers recurse)."""

MAX_FLOW_BRACKETS = 2_000
"""The most flow brackets (``[]{}``, quoted ones counted too) the front matter may hold; beyond them
_parse_full refuses the document, and the wide parser leaves it to _parse_full."""


def too_many_brackets(region: str) -> bool:
    """Whether front matter that opens a flow collection holds more than MAX_FLOW_BRACKETS brackets: every
    path of the load leaves it to _parse_full, which refuses it, so that no text loads on one path only.

    >>> too_many_brackets("k: " + "[" * 2001), too_many_brackets("k: [a]")
    (True, False)
    """
    return ("[" in region or "{" in region) and (
        region.count("[") + region.count("]") + region.count("{") + region.count("}") > MAX_FLOW_BRACKETS
    )


MAX_KEY = 1_000
"""The longest key, in characters of its text (quotes included), that the fast parsers read and the
writer writes. YAML allows 1,024 for an implicit key; ruamel.yaml reads the keys between, and refuses
longer ones."""


# --- characters ----------------------------------------------------------------------------------------

NON_PRINTABLE = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
"""A character class's body: the characters YAML forbids in a document, with NEL, LS and PS (line
breaks to YAML, not to ``str.split("\\n")``) and lone surrogates."""

FORBIDDEN = re.compile(f"[{NON_PRINTABLE}]")
"""A character of NON_PRINTABLE: the parsers leave a document holding one to ruamel.yaml, which names it."""

FORBIDDEN_OR_TAB = re.compile(f"[\\t{NON_PRINTABLE}]")
"""FORBIDDEN, or a tab: what a line of the house subset (_parse_fast) cannot hold."""


# --- keys ----------------------------------------------------------------------------------------------

WORDS: dict[str, object] = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("~", "null", "Null", "NULL", ""), None),
}
"""The plain words that YAML 1.2 reads as booleans and null (as ruamel.yaml does)."""

KEY = f"[A-Za-z_][A-Za-z0-9_-]{{0,{MAX_KEY - 1}}}"
"""A plain key of the house subset as a pattern: an ASCII identifier that may hold ``-``, at most MAX_KEY long."""

QUOTED_KEY = rf"""(?:"[^"\\\n]{{1,{MAX_KEY - 2}}}"|'[^'\n]{{1,{MAX_KEY - 2}}}')"""
"""A quoted key on one line without escapes or ``''``, as a pattern (_parse_data's split finds keys so)."""


def key_end(text: str) -> int:
    """Where the colon of a plain ``key:`` at the start of ``text`` stands, or -1 if there is none.

    Keys are KEY followed by ``:`` and a space or the end, and not a word YAML reads as a boolean
    or null (WORDS); any other key is left to the wide parser.

    >>> key_end("title: Hi"), key_end("true: 1"), key_end("a:b")
    (5, -1, -1)
    """
    colon = text.find(":", 0, MAX_KEY + 1)
    if colon <= 0 or (colon + 1 < len(text) and text[colon + 1] != " "):
        return -1
    key = text[:colon]
    if not (key.isascii() and key.replace("-", "_").isidentifier()) or key[0] == "-" or key in WORDS:
        return -1
    return colon


# --- comments ------------------------------------------------------------------------------------------

COMMENT = " #"
"""What starts a comment after a plain scalar or a key on a line of the house subset (no tabs there)."""

COMMENT_LINES = re.compile(r"^ *#.*\n?", re.MULTILINE)
"""Whole-line comments: a ``#`` after nothing but spaces, to the end of its line."""


def comment_line(line: str) -> bool:
    """Whether ``line`` holds only a comment (after spaces), as COMMENT_LINES finds them.

    >>> comment_line("  # note"), comment_line("a: 1 # note")
    (True, False)
    """
    return line.lstrip(" ")[:1] == "#"


def rest_is_blank(line: str, column: int) -> bool:
    """Whether only spaces follow ``column``, then perhaps a comment after at least one space (as
    after a quoted scalar or a block scalar's header).

    >>> rest_is_blank('"a"  # note', 3), rest_is_blank('"a"# note', 3)
    (True, False)
    """
    rest = line[column:]
    trimmed = rest.lstrip(" ")
    return not trimmed or (trimmed[0] == "#" and len(trimmed) < len(rest))


# --- plain scalars -------------------------------------------------------------------------------------

INDICATORS = "[]{}#&*!|>'\"%@`,?:"
"""The indicators a plain scalar cannot start with (``-`` can, where no space follows it)."""

INDICATOR_CLASS = re.escape(INDICATORS)
"""INDICATORS as the body of a character class."""

FLOW_INDICATORS = ",[]{}"
"""The characters that end a plain scalar inside a flow collection."""

PLAIN_FIRST_BAD = frozenset(INDICATORS + "\t")
"""What a plain scalar cannot start with: the indicators, and a tab. The parsers' loops test
``first in PLAIN_FIRST_BAD or (first == "-" and ...)`` inline, as plain_starts does (a call per key
and per scalar costs them 1 to 3% of their time)."""


def plain_starts(line: str, column: int, flow: bool = False) -> bool:
    """Whether a plain scalar may start at ``column``: not an indicator, a tab, nor ``-`` followed by a
    space, a tab or the end (in a flow collection, by a flow indicator either).

    >>> plain_starts("- a", 0), plain_starts("-1", 0), plain_starts("[a]", 0)
    (False, True, False)
    """
    first = line[column]
    if first in PLAIN_FIRST_BAD:
        return False
    return first != "-" or line[column + 1 : column + 2] not in (" \t" + FLOW_INDICATORS if flow else " \t")


def plain_holds(text: str) -> bool:
    """Whether one line of a plain scalar's text, trimmed, can stand as it is: no ``": "`` (a key) nor
    ``" #"`` (a comment) inside, no ``:`` at its end.

    >>> plain_holds("a:b"), plain_holds("a: b"), plain_holds("a:"), plain_holds("C# and F#")
    (True, False, False, True)
    """
    return ": " not in text and " #" not in text and text[-1:] != ":"


def fold(lines: list[str]) -> str:
    """The value of a plain scalar over several lines, from its lines trimmed ('' for an empty one):
    a space between two lines, a line break for each empty line between them.

    >>> fold(["one", "two", "", "three"])
    'one two\\nthree'
    """
    folded = ""
    blank = False
    for line in lines:
        if not line:
            folded += "\n"
            blank = True
        else:
            folded += line if blank or not folded else " " + line
            blank = False
    return folded


# --- quoted scalars and escapes ------------------------------------------------------------------------

_DOUBLE_BODY = r'((?:[^"\\]|\\.)*)"'
_SINGLE_BODY = r"((?:[^']|'')*)'(?!')"
DOUBLE = re.compile('"' + _DOUBLE_BODY)
"""A double-quoted scalar on one line; its first group is the text between the quotes."""
SINGLE = re.compile("'" + _SINGLE_BODY)
"""A single-quoted scalar on one line; its first group is the text between the quotes."""
DOUBLE_REST = re.compile(_DOUBLE_BODY)
"""The last line of a double-quoted scalar over several lines, to its closing quote."""
SINGLE_REST = re.compile(_SINGLE_BODY)
"""The last line of a single-quoted scalar over several lines, to its closing quote."""


def unquote_single(inside: str) -> str:
    """A single-quoted scalar's value from the text between its quotes: ``''`` is one quote.

    >>> unquote_single("it''s")
    "it's"
    """
    return inside.replace("''", "'")


ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
"""The one-character escapes of a double-quoted scalar (after the backslash) and what each stands for."""

_CODE_LENGTHS = {"x": 2, "u": 4, "U": 8}
_HEX = {code: f"[0-9A-Fa-f]{{{length}}}" for code, length in _CODE_LENGTHS.items()}
_ESCAPE = re.compile(f"\\\\(?:{'|'.join(code + digits for code, digits in _HEX.items())}|.)", re.S)
LONG_ESCAPE = re.compile(f"\\\\U({_HEX['U']})")
"""An eight-digit escape, whose code point may lie beyond the last character."""


def unescape_double(content: str) -> str | None:
    """The value of a one-line double-quoted scalar's content, or None if unsure.

    >>> unescape_double(r"tab\\there \\u00e9"), unescape_double(r"\\q")
    ('tab\\there é', None)
    """
    bad = False

    def replace(match: re.Match[str]) -> str:
        nonlocal bad
        escape = match.group()
        code = escape[1]
        if code in _CODE_LENGTHS and len(escape) == 2 + _CODE_LENGTHS[code]:
            point = int(escape[2:], 16)
            if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
                bad = True
                return ""
            return chr(point)
        if code in ESCAPES and len(escape) == 2:
            return ESCAPES[code]
        bad = True
        return ""

    value = _ESCAPE.sub(replace, content)
    return None if bad else value


# --- timestamps ----------------------------------------------------------------------------------------

_SEPARATOR = r"(?:[Tt]|[ \t]+)"
_FRACTION = r"(?:\.(?P<fraction>[0-9]*))?"
_ZONE = r"(?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)(?::(?P<tz_minute>[0-9][0-9]))?))?"
_DATE = r"(?P<year>[0-9][0-9][0-9][0-9])-(?P<month>[0-9][0-9]?)-(?P<day>[0-9][0-9]?)"
_TIME = rf"{_SEPARATOR}(?P<hour>[0-9][0-9]?):(?P<minute>[0-9][0-9]):(?P<second>[0-9][0-9]){_FRACTION}{_ZONE}"
_UNNAMED = re.compile(r"\?P<\w+>")

TIMESTAMP = re.compile(rf"{_DATE}(?:{_TIME})?\Z")
"""A YAML timestamp, its parts named (year, month, day, hour, minute, second, fraction, tz, tz_sign,
tz_hour, tz_minute): the text _resolve.timestamp reads."""

TIMESTAMP_RESOLVE = re.compile(_UNNAMED.sub("?:", rf"(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|{_DATE}{_TIME})\Z"))
"""A plain scalar that resolves to a timestamp: a date of two-digit month and day, or a date and a time."""

UTC_SECONDS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
"""The house style's timestamp, ``2020-12-11T05:06:00Z``: a TIMESTAMP read without its general pattern."""

_YEAR = r"(?!0000)[0-9]{4}"
_LEAP_YEAR = r"(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_TZ_OFFSET = r"[-+](?:(?:[01]?[0-9]|2[0-2])(?::[0-9][0-9])?|23(?::[0-5][0-9])?)"
AWARE_TIMESTAMP_PATTERN = (
    rf"^(?!9999-0?12-31{_SEPARATOR}23:59:59\.9{{6}}[5-9])"  # rounds up past the year 9999
    rf"(?:{_YEAR}-(?:0?[13578]|1[02])-(?:0?[1-9]|[12][0-9]|3[01])"
    rf"|{_YEAR}-(?:0?[469]|11)-(?:0?[1-9]|[12][0-9]|30)"
    rf"|{_YEAR}-0?2-(?:0?[1-9]|1[0-9]|2[0-8])"
    rf"|{_LEAP_YEAR}-0?2-29)"
    rf"{_SEPARATOR}(?:[01]?[0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]*)?"
    rf"[ \t]*(?:Z|{_TZ_OFFSET})(?![\s\S])"
)
"""Exactly the text _resolve.timestamp reads as a datetime with a UTC offset, as one regular expression.

The same in Python and in ECMA-262 (JSON Schema): what TIMESTAMP matches, less dates and times that
do not exist and offsets of a day or more, with the time and the offset required.
"""


# --- block scalars, indentation, document markers ------------------------------------------------------

BLOCK_HEADER = re.compile(r"(?<!\S)[|>](?:([+-])([1-9])?|([1-9])([+-])?)?")
"""A block scalar's indicator with its chomping and indentation indicators, each at most once and in
either order (after any tag, before any comment); see block_header."""


def block_header(line: str, column: int) -> tuple[str, int, int] | None:
    """The chomping indicator (``''``, ``+`` or ``-``), the indentation indicator (0 for none) and
    the column past the header of the block scalar whose ``|`` or ``>`` stands at ``column``, or None
    if no header stands there.

    >>> block_header("text: >-2 # note", 6)
    ('-', 2, 9)
    """
    header = BLOCK_HEADER.match(line, column)
    if header is None:
        return None
    chomping, increment, increment_first, chomping_after = header.groups()
    return chomping or chomping_after or "", int(increment or increment_first or 0), header.end()


def is_dash(line: str, column: int) -> bool:
    """Whether a block sequence's dash stands at ``column``: ``-`` followed by a space or the end.

    >>> is_dash("- a", 0), is_dash("-1", 0), is_dash("  -", 2)
    (True, False, True)
    """
    return line[column] == "-" and (column + 1 == len(line) or line[column + 1] == " ")


def indentation(line: str) -> int:
    """How many spaces open ``line`` (YAML indents with spaces only)."""
    return len(line) - len(line.lstrip(" "))


def leading_blanks(line: str) -> int:
    """How many spaces and tabs open ``line`` (the separation before a scalar's continuation)."""
    return len(line) - len(line.lstrip(" \t"))


def is_marker(text: str) -> bool:
    """Whether ``text`` opens with a document marker, ``---`` or ``...``, then a space, a tab or the end.

    >>> is_marker("--- x"), is_marker("---x"), is_marker("...")
    (True, False, True)
    """
    return text[:3] in ("---", "...") and text[3:4] in ("", " ", "\t")
