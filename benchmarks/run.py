"""The benchmark suite: newsrecord against python-frontmatter and ruamel.yaml, side by side.

    python benchmarks/run.py [--records 10000] [--sample 400] [--memory-records 100000] [--write]
    python benchmarks/run.py --variations-only [--write]

Every figure is a median per record, and every target is a ratio against an
anchor measured in the same run, on the same files, interleaved record by
record, because the machine is shared and noisy. The slow anchor (ruamel.yaml
round trips, about 5 ms a record) runs on a deterministic sample of the corpus;
newsrecord runs on the same sample for the ratios. With --write, the table
replaces the one in docs/performance.md.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import pathlib
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version

import frontmatter
import yaml
from ruamel.yaml import YAML

import newsrecord
from newsrecord import Article, dumps_article, iter_articles, load_article, loads_article

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

DOCS = HERE.parent / "docs" / "performance.md"
ROUNDS = 9
"""Rounds of the workers comparison: a whole-corpus run takes seconds, over which this machine's speed drifts."""
TARGETS = {
    "load": 0.2,
    "load floor": 2.5,
    "round trip": 0.05,
    "edit": 0.2,
    "workers": 1.5,
    "memory": 1.2,
    "import": 1.5,
}


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def ruamel_round_trip(text: str, change: bool) -> str:
    """What a ruamel.yaml tool does: split off the front matter, load it round-trip, dump it back."""
    rt = YAML(typ="rt")
    rt.width = 1 << 30
    head, _, rest = text.partition("\n")
    front, _, body = rest.partition("\n---\n")
    data = rt.load(front)
    if change:
        data["quality"] = (data.get("quality") or 0) + 1
    out = io.StringIO()
    rt.dump(data, out)
    return head + "\n" + out.getvalue() + "---\n" + body


def interleaved(paths: list[pathlib.Path], *operations: Callable[[pathlib.Path], object]) -> list[float]:
    """Median seconds per record of each operation, all run one after the other on each record.

    Which one runs first turns from record to record, so that none always finds the file
    and the processor's caches warmed by the others.
    """
    spent: list[list[float]] = [[] for _ in operations]
    for index, path in enumerate(paths):
        for turn in range(len(operations)):
            which = (index + turn) % len(operations)
            spent[which].append(timed(lambda path=path, which=which: operations[which](path)))  # type: ignore[misc]
    return [statistics.median(times) for times in spent]


def paired(
    paths: list[pathlib.Path], ours: Callable[[pathlib.Path], object], anchor: Callable[[pathlib.Path], object]
) -> tuple[float, float]:
    """Median seconds per record of two operations, interleaved record by record."""
    mine, theirs = interleaved(paths, ours, anchor)
    return mine, theirs


def ready_data(paths: list[pathlib.Path]) -> dict[pathlib.Path, dict[str, object]]:
    """For each record, the dict that ``Article.model_validate`` takes for it (its file's keys, parsed, and
    ``body``): what a loader that had nothing left to do but validate would hold. Built before any timing,
    and checked to validate into the Article that load_article gives."""
    ready = {}
    for path in paths:
        article = load_article(path)
        data = article.model_dump(by_alias=True, exclude_unset=True)
        data["body"] = article.body
        if Article.model_validate(data) != article:
            raise AssertionError(f"{path}: the ready dict does not validate into the loaded Article")
        ready[path] = data
    return ready


def floor_load(ready: dict[pathlib.Path, dict[str, object]]) -> Callable[[pathlib.Path], object]:
    """The floor of a load: read the file (bytes to text), and validate the ready dict."""

    def load(path: pathlib.Path) -> object:
        path.read_bytes().decode("utf-8")
        return Article.model_validate(ready[path])

    return load


VARIATION_RECORDS = 300
VARIATION_TARGET = 2.0


def variation_ratios(count: int = VARIATION_RECORDS) -> list[tuple[str, float, float]]:
    """For each variation of corpus.STYLES: the median load of the record in that style, and of the same
    record in house style, ``loads_article`` on the text, interleaved record by record (each first in turn).

    The records are the corpus's house-style ones that have every part a variation reshapes; each
    variation's record is loaded three times, so that a shape met once (the first record of a shape is read
    by the tree parser) weighs no more than in an archive of many records.
    """
    texts = [text for _, text in corpus.records(count * 2) if "\ntopics:\n" in text and "\nprovider:\n" in text]
    house = [text for text in texts if text.startswith("---\ncategory")][:count]
    for text in house:  # warm the shape templates of house style, as an archive's loading does
        loads_article(text)
    rows = []
    for name, restyle in corpus.STYLES.items():
        styled = [restyle(text) for text in house]
        mine: list[float] = []
        theirs: list[float] = []
        for index, (plain, other) in enumerate(zip(house, styled, strict=True)):
            for repeat in range(3):
                first, second = (plain, other) if (index + repeat) % 2 else (other, plain)
                spent = (timed(lambda text=first: loads_article(text)), timed(lambda text=second: loads_article(text)))
                theirs.append(spent[0] if first is plain else spent[1])
                mine.append(spent[1] if first is plain else spent[0])
        rows.append((name, statistics.median(mine), statistics.median(theirs)))
    return rows


