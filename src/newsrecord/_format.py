"""What ``newsrecord fmt`` writes: the house style, with the record's comments kept.

The house-style text comes from the canonical dump. Each comment of the record
is then put back where it belongs: a comment on its own line goes above the key
or item that follows it (indented as that line), and a comment at the end of a
line goes at the end of the line of the key or item it followed, as ruff format
keeps comments. With ``preserve_quotes``, each one-line scalar keeps the text it
was written with (its quotes, or their absence) and only the layout changes,
except where Jekyll would read that text differently: there the fix that
``dumps_article(article, fix=True)`` makes is kept instead.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from ._api import dumps_article, loads_article
from ._errors import NewsRecordError
from ._models import Article
from ._parse import parse_tree
from ._record_data import record_data, same
from ._split import Parts, split
from ._text import line_end, line_start
from ._tree import Mapping, Node, Scalar, Sequence

Path = tuple[str | int, ...]


def formatted(article: Article, *, preserve_quotes: bool = False) -> tuple[str, str]:
    """The record's text as it is, and as ``fmt`` writes it: house style, comments kept.

    >>> from newsrecord import loads_article
    >>> text = "---\\ntopics: [AI]  # one for now\\n# the headline\\ntitle: 'Hi'\\n"
    >>> text += "publishedDateTime: 2020-12-11T05:06:00Z\\n---\\n"
    >>> print(formatted(loads_article(text))[1], end="")
    ---
    # the headline
    title: "Hi"
    publishedDateTime: 2020-12-11T05:06:00Z
    <BLANKLINE>
    topics:  # one for now
      - AI
    ---
    <BLANKLINE>
    >>> print(formatted(loads_article(text), preserve_quotes=True)[1].splitlines()[2])
    title: 'Hi'
    """
    source = dumps_article(article)
    canonical = dumps_article(article, canonical=True)
    name = article.source_path or "<record>"
    parts = split(source, name)
    if not preserve_quotes and "#" not in source[parts.yaml_start : parts.yaml_end]:
        return source, canonical  # no comment to keep: the canonical dump, which checked itself
    kept = dumps_article(article, fix=True)  # scalars kept as written, but as every reader reads them alike
    before = split(kept, name)
    after = split(canonical, name)
    old = _Index(before, parse_tree(before, name))
    new = _Index(after, parse_tree(after, name))
    edits = _quotes_kept(old, new) if preserve_quotes else []
    edits += _comments_put_back(before, old, after, new)
    result = _apply(canonical, edits)
    if result != canonical:
        _check(result, article, name)
    return source, result


def _quotes_kept(old: _Index, new: _Index) -> list[tuple[int, int, str]]:
    """Edits of the canonical text that give each one-line scalar the text it was written with."""
    edits = []
    for path, node in old.scalars.items():
        target = new.scalars.get(path)
        text = old.text[node.start : node.end]
        if target is not None and node.style in ("", '"', "'") and node.end > node.start and "\n" not in text:
            edits.append((target.start, target.end, text))
    return edits


def _comments_put_back(before: Parts, old: _Index, after: Parts, new: _Index) -> list[tuple[int, int, str]]:
    """Edits of the canonical text (``after``) that put back each comment of the record (``before``)."""
    edits: list[tuple[int, int, str]] = []
    header = True
    for offset, whole_line, comment, gap in _comments(before, old):
        header = header and whole_line and offset < old.offsets[0]
        if header and _blank_line_between(before.text, offset, old.offsets[0]):
            edits.append((after.yaml_start, after.yaml_start, comment + "\n"))  # the file's header stays on top
            continue
        if whole_line:
            following = old.following(offset)
            if following is None:
                edits.append((after.yaml_end, after.yaml_end, comment + "\n"))
                continue
            at = line_start(after.text, new.anchor(following))
            edits.append((at, at, " " * (new.anchor(following) - at) + comment + "\n"))
        else:
            preceding = old.preceding(offset)
            end = line_end(after.text, new.anchor(preceding)) - 1 if preceding is not None else after.yaml_start - 1
            edits.append((end, end, gap + comment))
    return edits


class _Index:
    """The nodes of a front matter tree by path, and where the line of each starts (its key or its dash)."""

    def __init__(self, parts: Parts, root: Mapping) -> None:
        self.text = parts.text
        self.anchors: dict[Path, int] = {}
        self.scalars: dict[Path, Scalar] = {}
        self.spans: list[tuple[int, int]] = []
        self._walk(root, ())
        self.order = sorted((offset, path) for path, offset in self.anchors.items())
        self.offsets = [offset for offset, _ in self.order]
        self.spans.sort()

    def _walk(self, node: Node, path: Path) -> None:
        if isinstance(node, Scalar):
            self.scalars[path] = node
            start = node.start
            if node.style in ("|", ">"):  # the header line may end with a comment
                start = line_end(self.text, start)
            self.spans.append((start, node.end))
        elif isinstance(node, Mapping):
            for entry in node.entries:
                child = (*path, entry.key)
                self.anchors[child] = entry.key_start
                self.spans.append((entry.key_start, entry.key_end))
                self._walk(entry.value, child)
        elif isinstance(node, Sequence):
            for index, item in enumerate(node.items):
                child = (*path, index)
                self.anchors[child] = item.dash if item.dash >= 0 and not node.flow else item.value.start
                self._walk(item.value, child)

    def inside(self, offset: int) -> bool:
        """Whether ``offset`` falls inside a scalar's or a key's text."""
        index = bisect.bisect_right(self.spans, (offset, len(self.text) + 1)) - 1
        return any(start <= offset < end for start, end in self.spans[max(index - 8, 0) : index + 1])

    def following(self, offset: int) -> Path | None:
        index = bisect.bisect_right(self.offsets, offset)
        return self.order[index][1] if index < len(self.order) else None

    def preceding(self, offset: int) -> Path | None:
        """The outermost node whose line holds ``offset``; else the last node before it."""
        index = bisect.bisect_right(self.offsets, offset) - 1
        start = line_start(self.text, offset)
        while index > 0 and self.offsets[index - 1] >= start:
            index -= 1
        return self.order[index][1] if index >= 0 else None

    def anchor(self, path: Path) -> int:
        """Where the line of the node at ``path`` starts, or of its nearest ancestor that has one."""
        while path not in self.anchors:
            path = path[:-1]
        return self.anchors[path]


def _comments(parts: Parts, index: _Index) -> Iterator[tuple[int, bool, str, str]]:
    """Each comment of the front matter: its offset, whether it has its line alone, its text, the gap before it."""
    text = parts.text
    at = parts.yaml_start
    while at < parts.yaml_end:
        end = line_end(text, at)
        line = text[at:end].rstrip("\r\n")
        stripped = line.lstrip(" \t")
        if stripped.startswith("#") and not index.inside(at + len(line) - len(stripped)):
            yield at, True, stripped.rstrip(" \t"), ""
        else:
            for column in range(1, len(line)):
                if line[column] == "#" and line[column - 1] in " \t" and not index.inside(at + column):
                    gap = line[:column]
                    yield at + column, False, line[column:].rstrip(" \t"), gap[len(gap.rstrip(" \t")) :]
                    break
        at = end


def _blank_line_between(text: str, start: int, end: int) -> bool:
    """Whether an empty line (or one of spaces) lies between two offsets."""
    return any(not line.strip() for line in text[line_end(text, start) : line_start(text, end)].splitlines())


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    pieces: list[str] = []
    cursor = 0
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        pieces.append(text[cursor:start])
        pieces.append(new)
        cursor = max(cursor, end)
    pieces.append(text[cursor:])
    return "".join(pieces)


def _check(result: str, article: Article, name: str) -> None:
    """Refuse a formatted text that would not load back as the same record."""
    try:
        again = loads_article(result, source=name, max_size=None)
    except NewsRecordError as error:
        raise NewsRecordError(f"cannot format this record (please report it): {error.message}", source=name) from None
    if not same(record_data(again), record_data(article)) or again.body != article.body:
        raise NewsRecordError("cannot format this record (please report it): it would not load back equal", source=name)
