"""The API reference lists each model's constructor and every field, with its key, type and description."""

from __future__ import annotations

import html
import importlib.util
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from newsrecord import Article, Image, Provider, RelatedArticle
from newsrecord._models import field_description

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _extension() -> object:
    spec = importlib.util.spec_from_file_location("griffe_model_fields", ROOT / "tools" / "griffe_model_fields.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("model", [Article, Provider, Image, RelatedArticle])
def test_every_field_is_in_the_model_section(model: type[Article]) -> None:
    """Each field has a row with its attribute, its key, its type and its description, and a constructor line."""
    pytest.importorskip("griffe")
    section = _extension().model_section(model, dict.fromkeys(model.model_fields, "T"))  # type: ignore[attr-defined]
    for name, field in model.model_fields.items():
        description = field_description(model, name)
        assert description, name
        key = "*(the body, not a key)*" if field.exclude else f"`{field.alias}`"
        assert f"| `{name}` | {key} | `T` |" in section
        assert description.replace("|", "\\|") in section
        assert f"    {name}: T" in section
    assert f"{model.__name__}(\n    *,\n" in section


@pytest.mark.skipif(shutil.which("git") is None, reason="mkdocs reads the repository")
def test_the_built_api_page_shows_the_fields(tmp_path: pathlib.Path) -> None:
    """mkdocs builds the site with the extension, and the API page has each model's constructor and field table."""
    pytest.importorskip("mkdocstrings")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    markup = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    page = html.unescape(re.sub(r"<[^>]+>", "", markup))  # the text a reader sees
    assert page.count("key in the file") == 4
    assert "cdnAmpWebUrl" in page
    assert "published_date_time: AwareDatetime," in page
    lazy = ["article_from_dict", "article_to_dict", "export_articles", "find_records", "iter_articles"]
    assert [name for name in lazy if f"{name}(" not in page] == []  # imported at first use, documented all the same
