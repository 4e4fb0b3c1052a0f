r"""Typed, exact load and dump of news-article records: YAML front matter plus Markdown.

>>> from newsrecord import dumps_article, loads_article
>>> text = "---\ntitle:  Hi   # note\npublishedDateTime: 2020-12-11T05:06:00Z\n---\n"
>>> dumps_article(loads_article(text)) == text
True
"""

from typing import TYPE_CHECKING

from ._api import MAX_SIZE, dump_article, dumps_article, load_article, loads_article
from ._diagnostic import Diagnostic
from ._errors import NewsRecordError
from ._models import Article, Image, Provider, RelatedArticle
from ._portability import check_article
from ._version import __version__

if TYPE_CHECKING:
    from ._convert import article_from_dict, article_to_dict
    from ._corpus import iter_articles
    from ._export import export_articles
    from ._find import find_records

_LAZY = {
    "article_from_dict": "._convert",
    "article_to_dict": "._convert",
    "export_articles": "._export",
    "find_records": "._find",
    "iter_articles": "._corpus",
}
"""Public names imported at their first use, not with the package: their modules (and theirs, such as
csv and json) cost time that a program loading records does not need to spend."""

if not TYPE_CHECKING:  # hidden from type checkers, which would otherwise take any name as defined

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value  # found directly from now on
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "MAX_SIZE",
    "Article",
    "Diagnostic",
    "Image",
    "NewsRecordError",
    "Provider",
    "RelatedArticle",
    "__version__",
    "article_from_dict",
    "article_to_dict",
    "check_article",
    "dump_article",
    "dumps_article",
    "export_articles",
    "find_records",
    "iter_articles",
    "load_article",
    "loads_article",
]
