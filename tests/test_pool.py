"""iter_articles(workers=2) against one process: a helper sends most records as their values' texts, and
this process builds their data with its own templates; the Articles must be the ones a load here gives."""

from __future__ import annotations

import importlib.util
import pathlib
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings

from newsrecord import Article, NewsRecordError, _parse_data, _pool, dumps_article, iter_articles, loads_article
from newsrecord._parse_data import Filled
from newsrecord._split import split
from newsrecord._validate import Parsed, build, parse

from .conftest import fixture_paths
from .strategies import articles

BENCHMARKS = pathlib.Path(__file__).resolve().parents[1] / "benchmarks"


def _benchmark_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_corpus", BENCHMARKS / "corpus.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _varied_texts() -> list[str]:
    """The fixtures, records of the benchmark corpus (every variation it writes), and each format variation
    of the load benchmark applied to a house-style record."""
    corpus = _benchmark_corpus()
    texts = [path.read_bytes().decode("utf-8-sig") for path in fixture_paths()]
    texts += [text for _, text in corpus.records(150)]
    house = next(text for name, text in corpus.records(20) if name.endswith("-house.md"))
    texts += [restyle(house) for restyle in corpus.STYLES.values()]
    return texts


def _edit(article: Article) -> None:
    article.title = f"{article.title} (edited)"
    article.topics.append("Edited")


def _same(here: Article | NewsRecordError, there: Article | NewsRecordError) -> None:
    """The same record, or the same error; the same bytes written back, unchanged and after an edit."""
    assert type(there) is type(here)
    if isinstance(here, NewsRecordError):
        assert isinstance(there, NewsRecordError)
        assert [(e.source, e.line, e.column, e.field, e.message) for e in there.errors] == [
            (e.source, e.line, e.column, e.field, e.message) for e in here.errors
        ]
        return
    assert isinstance(there, Article)
    assert there == here
    assert there.source_path == here.source_path
    assert dumps_article(there) == dumps_article(here)
    _edit(here)
    _edit(there)
    assert dumps_article(there) == dumps_article(here)


def test_workers_give_the_articles_one_process_gives(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Varied records, each three times (so that shapes recur and have templates), loaded with workers=2 in
    small chunks (this process and the helper both load), equal those loaded here and write the same bytes;
    most of the helper's records came as values, whose data this process built."""
    for index, text in enumerate(_varied_texts()):
        for copy in "abc":
            (tmp_path / f"{index:04d}-{copy}.md").write_bytes(text.encode("utf-8"))
    (tmp_path / "9999-broken.md").write_text("---\ntitle: [unclosed\n---\n")
    invalid = "---\ntitle: T\npublishedDateTime: 2020-01-01T00:00:00Z\nquality: x\n---\n"
    (tmp_path / "9999-invalid.md").write_text(invalid)
    received: list[bool] = []  # for each record a helper parsed: whether it came as values
    decoded = _pool._decoded

    def counted(message: bytes) -> list[_pool.Item]:
        items = decoded(message)
        received.extend(isinstance(item._data, Filled) for item in items if isinstance(item, Parsed))
        return items

    monkeypatch.setattr(_pool, "_decoded", counted)
    monkeypatch.setattr(_pool, "_CHUNK", 3)
    here = list(iter_articles(tmp_path, on_error="collect"))
    there = list(iter_articles(tmp_path, workers=2, on_error="collect"))
    assert len(there) == len(here) == 3 * len(_varied_texts()) + 2
    for mine, theirs in zip(here, there, strict=True):
        _same(mine, theirs)
    assert received
    # The first record of a shape is sent as data (it is read by the tree parser); the others as values.
    assert sum(received) > len(received) / 2


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_a_record_sent_as_values_builds_the_same_data_in_a_process_without_its_template(article: Article) -> None:
    """A record of a known shape crosses as its values' texts (marshalled); a process that never saw the
    shape builds the same data from them, and so the same Article, unchanged and edited."""
    text = dumps_article(article)
    parts = split(text, "<generated>")
    for _ in range(3):  # the first record of a shape is read by the tree parser, the second makes a template
        parsed = parse(parts, "<generated>")
    message = _pool._encoded([parsed])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_parse_data, "_TEMPLATES", {})  # as in a parent that has not seen this shape
        (received,) = _pool._decoded(message)
        assert isinstance(received, Parsed)
        if isinstance(parsed._data, Filled):
            assert isinstance(received._data, Filled)
        there = build(received)
    here = loads_article(text, source="<generated>")
    _same(here, there)


def test_a_value_only_the_tree_parsers_read_is_their_error_in_this_process() -> None:
    """Values are read when the data is built: one the data parser is unsure of goes to the tree parsers
    there, with the error (and its line) that a load in one process gives."""
    good = "---\ntitle: A\npublishedDateTime: 2020-01-01T00:00:00Z\ntopics: [a, b]\n---\n"
    bad = good.replace("[a, b]", "[a, b")
    parts = split(good, "s")
    for _ in range(3):
        parse(parts, "s")
    sent = parse(split(bad, "s"), "s")
    assert isinstance(sent._data, Filled)
    (received,) = _pool._decoded(_pool._encoded([sent]))
    assert isinstance(received, Parsed)
    with pytest.raises(NewsRecordError) as there:
        build(received)
    with pytest.raises(NewsRecordError) as here:
        loads_article(bad, source="s")
    assert (there.value.line, there.value.field, there.value.message) == (
        here.value.line,
        here.value.field,
        here.value.message,
    )
