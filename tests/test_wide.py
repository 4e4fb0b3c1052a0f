"""Differential tests of the wide parser (_parse_wide) against ruamel.yaml and the full parser.

The promise: whenever ``parse_wide`` returns a tree, ruamel.yaml's safe loader reads the same front
matter as strictly equal data and the full parser builds the same tree with the same spans; wherever
ruamel.yaml rejects a document, the wide parser is Unsure. Documents are generated with every
construct it reads (block scalars of every header, flow collections over one line or several, plain and
quoted scalars over several lines, quoted keys, tabs, tags, comments anywhere, ``...``) written
correctly and, half the time, with borderline or malformed lines mixed in.
"""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from newsrecord._parse import parse_tree
from newsrecord._parse_data import _WIDE_SCORE, parse_data_fast
from newsrecord._parse_fast import Unsure
from newsrecord._parse_wide import parse_wide
from newsrecord._split import split
from newsrecord._tree import Mapping, Node, Scalar, Sequence, to_data

from .test_differential import (
    FIXTURE_PATHS,
    SETTINGS,
    _Failed,
    all_keys,
    assert_same_data,
    assert_same_tree,
    awkward_strings,
    documents,
    full_or_error,
    render_scalar,
    ruamel_load,
)


def wide_or_unsure(text: str, start: int, end: int) -> Node | _Failed | None:
    """The wide parser's tree, or a _Failed holding its Unsure."""
    try:
        return parse_wide(text, start, end)
    except Unsure as error:
        return _Failed(error)


def check_wide(text: str, start: int, end: int) -> Node | _Failed | None:
    """The differential property of the wide parser on ``text[start:end]``; returns its result."""
    wide = wide_or_unsure(text, start, end)
    expected = ruamel_load(text[start:end])
    if isinstance(expected, _Failed):
        assert isinstance(wide, _Failed), f"ruamel rejects ({expected!r}) but the wide parser returned a tree"
        return wide
    if isinstance(wide, _Failed):
        return wide
    assert_same_data(None if wide is None else to_data(wide), expected, "$(wide)")
    full = full_or_error(text, start, end)
    assert not isinstance(full, _Failed), f"the wide parser returned a tree but the full parser raised {full!r}"
    assert_same_tree(wide, full)
    return wide


def front(region: str) -> tuple[str, int, int]:
    text = "---\n" + region + "---\n"
    return text, 4, 4 + len(region)


# --- fixtures and chosen documents ---------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURE_PATHS, ids=[p.name for p in FIXTURE_PATHS])
def test_fixtures(path: pathlib.Path) -> None:
    """Every fixture reads the same as ruamel.yaml and the full parser read it, and none is left to them."""
    text = path.read_bytes().decode("utf-8")
    parts = split(text, "<t>")
    assert not isinstance(check_wide(text, parts.yaml_start, parts.yaml_end), _Failed)


COVERED = [
    # block scalars: every header, blank lines inside and after, more-indented lines, tabs, comments
    "a: |\n  x\n  y\n\nb: 1\n",
    "a: >\n  folded\n  text\n\n  para\n   indented\n  back\nb: 1\n",
    "a: >-\n  x\n  y\n\n\n",
    "a: |+\n  x\n\n\nb: 1\n",
    "a: |+\n  x\n\n",
    "a: |2-  # a comment on the header\n   x\n  y\n",
    "a: >+1\n  x\n",
    "a: |\n  x\n   \n  \ty\n",
    "a: |\n\n  x\n",
    "a:\n  - |\n    item\n  - >-\n    folded\n    item\n  - k: |\n      in a mapping\n",
    # flow collections
    "a: [x, y, 'z', \"w\"]\n",
    "a: {b: c, d: [1, 2.5, true, null], e: {}}\n",
    "a: [\n  x,\n  y,  # a comment\n\n  z,\n]\n",
    "a: {\n  b: 1,\n  c: [2,\n    3]\n}\n",
    "a: [multi word, a:b, http://x.y/z?q=1#f]\n",
    "a: [one\n  two, three]\n",
    "- x\n" if False else "a:\n  - [1, 2]\n  - {k: v}\n",
    # plain and quoted scalars over several lines
    "a: one\n  two\n\n  three\nb: 2\n",
    "a:\n  on its own\n  line\n",
    "- a\n" if False else "s:\n- one\n  two\n- three\n",
    'a: "one\n  two\\\n  three\n\n  four"\n',
    'a: "tab\there \\t and escapes \\u00e9"\n',
    "a: 'it''s\n  folded\n\n  here'\n",
    # keys, tags, the document end
    '"a b": 1\n\'c d\': 2\n"e\\x41" : 3\n',
    "a: !!str 1\nb: !!int \"3\"\nc: !!timestamp 2020-01-01\nd: !!float 1\ne: !!bool true\nf: !!null ''\n",
    "a: [!!str 1, !!float 2]\nb: !!str |\n  text\n",
    "a: 1\n...\n# after the end\n",
    "# comment\na: 1 # comment\n  # comment\nb:  # comment\n  # comment\n  c: 2\n",
]


