"""The grammar written once (_lex): every parser and the writer hold to the same rules and limits."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsrecord import Article, NewsRecordError, dumps_article, iter_articles, loads_article
from newsrecord._lex import MAX_DEPTH, MAX_KEY, Unsure, block_header
from newsrecord._parse_fast import parse_fast
from newsrecord._parse_full import parse_full
from newsrecord._parse_wide import parse_wide
from newsrecord._quote import plain_ok
from newsrecord._tree import Node, to_data

H = "---\ntitle: T\npublishedDateTime: 2020-12-11T05:06:00Z\n"


def nested(blocks: list[str], flows: str, leaf: str) -> tuple[str, int]:
    """Front matter whose key ``k`` nests block mappings (``m``) and sequences of mappings (``s``), then
    flow sequences (``[``) and mappings (``{``) around ``leaf``; and how deep its collections nest."""
    lines = ["k:"]
    column, depth = 0, 1
    for kind in blocks:
        if kind == "m":
            column += 2
            lines.append(" " * column + "k:")
            depth += 1
        else:
            lines.append(" " * (column + 2) + "- k:")
            column += 4
            depth += 2
    value = leaf
    for bracket in reversed(flows):
        value = f"[{value}]" if bracket == "[" else f"{{k: {value}}}"
    lines[-1] += " " + value
    return "k0: 1\n" + "\n".join(lines) + "\n", depth + len(flows)


def certain(parser: object, text: str) -> object:
    """The data a fast parser reads, or Unsure."""
    try:
        root: Node | None = parser(text, 0, len(text))  # type: ignore[operator]
    except Unsure:
        return Unsure
    assert root is not None
    return to_data(root)


@st.composite
def deep_documents(draw: st.DrawFn) -> tuple[list[str], str, int]:
    """Nesting kinds whose depth is MAX_DEPTH - 1, MAX_DEPTH or MAX_DEPTH + 1."""
    target = draw(st.sampled_from([MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1]))
    flows = draw(st.text(alphabet="[{", max_size=12))
    left = target - 1 - len(flows)
    blocks: list[str] = []
    while left > 0:
        kind = "m" if left == 1 else draw(st.sampled_from("ms"))
        blocks.append(kind)
        left -= 1 if kind == "m" else 2
    return blocks, flows, target


@settings(max_examples=40, deadline=None)
@given(deep_documents())
def test_one_depth_limit_for_every_parser(document: tuple[list[str], str, int]) -> None:
    """Nesting up to MAX_DEPTH loads, by every parser certain of it with the same data, at every load of
    the same shape (the first, the one that makes its template, and those that use it); one level
    deeper is a NewsRecordError at its line, at every load, which no fast parser reads instead."""
    blocks, flows, depth = document
    front, counted = nested(blocks, flows, "x")
    assert counted == depth
    fast, wide = certain(parse_fast, front), certain(parse_wide, front)
    if depth <= MAX_DEPTH:
        full = parse_full(front, 0, len(front), "<test>")
        assert full is not None
        data = to_data(full)
        assert wide == data
        assert fast in (Unsure, data)
        assert fast is Unsure or not flows
        for leaf in ("x", "y", "z"):
            text = nested(blocks, flows, leaf)[0]
            expected = parse_full(text, 0, len(text), "<test>")
            assert expected is not None
            assert loads_article(H + text + "---\n").model_extra == to_data(expected)
    else:
        assert fast is Unsure
        assert wide is Unsure
        with pytest.raises(NewsRecordError, match=f"nested deeper than {MAX_DEPTH} levels") as caught:
            parse_full(front, 0, len(front), "<test>")
        assert caught.value.line is not None
        for leaf in ("x", "y", "z"):
            with pytest.raises(NewsRecordError, match=f"nested deeper than {MAX_DEPTH} levels") as loading:
                loads_article(H + nested(blocks, flows, leaf)[0] + "---\n")
            assert loading.value.line == caught.value.line + 3  # below the three lines of H
            if not flows:  # refused while building the tree, at the field being read
                assert (loading.value.field or "").startswith("k")


def test_the_key_length_limit_is_one_for_readers_and_writer() -> None:
    """A plain key of MAX_KEY characters is read by the fast parsers and written back by the writer; a
    longer one is left to ruamel.yaml (which reads it, below YAML's 1,024) and refused by the writer."""
    at_limit, beyond = "k" * MAX_KEY, "k" * (MAX_KEY + 1)
    for parser in (parse_fast, parse_wide):
        assert certain(parser, f"{at_limit}: 1\n") == {at_limit: 1}
        assert certain(parser, f"{beyond}: 1\n") is Unsure
    assert loads_article(H + f"{beyond}: 1\n---\n").model_extra == {beyond: 1}
    built = Article.model_validate(
        {"title": "t", "publishedDateTime": dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc), at_limit: 1}
    )
    assert loads_article(dumps_article(built)).model_extra == {at_limit: 1}
    too_long = Article.model_validate(
        {"title": "t", "publishedDateTime": dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc), beyond: 1}
    )
    with pytest.raises(NewsRecordError, match="too long"):
        dumps_article(too_long)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("|", ("", 0, 1)),
        (">-", ("-", 0, 2)),
        ("|+", ("+", 0, 2)),
        ("|2", ("", 2, 2)),
        ("|-2", ("-", 2, 3)),
        ("|2-", ("-", 2, 3)),
        ("|22", ("", 2, 2)),  # the second digit is left after the header: no parser reads it
        ("|+-", ("+", 0, 2)),
        ("|0", ("", 0, 1)),
    ],
)
def test_block_header(line: str, expected: tuple[str, int, int]) -> None:
    """A header holds at most one chomping and one indentation indicator (1 to 9), in either order."""
    assert block_header(line, 0) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_what_the_writer_leaves_plain_every_parser_reads_as_that_string(text: str) -> None:
    """plain_ok and the readers' plain scalar come from the same rules: a string the writer leaves
    plain is read back as itself by the fast and the wide parser, without doubt."""
    if not plain_ok(text):
        return
    front = f"k: {text}\n"
    assert certain(parse_fast, front) == {"k": text}
    assert certain(parse_wide, front) == {"k": text}


@pytest.mark.parametrize(
    "values",
    [
        "".join(f"k{i}: [[a]]\n" for i in range(600)),
        "x: [" + "[a]" * 1100 + "]\n",
        "x:\n" + "  - [a]\n" * 1100,
        "x: {" + ", ".join(f"k{i}: [a]" for i in range(1100)) + "}\n",
    ],
    ids=["keys", "one-line", "items", "mapping"],
)
def test_one_flow_bracket_limit_at_every_load_of_a_shape(values: str, tmp_path: pathlib.Path) -> None:
    """More than MAX_FLOW_BRACKETS brackets are refused at every load of a shape, not only the first (whose
    tree parsers count them; the template path read value by value), and alike with helper processes."""
    text = "---\ntitle: T\npublishedDateTime: 2020-01-01T00:00:00Z\n" + values + "---\n"
    for _ in range(4):
        with pytest.raises(NewsRecordError, match="more than 1000 flow collections"):
            loads_article(text)
    paths = []
    for index in range(200):  # enough that each process loads several records of the shape
        path = tmp_path / f"{index:03d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    for workers in (None, 2):
        results = list(iter_articles(*paths, workers=workers, on_error="collect"))
        assert all(isinstance(result, NewsRecordError) for result in results), workers