def render_variations(rows: list[tuple[str, float, float]]) -> str:
    lines = [
        f"Measured on commit `{commit()}`, {time.strftime('%Y-%m-%d')}: {machine()}; "
        f"{VARIATION_RECORDS} records, each loaded three times in each style.",
        "",
        "| variation | load | same record, house style | ratio | goal | met |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for name, styled, house in rows:
        ratio = styled / house
        lines.append(
            f"| {name} | {styled * 1e3:.3f} ms | {house * 1e3:.3f} ms | {ratio:.2f} | ≤ {VARIATION_TARGET} "
            f"| {'yes' if ratio <= VARIATION_TARGET else 'no'} |"
        )
    return "\n".join(lines)


def write_between(start: str, end: str, table: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    DOCS.write_text(f"{before}{start}\n{table}\n{end}{after}", encoding="utf-8")


def edit_and_dump(path: pathlib.Path) -> str:
    article = load_article(path)
    article.quality = (article.quality or 0) + 1
    return dumps_article(article)


def check_exactness(paths: list[pathlib.Path]) -> tuple[int, int]:
    """How many records write back byte for byte, and how many edits change exactly one line."""
    exact = one_line = 0
    for path in paths:
        data = path.read_bytes()
        if dumps_article(load_article(path)).encode("utf-8") == data:
            exact += 1
        before = data.decode("utf-8").splitlines()
        after = edit_and_dump(path).splitlines()
        changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0) if line[:1] in "+-"]
        if len(changed) == 4 and "quality:" in changed[2] and "quality:" in changed[3]:
            one_line += 1
    return exact, one_line


def throughput(folder: pathlib.Path, workers: int | None) -> float:
    start = time.perf_counter()
    count = sum(1 for _ in iter_articles(folder, workers=workers, on_error="skip"))
    return count / (time.perf_counter() - start)


# The first record is loaded before tracing starts: the models' schemas, built at the first validation,
# are the same in every run. VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the high-water mark of the
# process before exec, that is, of this benchmark, which forked it.
PEAK_SCRIPT = """
import itertools, re, sys, tracemalloc
from newsrecord import iter_articles
articles = iter_articles(sys.argv[1], on_error="skip")
first = sum(1 for _ in itertools.islice(articles, 1))
tracemalloc.start()
count = first + sum(1 for _ in articles)
traced = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
with open("/proc/self/status") as status:
    print(count, traced, re.search(r"VmHWM:\\s*(\\d+)", status.read()).group(1))
"""


