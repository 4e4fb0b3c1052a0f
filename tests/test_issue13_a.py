"""Issue 13, part A: one regression test per item (1-6 and 12), named after it."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import pathlib
import subprocess
import sys
import tempfile
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from newsrecord import (
    Article,
    Image,
    NewsRecordError,
    article_from_dict,
    article_to_dict,
    check_article,
    dump_article,
    dumps_article,
    export_articles,
    find_records,
    iter_articles,
    load_article,
    loads_article,
)
from newsrecord._report import record_findings

UTC = dt.timezone.utc
H = "---\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\n"
OLD = H + "webUrl: https://a.example/old\n---\n"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsrecord", *args], capture_output=True, text=True, timeout=300, check=False
    )


# --- 1. a camelCase attribute shadows the field ---------------------------------------------------


def test_item1_file_key_as_attribute_is_refused() -> None:
    """Assigning a field's file key (webUrl) raises and changes nothing; the Python name works."""
    article = loads_article(OLD)
    for key, value in (("webUrl", "https://a.example/camel"), ("publishedDateTime", dt.datetime.now(UTC))):
        with pytest.raises(AttributeError, match=f"'{key}' is how the file spells the field"):
            setattr(article, key, value)
    assert article.model_extra == {}
    article.web_url = "https://a.example/final"
    assert "webUrl: https://a.example/final\n" in dumps_article(article)
    with pytest.raises(AttributeError, match=r"the attribute is Article\.web_url"):
        _ = article.webUrl  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match=r"the attribute is Article\.web_url"):
        del article.webUrl  # type: ignore[attr-defined]
    assert article.web_url == "https://a.example/final"
    image = Image(url="/logo.jpg")
    with pytest.raises(AttributeError, match=r"the attribute is Image\.is_cached"):
        image.isCached = True  # type: ignore[attr-defined]
    image.is_cached = True
    article.sourceFeed = "rss"  # type: ignore[attr-defined]  # an unknown key still assigns
    assert article.model_extra == {"sourceFeed": "rss"}


def test_item1_model_copy_update_is_validated_by_python_name() -> None:
    """model_copy(update=...) assigns each value: file keys are refused, invalid values raise, valid ones dump."""
    article = loads_article(OLD)
    with pytest.raises(AttributeError, match="webUrl"):
        article.model_copy(update={"webUrl": "https://a.example/camel"})
    with pytest.raises(ValidationError):
        article.model_copy(update={"web_url": "not a url"})
    copy = article.model_copy(update={"web_url": "https://a.example/new", "sourceFeed": "rss"})
    assert dumps_article(copy) == H + "webUrl: https://a.example/new\nsourceFeed: rss\n---\n"
    assert article.web_url == "https://a.example/old"


@pytest.mark.parametrize("key", ["title", "webUrl", "web_url", "body"])
def test_item1_model_extra_cannot_shadow_a_field(key: str) -> None:
    """A key put in model_extra that is a field's file key or Python name makes dump refuse, naming it."""
    article = loads_article(OLD)
    assert article.model_extra is not None
    article.model_extra[key] = "https://a.example/shadow"
    with pytest.raises(NewsRecordError, match=f"model_extra holds the key '{key}'") as caught:
        dumps_article(article)
    assert caught.value.field == key
    with pytest.raises(NewsRecordError):
        article_to_dict(article)


def test_item1_constructor_with_both_spellings_does_not_write() -> None:
    """Article(webUrl=..., web_url=...) keeps one value as the field and cannot be written with the other."""
    article = Article(
        title="x",
        published_date_time=dt.datetime(2020, 1, 1, tzinfo=UTC),
        webUrl="https://a.example/1",  # type: ignore[call-arg]
        web_url="https://a.example/2",
    )
    with pytest.raises(NewsRecordError, match="model_extra holds the key 'web_url'"):
        dumps_article(article)


# --- 2. -0.0 is a change --------------------------------------------------------------------------


