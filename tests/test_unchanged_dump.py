"""What dumps_article reads: an unchanged record is found without parsing its text again, an edited
one is parsed into a tree once and checked by one load, and in-place edits are always seen."""

from __future__ import annotations

import pathlib
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsrecord import Article, NewsRecordError, _api, dumps_article, load_article, loads_article
from newsrecord._record_data import holds, record_data, same

from .conftest import fixture_paths, fixture_text
from .strategies import articles

EXTRAS = fixture_text("extras.md")


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the calls of one of the functions _api calls."""
    calls = [0]
    original = getattr(_api, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(_api, name, counted)
    return calls


def refuse(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged record was parsed again")

    for name in names:
        monkeypatch.setattr(_api, name, refused)


def holds_unknown_collections(record: object) -> bool:
    """Whether a model, or one inside it, has an unknown key whose value is a list or a dict."""
    extra = getattr(record, "model_extra", None) or {}
    if any(isinstance(value, (list, dict)) for value in extra.values()):
        return True
    for name in ("provider", "images", "related"):
        child = getattr(record, name, None)
        children = child if isinstance(child, list) else [] if child is None else [child]
        if any(holds_unknown_collections(item) for item in children):
            return True
    return False


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda path: path.name)
def test_an_unchanged_dump_parses_nothing(path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is parsed, but where unknown keys hold lists or dicts: the Article holds those of its load
    (validation keeps them as they are), so the data is parsed once more to compare with."""
    article = load_article(path)
    refuse(monkeypatch, "parse_tree", "patch", "loads_article")
    data_calls = counting(monkeypatch, "parse_data")
    assert dumps_article(article).encode("utf-8") == path.read_bytes()
    assert data_calls[0] == holds_unknown_collections(article)


def test_the_fixtures_have_both_kinds_of_unchanged_dump() -> None:
    kinds = {holds_unknown_collections(load_article(path)) for path in fixture_paths()}
    assert kinds == {False, True}


@pytest.mark.parametrize(
    ("change", "trees"),
    [
        (lambda a: setattr(a, "quality", 1), 0),  # scalars only: each replaces its span, found without a tree
        (lambda a: setattr(a.related[1], "title", "New"), 0),
        (lambda a: a.topics.append("New"), 1),  # an item added: the tree, parsed once
        (lambda a: setattr(a, "category", None), 0),  # written as null
        (lambda a: delattr(a, "category"), 1),  # a key removed
    ],
    ids=["quality", "related title", "topics.append", "category null", "category removed"],
)
def test_an_edit_parses_the_tree_at_most_once_and_checks_with_one_load(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[Article], object], trees: int
) -> None:
    article = loads_article(fixture_text("house.md"))
    change(article)
    data_calls = counting(monkeypatch, "parse_data")
    tree_calls = counting(monkeypatch, "parse_tree")
    load_calls = counting(monkeypatch, "loads_article")
    out = dumps_article(article)
    assert loads_article(out) == article
    assert (data_calls[0], tree_calls[0], load_calls[0]) == (0, trees, 1)


@pytest.mark.parametrize("patcher", ["patch", "patch_scalars"])
def test_the_write_back_check_catches_a_patcher_bug(monkeypatch: pytest.MonkeyPatch, patcher: str) -> None:
    """The check after an edit stays: a patch that loses the edit is refused, not written."""
    article = loads_article(fixture_text("house.md"))
    article.quality = 1
    article.topics.append("New")  # the tree's patch, and not the scalars'
    monkeypatch.setattr(_api, patcher, lambda parts, *args: parts.text)
    if patcher == "patch_scalars":
        del article.topics[-1]  # the scalars' patch, and not the tree's
    with pytest.raises(NewsRecordError, match="would not load back equal"):
        dumps_article(article)


