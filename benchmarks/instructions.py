"""What iter_articles(workers=2) costs over loading in one process, counted in instructions.

    python benchmarks/instructions.py [--records 1000] [--pattern '*.md'] [--write]

Seconds on a shared machine depend on its neighbours: the workers ratio of
benchmarks/run.py moves by a quarter from one run to the next. Callgrind (from
valgrind) counts the instructions each process runs, which hardly do. With
``workers=2`` the parent loads some records itself, as many as timing lets it
(under callgrind too), and only the helper's records are sent between processes,
so the total moves a little with the split.

Each way of loading runs twice under callgrind, on a first slice of the corpus
and on a slice ``--records`` longer, each after loading the longer slice once in
the same process to warm the caches, as a pipeline that has run for a while has.
The difference between the two runs is what the extra records cost, with
start-up, imports, warm-up and the fork left out. Every process is counted: the
parent, and the helper (forked, as before Python 3.14) from the fork on.
``--pattern`` counts only the corpus files whose names match (``'*-house.md'``).
With --write, the table replaces the one in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = pathlib.Path(__file__).resolve().parent
DOCS = HERE.parent / "docs" / "performance.md"
START, END = "<!-- instructions: start -->", "<!-- instructions: end -->"
FIRST = 200
"""Records in the shorter run of each pair; the longer one loads ``--records`` more."""


def measured(workers: int | None, count: int, warm: int, corpus: pathlib.Path, pattern: str) -> None:
    """Under callgrind: load the first ``warm`` records to warm the caches, then the first ``count``."""
    import multiprocessing

    from newsrecord import iter_articles

    multiprocessing.set_start_method("fork")  # helpers counted from the same point in both runs (3.14: forkserver)
    paths = sorted(str(path) for path in corpus.rglob(pattern))
    sum(1 for _ in iter_articles(*paths[:warm], on_error="skip"))
    sum(1 for _ in iter_articles(*paths[:count], workers=workers, on_error="skip"))
    print(os.getpid())


def counted(workers: int | None, count: int, warm: int, corpus: pathlib.Path, pattern: str) -> tuple[int, list[int]]:
    """Instructions of one run under callgrind: of the parent, and of each other process."""
    with tempfile.TemporaryDirectory() as out:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--trace-children=yes",
            f"--callgrind-out-file={out}/%p",
            sys.executable,
            __file__,
            "--measure",
            str(workers or 0),
            str(count),
            str(warm),
            str(corpus),
            pattern,
        ]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"callgrind run failed ({run.returncode}):\n{run.stderr[-2000:]}")
        parent = int(run.stdout.split()[-1])
        totals = {}
        for name in os.listdir(out):
            text = pathlib.Path(out, name).read_text(encoding="utf-8", errors="replace")
            found = re.search(r"^(?:summary|totals): (\d+)", text, re.MULTILINE)
            if found:
                totals[int(name.split(".")[0])] = int(found.group(1))
        return totals.pop(parent), list(totals.values())


def per_record(workers: int | None, records: int, corpus: pathlib.Path, pattern: str) -> tuple[float, float]:
    """Instructions per record of the parent and of all other processes, from a short and a long run."""
    with ThreadPoolExecutor(2) as pool:
        short, long = pool.map(
            lambda count: counted(workers, count, FIRST + records, corpus, pattern), (FIRST, FIRST + records)
        )
    # Helpers are forked, so their counts include the parent's up to the fork: the same in both runs.
    return (long[0] - short[0]) / records, (sum(long[1]) - sum(short[1])) / records


def table(records: int, corpus: pathlib.Path, pattern: str) -> str:
    alone, _ = per_record(None, records, corpus, pattern)
    parent, helper = per_record(2, records, corpus, pattern)
    total = parent + helper
    return "\n".join(
        [
            f"Counted over {records:,} records of the benchmark corpus"
            + ("" if pattern == "*.md" else f" named `{pattern}`")
            + " (thousands of instructions a record):",
            "",
            "| loading | parent | helper | all processes | against one process |",
            "|---|---:|---:|---:|---:|",
            f"| in one process | {alone / 1e3:,.0f} | | {alone / 1e3:,.0f} | 1.000 |",
            f"| `workers=2` | {parent / 1e3:,.0f} | {helper / 1e3:,.0f} | {total / 1e3:,.0f} | {total / alone:.3f} |",
            "",
            f"Split evenly over two cores as fast together as apart, with no idle time, that is "
            f"{2 * alone / total:.2f} times the throughput of one process.",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000, help="records counted (default: %(default)s)")
    parser.add_argument("--corpus-dir", default=str(HERE / ".corpus"), help="where the corpus is kept")
    parser.add_argument("--write", action="store_true", help="write the table into docs/performance.md")
    parser.add_argument(
        "--pattern", default="*.md", help="count only the corpus files whose names match (default: %(default)s)"
    )
    parser.add_argument("--measure", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        workers, count, warm, corpus, pattern = args.measure
        measured(int(workers) or None, int(count), int(warm), pathlib.Path(corpus), pattern)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is needed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(HERE))
    import corpus

    folder = corpus.write(pathlib.Path(args.corpus_dir), max(10_000, FIRST + args.records))
    result = table(args.records, folder, args.pattern)
    print(result)
    if args.write:
        text = DOCS.read_text(encoding="utf-8")
        before, _, rest = text.partition(START)
        _, _, after = rest.partition(END)
        DOCS.write_text(f"{before}{START}\n{result}\n{END}{after}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
