"""What the library knows about its models comes from their field definitions, and every field reaches every export.

The nested-model table, the house style's quoted and grouped keys and the Parquet schema are derived from the
models; these tests pin them to the hand-written tables they replaced, and show a field added to a model going
through to the exports with no other change.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zlib
from collections.abc import Callable
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import AwareDatetime

import newsrecord
from newsrecord import Article, Image, Provider, RelatedArticle, article_to_dict, export_articles
from newsrecord._export import INT64_MAX, INT64_MIN, _arrow_fields, _arrow_schema
from newsrecord._models import CHILD_MODELS, House, Record, field_shape
from newsrecord._record_data import leaves, record_data
from newsrecord._render import GROUP_KEYS, QUOTED_KEYS

MODELS: list[type[Record]] = [Article, Provider, Image, RelatedArticle]


def test_child_models_are_the_hand_written_table() -> None:
    """CHILD_MODELS, derived from the fields' types, is the table that was written out by hand."""
    table = {
        Article: {"provider": Provider, "images": Image, "related": RelatedArticle},
        RelatedArticle: {"provider": Provider},
        Provider: {"images": Image},
        Image: {},
    }
    assert table == CHILD_MODELS


def test_house_keys_are_the_hand_written_sets() -> None:
    """The keys the house style quotes and sets off with a blank line, read from the models' House marks."""
    assert frozenset(("title", "excerpt", "originalUrl", "webUrl", "ampWebUrl", "cdnAmpWebUrl", "url", "secured")) == (
        QUOTED_KEYS
    )
    assert frozenset(("provider", "topics", "images", "related", "secured")) == GROUP_KEYS


def _buried_marks(annotation: Any) -> list[House]:
    found = [item for item in getattr(annotation, "__metadata__", ()) if isinstance(item, House)]
    return found + [mark for arg in get_args(annotation) for mark in _buried_marks(arg)]


@pytest.mark.parametrize("model", MODELS)
def test_house_marks_are_outermost_and_agree_for_a_key(model: type[Record]) -> None:
    """A House mark is read only as a field's outermost Annotated metadata; written deeper
    (``Annotated[Text, House.QUOTED] | None``) it would be ignored. Quoting goes by key, so every
    model that has a key marks it alike."""
    for name, field in model.model_fields.items():
        assert not _buried_marks(field.annotation), f"{model.__name__}.{name}: put the House mark outermost"
        key = field.alias or name
        if field_shape(field)[0] is str:
            assert (House.QUOTED in field.metadata) == (key in QUOTED_KEYS), f"{model.__name__}.{name}"


def test_the_arrow_schema_is_the_hand_written_one() -> None:
    """The Parquet schema derived from the models' fields is exactly the one that was written out by hand."""
    pa = pytest.importorskip("pyarrow")
    timestamp = pa.timestamp("us", tz="UTC")
    image = pa.struct([("url", pa.string()), ("width", pa.int64()), ("height", pa.int64()), ("isCached", pa.bool_())])
    provider = pa.struct([("name", pa.string()), ("domain", pa.string()), ("images", pa.list_(image))])
    related = pa.struct(
        [
            ("title", pa.string()),
            ("excerpt", pa.string()),
            ("publishedDateTime", timestamp),
            ("webUrl", pa.string()),
            ("ampWebUrl", pa.string()),
            ("cdnAmpWebUrl", pa.string()),
            ("type", pa.string()),
            ("provider", provider),
            ("quality", pa.int64()),
        ]
    )
    types = {
        "publishedDateTime": timestamp,
        "quality": pa.int64(),
        "heat": pa.int64(),
        "published": pa.bool_(),
        "provider": provider,
        "topics": pa.list_(pa.string()),
        "images": pa.list_(image),
        "related": pa.list_(related),
    }
    keys = [
        "sourcePath", "category", "title", "excerpt", "publishedDateTime", "originalUrl", "webUrl", "ampWebUrl",
        "cdnAmpWebUrl", "type", "quality", "heat", "published", "provider", "topics", "images", "related", "secured",
        "body", "extra",
    ]  # fmt: skip
    expected = pa.schema([(key, types.get(key, pa.string())) for key in keys])
    assert _arrow_schema(pa).equals(expected, check_metadata=True)


