"""What `check_article` reports: a finding with its rule, place, both readings and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from ._errors import located


class Rule(NamedTuple):
    """A check: its stable code, its name, and what it finds."""

    code: str
    name: str
    summary: str


RULES: tuple[Rule, ...] = (
    Rule("NR101", "bom", "a byte order mark before the opening line: Jekyll sees no front matter"),
    Rule("NR102", "early-end", "a line that ends the front matter for Jekyll but not for newsrecord"),
    Rule("NR103", "yaml11-boolean", "a plain scalar that Jekyll reads as a boolean"),
    Rule("NR104", "yaml11-null", "a plain scalar that Jekyll reads as null"),
    Rule("NR105", "yaml11-number", "a plain scalar that Jekyll reads as another number, or a number as a string"),
    Rule("NR106", "yaml11-timestamp", "a timestamp or date that Jekyll reads as another instant, or not as one"),
    Rule("NR107", "yaml11-key", "a mapping key that Jekyll reads as something other than the same string"),
    Rule("NR108", "yaml11-error", "a plain scalar that makes Jekyll's YAML reader fail"),
    Rule("NR109", "merge-key", "a '<<' key, which Jekyll merges"),
    Rule("NR110", "tag", "a tag that Jekyll resolves differently"),
)
"""Every rule, by code; codes never change meaning once released."""

RULE_CODES = {rule.code: rule for rule in RULES} | {rule.name: rule for rule in RULES}
"""Each rule by its code and by its name."""


@dataclass(frozen=True)
class Diagnostic:
    """A place where Jekyll reads a loaded record differently from newsrecord, and how to fix it.

    ``rule`` is a stable code (``NR103``) and ``name`` its name (``yaml11-boolean``);
    ``line`` and ``column`` are 1-based in the whole file; ``field`` is a dotted
    path such as ``related[1].title`` (None for the file as a whole);
    ``newsrecord_reads`` and ``jekyll_reads`` say what each reads there, and
    ``fix`` says what ``dumps_article(article, fix=True)`` changes there (None
    when no change keeps newsrecord's reading: the input needs a person).

    >>> from newsrecord import check_article, loads_article
    >>> article = loads_article("---\\ntitle: Hi\\npublishedDateTime: 2020-12-11T05:06:00Z\\ncategory: yes\\n---\\n")
    >>> [finding] = check_article(article)
    >>> print(finding)
    <string>:4:11: category: NR103 Jekyll reads true, newsrecord reads 'yes'; fix: write "yes"
    >>> finding.rule, finding.name, finding.severity
    ('NR103', 'yaml11-boolean', 'warning')
    """

    rule: str
    name: str
    source: str
    line: int
    column: int
    field: str | None
    newsrecord_reads: str
    jekyll_reads: str
    fix: str | None
    severity: Literal["warning", "error"] = "warning"

    @property
    def message(self) -> str:
        """The finding in words, without its place: what each reads, and the fix."""
        fix = f"; fix: {self.fix}" if self.fix is not None else "; no automatic fix"
        return f"{self.rule} Jekyll reads {self.jekyll_reads}, newsrecord reads {self.newsrecord_reads}{fix}"

    def __str__(self) -> str:
        return located(self.source, self.line, self.column, self.field, self.message)
