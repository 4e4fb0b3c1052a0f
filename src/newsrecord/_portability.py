"""Where Jekyll reads a loaded record differently from newsrecord, and the fix that makes them agree.

Jekyll finds the front matter with its own regular expression and reads it with
a YAML 1.1 reader (Psych, or SafeYAML where Jekyll came from RubyGems): the
check applies both to the file's text and compares each plain scalar's reading
(see _yaml11) with newsrecord's. A fix replaces only the flagged text with what
the writer writes for newsrecord's value, which every reader reads the same.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Container, Iterator
from typing import NamedTuple

from ._diagnostic import RULE_CODES, Diagnostic
from ._errors import type_error
from ._lex import comment_line, fold, unescape_double, unquote_single
from ._models import Article
from ._parse import parse_tree
from ._quote import double_quoted
from ._record_data import record_data
from ._render import scalar, unportable
from ._split import Parts, split
from ._text import BOM, Positions
from ._tree import Mapping, Node, Scalar, Sequence, field_path
from ._validate import build, parse
from ._yaml11 import JEKYLL_READERS, RubyDate, RubyTime, Unreadable, psych_tagged, ruby_time

_JEKYLL_FRONT_MATTER = re.compile(
    r"\A(---[ \t\n\v\f\r]*\n.*?\n?)^((?:---|\.\.\.)[ \t\n\v\f\r]*$\n?)", re.MULTILINE | re.DOTALL
)
"""Jekyll's Document::YAML_FRONT_MATTER_REGEXP, with Ruby's \\s spelled out."""

_DISABLE = re.compile(r"(?:^|\s)#\s*newsrecord\s+disable-line((?:\s+rule:[\w-]+)*)\s*$")
"""A ``# newsrecord disable-line [rule:CODE ...]`` comment, the last thing on its line."""

_REFORM = dt.date(1582, 10, 15)


class _Finding(NamedTuple):
    rule: str
    start: int
    end: int
    loc: tuple[str | int, ...] | None
    newsrecord_reads: str
    jekyll_reads: str
    replacement: str | None
    fix: str | None


def check_article(article: Article) -> list[Diagnostic]:
    """Every place where Jekyll reads this loaded record's file differently from newsrecord.

    A record built in code has no file yet, and dumps_article writes it so that
    every reader agrees: it gets an empty list. A comment ``# newsrecord
    disable-line`` on a line (or alone on the line above), optionally with
    ``rule:NR103`` or ``rule:yaml11-boolean`` words, silences that line.

    >>> from newsrecord import check_article, loads_article
    >>> text = "---\\ntitle: Hi\\npublishedDateTime: 2020-12-11T05:06:00Z\\nquality: 017\\n---\\n"
    >>> [str(finding) for finding in check_article(loads_article(text))]
    ['<string>:4:10: quality: NR105 Jekyll reads 15, newsrecord reads 17; fix: write 17']
    """
    if not isinstance(article, Article):
        raise type_error("check_article", "an Article", article)
    source = article._source
    if source is None:
        return []
    positions = Positions(source.text)
    diagnostics = []
    for finding in _findings(source.text, source.name):
        if _disabled(source.text, finding.start, finding.rule):
            continue
        line, column = positions.at(finding.start)
        rule = RULE_CODES[finding.rule]
        diagnostics.append(
            Diagnostic(
                rule=rule.code,
                name=rule.name,
                source=source.name,
                line=line,
                column=column,
                field=None if finding.loc is None else field_path(finding.loc),
                newsrecord_reads=finding.newsrecord_reads,
                jekyll_reads=finding.jekyll_reads,
                fix=finding.fix,
            )
        )
    return diagnostics


def fixed_text(text: str, name: str, rules: Container[str] | None = None) -> str:
    """The text with every fixable finding fixed (of ``rules``, by code, if given) and every other
    character as it was."""
    pieces = []
    cursor = 0
    for finding in sorted(_findings(text, name), key=lambda finding: finding.start):
        if finding.replacement is None or finding.start < cursor or _disabled(text, finding.start, finding.rule):
            continue
        if rules is not None and finding.rule not in rules:
            continue
        pieces.append(text[cursor : finding.start])
        pieces.append(finding.replacement)
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _findings(text: str, name: str) -> Iterator[_Finding]:
    parts = split(text, name)
    if text.startswith(BOM):
        why = "no front matter: the file is copied as it is"
        yield _Finding("NR101", 0, 1, None, "the front matter", why, "", "remove the byte order mark")
    yield from _front_matter_end(text, parts)
    data = record_data(build(parse(parts, name)))
    yield from _check_node(text, parse_tree(parts, name), data, (), False)


