"""What ``import newsrecord`` leaves for later, and that nothing can tell the difference."""

from __future__ import annotations

import json
import subprocess
import sys

import newsrecord
from newsrecord import _convert, _corpus, _export, _find

LATER = [
    "newsrecord._convert",
    "newsrecord._corpus",
    "newsrecord._export",
    "newsrecord._find",
    "newsrecord._load_one",
    "newsrecord._pool",
    "newsrecord._parse_full",
]
"""Modules a program that loads house-style records never imports, nor the modules only they need."""


def _fresh(code: str) -> str:
    """The standard output of ``code`` run in a fresh interpreter that uses these sources."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.strip()


def test_import_leaves_export_corpus_conversion_and_the_full_parser_for_later() -> None:
    imported = json.loads(_fresh("import json, sys, newsrecord\nprint(json.dumps(sorted(sys.modules)))"))
    assert [name for name in [*LATER, "ruamel.yaml", "tempfile", "csv"] if name in imported] == []
    code = (
        "import json, sys, newsrecord\n"
        "newsrecord.loads_article('---\\ntitle: Hi\\npublishedDateTime: 2020-12-11T05:06:00Z\\n---\\n')\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    loaded = json.loads(_fresh(code))  # pydantic's first validation imports more, for plugins: csv among them
    assert [name for name in [*LATER, "ruamel.yaml"] if name in loaded] == []


def test_every_public_name_is_there_as_before() -> None:
    assert set(newsrecord.__all__) <= set(dir(newsrecord))
    assert newsrecord.iter_articles is _corpus.iter_articles
    assert newsrecord.find_records is _find.find_records
    assert newsrecord.export_articles is _export.export_articles
    assert newsrecord.article_to_dict is _convert.article_to_dict
    assert newsrecord.article_from_dict is _convert.article_from_dict
    star = _fresh(
        "from newsrecord import *\nimport newsrecord\nfound = dir()\n"
        "print(sorted(name for name in newsrecord.__all__ if name in found))"
    )
    assert star == str(sorted(newsrecord.__all__))
    code = "import newsrecord\ntry:\n    newsrecord.lod_article\nexcept AttributeError as e:\n    print(e)"
    assert _fresh(code) == "module 'newsrecord' has no attribute 'lod_article'"


def test_the_full_parser_says_the_same_at_its_first_use() -> None:
    """A record only ruamel.yaml reads gives the same error in a fresh interpreter, where the full parser's
    module is imported by that record, as in one where it was imported before."""
    record = "---\\ntitle: &a Hi\\nother: *a\\n---\\n"
    code = (
        "from newsrecord import NewsRecordError, loads_article\n"
        "import sys\n"
        "{before}"
        "try:\n"
        f"    loads_article('{record}')\n"
        "except NewsRecordError as error:\n"
        "    print(error)\n"
    )
    first = _fresh(code.format(before=""))
    later = _fresh(code.format(before="import newsrecord._parse_full\n"))
    assert first == later
    assert first.startswith("<string>:2:")
