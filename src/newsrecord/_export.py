"""Articles to files for data tools: JSON Lines, CSV and Parquet, one row per record, streamed."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from typing import IO, Any, Literal

from pydantic import AwareDatetime

from ._convert import article_to_dict, json_ready
from ._errors import NewsRecordError, type_error
from ._models import CHILD_MODELS, Article, Record, field_shape, key_order
from ._record_data import leaves, record_data
from ._tree import field_path

Format = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet")

SOURCE_COLUMN = "sourcePath"
"""The column that names each record's file."""

_BATCH = 1024


def export_articles(articles: Iterable[Article], path: str | os.PathLike[str], format: Format) -> int:
    """Write Articles to ``path`` as JSON Lines, CSV or Parquet, one row per record; return the count.

    Every row starts with ``sourcePath`` (the record's file, or null), then the
    front matter's keys and ``body``. In CSV, nested values (provider, topics,
    images, related) are JSON text, and unknown top-level keys are gathered as
    JSON in an ``extra`` column; Parquet keeps nested values as typed structs and
    lists, with timestamps in UTC, and gathers unknown keys at every level in
    ``extra``, by field path (``images[0].caption``). Parquet needs pyarrow: ``pip install newsrecord[parquet]``.

    >>> import json, pathlib, tempfile
    >>> from newsrecord import export_articles, loads_article
    >>> article = loads_article("---\\ntitle: Hi\\npublishedDateTime: 2020-12-11T05:06:00Z\\n---\\n")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "records.jsonl"
    >>> export_articles([article], out, "jsonl")
    1
    >>> json.loads(out.read_text())
    {'sourcePath': None, 'title': 'Hi', 'publishedDateTime': '2020-12-11T05:06:00Z', 'body': ''}
    """
    if isinstance(articles, (Article, str, bytes, bytearray, memoryview)) or not isinstance(articles, Iterable):
        hint = "wrap one Article in a list: [article]" if isinstance(articles, Article) else ""
        raise type_error("export_articles", "an iterable of Articles", articles, hint)
    if not isinstance(path, (str, os.PathLike)):
        raise type_error("export_articles", "path as a str or os.PathLike", path)
    if not isinstance(format, str):
        raise type_error("export_articles", f"format as one of {', '.join(map(repr, FORMATS))}", format)
    if format == "jsonl":
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            return _write_jsonl(articles, out)
    if format == "csv":
        with open(path, "w", encoding="utf-8", newline="") as out:
            return _write_csv(articles, out)
    if format == "parquet":
        return _write_parquet(articles, os.fspath(path))
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")


def _rows(articles: Iterable[Article], native: bool = False) -> Iterator[dict[str, Any]]:
    """Each Article as a row: JSON-ready (timestamps as text), or with native datetimes for Arrow."""
    for index, article in enumerate(articles):
        if not isinstance(article, Article):
            hint = f"item {index} of articles"
            if isinstance(article, NewsRecordError):
                hint += f" is the error of a broken record ({article.source}): use on_error='skip' or filter them out"
            raise type_error("export_articles", "Articles", article, hint)
        data = article_to_dict(article)
        if native:
            data = {**record_data(article), "body": data["body"]}
        if SOURCE_COLUMN in data:
            raise NewsRecordError(
                f"the front matter has its own {SOURCE_COLUMN!r} key, which the export uses for the file",
                source=article.source_path or "<article>",
                field=SOURCE_COLUMN,
            )
        yield {SOURCE_COLUMN: article.source_path, **data}


def _write_jsonl(articles: Iterable[Article], out: IO[str]) -> int:
    count = 0
    for row in _rows(articles):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


_KNOWN = [SOURCE_COLUMN, *key_order(Article), "body"]
_CSV_COLUMNS = [*_KNOWN, "extra"]


