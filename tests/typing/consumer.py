"""A pipeline step written against newsrecord, type-checked by test_typing.py with mypy --strict and pyright."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from newsrecord import Article, Image, Provider, RelatedArticle, dump_article, load_article


def promote_recent(folder: Path, since: dt.datetime) -> list[Article]:
    """Raise the quality of recent articles and add a related item; write each back."""
    kept: list[Article] = []
    for path in sorted(folder.glob("*.md")):
        article = load_article(path)
        if article.published_date_time < since:
            continue
        article.quality = (article.quality or 0) + 1
        article.related.append(RelatedArticle(title="See also", web_url="https://example.com/see-also", quality=1))
        if article.provider is None:
            article.provider = Provider(name="Unknown", images=[Image(url="/logo.png", is_cached=False)])
        dump_article(article, path)
        kept.append(article)
    return kept


def build() -> Article:
    """Construction with snake_case names type-checks with no plugin."""
    return Article(
        title="t",
        published_date_time=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc),
        web_url="https://example.com/",
        amp_web_url=None,
        cdn_amp_web_url=None,
        topics=["AI"],
    )


if TYPE_CHECKING:
    from typing_extensions import reveal_type

    article = build()
    reveal_type(article.published_date_time)
    reveal_type(article.related)
    reveal_type(article.web_url)
    reveal_type(article.quality)
    reveal_type(article.provider)
    reveal_type(article.topics)
    reveal_type(article.images[0].is_cached)
