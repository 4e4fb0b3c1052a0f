"""What a YAML scalar's text means: typed values, escapes, and when quotes are needed.

Loading follows ruamel.yaml's YAML 1.2 rules exactly, so the fast parser and
the full parser agree. Writing is more careful: a string is left plain only if
it reads back as the same string under YAML 1.2 *and* under the YAML 1.1
readers (PyYAML, Ruby's Psych in Jekyll) that publish these archives.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

from ._yaml11 import reads_as_string

Value = object

_FLOAT = re.compile(
    r"""(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))\Z""",
    re.X,
)
_INT = re.compile(r"(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)\Z")
_UTC_SECONDS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_TIMESTAMP_RESOLVE = re.compile(
    r"""(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?
    :[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\Z""",
    re.X,
)
_TIMESTAMP = re.compile(
    r"""(?P<year>[0-9][0-9][0-9][0-9])-(?P<month>[0-9][0-9]?)-(?P<day>[0-9][0-9]?)
    (?:(?:[Tt]|[ \t]+)(?P<hour>[0-9][0-9]?):(?P<minute>[0-9][0-9]):(?P<second>[0-9][0-9])
    (?:\.(?P<fraction>[0-9]*))?
    (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)(?::(?P<tz_minute>[0-9][0-9]))?))?)?\Z""",
    re.X,
)

_YEAR = r"(?!0000)[0-9]{4}"
_LEAP_YEAR = r"(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_TZ_OFFSET = r"[-+](?:(?:[01]?[0-9]|2[0-2])(?::[0-9][0-9])?|23(?::[0-5][0-9])?)"
AWARE_TIMESTAMP_PATTERN = (
    r"^(?!9999-0?12-31(?:[Tt]|[ \t]+)23:59:59\.9{6}[5-9])"  # rounds up past the year 9999
    rf"(?:{_YEAR}-(?:0?[13578]|1[02])-(?:0?[1-9]|[12][0-9]|3[01])"
    rf"|{_YEAR}-(?:0?[469]|11)-(?:0?[1-9]|[12][0-9]|30)"
    rf"|{_YEAR}-0?2-(?:0?[1-9]|1[0-9]|2[0-8])"
    rf"|{_LEAP_YEAR}-0?2-29)"
    r"(?:[Tt]|[ \t]+)(?:[01]?[0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]*)?"
    rf"[ \t]*(?:Z|{_TZ_OFFSET})(?![\s\S])"
)
"""Exactly the text ``timestamp`` reads as a datetime with a UTC offset, as one regular expression.

The same in Python and in ECMA-262 (JSON Schema): what _TIMESTAMP matches,
less dates and times that do not exist and offsets of a day or more, with the
time and the offset required.
"""


class UnsupportedScalar(ValueError):
    """A plain scalar whose meaning this library does not accept (merge keys, `=`)."""


_UTC_Z = dt.timezone(dt.timedelta(0), "Z")


_WORDS: dict[str, object] = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("~", "null", "Null", "NULL", ""), None),
}
_NUMERIC_FIRST = frozenset("-+0123456789.")


def resolve_plain(text: str) -> Value:
    """The value of a plain scalar, resolved as ruamel.yaml resolves YAML 1.2."""
    word = _WORDS.get(text, text)
    if word is not text or text[0] not in _NUMERIC_FIRST:
        if text in ("<<", "="):
            kind = "merge key" if text == "<<" else "value key"
            raise UnsupportedScalar(f"the YAML {kind} {text!r} is not supported in a news record")
        return word
    if text.isdigit() and text[0] != "0" and text.isascii():
        return int(text) if len(text) <= 640 else _int(text)  # Python may refuse longer ones (see int_text)
    if len(text) == 20:
        value = house_timestamp(text)
        if value is not None:
            return value
    if _FLOAT.match(text):
        return _float(text)
    if text[0] != "." and _INT.match(text):
        return _int(text)
    if text[0].isdigit() and _TIMESTAMP_RESOLVE.match(text):
        return timestamp(text)
    return text


TAGGED_KINDS: dict[str, type] = {"int": int, "float": float, "bool": bool, "null": type(None)}
"""The standard tags that name a type the scalar's text must resolve to (besides str and timestamp)."""