def test_item2_negative_zero_is_a_change() -> None:
    """Changing an unknown key from 0.0 to -0.0 (and back) is written; loading gives back -0.0."""
    article = loads_article(H + "x: 0.0\n---\n")
    assert article.model_extra is not None
    article.model_extra["x"] = -0.0
    text = dumps_article(article)
    assert text == H + "x: -0.0\n---\n"
    again = loads_article(text)
    assert again.model_extra is not None
    assert math.copysign(1.0, again.model_extra["x"]) == -1.0
    assert again != loads_article(H + "x: 0.0\n---\n")


# --- 3. Parquet and integers beyond 64 bits -------------------------------------------------------


def test_item3_parquet_names_the_record_and_field_beyond_64_bits(tmp_path: pathlib.Path) -> None:
    """A 64-bit overflow in a typed column is a NewsRecordError naming the record and field; JSON keeps it."""
    pytest.importorskip("pyarrow")
    path = tmp_path / "big.md"
    path.write_text(H + "quality: 99999999999999999999999\n---\n", encoding="utf-8")
    related = tmp_path / "related.md"
    related.write_text(
        H + "related:\n  - title: r\n    webUrl: https://a.example/r\n    quality: -9223372036854775809\n---\n"
    )
    for record, field in ((path, "quality"), (related, "related[0].quality")):
        with pytest.raises(NewsRecordError, match="64-bit") as caught:
            export_articles([load_article(record)], tmp_path / "out.parquet", "parquet")
        assert caught.value.source == str(record)
        assert caught.value.field == field
    assert export_articles([load_article(path)], tmp_path / "out.jsonl", "jsonl") == 1
    assert json.loads((tmp_path / "out.jsonl").read_text())["quality"] == 99999999999999999999999
    fits = tmp_path / "fits.md"
    fits.write_text(H + "quality: 9223372036854775807\nheat: -9223372036854775808\n---\n", encoding="utf-8")
    assert export_articles([load_article(fits)], tmp_path / "fits.parquet", "parquet") == 1


def test_item3_cli_check_warns_and_export_names_the_record(tmp_path: pathlib.Path) -> None:
    """`check` accepts the record with a warning at the number's line and column; `export -f parquet` leaves it
    out, naming its path and field, exports the rest and exits 1, as for a broken record."""
    pytest.importorskip("pyarrow")
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "big.md").write_text(H + "quality: 99999999999999999999999\n---\n", encoding="utf-8")
    (folder / "ok.md").write_text(H + "quality: 1\n---\n", encoding="utf-8")
    checked = run_cli("check", str(folder))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    warnings = [line for line in checked.stdout.splitlines() if "NR003" in line]
    assert warnings == [
        f"{folder / 'big.md'}:4:10: quality: NR003 99999999999999999999999 does not fit in 64 bits, "
        "as the Parquet export needs"
    ]
    exported = run_cli("export", str(folder), "-f", "parquet", "-o", str(tmp_path / "out.parquet"))
    assert exported.returncode == 1
    assert f"{folder / 'big.md'}: quality: 99999999999999999999999 does not fit" in exported.stdout
    assert "; left out" in exported.stdout
    assert "exported 1 record to" in exported.stdout
    assert "Traceback" not in exported.stdout + exported.stderr
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "out.parquet").column("sourcePath").to_pylist() == [str(folder / "ok.md")]


# --- 4. integers past Python's int-to-str limit ---------------------------------------------------

HUGE = "9" * (sys.get_int_max_str_digits() + 1)


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "0x" + "f" * 4000])
@pytest.mark.parametrize("key", ["quality", "score"])
def test_item4_huge_integer_at_load_is_a_news_record_error(key: str, value: str) -> None:
    """At load, an integer Python cannot write in decimal is a NewsRecordError at its line and field."""
    with pytest.raises(NewsRecordError, match="digits") as caught:
        loads_article(H + f"{key}: {value}\n---\n")
    assert (caught.value.line, caught.value.field) == (4, key)
    assert len(str(caught.value)) < 300  # the digits are not echoed


