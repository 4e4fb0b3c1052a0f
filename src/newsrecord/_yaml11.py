"""What the YAML 1.1 readers make of a plain scalar: Psych (Jekyll), SafeYAML 1.0.5 (Jekyll from RubyGems), PyYAML.

Each reader is a transcription of its own source: Psych's ScalarScanner#tokenize
(psych 4, as Debian's Jekyll 4.3 calls it through ``Psych.safe_load``), SafeYAML's
Transform classes, PyYAML's implicit resolvers. The writer leaves a string plain
only if every reader here reads it back as that string; the portability check
reports where Jekyll's readers read a loaded file otherwise. Quoted and block
scalars are strings to all of them; only plain scalars are resolved.

Ruby's ``\\d`` and ``\\s`` are ASCII and its ``^``/``$`` match at every line,
so the patterns spell those out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from fractions import Fraction
from typing import NamedTuple


class Unreadable(ValueError):
    """The reader raises on this scalar, so Jekyll fails to read the whole document."""


class RubyTime(NamedTuple):
    """A Ruby Time: the instant in seconds since 1970 (exact), its UTC offset in seconds, and
    whether the text gave a zone (without one, Psych reads the time in the build machine's zone)."""

    seconds: Fraction
    offset: int
    zoned: bool

    def __str__(self) -> str:
        if not self.zoned:
            return "a time in the build machine's time zone"
        local = self.seconds + self.offset
        days, rest = divmod(math.floor(local), 86400)
        year, month, day = _civil_from_days(days)
        fraction = local - math.floor(local)
        digits = ""
        while fraction and len(digits) < 12:
            fraction *= 10
            digits += str(math.floor(fraction))
            fraction -= math.floor(fraction)
        zone = "Z" if not self.offset else f"{'-' if self.offset < 0 else '+'}{abs(self.offset) // 3600:02d}"
        zone += f":{abs(self.offset) % 3600 // 60:02d}" if self.offset else ""
        clock = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}" + ("." + digits if digits else "")
        return f"{year:04d}-{month:02d}-{day:02d}T{clock}{zone}"


class RubyDate(NamedTuple):
    """A Ruby Date, by the year, month and day it shows (Julian before 15 October 1582, as Ruby counts)."""

    year: int
    month: int
    day: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def ruby_time(value: dt.datetime) -> RubyTime | None:
    """An aware datetime as Ruby holds it, to compare readings; None for a naive one."""
    offset = value.utcoffset()
    if offset is None:
        return None
    epoch = value - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    seconds = Fraction(epoch.days * 86400 + epoch.seconds) + Fraction(epoch.microseconds, 1_000_000)
    return RubyTime(seconds, int(offset.total_seconds()), True)


_S = "[ \\t\\n\\v\\f\\r]"  # Ruby's \s

# --- Psych -------------------------------------------------------------------

_PSYCH_WORDISH = re.compile(rf"^[^0-9.:\-]?(?:[^\W\d_]|[_!@#$%^&*(){{}}<>|/\\~;=]|{_S})+")
_PSYCH_TIME = re.compile(
    rf"^-?[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}(?:[Tt]|{_S}+)[0-9]{{1,2}}:[0-9][0-9]:[0-9][0-9]"
    rf"(?:\.[0-9]*)?(?:{_S}*(?:Z|[-+][0-9]{{1,2}}:?(?:[0-9][0-9])?))?$"
)
_PSYCH_DATE = re.compile(r"^[0-9]{4}-(?:1[012]|0[0-9]|[0-9])-(?:[12][0-9]|3[01]|0[0-9]|[0-9])$")
_PSYCH_SEXAGESIMAL_INT = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}$")
_PSYCH_SEXAGESIMAL_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*$")
_PSYCH_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?$")
_PSYCH_INT = re.compile(
    r"^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$"
)


def psych(text: str) -> object:
    """What ``Psych.safe_load`` makes of a plain scalar (ScalarScanner#tokenize); raises Unreadable."""
    if not text:
        return None
    if "\n" in text or _PSYCH_WORDISH.match(text):
        return text if len(text) > 5 else _psych_word(text)
    if _PSYCH_TIME.match(text):
        return _psych_time(text)
    if _PSYCH_DATE.match(text):
        return _ruby_date(text)
    lowered = text.casefold()
    if lowered in (".inf", "+.inf"):
        return math.inf
    if lowered == "-.inf":
        return -math.inf
    if lowered == ".nan":
        return math.nan
    if re.match(":.", text):
        raise Unreadable(f"Psych reads {text} as a Ruby symbol, which Jekyll does not allow")
    if _PSYCH_SEXAGESIMAL_INT.match(text):
        return _psych_sexagesimal(text, int)
    if _PSYCH_SEXAGESIMAL_FLOAT.match(text):
        return _psych_sexagesimal(text, float)
    if _PSYCH_FLOAT.match(text):
        if re.fullmatch(r"[-+]?\.", text):
            return text
        return _ruby_float(re.sub(r"[,_]|\.([Ee]|$)", r"\1", text))
    if _PSYCH_INT.match(text):
        return _ruby_integer(re.sub("[,_]", "", text))
    return text