STANDARD_TAGS = frozenset(("str", "timestamp", *TAGGED_KINDS))
"""The YAML tags a news record may use, by name (``!!str``...)."""


def resolve_tagged(tag: str, text: str) -> Value:
    """The value of a scalar tagged ``!`` or ``!!name`` (a STANDARD_TAGS name), in any style, as
    ruamel.yaml reads it; raises UnsupportedScalar.

    ``!!float 1`` is 1.0. YAML 1.2 says a scalar tagged ``!`` is a string, but ruamel.yaml and
    PyYAML resolve its text as if it were plain: ``! 123`` is 123 and ``! '~'`` is None. Their
    patterns end in ``$``, which also matches before one final line break, so ``! "1\n"`` is 1
    too; where their constructors then fail (``! "true\n"``, ``! ".inf\n"``) it is refused.

    >>> resolve_tagged("float", "1"), resolve_tagged("!", "123"), resolve_tagged("str", "123")
    (1.0, 123, '123')
    """
    if tag == "!":
        return _resolve_non_specific(text)
    if tag == "str":
        return text
    if tag == "timestamp":
        return timestamp(text)
    value = resolve_plain(text)
    if tag == "float" and type(value) is int:
        value = float(value)
    if type(value) is not TAGGED_KINDS[tag]:
        raise UnsupportedScalar(f"{text!r} is not a valid !!{tag}")
    return value


def _resolve_non_specific(text: str) -> Value:
    if "\n" not in text:
        return resolve_plain(text)
    body = text[:-1]
    if "\n" in body or not body:
        return text
    value = resolve_plain(body)
    if isinstance(value, str):
        return text
    if isinstance(value, bool) or body.replace("_", "").lower().lstrip("+-") in (".inf", ".nan"):
        raise UnsupportedScalar(f"the scalar {text!r} tagged '!' cannot be read: drop the tag or the line break")
    return value


def house_timestamp(text: str) -> dt.datetime | None:
    """The house style's timestamp, 2020-12-11T05:06:00Z, read without the general regex; None for other text.

    fromisoformat reads exactly these (hour 24 aside, which newer Pythons take as midnight of the
    next day); an impossible date gives None, and the general path says why.
    """
    if text[10:11] == "T" and text[19:] == "Z" and text[11:13] < "24" and _UTC_SECONDS.match(text):
        try:
            return dt.datetime.fromisoformat(text[:19] + "+00:00").astimezone(_UTC_Z)
        except ValueError:
            return None
    return None


def _int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    try:
        if digits[:2] == "0b":
            value = sign * int(digits[2:], 2)
        elif digits[:2] == "0x":
            value = sign * int(digits[2:], 16)
        elif digits[:2] == "0o":
            value = sign * int(digits[2:], 8)
        else:
            value = sign * int(digits)
        if len(digits) > 640:
            int_text(value)  # a long binary or hex number loads, but could not be written back in decimal
    except ValueError:
        if len(digits) > 640:  # the text matched _INT: Python's limit on digits refused it
            raise UnsupportedScalar(_too_many_digits() + "; quote it to keep it as text") from None
        raise UnsupportedScalar(f"invalid integer {text!r}") from None
    return value


def int_text(value: int) -> str:
    """An integer in decimal; a ValueError that says what to do when it has more digits than Python writes."""
    try:
        return str(value)
    except ValueError:
        raise ValueError(_too_many_digits()) from None


def _too_many_digits() -> str:
    return (
        f"an integer of more than {sys.get_int_max_str_digits()} digits, more than Python reads or writes "
        "(sys.set_int_max_str_digits raises that limit)"
    )


def _float(text: str) -> float:
    digits = text.replace("_", "").lower()
    sign = -1.0 if digits[0] == "-" else 1.0
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    try:
        return sign * float(digits)
    except ValueError:
        raise UnsupportedScalar(f"invalid number {text!r}") from None


