"""What ``newsrecord check`` finds, which rules are selected, and how findings are printed.

Every finding, a record that does not load (a NewsRecordError) or a
Diagnostic from a check, becomes one ``Finding`` and goes through the same
rule selection and the same text, JSON and GitHub formatters.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from ._api import dumps_article
from ._diagnostic import RULES, Diagnostic, Rule
from ._errors import NewsRecordError, located
from ._export import wide_ints
from ._models import Article
from ._parse import parse_tree
from ._portability import check_article
from ._record_data import record_data
from ._split import split
from ._text import encode, position
from ._tree import field_path, find

Severity = Literal["error", "warning"]

INVALID_RECORD = Rule("NR001", "invalid-record", "a record that does not load: bad YAML, a wrong type, a missing key")
NOT_EXACT = Rule("NR002", "not-exact", "a loaded record that dumps_article does not write back byte for byte (a bug)")
WIDE_INTEGER = Rule("NR003", "wide-integer", "an integer beyond 64 bits, which the Parquet export refuses")
CHECK_RULES: tuple[Rule, ...] = (INVALID_RECORD, NOT_EXACT, WIDE_INTEGER, *RULES)
"""Every rule ``check`` knows, in code order."""

_UNCODED = frozenset((INVALID_RECORD.code, NOT_EXACT.code))
"""Rules whose text lines show no code: they print as NewsRecordError prints, as they always did."""


@dataclass(frozen=True)
class Finding:
    """One problem at one place: a load error, or a check's Diagnostic."""

    path: str
    line: int | None
    column: int | None
    field: str | None
    rule: str
    name: str
    severity: Severity
    message: str
    fix: str | None = None
    """What ``check --fix`` changes there, if it can."""

    def text(self) -> str:
        """``path:line:column: field: message``, the form editors and terminals open."""
        code = "" if self.rule in _UNCODED else f"{self.rule} "
        return located(self.path, self.line, self.column, self.field, code + self.message)


def from_error(error: NewsRecordError) -> list[Finding]:
    """One finding (rule NR001, an error) for each problem a NewsRecordError holds."""
    return [
        Finding(e.source, e.line, e.column, e.field, INVALID_RECORD.code, INVALID_RECORD.name, "error", e.message)
        for e in error.errors
    ]


def from_diagnostic(diagnostic: Diagnostic) -> Finding:
    """A check's Diagnostic as a finding."""
    message = diagnostic.message.removeprefix(f"{diagnostic.rule} ")
    return Finding(
        diagnostic.source,
        diagnostic.line,
        diagnostic.column,
        diagnostic.field,
        diagnostic.rule,
        diagnostic.name,
        diagnostic.severity,
        message,
        diagnostic.fix,
    )


def record_findings(article: Article, original: bytes, name: str) -> Iterator[Finding]:
    """The findings on a record that loaded, beyond loading itself: the one place new checks plug in.

    ``original`` is the record's bytes as read, ``name`` its path (or the name
    given for standard input): NR002 when the record does not write back byte
    for byte, NR003 for each integer too wide for Parquet, and the
    portability findings of ``check_article`` (NR101 to NR110).
    """
    if encode(dumps_article(article)) != original:
        message = "does not write back byte for byte (please report this as a bug)"
        yield Finding(name, None, None, None, NOT_EXACT.code, NOT_EXACT.name, "error", message)
    for loc, number in wide_ints(record_data(article)):
        digits = str(number)
        shown = digits if len(digits) <= 40 else f"an integer of {len(digits.lstrip('-'))} digits"
        message = f"{shown} does not fit in 64 bits, as the Parquet export needs"
        line, column = _position(article, loc)
        yield Finding(name, line, column, field_path(loc), WIDE_INTEGER.code, WIDE_INTEGER.name, "warning", message)
    for diagnostic in check_article(article):
        yield from_diagnostic(diagnostic)


def _position(article: Article, loc: tuple[str | int, ...]) -> tuple[int, int] | tuple[None, None]:
    """The line and column of the value at ``loc`` in the text the article was loaded from, if it has one."""
    source = article._source
    if source is None:
        return None, None
    node, _, depth = find(parse_tree(split(source.text, source.name), source.name), loc)
    return position(source.text, node.start) if depth == len(loc) else (None, None)