def _front_matter_end(text: str, parts: Parts) -> Iterator[_Finding]:
    """Where Jekyll's regular expression ends the front matter (once a BOM is gone), if not where
    newsrecord does."""
    skip = 1 if text.startswith(BOM) else 0
    found = _JEKYLL_FRONT_MATTER.match(text[skip:])
    if found is None:
        yield _Finding("NR102", skip, skip, None, "a front matter", "no front matter", None, None)
        return
    end = skip + found.start(2)
    if end == parts.yaml_end:
        return
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end + 1
    why = "the end of the front matter"
    yield _Finding("NR102", end, line_end, None, "a line inside the front matter", why, "", "remove this line")


def _check_node(text: str, node: Node, value: object, loc: tuple[str | int, ...], flow: bool) -> Iterator[_Finding]:
    if isinstance(node, Mapping) and isinstance(value, dict):
        for entry in node.entries:
            yield from _check_key(text, entry.key, entry.key_start, entry.key_end, (*loc, entry.key))
            if entry.key in value:
                yield from _check_node(text, entry.value, value[entry.key], (*loc, entry.key), flow or node.flow)
    elif isinstance(node, Sequence) and isinstance(value, list):
        for index, (item, item_value) in enumerate(zip(node.items, value, strict=False)):
            yield from _check_node(text, item.value, item_value, (*loc, index), flow or node.flow)
    elif isinstance(node, Scalar):
        yield from _check_scalar(text, node, value, loc, flow)


def _check_key(text: str, key: str, start: int, end: int, loc: tuple[str | int, ...]) -> Iterator[_Finding]:
    if key == "<<":
        yield _Finding("NR109", start, end, loc, "the key '<<'", "a merge of its value into the mapping", None, None)
        return
    raw = text[start:end]
    tag = raw.split(None, 1)[0] if raw.startswith("!") else ""
    is_quoted = raw[len(tag) :].lstrip()[:1] in ("'", '"')
    readings = _jekyll_readings(raw, quoted=is_quoted, string=key if is_quoted else None)
    if readings is None or all(type(reading) is str and reading == key for reading in readings.values()):
        return
    quoted = double_quoted(key)
    rule = "NR110" if raw.startswith("!") else "NR107"
    yield _Finding(rule, start, end, loc, repr(key), _describe_readings(readings), quoted, f"write {quoted}")


def _check_scalar(text: str, node: Scalar, value: object, loc: tuple[str | int, ...], flow: bool) -> Iterator[_Finding]:
    raw = text[node.start : node.end]
    if node.style and type(value) is str and value == node.value and not raw.startswith("!"):
        return  # a quoted or block string without a tag: a string to every reader
    string = node.value if isinstance(node.value, str) else None
    readings = _jekyll_readings(raw, quoted=bool(node.style), string=string)
    if readings is None or all(_same(value, reading) for reading in readings.values()):
        return
    rule = "NR110" if raw.startswith("!") else _rule(value, readings)
    replacement = None
    if unportable(value) is None and not isinstance(value, (dict, list)):
        replacement = scalar(value, None, "" if node.style in ("|", ">") else None, flow=flow)
    fix = None if replacement is None else f"write {replacement}"
    yield _Finding(rule, node.start, node.end, loc, _describe(value), _describe_readings(readings), replacement, fix)


def _jekyll_readings(raw: str, *, quoted: bool, string: str | None) -> dict[str, object] | None:
    """Each Jekyll reader's reading of a scalar's source text, or None where it cannot be told.

    Without a tag, a quoted or block scalar is a string to both, and a plain one is resolved.
    With a tag, libyaml no longer calls it quoted: SafeYAML resolves its string as if plain,
    whatever the tag, and Psych resolves it by the tag (see psych_tagged). ``string`` is the
    scalar's string where newsrecord's reading gives it.
    """
    tag = raw.split(None, 1)[0] if raw.startswith("!") else ""
    body = raw[len(tag) :].lstrip()
    if quoted:
        string = string if string is not None else _unquote(body)
        if string is None:
            return None
        if not tag:
            return dict.fromkeys(JEKYLL_READERS, string)
    else:
        string = _fold(body)
        if not tag:
            return _readings(string)
    return {"Psych": _reading(lambda text: psych_tagged(tag, text), string), "SafeYAML": _readings(string)["SafeYAML"]}