def peak_memory(folder: pathlib.Path) -> tuple[int, int, int]:
    """Records read, the peak of Python's allocations (bytes, by tracemalloc) while streaming the folder,
    and the peak resident memory (KiB) of that fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(folder)], capture_output=True, text=True, check=True
    )
    count, traced, resident = result.stdout.split()
    return int(count), int(traced), int(resident)


def import_time(code: str, cache: str, runs: int = 21) -> float:
    """Median seconds of a fresh interpreter running ``code``, with every module's bytecode compiled
    (into ``cache``, by a first run) as an installed package has it: never timing the compiler on
    one side only, as PYTHONDONTWRITEBYTECODE would for the sources of a checkout."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = re.search(r"model name\s*:\s*(.*)", handle.read())
        cpu = model.group(1) if model else cpu
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"newsrecord {newsrecord.__version__}, python-frontmatter {version('python-frontmatter')}, "
        f"PyYAML {yaml.__version__} (C loader: {yaml.__with_libyaml__}), ruamel.yaml {version('ruamel.yaml')}, "
        f"pydantic {version('pydantic')}"
    )


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True, cwd=HERE
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000, help="corpus size (default: %(default)s)")
    parser.add_argument(
        "--sample", type=int, default=400, help="records timed against ruamel.yaml (default: %(default)s)"
    )
    parser.add_argument(
        "--memory-records", type=int, default=100_000, help="large corpus for the memory ratio; 0 skips it"
    )
    parser.add_argument("--corpus-dir", default=str(HERE / ".corpus"), help="where generated corpora are kept")
    parser.add_argument("--write", action="store_true", help="write the table into docs/performance.md")
    parser.add_argument(
        "--variations-only", action="store_true", help="measure only each variation's load against house style"
    )
    args = parser.parse_args()

    variations = variation_ratios()
    variations_table = render_variations(variations)
    print(variations_table)
    if args.write:
        write_between("<!-- variations: start -->", "<!-- variations: end -->", variations_table)
    variations_met = all(styled / house <= VARIATION_TARGET for _, styled, house in variations)
    if args.variations_only:
        return 0 if variations_met else 1

    folder = corpus.write(pathlib.Path(args.corpus_dir), args.records)
    paths = sorted(folder.rglob("*.md"))
    step = max(1, len(paths) // args.sample)
    sample = paths[::step][: args.sample]
    print(f"corpus: {len(paths)} records in {folder}; ruamel sample: {len(sample)}", file=sys.stderr)

    for path in paths[:200]:  # warm caches and imports on both sides
        load_article(path)
        frontmatter.load(path)

    rows: list[tuple[str, str, str, float, float, str]] = []

    ready = ready_data(paths)
    ours, anchor, floor = interleaved(paths, load_article, frontmatter.load, floor_load(ready))
    del ready
    rows.append(("load", "`load_article`", "`frontmatter.load` (PyYAML C loader)", ours, anchor, "per record"))
    rows.append(
        (
            "load floor",
            "`load_article`",
            "read the file + `Article.model_validate` of a ready dict",
            ours,
            floor,
            "per record",
        )
    )

    ours, anchor = paired(
        sample,
        lambda p: dumps_article(load_article(p)),
        lambda p: ruamel_round_trip(p.read_text(encoding="utf-8"), change=False),
    )
    rows.append(("round trip", "load + `dumps_article`", "ruamel.yaml rt load + dump", ours, anchor, "per record"))

    ours, anchor = paired(
        sample, edit_and_dump, lambda p: ruamel_round_trip(p.read_text(encoding="utf-8"), change=True)
    )
    rows.append(("edit", "load, set quality, dump", "ruamel.yaml rt load, change, dump", ours, anchor, "per record"))

    singles: list[float] = []
    doubles: list[float] = []
    for round_ in range(ROUNDS):  # alternated, each first in turn, as the machine's speed drifts over seconds
        for workers in (None, 2) if round_ % 2 == 0 else (2, None):
            (singles if workers is None else doubles).append(throughput(folder, workers))
    single, double = statistics.median(singles), statistics.median(doubles)
    by_round = ", ".join(f"{two / one:.2f}" for one, two in zip(singles, doubles, strict=True))
    rows.append(("workers", "`iter_articles(workers=2)`", "`iter_articles()` in-process", double, single, "records/s"))

    notes = [f"Workers against in-process, round by round: {by_round}."]
    if args.memory_records:
        big = corpus.write(pathlib.Path(args.corpus_dir), args.memory_records)
        small_count, small_traced, small_resident = peak_memory(folder)
        big_count, big_traced, big_resident = peak_memory(big)
        rows.append(
            (
                "memory",
                f"traced peak over {big_count:,} files",
                f"traced peak over {small_count:,} files",
                big_traced / 2**20,
                small_traced / 2**20,
                "MiB",
            )
        )
        notes.append(
            f"Peak resident memory of the same processes (interpreter and modules included): "
            f"{big_resident / 1024:.1f} MiB over {big_count:,} files, {small_resident / 1024:.1f} MiB over "
            f"{small_count:,} ({big_resident / small_resident:.3f})."
        )

    with tempfile.TemporaryDirectory() as cache:
        ours = import_time("import newsrecord", cache)
        anchor = import_time("from pydantic import BaseModel; import ruamel.yaml", cache)
        first = import_time(f"import newsrecord; newsrecord.load_article({str(paths[0])!r})", cache)
    rows.append(("import", "`import newsrecord`", "`import pydantic, ruamel.yaml`", ours, anchor, "seconds"))
    notes.append(
        f"Import and one `load_article`, in a fresh interpreter: {first * 1e3:.0f} ms, {(first - ours) * 1e3:.0f} ms "
        "more than the import alone (the models' validators are built at the first validation)."
    )

    exact, one_line = check_exactness(sample)
    table = render(rows, exact, one_line, len(sample), notes)
    print(table)
    if args.write:
        write_between("<!-- results: start -->", "<!-- results: end -->", table)
    return 0 if variations_met and all(met(row) for row in rows) else 1


def met(row: tuple[str, str, str, float, float, str]) -> bool:
    name, _, _, ours, anchor, _ = row
    ratio = ours / anchor
    return ratio >= TARGETS[name] if name == "workers" else ratio <= TARGETS[name]


def figure(value: float, unit: str) -> str:
    if unit == "per record":
        return f"{value * 1e3:.3f} ms"
    if unit == "seconds":
        return f"{value * 1e3:.0f} ms"
    if unit == "records/s":
        return f"{value:,.0f} records/s"
    return f"{value:,.1f} {unit}"


def render(
    rows: list[tuple[str, str, str, float, float, str]], exact: int, one_line: int, sampled: int, notes: list[str]
) -> str:
    lines = [
        f"Measured on commit `{commit()}`, {time.strftime('%Y-%m-%d')}: {machine()}.",
        "",
        "| target | newsrecord | anchor | newsrecord | anchor | ratio | goal | met |",
        "|---|---|---|---:|---:|---:|---:|:---:|",
    ]
    for row in rows:
        name, ours_label, anchor_label, ours, anchor, unit = row
        goal = f"≥ {TARGETS[name]}" if name == "workers" else f"≤ {TARGETS[name]}"
        lines.append(
            f"| {name} | {ours_label} | {anchor_label} | {figure(ours, unit)} | {figure(anchor, unit)} "
            f"| {ours / anchor:.3f} | {goal} | {'yes' if met(row) else 'no'} |"
        )
    lines += [
        "",
        f"Exactness on the {sampled} sampled records: {exact} written back byte for byte; "
        f"{one_line} edits of `quality` changed exactly one line.",
        *notes,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