class RuleSelection:
    """Which rules are on, ruff-style: ``select`` then ``ignore``, by code, code prefix, name or ``ALL``.

    >>> selection = RuleSelection(select=["ALL"], ignore=["NR1", "not-exact"])
    >>> [code for code in ("NR001", "NR002", "NR103") if selection.enabled(code)]
    ['NR001']
    """

    def __init__(self, select: Sequence[str] = ("ALL",), ignore: Sequence[str] = (), strict: bool = False) -> None:
        if not select:
            raise ValueError("select names no rule, so nothing would be checked; select ALL for every rule")
        chosen = _expand(select)
        self.codes = frozenset(code for code in chosen if code not in _expand(ignore))
        self.strict = strict

    def enabled(self, rule: str) -> bool:
        return rule in self.codes

    def fails(self, finding: Finding) -> bool:
        """Whether a finding makes ``check`` exit 1: every error, and warnings too when strict."""
        return finding.severity == "error" or self.strict


def _expand(selectors: Iterable[str]) -> set[str]:
    codes: set[str] = set()
    for selector in selectors:
        matched = [
            rule.code
            for rule in CHECK_RULES
            if selector == "ALL" or selector == rule.name or rule.code.startswith(selector.upper())
        ]
        if not matched or not selector:
            known = ", ".join(f"{rule.code} ({rule.name})" for rule in CHECK_RULES)
            raise ValueError(f"unknown rule {selector!r}; the rules are ALL, {known}, or a prefix such as NR1")
        codes.update(matched)
    return codes


class Formatter:
    """Prints findings in one output format: ``lines`` as each comes, ``end`` once all have come."""

    def __init__(self, form: str, color: bool = False) -> None:
        self.form = form
        self.color = color
        self.objects: list[str] = []

    def lines(self, finding: Finding) -> Iterator[str]:
        """The lines that print one finding now (JSON waits for the end: one array)."""
        if self.form == "json":
            self.objects.append(json.dumps(asdict(finding), ensure_ascii=False))
        elif self.form == "github":
            yield _github(finding)
        else:
            yield _colored(finding) if self.color else finding.text()

    def end(self) -> Iterator[str]:
        """What closes the output: the JSON array, one finding per line."""
        if self.form == "json":
            yield "[\n" + ",\n".join(f"  {item}" for item in self.objects) + "\n]" if self.objects else "[]"


def _github(finding: Finding) -> str:
    """A GitHub Actions workflow command that annotates the file at the finding's line."""
    properties = [f"file={_escape_property(finding.path)}"]
    if finding.line is not None:
        properties.append(f"line={finding.line}")
        if finding.column is not None:
            properties.append(f"col={finding.column}")
    properties.append(f"title={_escape_property(f'{finding.rule} {finding.name}')}")
    field = f"{finding.field}: " if finding.field else ""
    return f"::{finding.severity} {','.join(properties)}::{_escape_data(field + finding.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_BOLD, _RED, _YELLOW, _CYAN, _RESET = "\033[1m", "\033[31m", "\033[33m", "\033[36m", "\033[0m"


def _colored(finding: Finding) -> str:
    plain = finding.text()
    where_end = len(finding.path)
    for part in (finding.line, finding.column):
        if part is not None:
            where_end += len(f":{part}")
    rest = plain[where_end:]
    color = _RED if finding.severity == "error" else _YELLOW
    code = f"{finding.rule} "
    if finding.rule not in _UNCODED and code in rest:
        rest = rest.replace(code, f"{color}{_BOLD}{finding.rule}{_RESET} ", 1)
    return f"{_BOLD}{plain[:where_end]}{_RESET}{_CYAN}:{_RESET}{rest[1:]}"


def use_color(stream_is_terminal: bool) -> bool:
    """Colour on a terminal unless NO_COLOR is set; FORCE_COLOR turns it on anywhere (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream_is_terminal and os.environ.get("TERM") != "dumb"