@pytest.mark.parametrize("region", COVERED)
def test_covered_documents(region: str) -> None:
    """Each construct the wide parser reads gives a tree, identical to ruamel.yaml's data and the full
    parser's spans."""
    text, start, end = front(region)
    assert not isinstance(check_wide(text, start, end), _Failed)


LEFT_TO_RUAMEL = [
    "a: &x 1\nb: *x\n",  # anchors and aliases
    "%YAML 1.2\n---\na: 1\n",  # directives
    "? a\n: b\n",  # complex keys
    "[a]: b\n",
    "a: !custom x\n",  # other tags
    "a: ! x\n",
    "a: {b: }\n",  # empty flow values
    "a: {b}\n",
    "a: [b: c]\n",
    "a: x\tb\n",  # tabs outside scalars
    "a:\tb\n",
    "\ta: b\n",
    "a: |\nb: 1\n",  # an empty block scalar
    "a: |0\n  x\n",
    "a: 1\n...\nb: 2\n",  # a second document
    "a: 1\n--- \nb: 2\n",
    " a: 1\n",  # an indented root
    "- a\n",  # not a mapping
    "a: b\na: c\n",  # duplicate keys
    "1: a\n",  # a key that is no string
    "a: [" * 70 + "]" * 70 + "\n",  # nesting beyond the limit
]


@pytest.mark.parametrize("region", LEFT_TO_RUAMEL)
def test_left_to_ruamel(region: str) -> None:
    """What the wide parser is not certain of it leaves to ruamel.yaml, which decides and reports."""
    text, start, end = front(region)
    assert isinstance(check_wide(text, start, end), _Failed)


def test_parse_tree_uses_the_wide_parser() -> None:
    """parse_tree takes the wide parser's tree when the house parser is Unsure: the full parser (ruamel)
    is never imported for it (its result is the same tree, checked above)."""
    text = "---\nexcerpt: >-\n  a folded\n  excerpt\ntopics: [AI, ML]\n---\n"
    root = parse_tree(split(text, "<t>"), "<t>")
    assert to_data(root) == {"excerpt": "a folded excerpt", "topics": ["AI", "ML"]}
    topics = root.entries[1].value
    assert isinstance(topics, Sequence)
    assert topics.flow


# --- generated documents -------------------------------------------------------------------------------

WORDS = ["a", "word", "x: y", "a:b", "#", "a #b", "- x", "[x]", "{y}", "1", "true", "~", "é", "'", '"', "\\", " "]


@st.composite
def block_scalar(draw: st.DrawFn, indent: int, clean: bool) -> list[str]:
    """A block scalar's header and lines (for a value whose key or dash sits at ``indent``)."""
    style = draw(st.sampled_from("|>"))
    chomp = draw(st.sampled_from(["", "-", "+"]))
    increment = draw(st.sampled_from(["", "", "", "1", "2", "4"] + ([] if clean else ["0", "9"])))
    header = style + (chomp + increment if draw(st.booleans()) else increment + chomp)
    header += draw(st.sampled_from(["", "", " # c", "  #: x"] + ([] if clean else ["\t# c", " x", "#c"])))
    step = int(increment) if increment not in ("", "0") else draw(st.sampled_from([1, 2, 2, 4]))
    inner = " " * (indent + step)
    lines = [header]
    for _ in range(draw(st.integers(0 if not clean else 1, 5))):
        kind = draw(st.integers(0, 9))
        if kind <= 4:
            lines.append(inner + draw(st.text("abc #:-'\"\t", min_size=1, max_size=8)).lstrip(" \t"))
        elif kind <= 6:
            lines.append(draw(st.sampled_from(["", " ", inner, inner + "  "])))
        elif kind <= 8:
            lines.append(inner + draw(st.sampled_from([" ", "  ", "\t"])) + "more")
        else:
            lines.append(" " * draw(st.integers(0, indent + step + 1)) + draw(st.sampled_from(["x", "# c", "\tx"])))
    return lines