def test_item4_huge_integer_in_a_corpus_and_the_cli(tmp_path: pathlib.Path) -> None:
    """iter_articles skips or collects such a record; `newsrecord check` reports it without a traceback."""
    (tmp_path / "a.md").write_text(H + f"quality: {HUGE}\n---\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(H + "---\n", encoding="utf-8")
    assert [a.source_path for a in iter_articles(tmp_path, on_error="skip")] == [str(tmp_path / "b.md")]
    collected = list(iter_articles(tmp_path, on_error="collect"))
    assert isinstance(collected[0], NewsRecordError)
    assert collected[0].field == "quality"
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{tmp_path / 'a.md'}:4:10: quality: an integer of more than" in result.stdout


def test_item4_huge_integer_set_in_code_is_refused_at_dump() -> None:
    """A value set in code that Python cannot write is a NewsRecordError naming the field, at every depth."""
    article = loads_article(H + "---\n")
    article.quality = 10**5000
    with pytest.raises(NewsRecordError, match="digits") as caught:
        dumps_article(article)
    assert caught.value.field == "quality"
    built = Article(
        title="x", published_date_time=dt.datetime(2020, 1, 1, tzinfo=UTC), extra={"deep": [1, -(10**5000)]}
    )  # type: ignore[call-arg]
    with pytest.raises(NewsRecordError, match="digits") as caught:
        dumps_article(built)
    assert caught.value.field == "extra.deep[1]"


def test_item4_huge_integer_in_dicts_and_exports(tmp_path: pathlib.Path) -> None:
    """article_from_dict reports such an integer in a wrong field without printing it; article_to_dict and every
    export format refuse one set in code, naming the field."""
    for data, field in (
        ({"title": 10**5000, "publishedDateTime": "2020-01-01T00:00:00Z"}, "title"),
        ({"title": "x", "publishedDateTime": 10**5000}, "publishedDateTime"),
    ):
        with pytest.raises(NewsRecordError, match="too long to show") as caught:
            article_from_dict(data)
        assert caught.value.field == field
    article = loads_article(H + "---\n")
    article.images = [Image(url="/a.jpg", width=-(10**5000))]
    with pytest.raises(NewsRecordError, match="digits") as caught:
        article_to_dict(article)
    assert caught.value.field == "images[0].width"
    for format in ("jsonl", "csv", "parquet"):
        with pytest.raises(NewsRecordError, match="digits"):
            export_articles([article], tmp_path / f"out.{format}", format)


# --- 5. misuse gives guidance ---------------------------------------------------------------------


def test_item5_find_records_takes_one_path_as_a_path(tmp_path: pathlib.Path) -> None:
    """find_records("archive") searches that folder, not the characters of its name."""
    (tmp_path / "a.md").write_text("")
    assert list(find_records(str(tmp_path))) == [str(tmp_path / "a.md")]
    assert list(find_records(tmp_path)) == [str(tmp_path / "a.md")]
    with pytest.raises(TypeError, match=r"find_records\(\) takes an iterable of paths, or one path .* got bytes"):
        find_records(b"archive")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="item 1 of paths"):
        list(find_records([str(tmp_path), 3]))  # type: ignore[list-item]
    with pytest.raises(TypeError, match="pattern"):
        find_records(tmp_path, pattern=None)  # type: ignore[arg-type]


