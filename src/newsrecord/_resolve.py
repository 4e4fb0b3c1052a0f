"""Reading scalars: what a YAML scalar's text means, as a typed value.

Plain scalars are resolved, tagged ones read by their tag, and timestamps built,
by ruamel.yaml's YAML 1.2 rules exactly, so that every parser agrees with the
full one. The patterns come from _lex; how a string is written so that it reads
back is _quote's (which asks these rules).
"""

from __future__ import annotations

import datetime as dt
import re
import sys

from ._lex import TIMESTAMP, TIMESTAMP_RESOLVE, UTC_SECONDS, WORDS

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


class UnsupportedScalar(ValueError):
    """A plain scalar whose meaning this library does not accept (merge keys, `=`)."""


_UTC_Z = dt.timezone(dt.timedelta(0), "Z")


_NUMERIC_FIRST = frozenset("-+0123456789.")


def resolve_plain(text: str) -> Value:
    """The value of a plain scalar, resolved as ruamel.yaml resolves YAML 1.2."""
    word = WORDS.get(text, text)
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
    if text[0].isdigit() and TIMESTAMP_RESOLVE.match(text):
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
    if text[10:11] == "T" and text[19:] == "Z" and text[11:13] < "24" and UTC_SECONDS.match(text):
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
    match = TIMESTAMP.match(text)
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