def test_a_field_type_without_an_arrow_type_is_refused_by_name() -> None:
    """A field of a type the Parquet export has no column type for fails loudly, naming the field."""
    pa = pytest.importorskip("pyarrow")

    class Framed(Image):
        ratio: float | None = None

    with pytest.raises(TypeError, match=r"Framed\.ratio: no Arrow type for <class 'float'>"):
        _arrow_fields(pa, Framed)


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Record)


def _full(model: type[Record], value: Callable[[str, Any], Any], path: str = "") -> Any:
    """A model with every field set, two items in every list; ``value(path, type)`` gives each scalar."""
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        kind, is_list = field_shape(field)
        here = f"{path}.{field.alias or name}".lstrip(".")

        def one(at: str, kind: Any = kind) -> Any:
            return _full(kind, value, at) if _is_model(kind) else value(at, kind)

        values[name] = [one(f"{here}[0]"), one(f"{here}[1]")] if is_list else one(here)
    return model(**values)


UTC_PLUS_5_30 = dt.timezone(dt.timedelta(hours=5, minutes=30))


def _distinctive(path: str, kind: Any) -> Any:
    """A value made from the field's path, so that no two fields hold the same one (but for booleans)."""
    number = zlib.crc32(path.encode())
    if kind is str:
        return f"https://example.com/{path}"
    if kind is int:
        return number
    if kind is bool:
        return number % 2 == 0
    if kind is AwareDatetime:
        return dt.datetime(2001, 1, 1, tzinfo=UTC_PLUS_5_30) + dt.timedelta(seconds=number)
    pytest.fail(f"no test value for {path} of type {kind!r}: add one here")


def _nested(record: Record) -> list[Record]:
    """A record and every record nested in it."""
    found = [record]
    for name in type(record).model_fields:
        value = getattr(record, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Record):
                found.extend(_nested(item))
    return found


def _read_back(article: Article, folder: pathlib.Path) -> dict[str, dict[str, Any]]:
    """The article exported to each format and read back: the front matter and ``body`` as plain data."""
    read: dict[str, dict[str, Any]] = {}
    export_articles([article], folder / "a.jsonl", "jsonl")
    (line,) = (folder / "a.jsonl").read_text(encoding="utf-8").splitlines()
    read["jsonl"] = json.loads(line)
    export_articles([article], folder / "a.csv", "csv")
    with open(folder / "a.csv", encoding="utf-8", newline="") as stream:
        (row,) = csv.DictReader(stream)
    read["csv"] = row
    pq = pytest.importorskip("pyarrow.parquet")
    export_articles([article], folder / "a.parquet", "parquet")
    (read["parquet"],) = pq.read_table(folder / "a.parquet").to_pylist()
    return read


def _csv_value(cell: str, expected: Any) -> Any:
    """A CSV cell as the value it was written from, where that value is ``expected``: text as it is, else JSON."""
    return cell if isinstance(expected, str) else json.loads(cell)


def _check_every_field_reaches_every_export(article: Article) -> None:
    assert {type(record) for record in _nested(article)} == set(MODELS)
    for record in _nested(article):  # every field of every model is set
        assert record.model_fields_set == set(type(record).model_fields), type(record).__name__
    as_json = {**article_to_dict(article)}
    native = {**record_data(article), "body": article.body}
    with tempfile.TemporaryDirectory() as folder:
        read = _read_back(article, pathlib.Path(folder))
    read["csv"] = {key: _csv_value(cell, as_json.get(key)) for key, cell in read["csv"].items() if cell}
    for format, row in read.items():
        assert row.pop("sourcePath", None) is None, format
        assert not row.pop("extra", None), f"{format}: a field went to extra"
        expected = native if format == "parquet" else as_json
        assert dict(leaves(row)) == dict(leaves(expected)), format