@st.composite
def flow_collection(draw: st.DrawFn, depth: int, clean: bool) -> str:
    """A flow sequence or mapping, its text with line breaks and indentation written as ``\\n`` + ``{i}``."""
    mapping = draw(st.booleans())
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        if depth > 0 and draw(st.integers(0, 3)) == 3:
            node = draw(flow_collection(depth - 1, clean))
        else:
            node = flow_scalar(draw, clean)
        if mapping:
            key = draw(st.sampled_from(["k", "k2", "a b", "'q'", '"d"', "1"] if not clean else ["k", "a b", "'q'"]))
            key = key[:-1] + str(len(parts)) + key[-1] if key[-1] in "'\"" else key + str(len(parts))
            node = key + draw(st.sampled_from([": ", ": ", ":\n{i}"] + ([] if clean else [":", " : ", ": "]))) + node
        parts.append(node)
    separators = [", ", ",", ",\n{i}", " ,", ", # c\n{i}", ",\n\n{i}"]
    body = "".join(
        part + (draw(st.sampled_from(separators)) if n < len(parts) - 1 else "") for n, part in enumerate(parts)
    )
    if parts and draw(st.integers(0, 5)) == 5:
        body += ","
    opening, closing = ("{", "}") if mapping else ("[", "]")
    return (
        opening
        + draw(st.sampled_from(["", " ", "\n{i}"]))
        + body
        + draw(st.sampled_from(["", " ", "\n{i}", "\n"]))
        + closing
    )