def timestamp(text: str) -> dt.date | dt.datetime:
    """A YAML timestamp as ruamel.yaml builds it: a date, or a datetime."""
    match = _TIMESTAMP.match(text)
    if match is None:
        raise UnsupportedScalar(f"invalid timestamp {text!r}")
    g = match.groupdict()
    try:
        if g["hour"] is None:
            return dt.date(int(g["year"]), int(g["month"]), int(g["day"]))
        fraction = g["fraction"] or ""
        micro = int((fraction[:6] + "000000")[:6])
        if len(fraction) > 6 and int(fraction[6]) > 4:
            micro += 1
        carry = micro > 999999
        tzinfo = None
        if g["tz_sign"]:
            offset = dt.timedelta(hours=int(g["tz_hour"]), minutes=int(g["tz_minute"] or 0))
            tzinfo = dt.timezone(-offset if g["tz_sign"] == "-" else offset, g["tz"])
        elif g["tz"] == "Z":
            tzinfo = _UTC_Z
        value = dt.datetime(
            int(g["year"]),
            int(g["month"]),
            int(g["day"]),
            int(g["hour"]),
            int(g["minute"]),
            int(g["second"]),
            0 if carry else micro,
            tzinfo,
        )
        return value + dt.timedelta(seconds=1) if carry else value
    except (ValueError, OverflowError) as exc:
        raise UnsupportedScalar(f"invalid timestamp {text!r}: {exc}") from None


_ESCAPES = {
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
_CODE_LENGTHS = {"x": 2, "u": 4, "U": 8}
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)


def unescape_double(content: str) -> str | None:
    """The value of a one-line double-quoted scalar's content, or None if unsure."""
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
        if code in _ESCAPES and len(escape) == 2:
            return _ESCAPES[code]
        bad = True
        return ""

    value = _ESCAPE.sub(replace, content)
    return None if bad else value


# --- writing -----------------------------------------------------------------

_UNSAFE = "\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff"
_PLAIN_SAFE = re.compile(f"[^ \\xa0{_UNSAFE}\"'`!&*|>%@#,\\[\\]{{}}?:\\-\\\\][^{_UNSAFE}]*\\Z")
_FLOW_INDICATORS = frozenset(",[]{}?:#")
_DOCUMENT_MARKER = re.compile(r"(?:---|\.\.\.)(?:[ \t]|\Z)")
_SPEC_ONLY_BOOLEANS = frozenset(("y", "Y", "n", "N"))
_PRINTABLE = re.compile(r"[\x20-\x7e\xa1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*\Z")


def plain_ok(text: str, *, flow: bool = False) -> bool:
    """Whether a string can be written as a plain scalar and read back as the same string by every
    reader: ruamel.yaml (YAML 1.2, this library), and the YAML 1.1 readers Psych, SafeYAML and PyYAML.

    ``y`` and ``n`` are booleans in the YAML 1.1 specification, though none of those readers
    takes them so; they are quoted too, for the readers that follow the specification.
    """
    if not _PLAIN_SAFE.match(text) or text[-1] == " ":
        return False
    if flow and not _FLOW_INDICATORS.isdisjoint(text):
        return False
    if ": " in text or " #" in text or text[-1] == ":" or text.startswith("- ") or _DOCUMENT_MARKER.match(text):
        return False
    if text in _SPEC_ONLY_BOOLEANS or not reads_as_string(text):
        return False
    try:
        return resolve_plain(text) == text
    except UnsupportedScalar:  # such as "0x_": not a number, but not safe to leave plain either
        return False


def single_ok(text: str) -> bool:
    """Whether a string can be written single-quoted on one line."""
    return _PRINTABLE.match(text) is not None


_DOUBLE_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\xa0\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    known = _DOUBLE_ESCAPES.get(char)
    if known is not None:
        return known
    point = ord(char)
    return f"\\x{point:02X}" if point < 0x100 else f"\\u{point:04X}"


def double_quoted(text: str) -> str:
    """A string as a one-line double-quoted scalar."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def single_quoted(text: str) -> str:
    """A string as a one-line single-quoted scalar (check single_ok first)."""
    return "'" + text.replace("'", "''") + "'"