IN_PLACE: dict[str, Callable[[Article], object]] = {
    "topics.append": lambda a: a.topics.append("New"),
    "images.clear": lambda a: a.images.clear(),
    "images[0].width": lambda a: setattr(a.images[0], "width", 101),
    "images.pop": lambda a: a.images.pop(),
    "provider extra": lambda a: (
        a.provider is not None and a.provider.model_extra is not None and a.provider.model_extra.update(country="AU")
    ),
    "extra dict in place": lambda a: a.model_extra is not None and a.model_extra["scores"].update(novelty=0.5),
    "extra dict key added": lambda a: a.model_extra is not None and a.model_extra["scores"].update(new=1),
    "image extra list": lambda a: (
        a.images[0].model_extra is not None and a.images[0].model_extra["credits"].append("Three")
    ),
    "related extra list of dicts": lambda a: (
        a.related[0].model_extra is not None and a.related[0].model_extra["images"][0].update(url="/x.jpg")
    ),
    "body": lambda a: setattr(a, "body", a.body + "more\n"),
}


@pytest.mark.parametrize("change", IN_PLACE.values(), ids=list(IN_PLACE))
def test_in_place_edits_are_seen(change: Callable[[Article], object]) -> None:
    """An edit inside a list or dict the model holds (a field's or an unknown key's) is written."""
    article = loads_article(EXTRAS)
    change(article)
    out = dumps_article(article)
    assert out != EXTRAS
    assert loads_article(out) == article


def test_an_unknown_dict_edited_in_place_then_replaced_by_a_copy_is_seen() -> None:
    """The load's data holds the very dict the Article holds: edited in place, it changed there too, and
    the copy that replaces it then equals it; only the text tells what the file holds."""
    text = "---\ntitle: T\npublishedDateTime: 2020-12-11T05:06:00Z\nscores: {}\nrank: 0\n---\n"
    article = loads_article(text)
    assert article.model_extra is not None
    article.model_extra["scores"]["novelty"] = 1
    article.model_extra["scores"] = dict(article.model_extra["scores"])
    out = dumps_article(article)
    assert "scores: {novelty: 1}\n" in out
    assert loads_article(out) == article


def test_an_unpickled_article_dumps_unchanged_and_sees_edits() -> None:
    """The kept data does not travel: a rebuilt Article parses its text again."""
    article = loads_article(EXTRAS)
    again = pickle.loads(pickle.dumps(article))
    assert again._loaded is None
    assert dumps_article(again) == EXTRAS
    again.topics.append("New")
    assert "New" in dumps_article(again)


def test_copies_do_not_share_edits_with_the_kept_data() -> None:
    article = loads_article(EXTRAS)
    shallow = article.model_copy()
    deep = article.model_copy(deep=True)
    assert dumps_article(shallow) == dumps_article(deep) == EXTRAS
    shallow.topics.append("New")  # shared with the original by a shallow copy, as pydantic does
    assert "New" in dumps_article(shallow)
    assert "New" in dumps_article(article)
    assert dumps_article(deep) == EXTRAS


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_in_place_change_of_unknown_values_is_seen(data: st.DataObject) -> None:
    """Property: whichever list or dict under model_extra is changed in place, the dump holds the change."""
    article = loads_article(EXTRAS)
    containers: list[list[object] | dict[str, object]] = []

    def collect(value: object) -> None:
        if isinstance(value, (list, dict)):
            containers.append(value)
            for item in value.values() if isinstance(value, dict) else value:
                collect(item)

    for record in (article, article.provider, *article.images, *article.related):
        for value in (getattr(record, "model_extra", None) or {}).values():
            collect(value)
    assert containers
    target = data.draw(st.sampled_from(containers))
    new = data.draw(st.one_of(st.integers(), st.text(alphabet="abc xyz", min_size=1), st.booleans()))
    if isinstance(target, list):
        target.append(new)
    else:
        target["added"] = new
    out = dumps_article(article)
    assert out != EXTRAS
    assert loads_article(out) == article


@settings(max_examples=150, deadline=None)
@given(articles(), articles())
def test_holds_agrees_with_record_data_and_same(first: Article, second: Article) -> None:
    """Property: holds(record, data) is same(record_data(record), data), for equal and unequal data alike."""
    for record, other in ((first, first), (first, second), (second, first)):
        data = record_data(other)
        assert holds(record, data) is same(record_data(record), data)
    loaded = loads_article(dumps_article(first))
    assert loaded._loaded is not None
    assert holds(loaded, loaded._loaded[0]) is not False