def test_item5_load_article_refuses_text_streams_and_record_text(tmp_path: pathlib.Path) -> None:
    """A text stream would lose CRLF: refused with the reason; a record's text is pointed to loads_article."""
    path = tmp_path / "crlf.md"
    path.write_bytes((H + "---\n").replace("\n", "\r\n").encode())
    with open(path, encoding="utf-8") as stream, pytest.raises(TypeError, match=r"text stream.*'rb'"):
        load_article(stream)  # type: ignore[arg-type]
    with open(path, "rb") as binary:
        assert dumps_article(load_article(binary)) == (H + "---\n").replace("\n", "\r\n")
    with pytest.raises(TypeError, match="use loads_article"):
        load_article(H + "---\n")
    with pytest.raises(TypeError, match="use loads_article"):
        load_article(b"---\n")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="max_size"):
        load_article(path, max_size="1")  # type: ignore[arg-type]


def test_item5_loads_article_refuses_paths(tmp_path: pathlib.Path) -> None:
    """loads_article(Path) says to use load_article."""
    with pytest.raises(TypeError, match=r"loads_article\(\) takes a record's text .* got \w*Path.*load_article"):
        loads_article(tmp_path / "x.md")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="source"):
        loads_article(H + "---\n", source=None)  # type: ignore[arg-type]


def test_item5_dump_functions_refuse_non_articles_and_text_streams(tmp_path: pathlib.Path) -> None:
    """dumps_article({}) points to article_from_dict; dump_article refuses text streams and names a missing folder."""
    with pytest.raises(TypeError, match=r"dumps_article\(\) takes an Article, got dict; article_from_dict"):
        dumps_article({})  # type: ignore[arg-type]
    article = loads_article(H + "---\n")
    with pytest.raises(TypeError, match="canonical"):
        dumps_article(article, canonical="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"text stream.*'wb'"):
        dump_article(article, io.StringIO())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"dump_article\(\) takes an Article"):
        dump_article(None, tmp_path / "x.md")  # type: ignore[arg-type]
    target = tmp_path / "no" / "dir" / "x.md"
    with pytest.raises(FileNotFoundError) as caught:
        dump_article(article, target)
    assert caught.value.filename == str(target)
    assert ".tmp" not in str(caught.value)


def test_item5_dict_conversions_check_their_argument() -> None:
    """article_from_dict(article) and article_to_dict(dict) say what they take."""
    article = loads_article(H + "---\n")
    with pytest.raises(TypeError, match="it is an Article already"):
        article_from_dict(article)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"article_to_dict\(\) takes an Article, got dict"):
        article_to_dict({})  # type: ignore[arg-type]
    assert article_from_dict(article_to_dict(article)) == article


def test_item5_export_refuses_errors_and_non_iterables(tmp_path: pathlib.Path) -> None:
    """export_articles over on_error="collect" names the broken record instead of an AttributeError."""
    (tmp_path / "bad.md").write_text("no front matter")
    with pytest.raises(TypeError, match=r"item 0 of articles is the error of a broken record .*bad\.md"):
        export_articles(iter_articles(tmp_path, on_error="collect"), tmp_path / "o.jsonl", "jsonl")  # type: ignore[arg-type]
    article = loads_article(H + "---\n")
    with pytest.raises(TypeError, match=r"wrap one Article in a list"):
        export_articles(article, tmp_path / "o.jsonl", "jsonl")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="path"):
        export_articles([article], None, "jsonl")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="format"):
        export_articles([article], tmp_path / "o.jsonl", None)  # type: ignore[arg-type]


def test_item5_iter_articles_checks_its_arguments(tmp_path: pathlib.Path) -> None:
    """A list of paths, a workers string or an on_error None are TypeErrors at the call, before any loading."""
    with pytest.raises(TypeError, match=r"pass paths as separate arguments, iter_articles\(\*paths\)"):
        iter_articles([tmp_path])  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="workers"):
        iter_articles(tmp_path, workers="2")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="on_error"):
        iter_articles(tmp_path, on_error=None)  # type: ignore[call-overload]


# --- 6. NaN -------------------------------------------------------------------------------------


