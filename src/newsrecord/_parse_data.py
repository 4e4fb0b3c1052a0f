"""The front matter as plain data, for loading: values picked out, structure remembered.

Records of one archive share their shape (the same keys at the same indents, in
the same order, the same values double-quoted) and differ in their values. One
regular expression splits the front matter into the values (each with the lines
indented below it, so a block scalar or a flow collection over several lines is
one value) and the rest, the shape. The first record of a shape is read by the
fast tree parser as it is. At the second, the tree parser (the wide one if need
be) reads the shape with each value replaced by a numbered placeholder, and what
it builds becomes a function, compiled from an AST of dict and list displays,
that builds the data of any record of that shape from its values. Each value is
read by the same rules as the tree parsers' (scalar_parts, or read_value for
what lies beyond the house subset); anything they are unsure of is unsure here
too, and goes to the tree parsers.
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import re
from collections.abc import Callable
from typing import NamedTuple

from ._lex import COMMENT_LINES, FORBIDDEN, KEY, MAX_DEPTH, QUOTED_KEY, Unsure, too_many_brackets
from ._parse_fast import parse_fast, scalar_parts
from ._parse_wide import VALUE_DEPTH, parse_wide, read_value
from ._resolve import house_timestamp
from ._tree import Scalar, depth, to_data

_ANY_KEY = f"(?:{KEY}|{QUOTED_KEY})"
_ONE_LINE_VALUES = re.compile(
    rf"""^(\ *(?:-\ +(?:{KEY}:\ +|(?!{KEY}:(?:\ |$)))|{KEY}:\ +)(?:"(?=.*"$))?)  # indent, "- ", key, opening quote
    ((?<=")[^\n]*(?="$)|[^\ \#\n].*$)  # the text inside the quotes, or the whole value""",
    re.MULTILINE | re.VERBOSE,
)
"""A line's one-line value after ``key: `` or ``- `` (the prefix and the value are the groups): the
split of _VALUES on house-style front matter, in two thirds of the time (see parse_data_fast)."""
_VALUES = re.compile(
    rf"""^((\ *)(?:-(\ +)(?:({_ANY_KEY}:\ +)|(?!{_ANY_KEY}:(?:\ |$)))  # indent, "- ", perhaps a key
    |{_ANY_KEY}:(?:\ +|\ *\n\2\ +(?!-(?:\ |$)|{_ANY_KEY}:(?:\ |$))))  # or a key, its value here or below
    (?:"(?=.*"$))?)  # an opening quote
    ((?<=")[^\n]*(?="$)  # the text inside the quotes
    |[^\ \#\n].*$  # or the value, then the lines deeper than its key, and blank lines that are not
    (?:(?:\n(?!\2\ (?(4)\3\ ))[\ \t]*(?=\n))*+\n\2\ (?(4)\3\ ).*$)*+
    (?:\n\2(?(4)\ \3)[\]}}].*$)?)  # and a closing bracket in its column""",
    re.MULTILINE | re.VERBOSE,
)
"""A line's value after ``key: `` or ``- `` (the prefix and the value are the first and last groups;
the three between lie inside the prefix).

A value in double quotes that end its line leaves its quotes in the prefix and the rest of the
line, so the shape tells which values are double-quoted. Any other value takes with it the lines
below that are indented deeper than its key (or its dash), blank lines between them included, and
a line that closes a flow collection in the key's column: block scalars, and flow collections and
scalars over several lines, are values like any other, read by the wide parser (see read_value).
A scalar on the line below a key is a value too. Keys follow _lex.key_end's rule, or are quoted, so the
tree parsers see a key exactly where this does; ``- key:`` with nothing after it has no value here,
as a key with its value on the lines below."""

_SAFE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"

_PLAINS_KEPT = 2_000
_PLAIN_KEPT = 64
_SHAPES_KEPT = 1_000
_SEEN_KEPT = 100_000
"""At most this many plain values of at most this many characters are remembered, this many
templates and this many shapes seen once: a few megabytes in all. The values that recur in an
archive are a few hundred (1,247 distinct ones in the 10,000-record benchmark corpus, one-off
values included); a bound of 10,000 let one-off values hold about 1.5 MiB more by 100,000 records."""

Build = Callable[[list[str], Callable[[str], object]], dict[str, object]]
"""Builds the data of one shape from its value texts and the function that reads a value."""


class _Template(NamedTuple):
    """How to build the data of one shape: the builder (None for no node), which of its values are
    double-quoted, every key the data holds at any depth, whether the shape itself needs _VALUES's
    split (quoted keys, a value below its key; not values over several lines, which may fill the same
    shape as one-line values), and the shape (the object that is its key in _TEMPLATES)."""

    build: Build | None
    quoted: frozenset[int]
    keys: frozenset[str]
    wide: bool
    shape: str
    paths: dict[tuple[str | int, ...], int]
    """Where each value goes in the data: its path, to the value's index (for one_line_scalars)."""
    before: tuple[int, ...]
    """Where each value would start if all values before it were empty: the lengths of the shape's pieces
    up to it, added up."""


_TEMPLATES: dict[str, _Template] = {}
"""Templates by shape, made for shapes seen twice."""

_SEEN: set[int] = set()
"""Hashes of the shapes seen once (a collision only makes a template early)."""

_PLAINS: dict[str, object] = {}
"""Values of plain and single-quoted scalars seen before (``article``, ``true``, ``1280``), by their text."""

_MISSING = object()

_KEPT_TYPES = frozenset((str, int, float, bool, type(None), dt.date))
"""The types of the values _read remembers."""

_WIDE_SCORE = [0]
"""Rises by 4 (up to 64) at each record that needs _VALUES's split, falls by 1 (down to 0) at each other:
while it is above 0, records are split with _VALUES first. An archive of house-style records is split
with _ONE_LINE_VALUES alone; one with many records beyond the house subset, with _VALUES alone."""


class Filled(NamedTuple):
    """Front matter as the texts of its values (double-quoted ones read) in a shape that has a template:
    build_filled makes its data. Strings cross between processes far cheaper than the dicts, lists and
    datetimes they make, so a helper process of iter_articles sends this and the parent builds the data."""

    shape: str
    wide: bool
    """Whether the shape needs _VALUES's split: kept by a template made again from the shape."""
    texts: list[str]


def parse_data_fast(
    text: str, start: int, end: int, located: list[Located] | None = None
) -> tuple[dict[str, object] | None, frozenset[str] | None]:
    """The data of ``text[start:end]`` (None if it holds no node), as parse_fast reads it, and every key
    it holds at any depth (None when not known); raises Unsure. Where a template built the data, what
    an edit needs to find its values again is added to ``located``, if given."""
    data, keys = parse_values(text, start, end, located)
    return build_filled(data) if isinstance(data, Filled) else data, keys


def parse_values(
    text: str, start: int, end: int, located: list[Located] | None = None
) -> tuple[dict[str, object] | Filled | None, frozenset[str] | None]:
    """What parse_data_fast reads, with the data of a shape whose template was made before left as its values."""
    region = _region(text, start, end)
    wide_first = _WIDE_SCORE[0] > 0
    texts, shape = _split(_VALUES if wide_first else _ONE_LINE_VALUES, region)
    template = _TEMPLATES.get(shape)
    wide = not wide_first and template is None
    made = False
    if template is None:
        other = _split(_ONE_LINE_VALUES if wide_first else _VALUES, region)
        template = _TEMPLATES.get(other[1])
        if template is not None or not wide_first:
            texts, shape = other  # what hit, or else _VALUES's split, by which templates are made
    if "\t" in shape:
        raise Unsure  # a tab outside a value
    if template is None:
        if hash(shape) not in _SEEN:  # the first record of a shape is read by the tree parser, as is
            if len(_SEEN) >= _SEEN_KEPT:
                _SEEN.clear()
            _SEEN.add(hash(shape))
            root = parse_fast(region, 0, len(region))
            return (None, frozenset()) if root is None else (to_data(root), None)  # type: ignore[return-value]
        one_line_shape = shape if "\n" in "".join(texts) else _split(_ONE_LINE_VALUES, region)[1]
        template = _kept(_template(shape, len(texts), one_line_shape != shape))
        made = True
    if wide_first:
        wide = template.wide or "\n" in "".join(texts)
    _WIDE_SCORE[0] = min(_WIDE_SCORE[0] + 4, 64) if wide else max(_WIDE_SCORE[0] - 1, 0)
    if template.build is None:
        return None, template.keys
    if located is not None:
        located.append(Located(template, list(map(len, texts))))
    if "\\" in region or region.count('"') != 2 * len(template.quoted):
        for index in template.quoted:  # a quote or a backslash inside: read those one by one
            inside = texts[index]
            if "\\" in inside or '"' in inside:
                texts[index] = _read_quoted(inside)
    filled = Filled(template.shape, template.wide, texts)
    # A flow mapping among the values holds keys the template does not know.
    keys = None if "{" in region else template.keys
    # A template made just now is for a shape seen twice, which may not recur: the data is built here, so
    # that no other process makes the template again for one record (see Filled).
    return build_filled(filled) if made else filled, keys


def build_filled(filled: Filled) -> dict[str, object]:
    """The data of front matter read as its values (see parse_values), by its shape's template, made
    again if it was let go or was made in another process."""
    template = _TEMPLATES.get(filled.shape) or _kept(_template(filled.shape, len(filled.texts), filled.wide))
    assert template.build is not None  # parse_values fills only shapes that hold a node
    return template.build(filled.texts, _read)


def _kept(template: _Template) -> _Template:
    """The template, remembered for its shape."""
    if len(_TEMPLATES) >= _SHAPES_KEPT:
        _TEMPLATES.clear()
    _TEMPLATES[template.shape] = template
    return template


def _region(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with its lines ended by "\\n" as parse_fast ends them; raises Unsure for a
    control character, a line break other than "\\n", or too many flow brackets."""
    region = text[start:end]
    if "\r" in region:
        region = region.replace("\r\n", "\n").removesuffix("\r")  # as parse_fast ends each line
    if region.isascii():
        doubtful = bool(region.encode("ascii").translate(None, _SAFE_ASCII))
    else:
        doubtful = not region.replace("\n", " ").isprintable()
    if doubtful and (FORBIDDEN.search(region) or "\r" in region):
        raise Unsure  # a control character or a line break other than "\n"
    if too_many_brackets(region):
        raise Unsure  # a template would read its flow values one by one, none of them counting all
    return region


class Located:
    """Where a record loaded through a template has its values: the template, and the length of each
    value's text as split (lines ended by "\\n"). Kept with the loaded data for an edit (see
    one_line_scalars); pickled, it becomes None, as another process has its own templates."""

    __slots__ = ("lengths", "template")

    def __init__(self, template: _Template, lengths: list[int]) -> None:
        self.template = template
        self.lengths = lengths

    def __reduce__(self) -> tuple[Callable[[], None], tuple[()]]:
        return _nothing, ()


def _nothing() -> None:
    return None


def one_line_scalars(
    text: str, start: int, end: int, paths: list[tuple[str | int, ...]], located: Located | None = None
) -> list[Scalar] | None:
    """The one-line scalars at ``paths`` in the data of ``text[start:end]``, with their spans, styles and
    values as the tree parsers read them, found by the split and the template that load the front
    matter: what an edit of those scalars needs, without a tree.

    ``located`` is what the load found (see Located); without it, or where comment lines may have left
    the shape, the front matter is split again (a template it has not met is not made here). None if one
    of them is not such a scalar (a block or multi-line scalar, a flow collection, a tag, a key with no
    value), if the shape has no template, or if the front matter mixes CRLF and LF line ends: then the
    tree has to tell.
    """
    crlf = text.find("\r", start, end) >= 0
    region = text[start:end].replace("\r\n", "\n") if crlf else text
    if crlf and region.count("\n") != text.count("\r\n", start, end):
        return None  # some lines end in CRLF, others in LF
    if located is not None and text.find("#", start, end) < 0:
        template, lengths, starts = located.template, located.lengths, None
    else:
        found = _found_again(text, start, end)
        if found is None:
            return None
        template, starts, lengths = found
    base = 0 if crlf else start  # where the region starts in what ``starts`` count
    nodes = []
    for path in paths:
        index = template.paths.get(path)
        if index is None:
            return None
        quoted = index in template.quoted  # then the split left the quotes out of the value
        at = base - quoted + (template.before[index] + sum(lengths[:index]) if starts is None else starts[index])
        line_end = region.find("\n", at)
        line = region[at : len(region) if line_end < 0 else line_end]
        if len(line) != lengths[index] + 2 * quoted:
            return None  # the value goes on below its line
        try:
            value_end, style, value = scalar_parts(line, 0)
        except Unsure:
            return None
        if style in ("[", "{"):
            return None
        if crlf:  # each line above this one is one character longer in the text
            at = start + at + region.count("\n", 0, at)
        nodes.append(Scalar(at, at + value_end, style, value))
    return nodes


def _found_again(text: str, start: int, end: int) -> tuple[_Template, list[int] | None, list[int]] | None:
    """The template of the front matter, where each value starts in the region and each value's length,
    from the splits the load tries; None where it has no template."""
    try:
        region = _region(text, start, end)
    except Unsure:
        return None
    for values in (_ONE_LINE_VALUES, _VALUES):  # the load's order for house-style records
        starts: list[int] = []
        texts, shape = _split(values, region, starts)
        template = _TEMPLATES.get(shape)
        if template is not None and template.build is not None and "\t" not in shape:
            return template, starts, [len(value) for value in texts]
    return None


def _split(values: re.Pattern[str], region: str, starts: list[int] | None = None) -> tuple[list[str], str]:
    """The texts of the values and the shape of the front matter, as split by ``values``; where each
    value starts in ``region`` is added to ``starts`` if given."""
    pieces = values.split(region)
    stride = values.groups + 1
    if starts is not None:
        at = 0
        for index in range(0, len(pieces) - 1, stride):  # before the match, the prefix (group 1), the value
            at += len(pieces[index]) + len(pieces[index + 1])
            starts.append(at)
            at += len(pieces[index + stride - 1])
    texts = pieces[stride - 1 :: stride]
    pieces[stride - 1 :: stride] = ["\0"] * len(texts)  # NUL cannot occur: FORBIDDEN refuses it
    if stride > 3:
        blanks = [""] * len(texts)
        for group in range(2, stride - 1):  # the groups inside the prefix
            pieces[group::stride] = blanks
    shape = "".join(pieces)
    if "#" in shape:
        shape = COMMENT_LINES.sub("", shape)  # they hold no data: records that differ only there share a shape
    return texts, shape


def _read(text: str) -> object:
    """The value of a one-line scalar that is not in double quotes; remembered when short."""
    value = _PLAINS.get(text, _MISSING)
    if value is not _MISSING:
        return value
    if len(text) == 20:
        value = house_timestamp(text)
        if value is not None:
            return value
    if "\n" in text or "\t" in text:
        return read_value(text)
    try:
        value = scalar_parts(text, 0)[2]
    except Unsure:
        return read_value(text)  # a flow collection, a block scalar, a tag, ...
    if len(text) <= _PLAIN_KEPT and type(value) in _KEPT_TYPES and value == value:
        # Only immutable values equal to themselves are shared between loads: never [] or {} (a load
        # may change them), nor NaN (which is equal only as the same object). Timestamps rarely repeat.
        if len(_PLAINS) >= _PLAINS_KEPT:
            _PLAINS.clear()
        _PLAINS[text] = value
    return value


def _read_quoted(inside: str) -> str:
    """The value of a double-quoted scalar, from the text between its quotes."""
    value = scalar_parts(f'"{inside}"', 0)[2]
    assert isinstance(value, str)
    return value


def _template(shape: str, count: int, wide: bool) -> _Template:
    """How to build the data of a shape with ``count`` values; raises Unsure."""
    pieces = shape.split("\0")  # pieces[i] ends where value i starts, with its opening quote if it has one
    quoted = frozenset(index for index in range(count) if pieces[index].endswith('"'))
    placeheld = pieces[0] + "".join(
        f"{index}{after}" if index in quoted else f'"{index}"{after}' for index, after in enumerate(pieces[1:])
    )
    try:
        root = parse_fast(placeheld, 0, len(placeheld))
    except Unsure:
        root = parse_wide(placeheld, 0, len(placeheld))  # quoted keys, say
    if root is None:
        return _Template(None, quoted, frozenset(), wide, shape, {}, ())
    if depth(root) > MAX_DEPTH - VALUE_DEPTH:
        raise Unsure  # a value nested as deep as read_value allows could pass MAX_DEPTH: the tree parsers count
    used: set[int] = set()
    keys: set[str] = set()
    paths: dict[tuple[str | int, ...], int] = {}

    def expression(node: object, path: tuple[str | int, ...]) -> ast.expr:
        """The expression that builds the node's value from the value texts ``v`` with the reader ``r``."""
        if node is None:
            return ast.Constant(None)  # a key with nothing below it
        if isinstance(node, str) and node.isascii() and node.isdigit() and int(node) < count:
            index = int(node)
            if index not in used:
                used.add(index)
                paths[path] = index
                text = ast.Subscript(ast.Name("v", ast.Load()), ast.Constant(index), ast.Load())
                if index in quoted:
                    return text
                return ast.Call(ast.Name("r", ast.Load()), [text], [])
        if isinstance(node, dict):
            keys.update(node)
            return ast.Dict([ast.Constant(key) for key in node], [expression(v, (*path, k)) for k, v in node.items()])
        if isinstance(node, list):
            return ast.List([expression(item, (*path, index)) for index, item in enumerate(node)], ast.Load())
        raise Unsure  # a scalar that is not a placeholder: the split missed a value

    body = expression(to_data(root), ())
    if len(used) != count:
        raise Unsure
    parameters = ast.arguments([], [ast.arg("v"), ast.arg("r")], None, [], [], None, [])
    tree = ast.fix_missing_locations(ast.Expression(ast.Lambda(parameters, body)))
    # The tree holds dict and list displays, constants, and v[i] and r(v[i]): keys stay constants, never code.
    build: Build = eval(compile(tree, "<record shape>", "eval"), {"__builtins__": {}})
    before = tuple(itertools.accumulate(map(len, pieces[:-1])))
    return _Template(build, quoted, frozenset(keys), wide, shape, paths, before)
