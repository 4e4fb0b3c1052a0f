"""Shared test helpers: the fixture records and the third-party samples in ../shared."""

from __future__ import annotations

import difflib
import pathlib
from collections.abc import Callable

import pytest

from newsrecord import Article, dumps_article, loads_article

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_696907b106b47cda.txt"


def fixture_paths() -> list[pathlib.Path]:
    """Every fixture record of this repository."""
    return sorted(FIXTURES.glob("*.md"))


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_text(name: str) -> str:
    return fixture_bytes(name).decode("utf-8")


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed from ``before`` and added in ``after``, as a line diff sees them."""
    removed: list[str] = []
    added: list[str] = []
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed.extend(a[i1:i2])
            added.extend(b[j1:j2])
    return removed, added


def shared_or_skip(path: pathlib.Path) -> pathlib.Path:
    """A file of ../shared, or a skip where that folder is absent (it is in CI)."""
    if not path.exists():
        pytest.skip(f"{path.name}: ../shared is not present on this machine")
    return path


def edited(text: str, change: Callable[[Article], object]) -> str:
    """The record's text after ``change`` is applied to its Article, checked to load back equal."""
    article = loads_article(text)
    change(article)
    out = dumps_article(article)
    assert loads_article(out) == article
    return out


def extra(article: Article) -> dict[str, object]:
    """The Article's unknown keys."""
    assert article.model_extra is not None
    return article.model_extra