def _write_csv(articles: Iterable[Article], out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(_CSV_COLUMNS)
    count = 0
    for row in _rows(articles):
        extra = {key: value for key, value in row.items() if key not in _KNOWN}
        cells = [_cell(row.get(key)) for key in _KNOWN]
        writer.writerow([*cells, json.dumps(extra, ensure_ascii=False) if extra else ""])
        count += 1
    return count


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_parquet(articles: Iterable[Article], path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError("Parquet export needs pyarrow: pip install 'newsrecord[parquet]'") from None
    schema = _arrow_schema(pa)
    count = 0

    def write(writer: Any, batch: list[dict[str, Any]]) -> None:
        try:
            table = pa.Table.from_pylist(batch, schema=schema)
        except (OverflowError, pa.ArrowException) as error:
            raise _unwritable(batch, error) from None
        writer.write_table(table)

    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in _rows(articles, native=True):
            batch.append(_arrow_row(row))
            count += 1
            if len(batch) == _BATCH:
                write(writer, batch)
                batch = []
        if batch or count == 0:
            write(writer, batch)
    return count


def _unwritable(batch: list[dict[str, Any]], error: Exception) -> NewsRecordError:
    """Why a batch of rows does not fit the Arrow schema, naming the record and the field where that is known."""
    for row in batch:
        too_wide = parquet_misfit(row, row[SOURCE_COLUMN] or "<article>")
        if too_wide is not None:
            return too_wide
    paths = ", ".join(str(row[SOURCE_COLUMN]) for row in batch[:3])
    return NewsRecordError(f"cannot write these records to Parquet ({paths}, ...): {error}")


INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1


def parquet_misfit(data: dict[str, Any], source: str) -> NewsRecordError | None:
    """Why a record's plain data does not fit the Parquet export (its first integer beyond 64 bits), or None."""
    for loc, value in wide_ints(data):
        return NewsRecordError(
            f"{value} does not fit in Parquet's 64-bit integers (from {INT64_MIN} to {INT64_MAX}); "
            "export to JSON Lines or CSV keeps it exactly",
            source=source,
            field=field_path(loc),
        )
    return None


def wide_ints(data: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], int]]:
    """The integers in plain data that do not fit in 64 bits, with their paths (keys and list indices)."""
    for loc, value in leaves(data):
        if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
            yield loc, value


def _arrow_schema(pa: Any) -> Any:
    """The Parquet columns: those of CSV, the front matter's typed from the models' fields (see _arrow_fields)."""
    types = dict(_arrow_fields(pa, Article))
    return pa.schema([(key, types.get(key, pa.string())) for key in _CSV_COLUMNS])


def _arrow_fields(pa: Any, model: type[Record]) -> list[tuple[str, Any]]:
    """A model's keys with their Arrow types, derived from its fields (see field_shape): str to string, int to
    int64, bool to bool_, an aware datetime to a timestamp in UTC, a model to a struct, a list to a list_."""
    scalars = {str: pa.string(), int: pa.int64(), bool: pa.bool_(), AwareDatetime: pa.timestamp("us", tz="UTC")}
    columns: list[tuple[str, Any]] = []
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        kind, is_list = field_shape(field)
        if isinstance(kind, type) and issubclass(kind, Record):
            arrow = pa.struct(_arrow_fields(pa, kind))
        elif kind in scalars:
            arrow = scalars[kind]
        else:
            raise TypeError(f"{model.__name__}.{name}: no Arrow type for {kind!r}; add one to _export._arrow_fields")
        columns.append((field.alias or name, pa.list_(arrow) if is_list else arrow))
    return columns


def _arrow_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row for the Arrow schema: unknown keys at every level go to ``extra``, by field path."""
    out = {key: row.get(key) for key in _KNOWN}
    extra = {key: value for key, value in row.items() if key not in _KNOWN}
    for key, model in CHILD_MODELS[Article].items():
        extra.update(_unknown(row.get(key), model, key))
    out["extra"] = json.dumps(json_ready(extra), ensure_ascii=False) if extra else None
    return out


def _unknown(value: Any, model: type[Record], path: str) -> dict[str, Any]:
    """Unknown keys inside a nested record (or a list of them), keyed by field path: ``images[0].caption``."""
    if isinstance(value, list):
        found: dict[str, Any] = {}
        for index, item in enumerate(value):
            found.update(_unknown(item, model, f"{path}[{index}]"))
        return found
    if not isinstance(value, dict):
        return {}
    known = set(key_order(model))
    found = {f"{path}.{key}": item for key, item in value.items() if key not in known}
    for key, child in CHILD_MODELS[model].items():
        found.update(_unknown(value.get(key), child, f"{path}.{key}"))
    return found


def write_text(articles: Iterable[Article], out: IO[str], format: Literal["jsonl", "csv"]) -> int:
    """Write Articles to an open text stream (standard output) as JSON Lines or CSV; return the count."""
    return _write_jsonl(articles, out) if format == "jsonl" else _write_csv(articles, out)