@functools.lru_cache(maxsize=4096)
def _readings(raw: str) -> dict[str, object]:
    """Each Jekyll reader's reading of a plain scalar (shared between calls: never change it).

    Text that starts with a letter and is longer than five characters is a string to both: the
    shortcut that makes checking the keys and words of a record cheap."""
    if len(raw) > 5 and raw[0].isascii() and raw[0].isalpha() and "\n" not in raw:
        return dict.fromkeys(JEKYLL_READERS, raw)
    return {reader: _reading(read, raw) for reader, read in JEKYLL_READERS.items()}


def _reading(read: Callable[[str], object], raw: str) -> object:
    """A reader's reading of a plain scalar, or the Unreadable it raised."""
    try:
        return read(raw)
    except Unreadable as exc:
        return exc


def _unquote(raw: str) -> str | None:
    """A one-line quoted scalar's string, None where its escapes are beyond what is known here."""
    if raw[:1] == "'" and raw[-1:] == "'":
        return unquote_single(raw[1:-1])
    if raw[:1] == '"' and raw[-1:] == '"':
        return unescape_double(raw[1:-1])
    return None


def _fold(raw: str) -> str:
    """A multi-line plain scalar's value: its lines trimmed and joined by spaces, blank lines kept as line breaks."""
    if "\n" not in raw:
        return raw
    return fold([line.strip(" \t\r") for line in raw.split("\n")])


def _same(value: object, reading: object) -> bool:
    """Whether newsrecord's value and a Jekyll reader's reading are the same data."""
    if isinstance(reading, Unreadable):
        return False
    if isinstance(value, dt.datetime):
        return isinstance(reading, RubyTime) and ruby_time(value) == reading
    if isinstance(value, dt.date):  # Ruby's Date is Julian before the reform: the same label, another day
        return isinstance(reading, RubyDate) and reading == (value.year, value.month, value.day) and value >= _REFORM
    if isinstance(value, float) and isinstance(reading, float):
        if math.isnan(value) or math.isnan(reading):
            return math.isnan(value) and math.isnan(reading)
        return value == reading and math.copysign(1, value) == math.copysign(1, reading)
    return type(value) is type(reading) and value == reading


def _rule(value: object, readings: dict[str, object]) -> str:
    if any(isinstance(reading, Unreadable) for reading in readings.values()):
        return "NR108"
    for reading in [*(r for r in readings.values() if not _same(value, r)), value]:
        if isinstance(reading, bool):
            return "NR103"
        if reading is None:
            return "NR104"
        if isinstance(reading, (int, float)):
            return "NR105"
        if isinstance(reading, (RubyTime, RubyDate, dt.date)):
            return "NR106"
    return "NR105"


def _describe(value: object) -> str:
    """A reading in words: 'yes' for strings, true, null, 17, 1.5, and timestamps in ISO 8601."""
    if isinstance(value, Unreadable):
        return f"nothing: it fails to read the document ({value})"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf") if math.isinf(value) else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat() + ("" if value.tzinfo else " (no time zone)")
    if isinstance(value, (dt.date, RubyTime, RubyDate)):
        return str(value)
    return repr(value)


def _describe_readings(readings: dict[str, object]) -> str:
    psych, safe_yaml = readings["Psych"], readings["SafeYAML"]
    if _same(psych, safe_yaml) or (isinstance(psych, Unreadable) and isinstance(safe_yaml, Unreadable)):
        return _describe(psych)
    return f"{_describe(psych)} (Psych) or {_describe(safe_yaml)} (SafeYAML)"


def _disabled(text: str, offset: int, rule: str) -> bool:
    """Whether a ``# newsrecord disable-line`` comment on the finding's line (or alone above it) silences it."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    lines = [text[start : len(text) if end < 0 else end]]
    if start:
        above_start = text.rfind("\n", 0, start - 1) + 1
        above = text[above_start : start - 1]
        if comment_line(above):
            lines.append(above)
    for line in lines:
        found = _DISABLE.search(line)
        if found is None:
            continue
        words = found.group(1).split()
        if not words:
            return True
        named = {RULE_CODES[word[5:]].code for word in words if word[5:] in RULE_CODES}
        if rule in named:
            return True
    return False