def test_every_field_of_every_model_reaches_every_export() -> None:
    """An Article with every field of every model set to its own value: JSON Lines, CSV and Parquet each give
    back every value at its field's path, and nothing goes to ``extra``."""
    article = _full(Article, _distinctive)
    values = [value for _, value in leaves(record_data(article)) if not isinstance(value, bool)]
    assert len(values) == len(set(map(repr, values)))  # distinctive: a value found at a path is that field's
    _check_every_field_reaches_every_export(article)


_URL_TAIL = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]), max_size=30)
SCALARS: dict[Any, st.SearchStrategy[Any]] = {
    str: _URL_TAIL.map(lambda tail: "https://example.com/" + tail),  # valid for every string field
    int: st.integers(INT64_MIN, INT64_MAX),
    bool: st.booleans(),
    AwareDatetime: st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.sampled_from([dt.timezone.utc, UTC_PLUS_5_30, dt.timezone(dt.timedelta(hours=-8))]),
    ),
}


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_every_field_reaches_every_export_whatever_its_value(data: st.DataObject) -> None:
    """The same for any values of the fields' types."""
    article = _full(Article, lambda path, kind: data.draw(SCALARS[kind], label=path))
    _check_every_field_reaches_every_export(article)


ADDED = {
    "Image": "focal_point: Text | None = None",
    "Provider": "country_code: Text | None = None",
    "RelatedArticle": "rank_score: int | None = None",
    "Article": "lead_image: Image | None = None",
}


def _with_added_fields(source: str) -> str:
    """The source of _models.py with one more field in each model (ADDED), each with its docstring."""
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in ADDED:
            added = f"{ADDED[node.name]}\n'''An added field.'''\n"
            node.body.extend(ast.parse(added).body)
    return ast.unparse(tree)


def test_a_field_added_to_a_model_reaches_every_export(tmp_path: pathlib.Path) -> None:
    """A copy of the library whose models each get one more field (one of them a nested model) exports each new
    field, typed in Parquet, with no other change to the code."""
    pytest.importorskip("pyarrow")
    package = tmp_path / "newsrecord"
    shutil.copytree(pathlib.Path(newsrecord.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    models = package / "_models.py"
    models.write_text(_with_added_fields(models.read_text(encoding="utf-8")), encoding="utf-8")
    record = {
        "title": "T",
        "publishedDateTime": "2020-12-11T05:06:00Z",
        "leadImage": {"url": "/lead.jpg", "focalPoint": "centre"},
        "provider": {"name": "P", "countryCode": "US", "images": [{"url": "/logo.jpg", "focalPoint": "top"}]},
        "related": [{"title": "R", "webUrl": "https://example.com/r", "rankScore": 7}],
    }
    code = textwrap.dedent(
        f"""
        import csv, json
        import pyarrow.parquet as pq
        import newsrecord
        from newsrecord import article_from_dict, export_articles
        article = article_from_dict({record!r})
        for format in ("jsonl", "csv", "parquet"):
            export_articles([article], format, format)
        table = pq.read_table("parquet")
        row = table.to_pylist()[0]
        print(json.dumps({{
            "package": newsrecord.__file__,
            "schema": str(table.schema.field("leadImage").type),
            "rank": str(table.schema.field("related").type.value_type.field("rankScore").type),
            "row": {{key: row[key] for key in ("leadImage", "provider", "related", "extra")}},
            "jsonl": json.loads(open("jsonl").read()),
            "csv": next(csv.DictReader(open("csv", newline=""))),
        }}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert pathlib.Path(out["package"]).parent == package
    assert out["schema"] == "struct<url: string, width: int64, height: int64, isCached: bool, focalPoint: string>"
    assert out["rank"] == "int64"
    row = out["row"]
    assert row["extra"] is None
    assert row["leadImage"]["focalPoint"] == "centre"
    assert row["provider"]["countryCode"] == "US"
    assert row["provider"]["images"][0]["focalPoint"] == "top"
    assert row["related"][0]["rankScore"] == 7
    for key in ("leadImage", "provider", "related"):
        assert out["jsonl"][key] == record[key]
        assert json.loads(out["csv"][key]) == record[key]
    assert not out["csv"]["extra"]
