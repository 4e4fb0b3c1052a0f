"""Jekyll portability: the writer never writes what a YAML 1.1 reader reads otherwise, and the check
flags, with a one-line fix, every place of a loaded file that Jekyll reads differently."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from newsrecord import (
    Article,
    Diagnostic,
    NewsRecordError,
    article_from_dict,
    check_article,
    dumps_article,
    loads_article,
)

from .conftest import changed_lines, fixture_paths

H = "---\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\n"

# One row per divergence the issue lists: the line as a file has it, the rule, what each reads, the fixed line.
DIVERGENCES = [
    ("category: yes", "NR103", "'yes'", "true", 'category: "yes"'),
    ("category: yEs", "NR103", "'yEs'", "true", 'category: "yEs"'),
    ("category: oN", "NR103", "'oN'", "true", 'category: "oN"'),
    ("category: OfF", "NR103", "'OfF'", "false", 'category: "OfF"'),
    ("category: nO", "NR103", "'nO'", "false", 'category: "nO"'),
    ("category: tRuE", "NR103", "'tRuE'", "true", 'category: "tRuE"'),
    ("category: nULL", "NR104", "'nULL'", "null", 'category: "nULL"'),
    ("quality: 017", "NR105", "17", "15", "quality: 17"),
    ("heat: 0o17", "NR105", "15", "'0o17'", "heat: 15"),
    ("score: 1e3", "NR105", "1000.0", "'1e3'", "score: 1000.0"),
    ("label: .iNf", "NR105", "'.iNf'", ".inf (Psych) or '.iNf' (SafeYAML)", 'label: ".iNf"'),
    ("label: .nAn", "NR105", "'.nAn'", ".nan (Psych) or '.nAn' (SafeYAML)", 'label: ".nAn"'),
    ("label: 0x1,F", "NR105", "'0x1,F'", "31", 'label: "0x1,F"'),
    ("label: 0b1,0", "NR105", "'0b1,0'", "2", 'label: "0b1,0"'),
    ("label: 0X1F", "NR105", "'0X1F'", "'0X1F' (Psych) or 31 (SafeYAML)", 'label: "0X1F"'),
    ("label: _1", "NR105", "'_1'", "'_1' (Psych) or 1 (SafeYAML)", 'label: "_1"'),
    ("label: 0x,", "NR108", "'0x,'", None, 'label: "0x,"'),
    ("label: 0b,", "NR108", "'0b,'", None, 'label: "0b,"'),
    ("label: 12:30", "NR105", "'12:30'", "45000 (Psych) or 750.0 (SafeYAML)", 'label: "12:30"'),
    ("yEs: v", "NR107", "'yEs'", "true", '"yEs": v'),
    ("when: 2020-01-02T03:04:05.1234567Z", "NR106", None, None, "when: 2020-01-02T03:04:05.123457Z"),
    ("tagged: !!str 123", "NR110", "'123'", "'123' (Psych) or 123 (SafeYAML)", 'tagged: "123"'),
]  # fmt: skip
LIST_DIVERGENCES = [
    ("  - 1,000", "NR105", "'1,000'", "1000", '  - "1,000"'),
    ("  - 12:30", "NR105", "'12:30'", "45000 (Psych) or 750.0 (SafeYAML)", '  - "12:30"'),
]


def _record(line: str) -> str:
    return H + line + "\n---\n\nBody\n"


@pytest.mark.parametrize(("line", "rule", "ours", "theirs", "fixed"), DIVERGENCES)
def test_each_divergence_is_flagged_at_its_line_and_fixed_with_a_one_line_diff(
    line: str, rule: str, ours: str | None, theirs: str | None, fixed: str
) -> None:
    text = _record(line)
    _check_one(text, line, 4, rule, ours, theirs, fixed)


@pytest.mark.parametrize(("line", "rule", "ours", "theirs", "fixed"), LIST_DIVERGENCES)
def test_list_items_are_flagged_and_fixed(line: str, rule: str, ours: str, theirs: str, fixed: str) -> None:
    text = H + "topics:\n  - AI\n" + line + "\n---\n"
    _check_one(text, line, 6, rule, ours, theirs, fixed)


def _check_one(
    text: str, line: str, line_number: int, rule: str, ours: str | None, theirs: str | None, fixed: str
) -> None:
    article = loads_article(text)
    [finding] = check_article(article)
    assert (finding.rule, finding.line, finding.severity) == (rule, line_number, "warning")
    start = line.index(": ") + 2 if ": " in line and rule != "NR107" else len(line) - len(line.lstrip(" -"))
    assert finding.column == start + 1
    if ours is not None:
        assert finding.newsrecord_reads == ours
    if theirs is not None:
        assert finding.jekyll_reads == theirs
    assert f"Jekyll reads {finding.jekyll_reads}, newsrecord reads {finding.newsrecord_reads}" in str(finding)
    after = dumps_article(article, fix=True)
    assert changed_lines(text, after) == ([line + "\n"], [fixed + "\n"])
    again = loads_article(after)
    assert again == article
    assert check_article(again) == []


def test_fixes_keep_the_key_order_comments_and_crlf() -> None:
    text = "---\r\ntitle: Hi # greeting\r\npublishedDateTime: 2020-12-11T05:06:00Z\r\ncategory: yes   # keep\r\n---\r\n"
    fixed = dumps_article(loads_article(text), fix=True)
    assert fixed == text.replace("category: yes ", 'category: "yes" ')


def test_bom_is_flagged_and_fixed_by_removing_it() -> None:
    text = "\ufeff" + _record("quality: 5")
    [finding] = check_article(loads_article(text))
    assert (finding.rule, finding.name, finding.line, finding.column, finding.field) == ("NR101", "bom", 1, 1, None)
    assert dumps_article(loads_article(text), fix=True) == text[1:]
    assert dumps_article(loads_article(text)) == text  # kept on request: only fix=True removes it


def test_a_line_that_ends_the_front_matter_for_jekyll_is_flagged_and_removed() -> None:
    text = H + "... \n# the rest of the front matter\n---\n\nBody\n"
    article = loads_article(text)
    [finding] = check_article(article)
    assert (finding.rule, finding.line, finding.column) == ("NR102", 4, 1)
    fixed = dumps_article(article, fix=True)
    assert changed_lines(text, fixed) == (["... \n"], [])
    assert loads_article(fixed) == article


def test_quoted_merge_keys_are_flagged_without_a_fix() -> None:
    [finding] = check_article(loads_article(_record('"<<": x')))
    assert (finding.rule, finding.fix) == ("NR109", None)
    assert "no automatic fix" in str(finding)


def test_timestamps_jekyll_reads_otherwise_are_flagged() -> None:
    naive, minus_half_hour = check_article(
        loads_article(_record("naive: 2020-01-02 03:04:05\noffset: 2020-01-02T03:04:05-00:30"))
    )
    assert (naive.rule, naive.line, naive.fix) == ("NR106", 4, None)
    assert "build machine's time zone" in naive.jekyll_reads
    assert (minus_half_hour.rule, minus_half_hour.line, minus_half_hour.fix) == ("NR106", 5, None)
    assert "+00:30 (Psych)" in minus_half_hour.jekyll_reads


def test_disable_line_comments_silence_a_rule_or_all() -> None:
    text = _record(
        "a: yes  # newsrecord disable-line rule:NR103\n"
        "b: yes  # newsrecord disable-line rule:yaml11-null\n"
        "# newsrecord disable-line\n"
        "c: 017\n"
        "d: 017  # newsrecord disable-line rule:yaml11-number"
    )
    assert [finding.field for finding in check_article(loads_article(text))] == ["b"]


def test_records_built_in_code_have_nothing_to_check() -> None:
    article = Article(title="yes", published_date_time=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    assert check_article(article) == []
    assert check_article(loads_article(dumps_article(article))) == []


def test_check_article_refuses_what_is_not_an_article() -> None:
    with pytest.raises(TypeError, match="check_article takes an Article, not str"):
        check_article("---\n")  # type: ignore[arg-type]


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda path: path.name)
def test_fixtures_check_clean_but_for_their_bom(path: object) -> None:
    import pathlib

    assert isinstance(path, pathlib.Path)
    findings = check_article(loads_article(path.read_bytes()))
    assert [finding.rule for finding in findings] == (["NR101"] if path.name == "bom.md" else [])


def test_diagnostic_is_a_frozen_value() -> None:
    [finding] = check_article(loads_article(_record("category: yes")))
    assert isinstance(finding, Diagnostic)
    with pytest.raises(AttributeError):
        finding.rule = "NR999"  # type: ignore[misc]


# --- what the writer refuses, because some reader would read it otherwise -------------------------


def _article(**fields: object) -> Article:
    required: dict[str, object] = {"title": "T", "published_date_time": dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)}
    return Article(**(required | fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"published_date_time": dt.datetime(2020, 1, 1, tzinfo=dt.timezone(-dt.timedelta(minutes=30)))},
         "publishedDateTime", "reads a UTC offset between -01:00 and 00:00 with the wrong sign"),
        ({"seen": dt.datetime(2020, 1, 1)}, "seen", "without a time zone"),
        ({"born": dt.date(1582, 10, 10)}, "born", "skips 5 to 14 October 1582"),
        ({"born": dt.date(1500, 3, 1)}, "born", "counts days before 15 October 1582 in the Julian calendar"),
        ({"at": dt.datetime(1582, 10, 14, tzinfo=dt.timezone.utc)}, "at", "skips 5 to 14 October 1582"),
        ({"<<": "x"}, "<<", "merged into its mapping"),
        ({"notes": ["ok", "bad \udc00"]}, "notes[1]", "lone surrogate"),
    ],
)  # fmt: skip
def test_values_a_reader_would_misread_are_refused_with_their_field(
    fields: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(NewsRecordError, match=words) as caught:
        dumps_article(_article(**fields))
    assert caught.value.field == field


@pytest.mark.parametrize("name", ["title", "excerpt", "category", "secured", "body", "web_url"])
def test_lone_surrogates_are_refused_at_validation_with_the_field(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _article(**{name: "https://a.example/a\ud800b"})
    assert [(error["type"], error["loc"]) for error in caught.value.errors()] == [("string_unicode", (name,))]
    with pytest.raises(NewsRecordError, match="lone surrogate") as refused:
        article_from_dict({"title": "T", "publishedDateTime": "2020-01-01T00:00:00Z", "topics": ["ok", "\udc00"]})
    assert refused.value.field == "topics[1]"


def test_escaped_lone_surrogates_are_refused_at_load() -> None:
    with pytest.raises(NewsRecordError, match="lone surrogate") as caught:
        loads_article(_record('note: "\\uD800"'))
    assert (caught.value.line, caught.value.field) == (4, "note")


AWKWARD_WORDS = st.one_of(
    st.sampled_from(
        [
            "yEs",
            "nO",
            "oN",
            "OfF",
            "tRuE",
            "nULL",
            "~",
            "y",
            "N",
            ".iNf",
            "-.Inf",
            ".nAn",
            "0x1,F",
            "0b1,0",
            "0x,",
            "0b,",
            "1,000",
            "1_000",
            "017",
            "0o17",
            "0X1F",
            "_1",
            "1e3",
            "1.5e+3",
            "+.5",
            "-1_0.5",
            "12:30",
            "1:20:30.5",
            "-1:30",
            "2024-1-2",
            "2024-01-02 3:04:05",
            "2024-01-02t03:04:05z",
            "<<",
            "=",
            ":sym",
            "... x",
            "--- x",
            "...",
            "1582-10-10",
            "0",
            "-0",
            "0.0",
            "1.",
            ".",
        ]
    ),
    st.from_regex(r"[-+]?[0-9_,.:eExXbBoO]{1,8}", fullmatch=True),
    st.from_regex(r"(?i:yes|no|on|off|true|false|null|\.inf|\.nan)", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(word=AWKWARD_WORDS, other=AWKWARD_WORDS)
def test_what_the_writer_writes_every_jekyll_reader_reads_the_same(word: str, other: str) -> None:
    key = word if word and word != "<<" else "k"  # the key '<<' is refused: see above
    article = _article(category=word, topics=[word, other], **{key: other})
    text = dumps_article(article)
    assert check_article(loads_article(text)) == []


@settings(max_examples=200, deadline=None)
@given(
    when=st.datetimes(
        min_value=dt.datetime(1, 1, 1),
        timezones=st.builds(
            dt.timezone, st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: dt.timedelta(minutes=m))
        ),
    )
)
def test_timestamps_are_written_so_jekyll_reads_the_same_or_refused(when: dt.datetime) -> None:
    article = _article(when=when, when_list=[when])
    try:
        text = dumps_article(article)
    except NewsRecordError as error:
        offset = when.utcoffset()
        assert offset is not None
        assert -dt.timedelta(hours=1) < offset < dt.timedelta(0) or dt.date(1582, 10, 5) <= when.date() <= dt.date(
            1582, 10, 14
        ), error
        return
    assert check_article(loads_article(text)) == []


def test_nan_and_infinities_read_the_same() -> None:
    article = _article(score=math.nan, top=math.inf, bottom=-math.inf, zero=-0.0)
    assert check_article(loads_article(dumps_article(article))) == []


def test_the_rules_table_of_the_docs_is_the_table_of_the_code() -> None:
    import pathlib

    from newsrecord._diagnostic import RULES

    page = (pathlib.Path(__file__).parents[1] / "docs" / "jekyll.md").read_text(encoding="utf-8")
    rows = [line.split(" | ") for line in page.splitlines() if line.startswith("| NR")]
    assert [(code.strip("| "), name, summary.strip(" |")) for code, name, summary in rows] == [
        (rule.code, rule.name, rule.summary) for rule in RULES
    ]


@settings(max_examples=300, deadline=None)
@given(
    number=st.one_of(st.floats(), st.integers(min_value=-(10**30), max_value=10**30)),
    day=st.dates(min_value=dt.date(1582, 10, 15)),
)
def test_numbers_and_dates_are_written_so_jekyll_reads_the_same(number: float, day: dt.date) -> None:
    article = _article(quality=int(number) if isinstance(number, int) else None, number=number, day=day, days=[day])
    assert check_article(loads_article(dumps_article(article))) == []


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("type: ! 'yes'", "NR110"),  # with a tag, libyaml no longer calls the scalar quoted: Psych reads true
        ('category: !!str "yes"', "NR110"),  # SafeYAML ignores the tag and reads true
        ("category: !!str |-\n  yes", "NR110"),
        ('quality: !!int "17"', None),  # both read 17, as newsrecord does
        ('score: !!float "1.5"', None),
        ("excerpt: ab\n\n  cd", None),  # a multi-line plain scalar of five characters: a string to both
        ("category: n\n\n  yes", "NR103"),  # ... but Psych's ^yes$ matches its second line
        ("!!str abc: v", None),
        ("!!str yes: v", "NR110"),
        ("category: -2024-01-01T00:00:00Z", "NR106"),  # a Time of the year -2024 to Psych
        ("category: 2024-02-31T00:00:00+0000", "NR106"),  # Ruby's Time.utc rolls it over to 2 March
        ("category: ye\u017f", "NR103"),
    ],
)
def test_tags_multi_line_scalars_and_ruby_calendars_are_read_as_jekyll_reads_them(line: str, rule: str | None) -> None:
    findings = check_article(loads_article(_record(line)))
    assert [finding.rule for finding in findings] == ([] if rule is None else [rule])
    article = loads_article(_record(line))
    assert check_article(loads_article(dumps_article(article, fix=True))) == []


def test_a_bom_and_an_early_end_are_both_fixed() -> None:
    text = "\ufeff" + H + "... \n# c\n---\n"
    article = loads_article(text)
    assert [finding.rule for finding in check_article(article)] == ["NR101", "NR102"]
    fixed = dumps_article(article, fix=True)
    assert fixed == H + "# c\n---\n"
    assert check_article(loads_article(fixed)) == []


def test_a_disable_comment_inside_a_string_silences_nothing() -> None:
    text = _record('topics: ["# newsrecord disable-line", yes]')
    assert [finding.field for finding in check_article(loads_article(text))] == ["topics[1]"]


def test_the_error_names_the_field_its_message_is_about() -> None:
    article = article_from_dict(
        {"title": "T", "publishedDateTime": "2024-05-01T00:00:00Z", "topics": ["ok"], "zzz": "x"}
    )
    article.topics.append("\udc00")
    article.zzz = dt.datetime(2024, 1, 1)  # type: ignore[attr-defined]
    with pytest.raises(NewsRecordError, match="without a time zone") as caught:
        dumps_article(article)
    assert caught.value.field == "zzz"