_PSYCH_STR_TAGS = frozenset(("!!str", "!str", "!<tag:yaml.org,2002:str>"))
_PSYCH_FLOAT_TAGS = frozenset(("!!float", "!float", "!<tag:yaml.org,2002:float>"))


def psych_tagged(tag: str, text: str) -> object:
    """What Psych makes of a plain scalar with a tag (ToRuby#deserialize): ``!!str`` keeps the text,
    ``!!float`` makes a Float of the reading, every other tag (``!``, ``!!int``...) is read as if absent."""
    if tag in _PSYCH_STR_TAGS:
        return text
    value = psych(text)
    if tag not in _PSYCH_FLOAT_TAGS:
        return value
    if isinstance(value, bool) or value is None or isinstance(value, RubyTime):
        raise Unreadable(f"Ruby cannot make a Float of {text!r}")
    if isinstance(value, str):
        return _ruby_float(value)
    return float(value)  # type: ignore[arg-type]


def _psych_word(text: str) -> object:
    r"""The words that Psych reads as null or booleans: Ruby's ``^`` and ``$`` match at every line of
    the text, and ``/i`` folds case as Unicode does (``ye\u017f``, with a long s, is yes)."""
    lines = [line.casefold() for line in text.split("\n")]
    if any(line[:1] not in "ytonf~" or (not line and index < len(lines) - 1) for index, line in enumerate(lines)):
        return text  # /^[^ytonf~]/i: some line starts with another character (a newline included)
    if text == "~" or "null" in lines:
        return None
    if not {"yes", "true", "on"}.isdisjoint(lines):
        return True
    if not {"no", "false", "off"}.isdisjoint(lines):
        return False
    return text


_PSYCH_CLOCK = re.compile(rf"([0-9]+):([0-9]+):([0-9]+)(?:\.([0-9]*))?{_S}*(Z|[-+][0-9]+(?::[0-9][0-9])?)?")


def _psych_time(text: str) -> object:
    """Psych's parse_time: Time.utc, or Time.new with the offset, which roll a day 29 to 31 past the
    month's end and a second 60 into the next minute; ``-00:30`` is +00:30 there. Where Ruby raises,
    Psych keeps the text."""
    date, _, time = re.split("([ tT])", text, maxsplit=1)
    year, month, day = (int(part) for part in re.findall("^-?[0-9]+|[0-9]+", date))
    found = _PSYCH_CLOCK.search(time)
    assert found is not None
    hour, minute, second = (int(part) for part in found.groups()[:3])
    fraction = Fraction("0." + (found.group(4) or "0"))
    zone = found.group(5)
    offset = 0
    if zone and zone != "Z":
        parts = re.fullmatch(r"([-+]?[0-9]{1,2}):?([0-9]{1,2})?", zone)
        if parts is None:
            return text
        offset = int(parts.group(1), 10) * 3600  # "-00" is 0, so the minutes of -00:30 are added
        minutes = int(parts.group(2) or "0", 10) * 60
        offset += -minutes if offset < 0 else minutes
    if not (_clock_ok(month, day, hour, minute, second, fraction) and -86400 < offset < 86400):
        return text
    seconds = (_days_from_civil(year, month, day) * 86400) + hour * 3600 + minute * 60 + second + fraction
    return RubyTime(seconds - offset, offset, zone is not None)


def _clock_ok(month: int, day: int, hour: int, minute: int, second: int, fraction: Fraction) -> bool:
    """What Ruby's Time.utc takes: any day up to 31, hour 24 only at 24:00:00, second 60."""
    at_24 = hour < 24 or (hour == 24 and minute == second == 0 and not fraction)
    return 1 <= month <= 12 and 1 <= day <= 31 and at_24 and minute < 60 and second <= 60


# --- SafeYAML 1.0.5 ----------------------------------------------------------