def test_item6_nan_writes_back_on_every_load() -> None:
    """Loads of `score: .nan` never share one NaN object; each equals itself and writes back exactly."""
    text = H + "score: .nan\n---\n"
    articles = [loads_article(text) for _ in range(4)]
    for article in articles:
        assert article == article
        assert dumps_article(article) == text
    extras = [article.model_extra for article in articles]
    assert all(extra is not None for extra in extras)
    assert len({id(extra["score"]) for extra in extras if extra is not None}) == len(articles)


def test_item6_cached_values_are_never_mutable() -> None:
    """An empty list loaded and then changed does not leak into the next record of the same shape."""
    text = H + "tags: []\n---\n"
    first = loads_article(text)
    second = loads_article(text)
    assert first.model_extra is not None
    first.model_extra["tags"].append("x")
    third = loads_article(text)
    assert second.model_extra == third.model_extra == {"tags": []}


# --- 12. quoted timestamps ------------------------------------------------------------------------

QUOTED = (
    '---\ntitle: Hi\npublishedDateTime: "2023-08-22T10:30:00Z"\nquality: 1\n'
    "related:\n  - title: r\n    webUrl: https://a.example/r\n"
    "    publishedDateTime: '2023-08-22 10:30:00 +01:00'\n---\n"
)


def test_item12_quoted_timestamps_load_as_datetimes_and_write_back() -> None:
    """Quoted timestamps (top level and related) load as datetimes and the record writes back byte for byte."""
    for _ in range(3):  # the first record of a shape, the one that makes its template, and one built by it
        loaded = loads_article(QUOTED.replace("quality: 1", "quality: 7"))
        assert isinstance(loaded.published_date_time, dt.datetime)
        assert dumps_article(loaded) == QUOTED.replace("quality: 1", "quality: 7")
    article = loads_article(QUOTED)
    assert article.published_date_time == dt.datetime(2023, 8, 22, 10, 30, tzinfo=UTC)
    assert article.related[0].published_date_time == dt.datetime(
        2023, 8, 22, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert dumps_article(article) == QUOTED
    assert dumps_article(loads_article(QUOTED.replace("\n", "\r\n").encode())) == QUOTED.replace("\n", "\r\n")
    assert article_from_dict({"title": "Hi", "publishedDateTime": "2023-08-22T10:30:00Z"}).published_date_time == (
        article.published_date_time
    )


def test_item12_edits_keep_the_quotes() -> None:
    """An edit elsewhere leaves the quoted lines alone; an edit of the timestamp keeps its quote style."""
    article = loads_article(QUOTED)
    article.quality = 2
    assert dumps_article(article) == QUOTED.replace("quality: 1", "quality: 2")
    article.published_date_time = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    article.related[0].published_date_time = dt.datetime(2024, 1, 2, tzinfo=UTC)
    text = dumps_article(article)
    assert 'publishedDateTime: "2024-01-02T03:04:05Z"\n' in text
    assert "    publishedDateTime: '2024-01-02T00:00:00Z'\n" in text
    assert loads_article(text) == article
    assert "publishedDateTime: 2024-01-02T03:04:05Z\n" in dumps_article(article, canonical=True)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"2023-13-01T00:00:00Z"', "'2023-13-01T00:00:00Z' is not a valid timestamp: month must be in 1..12"),
        ('"2023-08-22T10:30"', "'2023-08-22T10:30' is not a timestamp YAML reads: write it like 2020-12-11T05:06:00Z"),
        ('"2023-08-22"', "2023-08-22 is a date without a time: a timestamp needs a time and a time zone"),
        ('"2023-08-22T10:30:00"', "the timestamp 2023-08-22 10:30:00 needs a time zone"),
        ('"yesterday"', "expected a timestamp such as 2020-12-11T05:06:00Z, got 'yesterday'"),
    ],
)
def test_item12_refused_timestamps_say_why(value: str, message: str) -> None:
    """A quoted value that is still refused says what is wrong with it, not that a timestamp was expected."""
    with pytest.raises(NewsRecordError) as caught:
        loads_article(f"---\ntitle: Hi\npublishedDateTime: {value}\n---\n")
    assert message in str(caught.value)
    assert caught.value.field == "publishedDateTime"


