"""The scale-out recipe of docs/scale-out.md: Dask bags over file paths, Parquet out, same records."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from newsrecord import article_to_dict, export_articles, find_records, iter_articles

from .conftest import fixture_paths

dask = pytest.importorskip("dask")  # a test dependency: installed by the [test] extra


def write_partition(paths: list[str], index: int, out: str) -> int:
    """Load one partition's records, leaving broken ones out, and write them as one Parquet file."""
    articles = iter_articles(*paths, on_error="skip")
    return export_articles(articles, f"{out}/part-{index:05d}.parquet", "parquet")


def test_dask_recipe_gives_the_same_records_as_iter_articles(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Partitions loaded by Dask's local processes scheduler and written as Parquet hold exactly the
    records iter_articles yields, in the same order."""
    # Dask's workers are new processes that import write_partition from this module by name,
    # with this process's sys.path.
    monkeypatch.syspath_prepend(str(pathlib.Path(__file__).resolve().parents[1]))
    import dask.bag as db
    import pyarrow.dataset as ds

    archive = tmp_path / "archive"
    for copy in range(3):
        folder = archive / f"batch-{copy}"
        folder.mkdir(parents=True)
        for path in fixture_paths():
            shutil.copy(path, folder / path.name)
    (archive / "batch-1" / "broken.md").write_text("---\nnot: [closed\n---\n")
    out = tmp_path / "parquet"
    out.mkdir()

    paths = list(find_records([archive]))
    bag = db.from_sequence(paths, partition_size=10)  # type: ignore[no-untyped-call]
    tasks = [dask.delayed(write_partition)(part, index, str(out)) for index, part in enumerate(bag.to_delayed())]
    counts = dask.compute(*tasks, scheduler="processes", num_workers=2)

    rows = ds.dataset(out, format="parquet").to_table().to_pylist()
    expected = list(iter_articles(archive, on_error="skip"))
    assert sum(counts) == len(rows) == len(expected) == 3 * len(fixture_paths())
    assert [row["sourcePath"] for row in rows] == [article.source_path for article in expected]
    for row, article in zip(rows, expected, strict=True):
        data = article_to_dict(article)
        assert row["title"] == data["title"]
        assert row["body"] == data["body"]
        assert (row["topics"] or []) == data.get("topics", [])
        assert row["publishedDateTime"] == article.published_date_time
