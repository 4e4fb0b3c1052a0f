"""Edits to records in every layout the loader accepts: the property behind issue 13's items 7 to 14.

A record is generated line by line in a random layout (block scalars of every header, ``- key:`` and
``-`` items, indentless and indented lists, flow lists, empty values, comments above and after keys,
blank lines, CRLF, a BOM before or after the opening line), with every comment naming the line it
describes. One random edit is made through the models; the written record must load back equal, keep
every line outside the edited entry byte for byte, and keep every comment with the line it describes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from newsrecord import Article, Image, RelatedArticle, dumps_article, loads_article
from newsrecord._quote import plain_ok

from .conftest import changed_lines

Path = tuple[str | int, ...]

WHEN = dt.datetime(2020, 12, 11, 5, 6, tzinfo=dt.timezone.utc)

WORDS = ["alpha", "beta gamma", "it's", "yes", "a: b", "x # y", "12", "- dash", "w" * 90, "ünï cödé"]
"""Strings for values: plain, and ones that need quotes of some kind."""
FLOW_WORDS = ["alpha", "beta gamma", "delta"]
URLS = ["/a.png", "https://img.example.org/b.jpg"]
EXTRA_KEYS = ["x1", "x2", "x3"]
NESTED_KEYS = ["k1", "k2", "k3"]
BLOCK_OK = {"excerpt", "category", "title"}
"""Known string fields whose values may be written as block scalars (they take any string)."""


@dataclass
class Span:
    above: int  # the first of the blank and comment lines directly above the entry or item
    first: int  # the line of its key or dash
    last: int  # the last line of its value


@dataclass
class Record:
    lines: list[str] = field(default_factory=list)
    spans: dict[Path, Span] = field(default_factory=dict)
    comments: dict[str, tuple[Path, str]] = field(default_factory=dict)
    """Each comment's token, with the path and the key (or "-") of the line it describes."""
    compact: set[Path] = field(default_factory=set)
    """Items written as ``- key:``, the first key on the dash's line."""
    flow: set[Path] = field(default_factory=set)
    """Lists written in flow style."""
    data: dict[str, Any] = field(default_factory=dict)
    """The front matter's data, as generated (block scalars without their final line breaks)."""


# --- values: (kind, payload), rendered below in a random layout -------------------------------------

scalars = st.one_of(st.sampled_from(WORDS), st.integers(-5, 5000), st.none())


def extra_values(depth: int = 2) -> st.SearchStrategy[Any]:
    if depth == 0:
        return scalars
    inner = extra_values(depth - 1)
    return st.one_of(
        scalars,
        scalars,
        st.sampled_from([[], {}]),
        st.lists(inner, min_size=1, max_size=3),
        st.dictionaries(st.sampled_from(NESTED_KEYS), inner, min_size=1, max_size=3),
    )


images = st.fixed_dictionaries(
    {"url": st.sampled_from(URLS)},
    optional={"width": st.integers(1, 2000), "height": st.integers(1, 2000), "isCached": st.booleans()},
)


providers = st.fixed_dictionaries(
    {"name": st.sampled_from(["Example", "Wire: daily"])}, optional={"domain": st.just("example.org")}
)
related = st.fixed_dictionaries(
    {"title": st.sampled_from(WORDS).filter(lambda w: not w.isdigit()), "webUrl": st.just("https://a.example/r")},
    optional={"quality": st.integers(0, 9), "provider": providers},
)