def test_item12_a_folded_timestamp_and_nested_keys_write_back() -> None:
    """A timestamp in a block scalar loads as one and stays untouched by an edit elsewhere; the same key
    under an unknown key is YAML's string, on load and on edit alike."""
    text = (
        "---\ntitle: Hi\npublishedDateTime: >-\n  2023-08-22T10:30:00Z\nquality: 1\n"
        "related:\n  - title: r\n    webUrl: https://a.example/r\n"
        '    related:\n      - publishedDateTime: "2023-08-22T10:30:00Z"\n---\n'
    )
    article = loads_article(text)
    assert isinstance(article.published_date_time, dt.datetime)
    assert article.related[0].model_extra == {"related": [{"publishedDateTime": "2023-08-22T10:30:00Z"}]}
    article.quality = 2
    assert dumps_article(article) == text.replace("quality: 1", "quality: 2")


WRONG = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.lists(st.integers(), min_size=1, max_size=2),
    st.tuples(st.integers()),
    st.builds(object),
    st.builds(bytearray, st.binary(max_size=4)),
)


@settings(max_examples=200, deadline=None)
@given(
    WRONG,
    st.sampled_from(["loads", "load", "dumps", "dump", "to_dict", "from_dict", "export", "find", "iter", "check"]),
)
def test_item5_every_public_function_refuses_wrong_types(value: object, function: str) -> None:
    """Each public function given a value of the wrong kind raises TypeError that names it, never anything else."""
    out = pathlib.Path(tempfile.gettempdir()) / "newsrecord-item5.jsonl"
    calls: dict[str, Callable[[], object]] = {
        "loads": lambda: loads_article(value),  # type: ignore[arg-type]
        "load": lambda: load_article(value),  # type: ignore[arg-type]
        "dumps": lambda: dumps_article(value),  # type: ignore[arg-type]
        "dump": lambda: dump_article(value, out),  # type: ignore[arg-type]
        "to_dict": lambda: article_to_dict(value),  # type: ignore[arg-type]
        "from_dict": lambda: article_from_dict(value),  # type: ignore[arg-type]
        "export": lambda: export_articles(value, out, "jsonl"),  # type: ignore[arg-type]
        "find": lambda: list(find_records(value)),  # type: ignore[arg-type]
        "iter": lambda: iter_articles(value),  # type: ignore[call-overload]
        "check": lambda: check_article(value),  # type: ignore[arg-type]
    }
    with pytest.raises(TypeError) as caught:
        calls[function]()
    assert str(caught.value).split("(")[0] in {
        "loads_article",
        "load_article",
        "dumps_article",
        "dump_article",
        "article_to_dict",
        "article_from_dict",
        "export_articles",
        "find_records",
        "iter_articles",
        "check_article",
    }


def test_item3_wide_integers_in_lists_and_nested_records_are_located() -> None:
    """NR003 points at each wide integer, also inside a nested record or a list, and has no position for a record
    built in code (there is no file to point into)."""
    related = "related:\n  - title: R\n    webUrl: https://a.example/r\n    extra: [1, 1e0, 18446744073709551616]\n"
    text = H + "quality: 1\n" + related + "---\n"
    article = loads_article(text)
    wide = [f for f in record_findings(article, text.encode(), "r.md") if f.rule == "NR003"]
    line = text.splitlines()[7]
    assert [(f.line, f.column, f.field) for f in wide] == [(8, line.index("1844") + 1, "related[0].extra[2]")]
    built = Article(title="Hi", published_date_time=article.published_date_time, quality=1 << 70)
    wide = [f for f in record_findings(built, b"", "<built>") if f.rule == "NR003"]
    assert [(f.line, f.column, f.field) for f in wide] == [(None, None, "quality")]
