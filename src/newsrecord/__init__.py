r"""Typed, exact load and dump of news-article records: YAML front matter plus Markdown.

>>> from newsrecord import dumps_article, loads_article
>>> text = "---\ntitle:  Hi   # note\npublishedDateTime: 2020-12-11T05:06:00Z\n---\n"
>>> dumps_article(loads_article(text)) == text
True
"""

from ._api import MAX_SIZE, dump_article, dumps_article, load_article, loads_article
from ._convert import article_from_dict, article_to_dict
from ._corpus import iter_articles
from ._diagnostic import Diagnostic
from ._errors import NewsRecordError
from ._export import export_articles
from ._find import find_records
from ._models import Article, Image, Provider, RelatedArticle
from ._portability import check_article
from ._version import __version__

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
