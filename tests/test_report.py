"""Findings through the formatters, and rule selection, as properties."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsrecord import NewsRecordError, loads_article
from newsrecord._diagnostic import Diagnostic
from newsrecord._report import CHECK_RULES, Finding, Formatter, RuleSelection, from_diagnostic, from_error

findings = st.builds(
    Finding,
    path=st.text(min_size=1),
    line=st.none() | st.integers(1, 10**6),
    column=st.none() | st.integers(1, 10**4),
    field=st.none() | st.text(),
    rule=st.sampled_from([rule.code for rule in CHECK_RULES]),
    name=st.sampled_from([rule.name for rule in CHECK_RULES]),
    severity=st.sampled_from(["error", "warning"]),
    message=st.text(),
)


def _unescape(text: str) -> str:
    return re.sub("%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]], text)


@given(findings)
def test_github_annotations_are_one_line_that_carries_everything(finding: Finding) -> None:
    """Whatever the path or message holds (newlines, commas, colons, %), the annotation is one line that decodes."""
    [line] = list(Formatter("github").lines(finding))
    assert "\n" not in line
    assert "\r" not in line
    match = re.fullmatch(r"::(error|warning) ([^:]*)::(.*)", line, re.S)
    assert match is not None
    assert match[1] == finding.severity
    properties = dict(item.split("=", 1) for item in match[2].split(","))
    assert _unescape(properties["file"]) == finding.path
    assert _unescape(properties["title"]) == f"{finding.rule} {finding.name}"
    assert properties.get("line") == (None if finding.line is None else str(finding.line))
    field = f"{finding.field}: " if finding.field else ""
    assert _unescape(match[3]) == field + finding.message


@given(st.lists(findings, max_size=5))
def test_json_output_is_one_array_of_the_findings(items: list[Finding]) -> None:
    """The JSON formatter prints one array whose objects are the findings, field for field."""
    formatter = Formatter("json")
    assert all(list(formatter.lines(item)) == [] for item in items)
    parsed = json.loads("\n".join(formatter.end()))
    assert [Finding(**obj) for obj in parsed] == items


@given(st.lists(findings, max_size=5))
def test_text_output_is_one_line_per_finding(items: list[Finding]) -> None:
    """The text formatter prints each finding's text as it comes, and nothing at the end."""
    formatter = Formatter("text")
    assert [line for item in items for line in formatter.lines(item)] == [item.text() for item in items]
    assert list(formatter.end()) == []


selectors = st.sampled_from(
    ["ALL", "NR", "NR0", "NR1", "NR10", *[r.code for r in CHECK_RULES], *[r.name for r in CHECK_RULES]]
)


def _matches(selector: str, code: str, name: str) -> bool:
    return selector in ("ALL", name) or code.startswith(selector)


@given(st.lists(selectors, min_size=1, max_size=4), st.lists(selectors, max_size=3))
def test_rule_selection_is_select_minus_ignore(select: list[str], ignore: list[str]) -> None:
    """A rule is on when some selector of select names it and no selector of ignore does."""
    selection = RuleSelection(select, ignore)
    for rule in CHECK_RULES:
        expected = any(_matches(s, rule.code, rule.name) for s in select) and not any(
            _matches(s, rule.code, rule.name) for s in ignore
        )
        assert selection.enabled(rule.code) is expected


@pytest.mark.parametrize("selector", ["E501", "", "nr-001", "NR2"])
def test_unknown_rules_are_refused(selector: str) -> None:
    with pytest.raises(ValueError, match="unknown rule"):
        RuleSelection([selector])


def test_selecting_nothing_is_refused() -> None:
    """An empty select (`--select ''`, `select = []`) would silently check nothing: it is an error instead."""
    with pytest.raises(ValueError, match="select names no rule"):
        RuleSelection([])


def test_errors_and_diagnostics_become_findings() -> None:
    """Each problem of a NewsRecordError is an NR001 error; a Diagnostic keeps its rule, place and severity."""
    with pytest.raises(NewsRecordError) as caught:
        loads_article("---\ntitle: x\nquality: high\n---\n", source="a.md")
    found = from_error(caught.value)
    assert [(f.rule, f.line, f.field, f.severity) for f in found] == [
        ("NR001", 2, "publishedDateTime", "error"),
        ("NR001", 3, "quality", "error"),
    ]
    assert found[1].text() == "a.md:3:10: quality: expected an integer, got 'high'"
    diagnostic = Diagnostic("NR103", "yaml11-boolean", "a.md", 4, 11, "category", "'yes'", "true", 'write "yes"')
    finding = from_diagnostic(diagnostic)
    assert finding.text() == str(diagnostic)
    assert (finding.rule, finding.severity, finding.message) == ("NR103", "warning", diagnostic.message[6:])
    strict = RuleSelection(strict=True)
    assert strict.fails(finding)
    assert not RuleSelection().fails(finding)
