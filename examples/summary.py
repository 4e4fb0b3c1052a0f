"""Load a news record and print a short summary: the quick start's main job."""

from __future__ import annotations

import pathlib
import sys

from newsrecord import NewsRecordError, dumps_article, load_article


def main(paths: list[str]) -> int:
    status = 0
    for path in paths:
        try:
            article = load_article(path)
        except NewsRecordError as error:
            print(error, file=sys.stderr)
            status = 1
            continue
        provider = article.provider.name if article.provider else "unknown provider"
        exact = dumps_article(article).encode("utf-8") == pathlib.Path(path).read_bytes()
        print(f"{path}")
        print(f"  title:     {article.title}")
        print(f"  provider:  {provider}")
        print(f"  published: {article.published_date_time.isoformat()}")
        print(f"  topics:    {', '.join(article.topics) or '-'}")
        print(f"  images: {len(article.images)}, related: {len(article.related)}, round trip exact: {exact}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["examples/record.md"]))