_SAFE_INTEGERS = (
    re.compile(r"[-+]?(?:0|[1-9][0-9_,]*)\n?\Z"),
    re.compile(r"0[0-7]+\n?\Z"),
    re.compile(r"0x[0-9a-f]+\n?\Z", re.I),
    re.compile(r"0b[01_]+\n?\Z"),
    re.compile(r"[-+]?0x[0-9a-fA-F_]+\n?\Z"),
)
_SAFE_SEXAGESIMAL_INT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\n?\Z")
_SAFE_SEXAGESIMAL_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*\n?\Z")
_SAFE_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+][0-9]+)?\n?\Z")
_SAFE_FLOATS = {".inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
_SAFE_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\n?\Z")
_SAFE_TIME = re.compile(
    rf"([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}})(?:[Tt]|{_S}+)([0-9]{{1,2}}):([0-9]{{2}}):([0-9]{{2}})"
    rf"(?:\.([0-9]*))?{_S}*(Z|[-+][0-9]{{1,2}}(?::?[0-9]{{2}})?)?\n?\Z"
)
_SAFE_WORDS: dict[str, object] = {"yes": True, "on": True, "true": True, "no": False, "off": False, "false": False}


def safe_yaml(text: str) -> object:
    """What ``SafeYAML.load`` makes of a plain scalar (Transform.to_guessed_type); raises Unreadable."""
    digits = re.sub("[_,]", "", text)  # ToInteger drops these before every one of its patterns
    if any(pattern.match(digits) for pattern in _SAFE_INTEGERS):
        return _ruby_integer(digits.rstrip("\n"))
    if _SAFE_SEXAGESIMAL_INT.match(digits):
        return _safe_sexagesimal(digits.rstrip("\n"))
    if _SAFE_FLOAT.match(text):
        return _ruby_float(text.rstrip("\n"))
    if text in (".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"):
        return _SAFE_FLOATS[text.lower()]
    if _SAFE_SEXAGESIMAL_FLOAT.match(text):
        return _safe_sexagesimal(text.rstrip("\n"))
    if len(text) <= 4 and text.lower() in ("", "~", "null"):
        return None
    if len(text) <= 5 and text.lower() in _SAFE_WORDS:
        return _SAFE_WORDS[text.lower()]
    if _SAFE_DATE.match(text):
        return _ruby_date(text.rstrip("\n"))
    found = _SAFE_TIME.match(text)
    if found:
        return _safe_time(found)
    return text


def _safe_time(found: re.Match[str]) -> object:
    """``DateTime.parse(text).to_time``: no zone is UTC, 24:00:00 is the next day, a second 60 is 59;
    a day Ruby's calendar lacks keeps the text."""
    year, month, day, hour, minute, second = (int(found.group(index)) for index in range(1, 7))
    fraction = Fraction("0." + (found.group(7) or "0"))
    if not (_ruby_date_ok(year, month, day) and _clock_ok(month, day, hour, minute, second, fraction)):
        return found.string
    zone = found.group(8) or "Z"
    offset = 0
    if zone != "Z":
        rest = zone[1:].replace(":", "")
        hours, minutes = (rest, "0") if len(rest) <= 2 else (rest[:-2], rest[-2:])
        offset = (-1 if zone[0] == "-" else 1) * (int(hours) * 3600 + int(minutes) * 60)
        if not -86400 < offset < 86400:
            return found.string
    clock = hour * 3600 + minute * 60 + min(second, 59)
    return RubyTime(_days_from_civil(year, month, day) * 86400 + clock + fraction - offset, offset, True)


# --- PyYAML ------------------------------------------------------------------

_PYYAML = (
    (re.compile(r"(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"), "bool"),
    (
        re.compile(
            r"""(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
            |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
            |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
            |[-+]?\.(?:inf|Inf|INF)
            |\.(?:nan|NaN|NAN))$""",
            re.X,
        ),
        "float",
    ),
    (
        re.compile(
            r"""(?:[-+]?0b[0-1_]+
            |[-+]?0[0-7_]+
            |[-+]?(?:0|[1-9][0-9_]*)
            |[-+]?0x[0-9a-fA-F_]+
            |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
            re.X,
        ),
        "int",
    ),
    (re.compile(r"<<$"), "merge"),
    (re.compile(r"(?:~|null|Null|NULL|)$"), "null"),
    (
        re.compile(
            r"""(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
            |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
            (?:[Tt]|[ \t]+)[0-9][0-9]?
            :[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
            (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
            re.X,
        ),
        "timestamp",
    ),
    (re.compile(r"=$"), "value"),
)


def pyyaml_kind(text: str) -> str:
    """The type PyYAML's SafeLoader resolves a plain scalar to: ``str``, ``int``, ``bool``..."""
    for pattern, kind in _PYYAML:
        if pattern.match(text):
            return kind
    return "str"


# --- shared ------------------------------------------------------------------

JEKYLL_READERS: dict[str, Callable[[str], object]] = {"Psych": psych, "SafeYAML": safe_yaml}
"""Jekyll's readers: Psych (Debian's Jekyll) and SafeYAML 1.0.5 (Jekyll 3 and 4 from RubyGems)."""


def reads_as_string(text: str) -> bool:
    """Whether Psych, SafeYAML 1.0.5 and PyYAML all read this plain scalar as exactly this string."""
    if pyyaml_kind(text) != "str":
        return False
    for read in JEKYLL_READERS.values():
        try:
            if read(text) != text:
                return False
        except Unreadable:
            return False
    return True


def _ruby_integer(text: str) -> int:
    """Ruby's ``Integer(text)``: 0b, 0o, 0x and 0d prefixes in any case, a leading 0 for octal."""
    digits = text.lstrip("+-")
    base = 10
    if digits[:2].lower() in ("0b", "0o", "0x", "0d"):
        base = {"b": 2, "o": 8, "x": 16, "d": 10}[digits[1].lower()]
        digits = digits[2:]
    elif len(digits) > 1 and digits[0] == "0":
        base, digits = 8, digits[1:]
    try:
        if not digits.isascii() or not digits.isalnum():
            raise ValueError(digits)
        value = int(digits, base)
    except ValueError:
        raise Unreadable(f"Ruby cannot read {text!r} as the integer the YAML 1.1 rules make it") from None
    return -value if text[:1] == "-" else value


def _ruby_float(text: str) -> float:
    """Ruby's ``Float(text)``: underscores only between digits, digits after any dot."""
    if not re.fullmatch(r"[-+]?(?:[0-9]+(?:_[0-9]+)*)?(?:\.[0-9]+(?:_[0-9]+)*)?(?:[eE][-+]?[0-9]+)?", text) or not (
        re.search("[0-9]", text.partition("e")[0].partition("E")[0])
    ):
        raise Unreadable(f"Ruby cannot read {text!r} as the number the YAML 1.1 rules make it")
    return float(text.replace("_", ""))


def _psych_sexagesimal(text: str, kind: type[int] | type[float]) -> int | float:
    """Psych's base-60 numbers: parts weigh 3600, 60 and 1 from the left, so ``12:30`` is 45000, each
    part read by Ruby's lenient String#to_i or #to_f."""
    number: int | float = 0
    for place, part in enumerate(text.split(":")):
        found = _RUBY_TO_F.match(part) if kind is float else _RUBY_TO_I.match(part)
        digits = found.group().replace("_", "") if found else "0"
        number += (float(digits) if kind is float else int(digits)) * 60 ** abs(place - 2)
    return number


_RUBY_TO_I = re.compile("[-+]?[0-9]+(?:_[0-9]+)*")
_RUBY_TO_F = re.compile(r"[-+]?[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?")


def _safe_sexagesimal(text: str) -> float:
    """SafeYAML's base-60 numbers, from the right, each part through Ruby's Float(), the sign applied
    once more: ``-1:30`` is 30.0."""
    whole, _, fraction = text.partition(".")
    number = 0.0
    for place, part in enumerate(reversed(whole.split(":"))):
        number += _ruby_float(part) * 60**place
    if fraction:
        number += _ruby_float("." + fraction)
    return -number if text[0] == "-" else number


def _ruby_date(text: str) -> object:
    """A date as Ruby's Date reads it, or the text where Ruby's calendar has no such day."""
    year, month, day = (int(part) for part in text.split("-"))
    return RubyDate(year, month, day) if _ruby_date_ok(year, month, day) else text


def _ruby_date_ok(year: int, month: int, day: int) -> bool:
    """Whether Ruby's Date has this day: Julian before 5 October 1582 (every fourth year a leap year),
    none of the ten days the reform skipped, Gregorian from 15 October 1582."""
    if not 1 <= month <= 12 or day < 1:
        return False
    if (year, month, day) < (1582, 10, 5):
        leap = year % 4 == 0
    elif (year, month) == (1582, 10) and day < 15:
        return False
    else:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= (29 if leap else 28) if month == 2 else day <= (30 if month in (4, 6, 9, 11) else 31)


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to a day of the proleptic Gregorian calendar, any year, a day past the
    month's end counting on into the next month (H. Hinnant's algorithm)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    """The year, month and day of a count of days from 1970-01-01 (the inverse of _days_from_civil)."""
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted + 2) // 5 + 1
    month = shifted + 3 if shifted < 10 else shifted - 9
    return year_of_era + era * 400 + (month <= 2), month, day
