"""Typed, exact load and dump of news-article records: YAML front matter plus Markdown.

>>> import newsrecord
>>> sorted(newsrecord.__all__)[:3]
['Article', 'Image', 'NewsRecordError']
"""

from ._api import MAX_SIZE, dump_article, dumps_article, load_article, loads_article
from ._errors import NewsRecordError
from ._models import Article, Image, Provider, RelatedArticle
from ._version import __version__

__all__ = [
    "MAX_SIZE",
    "Article",
    "Image",
    "NewsRecordError",
    "Provider",
    "RelatedArticle",
    "__version__",
    "dump_article",
    "dumps_article",
    "load_article",
    "loads_article",
]