def flow_scalar(draw: st.DrawFn, clean: bool) -> str:
    """A scalar inside a flow collection: plain (over lines too), quoted, tagged."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.sampled_from(["one two", "one\n{i}two", "a:b", "x#y", "http://e.com/?a=1", "-1", ".5", "~"]))
    if kind == 1:
        return draw(st.sampled_from(["!!str 1", "!!int 2", "!!float 3", "!!bool false", "!!null ''", "!!int x"]))
    value = draw(awkward_strings)
    if clean:
        value = value.replace(",", "").replace("[", "").replace("]", "").replace("{", "").replace("}", "")
    return render_scalar(draw, value, clean)


def multi_line_scalar(draw: st.DrawFn, clean: bool) -> str:
    """A plain, single- or double-quoted scalar over several lines, with ``\\n{i}`` for its breaks."""
    words = [draw(st.sampled_from(WORDS if not clean else ["a", "word", "1", "é", "a:b", "x#y"])) for _ in range(3)]
    style = draw(st.sampled_from(["plain", "single", "double"]))
    kinds = ["\n{i}", "\n{i}", "\n\n{i}", " \n{i}", "\n \n{i}", "\\\n{i}"] + ([] if clean else ["\n{i}\t", "\n"])
    breaks = [draw(st.sampled_from(kinds)) for _ in words]
    if style == "plain":
        words = [w for w in words if w.strip() and w[0] not in "#-'\"[{" and ": " not in w and " #" not in w] or ["w"]
        return "".join(w + (breaks[n] if n < len(words) - 1 else "") for n, w in enumerate(words)).replace("\\\n", "\n")
    quote = "'" if style == "single" else '"'
    if style == "single":
        words = [w.replace("'", "''") for w in words]
    else:
        words = [w.replace("\\", "\\\\").replace('"', '\\"') for w in words]
    return quote + "".join(w + (breaks[n] if n < len(words) - 1 else "") for n, w in enumerate(words)) + quote


@st.composite
def wide_mapping(draw: st.DrawFn, indent: int, depth: int, clean: bool, first_prefix: str | None = None) -> list[str]:
    """A block mapping at ``indent`` whose values use the whole grammar of the wide parser."""
    lines: list[str] = []
    keys = ["title", "excerpt", "a b", "'quoted'", '"dq"', "k-1"] + (
        [] if clean else ["1", "? q", "&a k", "[k]", "a\tb"]
    )
    for number in range(draw(st.integers(1, 4))):
        prefix = first_prefix if number == 0 and first_prefix is not None else " " * indent
        key = draw(st.sampled_from(keys))
        if draw(st.integers(0, 9)):  # keys mostly differ
            key = key[:-1] + str(number) + key[-1] if key[-1] in "'\"" else key + str(number)
        key_line = f"{prefix}{key}:"
        inner = " " * (indent + draw(st.sampled_from([2, 2, 4, 1])))
        kind = draw(st.integers(0, 9 if depth > 0 else 6))
        if kind == 0:
            block = draw(block_scalar(indent, clean))
            lines.append(key_line + " " + draw(st.sampled_from(["", "!!str "])) + block[0])
            lines.extend(block[1:])
        elif kind == 1:
            lines.append(key_line + " " + draw(flow_collection(2, clean)).replace("{i}", inner))
        elif kind == 2:
            lines.append(key_line + " " + multi_line_scalar(draw, clean).replace("{i}", inner))
        elif kind == 3:
            lines.append(key_line)
            lines.append(inner + multi_line_scalar(draw, clean).replace("{i}", inner))
        elif kind == 4:
            lines.append(key_line + " " + flow_scalar(draw, clean).replace("{i}", inner))
        elif kind == 5:
            value = draw(awkward_strings)
            lines.append(key_line + " " + render_scalar(draw, value, clean) + draw(st.sampled_from(["", " # c"])))
        elif kind == 6:
            lines.append(key_line + draw(st.sampled_from(["", " # c"])))
        elif kind <= 8:
            lines.append(key_line)
            lines.extend(draw(wide_mapping(len(inner), depth - 1, clean)))
        else:
            lines.append(key_line)
            lines.extend(draw(wide_sequence(len(inner) if draw(st.booleans()) else indent, depth - 1, clean)))
        if draw(st.integers(0, 4)) == 4:
            lines.append(" " * draw(st.integers(0, indent + 2)) + draw(st.sampled_from(["", "# c", "#"])))
    return lines


@st.composite
def wide_sequence(draw: st.DrawFn, indent: int, depth: int, clean: bool) -> list[str]:
    """A block sequence at ``indent`` whose items use the whole grammar of the wide parser."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        dash = " " * indent + "-" + draw(st.sampled_from([" ", " ", "   "]))
        inner = " " * (indent + draw(st.sampled_from([2, 2, 1, 4])))
        kind = draw(st.integers(0, 5 if depth > 0 else 3))
        if kind == 0:
            block = draw(block_scalar(indent, clean))
            lines.append(dash + block[0])
            lines.extend(block[1:])
        elif kind == 1:
            lines.append(dash + draw(flow_collection(2, clean)).replace("{i}", inner))
        elif kind == 2:
            lines.append(dash + multi_line_scalar(draw, clean).replace("{i}", inner))
        elif kind == 3:
            lines.append(dash + flow_scalar(draw, clean).replace("{i}", inner))
        elif kind == 4:
            lines.extend(draw(wide_mapping(len(dash), depth - 1, clean, first_prefix=dash)))
        else:
            lines.append(dash.rstrip(" "))
            lines.extend(draw(wide_mapping(len(inner), depth - 1, clean)))
    return lines


@st.composite
def wide_documents(draw: st.DrawFn) -> tuple[str, int, int]:
    """A record's text with front matter in the wide grammar, and the bounds of the front matter."""
    clean = draw(st.booleans())
    lines = draw(wide_mapping(0, draw(st.integers(0, 3)), clean))
    if draw(st.integers(0, 5)) == 5:
        lines += ["...", *draw(st.sampled_from([[], ["# c"], ["x: 1"]]))]
    region = "\n".join(lines) + "\n"
    if draw(st.integers(0, 4)) == 4:
        region = region.replace("\n", "\r\n")
    text = "---\n" + region + "---\n"
    return text, 4, 4 + len(region)


@SETTINGS
@given(wide_documents())
def test_wide_parser_agrees_with_ruamel_on_generated_wide_documents(document: tuple[str, int, int]) -> None:
    """On generated front matter in the wide grammar: a tree means ruamel's data and the full parser's spans;
    a document ruamel rejects is one the wide parser is Unsure of."""
    result = check_wide(*document)
    event("wide: Unsure" if isinstance(result, _Failed) else "wide: tree")


