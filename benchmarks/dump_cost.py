"""What a dump costs against a load, per record: unchanged, and after an edit (load, set quality, dump).

    python benchmarks/dump_cost.py [N] [time|load|unchanged|edit] [house|mix]

``time`` (the default) prints microseconds per record (the best of five runs of N records) and the
ratios to a load. The other modes run only that operation N times, for instruction counts, which
this shared machine's neighbours do not change: run it under
``valgrind --tool=callgrind --callgrind-out-file=/dev/null`` for two N and divide the difference.
``house`` is tests/fixtures/house.md alone; ``mix`` adds the first 200 records of benchmarks/corpus.py.
"""

from __future__ import annotations

import pathlib
import sys
import time
from collections.abc import Callable

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

from newsrecord import dumps_article, loads_article  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 400
MODE = sys.argv[2] if len(sys.argv) > 2 else "time"
HOUSE = (HERE.parent / "tests" / "fixtures" / "house.md").read_text(encoding="utf-8")
TEXTS = (
    [HOUSE]
    if (sys.argv[3] if len(sys.argv) > 3 else "mix") == "house"
    else [HOUSE] + [t for _, t in corpus.records(200)]
)
ARTICLES = [loads_article(text) for text in TEXTS]
for warm in ARTICLES:  # the shapes' templates made, the models' schemas built
    dumps_article(warm)


def load() -> None:
    for index in range(N):
        loads_article(TEXTS[index % len(TEXTS)])


def unchanged() -> None:
    for index in range(N):
        dumps_article(ARTICLES[index % len(ARTICLES)])


def edit() -> None:
    for index in range(N):
        article = loads_article(TEXTS[index % len(TEXTS)])
        article.quality = (article.quality or 0) + 1
        dumps_article(article)


OPERATIONS: dict[str, Callable[[], None]] = {"load": load, "unchanged": unchanged, "edit": edit}


def best(operation: Callable[[], None]) -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        operation()
        times.append(time.perf_counter() - start)
    return min(times) / N * 1e6


if MODE == "time":
    micros = {name: best(operation) for name, operation in OPERATIONS.items()}
    print(", ".join(f"{name} {value:.1f} µs" for name, value in micros.items()))
    print(f"unchanged dump / load {micros['unchanged'] / micros['load']:.2f}")
    print(f"load + edit + dump / load {micros['edit'] / micros['load']:.2f}")
else:
    OPERATIONS[MODE]()