@st.composite
def front_matters(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {"title": draw(st.sampled_from(WORDS).filter(lambda w: not w.isdigit()))}
    optional = {
        "category": st.sampled_from(WORDS).filter(lambda w: not w.isdigit()),
        "excerpt": st.sampled_from(WORDS).filter(lambda w: not w.isdigit()),
        "quality": st.integers(0, 100),
        "provider": providers,
        "topics": st.lists(st.sampled_from(FLOW_WORDS), min_size=1, max_size=3),
        "images": st.lists(images, min_size=1, max_size=3),
        "related": st.lists(related, min_size=1, max_size=2),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    data["publishedDateTime"] = WHEN
    for key in draw(st.lists(st.sampled_from(EXTRA_KEYS), unique=True, max_size=3)):
        data[key] = draw(extra_values())
    return data


# --- rendering ------------------------------------------------------------------------------------------


class Writer:
    def __init__(self, draw: st.DrawFn, step: int, offset: int) -> None:
        self.draw = draw
        self.step = step
        self.offset = offset
        self.record = Record()
        self.count = 0

    def token(self, path: Path, key: str, kind: str) -> str:
        self.count += 1
        name = f"{kind}{self.count}"
        self.record.comments[name] = (path, key)
        return f"# {name} {key}"

    def above(self, path: Path, column: int, key: str) -> int:
        """Maybe a blank line and a comment above an entry or item; the index of the first such line."""
        start = len(self.record.lines)
        if self.draw(st.integers(0, 4)) == 0:
            self.record.lines.append("")
        if self.draw(st.integers(0, 2)) == 0:
            self.record.lines.append(" " * column + self.token(path, key, "c"))
        return start

    def after(self, path: Path, key: str) -> str:
        """Maybe a comment after the value on the line."""
        return "  " + self.token(path, key, "t") if self.draw(st.booleans()) else ""

    def scalar(self, path: Path, head: str, value: Any, key: str, content: int, block_ok: bool) -> None:
        """``head`` (a key and colon, or a dash) followed by a scalar in some style."""
        lines = self.record.lines
        if value is None:
            text = self.draw(st.sampled_from(["", " null", " ~"]))
            lines.append(head + text + self.after(path, key))
            return
        if isinstance(value, dt.datetime):
            lines.append(f"{head} 2020-12-11T05:06:00Z" + self.after(path, key))
            return
        if isinstance(value, int):
            lines.append(f"{head} {value}" + self.after(path, key))
            return
        styles = ["'", '"']
        if plain_ok(value):
            styles.append("")
        if block_ok and " " not in value.strip():
            styles += ["|", ">"]
        style = self.draw(st.sampled_from(styles))
        if style in ("|", ">"):
            indent = str(content) if len(path) == 1 and self.draw(st.booleans()) else ""
            header = style + self.draw(st.sampled_from(["", "-", "+"])) + indent
            comment = " " + self.token(path, key, "t") if self.draw(st.booleans()) else ""
            lines.append(f"{head} {header}{comment}")
            lines.append(" " * content + value)
            if self.draw(st.booleans()):
                lines.append(" " * content + value)
            if header.endswith("+") and self.draw(st.booleans()):
                lines.append("")
            return
        text = {"'": "'" + value.replace("'", "''") + "'", '"': '"' + value + '"', "": value}[style]
        where = self.draw(st.sampled_from(["line", "below", "folded"] if " " in value else ["line", "below"]))
        if where == "below":  # on the line below its key or dash
            lines.append(head + self.after(path, key))
            lines.append(" " * content + text)
        elif where == "folded":  # over two lines, the line break read as a space
            first, _, second = text.partition(" ")
            lines.append(f"{head} {first}")
            lines.append(" " * content + second + self.after(path, "v:" + key))  # it describes the value
        else:
            lines.append(f"{head} {text}" + self.after(path, key))

    def value(self, path: Path, head: str, value: Any, key: str, column: int) -> None:
        """A ``key:`` line at ``column`` (``head`` holds its text) and its value."""
        lines = self.record.lines
        flat = isinstance(value, dict) and all(isinstance(item, int) or item in FLOW_WORDS for item in value.values())
        if isinstance(value, (dict, list)) and not value:
            self.record.flow.add(path)
            lines.append(f"{head} {value!r}" + self.after(path, key))
        elif isinstance(value, dict) and flat and self.draw(st.booleans()):
            self.record.flow.add(path)
            lines.append(f"{head} {{{', '.join(f'{k}: {v}' for k, v in value.items())}}}" + self.after(path, key))
        elif isinstance(value, dict):
            lines.append(head + self.after(path, key))
            self.mapping(path, value, column + self.step)
        elif isinstance(value, list):
            if all(isinstance(item, str) and item in FLOW_WORDS for item in value) and self.draw(st.booleans()):
                self.record.flow.add(path)
                lines.append(f"{head} [{', '.join(value)}]" + self.after(path, key))
            else:
                lines.append(head + self.after(path, key))
                self.sequence(path, value, column + self.offset)
        else:
            block_ok = key in BLOCK_OK or path[0] in EXTRA_KEYS
            self.scalar(path, head, value, key, column + self.step, block_ok)

    def mapping(self, path: Path, data: dict[str, Any], column: int, dash: str | None = None) -> None:
        for index, (key, value) in enumerate(data.items()):
            here = (*path, key)
            if index == 0 and dash is not None:
                above = first = len(self.record.lines)
                head = dash + key + ":"
            else:
                above = self.above(here, column, key)
                first = len(self.record.lines)
                head = " " * column + key + ":"
            self.value(here, head, value, key, column)
            self.record.spans[here] = Span(above, first, len(self.record.lines) - 1)

    def sequence(self, path: Path, items: list[Any], dash_column: int) -> None:
        for index, item in enumerate(items):
            here = (*path, index)
            above = self.above(here, dash_column, "-")
            first = len(self.record.lines)
            dash = " " * dash_column + "-"
            if isinstance(item, (dict, list)) and not item:
                self.record.flow.add(here)
                self.record.lines.append(f"{dash} {item!r}" + self.after(here, "-"))
            elif isinstance(item, dict) and self.draw(st.booleans()):
                self.record.compact.add(here)
                self.mapping(here, item, dash_column + 2, dash=dash + " ")
            elif isinstance(item, (dict, list)):
                self.record.lines.append(dash + self.after(here, "-"))
                if isinstance(item, dict):
                    self.mapping(here, item, dash_column + 2)
                else:
                    self.sequence(here, item, dash_column + 2)
            else:
                self.scalar(here, dash, item, "-", dash_column + 2, path[0] in EXTRA_KEYS)
            self.record.spans[here] = Span(above, first, len(self.record.lines) - 1)


@st.composite
def records(draw: st.DrawFn) -> tuple[str, Record]:
    """A record's text in a random layout, and where each of its entries and comments lies."""
    data = draw(front_matters())
    writer = Writer(draw, draw(st.sampled_from([2, 4])), draw(st.sampled_from([0, 2])))
    writer.mapping((), data, 0)
    record = writer.record
    lines = list(record.lines)
    bom = draw(st.sampled_from(["", "before", "after"]))
    if bom == "after":
        lines[0] = "\ufeff" + lines[0]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = ("\ufeff" if bom == "before" else "") + newline.join(["---", *lines, "---", ""])
    record.lines = lines
    record.data = data
    return text, record


# --- edits ------------------------------------------------------------------------------------------------


def _attribute(model: BaseModel, key: str) -> str | None:
    for name, info in type(model).model_fields.items():
        if info.alias == key:
            return name
    return None


def get(article: Article, path: Path) -> Any:
    node: Any = article
    for step in path:
        if isinstance(node, BaseModel):
            assert isinstance(step, str)
            name = _attribute(node, step)
            node = getattr(node, name) if name is not None else (node.model_extra or {})[step]
        else:
            node = node[step]
    return node


def set_at(article: Article, path: Path, value: Any) -> None:
    parent = get(article, path[:-1])
    step = path[-1]
    if isinstance(parent, BaseModel):
        assert isinstance(step, str)
        name = _attribute(parent, step)
        if name is not None:
            setattr(parent, name, value)
        else:
            assert parent.model_extra is not None
            parent.model_extra[step] = value
    else:
        parent[step] = value


def delete_at(article: Article, path: Path) -> None:
    parent = get(article, path[:-1])
    step = path[-1]
    if isinstance(parent, BaseModel):
        assert isinstance(step, str)
        name = _attribute(parent, step)
        if name is not None:
            delattr(parent, name)
        else:
            assert parent.model_extra is not None
            del parent.model_extra[step]
    else:
        del parent[step]


REQUIRED = {"title", "publishedDateTime", "name", "url", "webUrl"}
INT_KEYS = {"quality", "width", "height"}


def paths(data: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    found = [(path, data)]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*path, index))
    return found


def free(path: Path) -> bool:
    """Whether the value at ``path`` is plain data (under an unknown key), which any edit may reshape."""
    return bool(path) and isinstance(path[0], str) and path[0] in EXTRA_KEYS


@dataclass
class Edit:
    kind: str  # set, delete, add, replace, append, remove
    path: Path
    value: Any = None


@st.composite
def edits(draw: st.DrawFn, data: dict[str, Any]) -> Edit:
    """One edit that the models accept, at a path of ``data`` (the front matter as the file has it)."""
    options: list[Edit] = []
    new_scalar = draw(scalars)
    new_word = draw(st.sampled_from(WORDS))
    new_shape = draw(extra_values(1))
    for path, value in paths(data)[1:]:
        key = path[-1]
        scalar = not isinstance(value, (dict, list))
        if scalar and free(path):
            options.append(Edit("set", path, new_scalar))
        elif scalar and key in INT_KEYS:
            options.append(Edit("set", path, draw(st.integers(0, 3000))))
        elif scalar and (key in ("title", "category", "excerpt", "name") or path[0] == "topics"):
            options.append(Edit("set", path, new_word))
        if isinstance(key, str) and key not in REQUIRED:
            options.append(Edit("delete", path))
        if free(path):
            options.append(Edit("replace", path, new_shape))
        if isinstance(value, list) and (free(path) or path in (("topics",), ("images",), ("related",))):
            item: Any = draw(scalars) if free(path) else "omega" if path[0] == "topics" else {"url": "/n.png"}
            if path[0] == "related":
                item = {"title": "new", "webUrl": "https://a.example/n"}
            options.append(Edit("append", path, item))
            if value:
                options.append(Edit("remove", (*path, draw(st.integers(0, len(value) - 1)))))
        if isinstance(value, dict) and free(path):
            options.append(Edit("add", (*path, "k9"), new_scalar))
            options.append(Edit("replace", path, {"k9": new_scalar, **value}))  # keys kept, one added first
            options.append(Edit("replace", path, {"k9": new_scalar}))  # no key kept
        if path[:1] == ("images",) and len(path) == 2 and isinstance(value, dict):
            for missing in ("width", "height"):
                if missing not in value:
                    options.append(Edit("add", (*path, missing), 7))
    for key, value in (("quality", 5), ("category", "news"), ("x9", new_shape)):
        if key not in data:
            options.append(Edit("add", (key,), value))
    kind = draw(st.sampled_from(sorted({option.kind for option in options})))  # each kind as often
    return draw(st.sampled_from([option for option in options if option.kind == kind]))


def apply(article: Article, edit: Edit) -> None:
    if edit.kind in ("set", "replace", "add"):
        set_at(article, edit.path, edit.value)
    elif edit.kind in ("delete", "remove"):
        delete_at(article, edit.path)
    else:
        target = get(article, edit.path)
        if edit.path == ("images",):
            target.append(Image(url=edit.value["url"]))
        elif edit.path == ("related",):
            target.append(RelatedArticle(title=edit.value["title"], web_url=edit.value["webUrl"]))
        else:
            target.append(edit.value)


# --- checks -------------------------------------------------------------------------------------------------


def region(record: Record, edit: Edit, data: dict[str, Any]) -> tuple[int, int] | None:
    """The front matter lines [start, end) that the edit may change; None for insertions only."""
    spans = record.spans
    path = edit.path
    if edit.kind in ("add", "append"):
        target = path[:-1] if edit.kind == "add" else path
        if target in record.flow or (edit.kind == "add" and target and target in record.compact):
            return spans[target].first, spans[target].last + 1
        return None
    owner = next(path[:end] for end in range(len(path), 0, -1) if path[:end] in spans)
    if edit.kind in ("set", "replace") or owner != path:  # an item of a flow list changes its list's line
        return spans[owner].first, spans[owner].last + 1
    parent = get_data(data, path[:-1])
    if len(parent) == 1 and path[:-1]:  # the last key or item: the parent becomes {} or []
        return spans[path[:-1]].first, spans[path[:-1]].last + 1
    if len(twins(data, path)) > 1:  # which of equal items goes is not known: any of the list's lines
        return spans[path[:-1]].first, spans[path[:-1]].last + 1
    span = spans[path]
    end = span.last + 1
    if path[:-1] in record.compact and next(iter(parent)) == path[-1]:
        end = spans[path[:-1]].last + 1  # the next key moves up onto the dash's line
    while end < len(record.lines) and not record.lines[end].strip():
        end += 1
    return span.above, end


def get_data(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def twins(data: dict[str, Any], path: Path) -> list[Path]:
    """The paths of the items equal to the list item at ``path`` (itself included), or just ``path``."""
    parent = get_data(data, path[:-1])
    index = path[-1]
    if not isinstance(parent, list) or not isinstance(index, int):
        return [path]
    value = parent[index]
    return [(*path[:-1], index) for index, item in enumerate(parent) if item == value and type(item) is type(value)]


def removed_comments(record: Record, edit: Edit) -> set[str]:
    """The comments that may go with the edit: those of the deleted entry, or inside the replaced value."""
    path = edit.path
    gone: set[str] = set()
    paths = twins(record.data, path) if edit.kind == "remove" else [path]
    for name, (described, _) in record.comments.items():
        inside = any(described[: len(path)] == path for path in paths)
        if (edit.kind in ("delete", "remove") and inside) or (edit.kind == "replace" and inside and described != path):
            gone.add(name)
    return gone


_KEY_LINE = re.compile(r"[ \ufeff]*(?:- *)*[A-Za-z0-9]+:(?: |$)|[ \ufeff]*-(?: |$)")


def describes(line: str, key: str) -> bool:
    """Whether a line is the line of ``key`` (or of an item, for "-"); for "v:key", the line of key's value,
    which may go on over further lines."""
    if key.startswith("v:"):
        return describes(line, key[2:]) or not _KEY_LINE.match(line)
    content = line.lstrip(" \ufeff")
    if key == "-":
        return content.startswith("-")
    while content.startswith("- "):
        content = content[2:].lstrip(" ")
    return content.startswith(key + ":")


_TOKEN = re.compile(r"# ([ct][0-9]+) ")


def check_comments(record: Record, out: str, edit: Edit | None) -> None:
    """Each comment is with the line it describes, and only those of what ``edit`` removed are gone (with
    ``edit`` None, after several edits, only the first is checked)."""
    lines = out.splitlines()
    seen: set[str] = set()
    for index, line in enumerate(lines):
        token = _TOKEN.search(line)
        if token is None:
            continue
        name = token.group(1)
        seen.add(name)
        key = record.comments[name][1]
        if line[: token.start()].strip(" \ufeff"):  # after a value: on the line it describes
            assert describes(line, key), f"{name} is on {line!r}"
        else:  # on its own line: directly above the line it describes
            below = next(rest for rest in lines[index + 1 :] if rest.strip() and not rest.lstrip().startswith("#"))
            assert describes(below, key), f"{name} is above {below!r}"
    if edit is not None:
        missing = set(record.comments) - seen - removed_comments(record, edit)
        assert not missing, f"comments lost: {sorted(missing)}"


def front_matter_offsets(text: str, record: Record) -> list[int]:
    """Where each front matter line starts in the text, and where the closing line starts."""
    starts = []
    at = text.index("\n") + 1
    for line in record.lines:
        starts.append(at)
        at = text.index("\n", at) + 1
        assert text[starts[-1] : at].rstrip("\r\n") == line
    starts.append(at)
    return starts


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records(), st.data())
def test_any_edit_in_any_layout_changes_only_its_lines(generated: tuple[str, Record], data: st.DataObject) -> None:
    """Load, edit, dump: the record loads back equal, lines outside the edit stay byte for byte, and each
    comment stays with the line it describes (or goes with its entry when that is deleted or replaced)."""
    text, record = generated
    article = loads_article(text)
    assert dumps_article(article) == text
    edit = data.draw(edits(record.data))
    event(f"edit: {edit.kind}")
    for feature, present in (
        ("a block scalar", re.search(r": [|>]", text)),
        ("a '- key:' item", record.compact),
        ("CRLF", "\r\n" in text),
        ("a BOM", "\ufeff" in text),
        ("a comment after a value", "# t" in text),
    ):
        if present:
            event(f"layout: {feature}")
    apply(article, edit)
    out = dumps_article(article)
    assert loads_article(out) == article
    assert out.count("\ufeff") == text.count("\ufeff")
    assert out.split("\n", 1)[1][:1] == text.split("\n", 1)[1][:1] or "\ufeff" not in text.split("\n", 1)[1][:1]
    # A BOM that opens the front matter stays its first character, whichever line comes first: compare without it.
    text, out = text.replace("\ufeff", ""), out.replace("\ufeff", "")
    record.lines = [line.replace("\ufeff", "") for line in record.lines]
    lines = region(record, edit, record.data)
    if lines is None:
        removed, _ = changed_lines(text, out)
        assert removed == [], f"{edit}: an insertion removed {removed}"
    else:
        starts = front_matter_offsets(text, record)
        start, end = starts[lines[0]], starts[lines[1]]
        assert out.startswith(text[:start]), f"{edit}: a line above the edit changed"
        assert out.endswith(text[end:]), f"{edit}: a line below the edit changed"
        assert len(out) >= start + len(text) - end
    check_comments(record, out, edit)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records(), st.data(), st.integers(2, 4))
def test_several_edits_in_any_layout(generated: tuple[str, Record], data: st.DataObject, count: int) -> None:
    """Several edits at once, each at a path of the data the one before left: the record loads back equal,
    and each comment that stays is with the line it describes."""
    text, record = generated
    article = loads_article(text)
    for _ in range(count):
        now = article.model_dump(by_alias=True, exclude_unset=True, exclude={"body"})
        apply(article, data.draw(edits(now)))
    out = dumps_article(article)
    assert loads_article(out) == article
    check_comments(record, out, None)