@SETTINGS
@given(documents())
def test_wide_parser_agrees_with_ruamel_on_generated_house_documents(document: tuple[str, int, int]) -> None:
    """The same on the house-style generator of test_differential (borderline and malformed lines too)."""
    result = check_wide(*document)
    event("wide: Unsure" if isinstance(result, _Failed) else "wide: tree")


def test_the_tree_kinds() -> None:
    """Spans, styles and kinds of a few nodes, spelled out."""
    region = "a: |\n  x\nb: [1, {c: d}]\n"
    text, start, end = front(region)
    root = parse_wide(text, start, end)
    assert isinstance(root, Mapping)
    block, flow = root.entries[0].value, root.entries[1].value
    assert isinstance(block, Scalar)
    assert (block.style, text[block.start : block.end]) == ("|", "|\n  x")
    assert isinstance(flow, Sequence)
    assert text[flow.start : flow.end] == "[1, {c: d}]"
    assert flow.items[0].dash == flow.items[0].value.start
    # As in _parse_full, a nested flow collection's item stands where ruamel's end event starts.
    assert isinstance(flow.items[1].value, Mapping)
    assert flow.items[1].dash == flow.items[1].value.end - 1


# --- loading: the shape templates ----------------------------------------------------------------------

STYLED_RECORDS = [
    "title: T{n}\nexcerpt: >-\n  folded {n}\n  text\n\n  more\nquality: {n}\n",
    "title: T{n}\nexcerpt: |\n  literal {n}\n   kept\nquality: {n}\n",
    "title: T{n}\nexcerpt: |\n  spaces below {n}\n     \n",  # a line of spaces is text here
    "title: T{n}\ntopics: [AI, Topic {n}, 2020-01-0{n}]\nprovider: {{name: P {n}, domain: p{n}.org}}\n",
    "title: T{n}\ntopics: [\n  AI,\n  'Topic {n}',\n]\n",
    "title: T{n}\nexcerpt:\n  plain {n}\n  over lines\n",
    'title: T{n}\nexcerpt: "quoted {n}\n  over\\\n  lines"\n',
    "\"title\": T{n}\n'quality': {n}\n",
    "title: \"tab\there {n}\"\nnote: 'tab\tthere'\n",
    "title: !!str {n}\nquality: !!int {n}\nwhen: !!timestamp 2020-01-0{n}\n",
    "related:\n  - title: >-\n      folded {n}\n    webUrl: u{n}\n  - {{title: t{n}}}\n",
]


@pytest.mark.parametrize("record", STYLED_RECORDS)
def test_styled_records_load_through_the_templates(record: str) -> None:
    """From the second record of a shape on, the data parser reads each construct of the wide grammar with
    the shape's template (no tree parser), and gives ruamel.yaml's data."""
    for n in range(1, 4):
        text, start, end = front(record.format(n=n))
        try:
            data, keys = parse_data_fast(text, start, end)
        except Unsure:
            assert n == 1, "only the first record of a shape may need the tree parsers"
            continue
        expected = ruamel_load(text[start:end])
        assert_same_data(data, expected)
        assert keys is None or keys == all_keys(data)
    assert n == 3


def data_or_unsure(text: str, start: int, end: int) -> object:
    try:
        return parse_data_fast(text, start, end)[0]
    except Unsure as error:
        return _Failed(error)


@SETTINGS
@given(st.one_of(wide_documents(), documents()))
def test_the_order_of_the_splits_changes_nothing(document: tuple[str, int, int]) -> None:
    """The data parser splits a record with the one-line rule first, or with the wide rule first when
    many records need it: either way a record of a shape seen before reads the same."""
    text, start, end = document
    try:
        for score in (0, 64, 0):  # the first sighting, and the template
            _WIDE_SCORE[0] = score
            data_or_unsure(text, start, end)
        _WIDE_SCORE[0] = 0
        one_line_first = data_or_unsure(text, start, end)
        _WIDE_SCORE[0] = 64
        wide_first = data_or_unsure(text, start, end)
    finally:
        _WIDE_SCORE[0] = 0
    if isinstance(one_line_first, _Failed) or isinstance(wide_first, _Failed):
        assert isinstance(one_line_first, _Failed)
        assert isinstance(wide_first, _Failed)
    else:
        assert_same_data(one_line_first, wide_first)
