"""The ``newsrecord`` command line: check, fmt, show, export and schema."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from ._api import dumps_article, load_article
from ._corpus import find_records, iter_articles, load_one
from ._errors import NewsRecordError
from ._export import FORMATS, SOURCE_COLUMN, export_articles, wide_ints
from ._models import Article, record_data
from ._text import encode
from ._version import __version__
from ._write import write_atomic

T = TypeVar("T")

_EXAMPLES = {
    "check": "example:\n  newsrecord check archive/_news\n  newsrecord check --workers 2 a.md b.md",
    "fmt": "example:\n  newsrecord fmt --check --diff archive/_news\n  newsrecord fmt archive/_news/2024-*.md",
    "show": "example:\n  newsrecord show archive/_news/2024-04-17-drones.md",
    "export": "example:\n  newsrecord export archive/_news --format parquet -o news.parquet",
    "schema": "example:\n  newsrecord schema > article.schema.json",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 all well, 1 problems found, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except BrokenPipeError:  # `newsrecord ... | head`: stop quietly
        sys.stderr.close()
        return 1
    return status


def main_exit() -> None:
    """The ``newsrecord`` console script."""
    sys.exit(main())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsrecord",
        description="Check, format, inspect and export news records (YAML front matter + Markdown).",
        epilog="example:\n  newsrecord check archive/_news && newsrecord export archive/_news -f jsonl -o news.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsrecord {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help,
            description=help,
            epilog=_EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    def corpus_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("paths", nargs="+", metavar="PATH", help="record files, or folders to search")
        sub.add_argument(
            "--pattern", default="**/*.md", help="which files in folders are records (default: %(default)s)"
        )
        sub.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")

    check = command("check", "Validate records and verify that each writes back byte for byte.")
    corpus_options(check)
    check.add_argument("--workers", type=_positive, default=None, help="load in this many processes")
    check.set_defaults(run=_check)

    fmt = command("fmt", "Rewrite records in the canonical house style (atomic writes).")
    corpus_options(fmt)
    fmt.add_argument("--check", action="store_true", help="write nothing; exit 1 if a record would change")
    fmt.add_argument("--diff", action="store_true", help="write nothing; show what would change as a diff")
    fmt.set_defaults(run=_fmt)

    show = command("show", "Print a readable summary of one record.")
    show.add_argument("path", metavar="PATH", help="a record file")
    show.set_defaults(run=_show)

    export = command("export", "Export records to JSON Lines, CSV or Parquet, one row per record.")
    corpus_options(export)
    export.add_argument("-f", "--format", required=True, choices=FORMATS, help="the output format")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    export.add_argument("--workers", type=_positive, default=None, help="load in this many processes")
    export.set_defaults(run=_export)

    schema = command("schema", "Print the JSON Schema of a record (Article).")
    schema.set_defaults(run=_schema)
    return parser


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return number


def _progress(items: Iterable[T], quiet: bool, unit: str) -> Iterable[T]:
    """A progress bar on stderr when it is a terminal (and tqdm is installed: newsrecord[cli])."""
    if quiet or not sys.stderr.isatty():
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    bar: Iterable[T] = tqdm(items, unit=f" {unit}", file=sys.stderr, leave=False, dynamic_ncols=True)
    return bar


def _report(error: NewsRecordError) -> None:
    print(str(error), flush=False)


def _check(args: argparse.Namespace) -> int:
    checked = broken = 0
    items: Iterator[Article | NewsRecordError] = iter_articles(
        *args.paths, pattern=args.pattern, workers=args.workers, on_error="collect"
    )
    for item in _progress(items, args.quiet, "records"):
        checked += 1
        if isinstance(item, NewsRecordError):
            broken += 1
            _report(item)
            continue
        path = item.source_path
        assert path is not None
        with open(path, "rb") as handle:
            original = handle.read()
        if encode(dumps_article(item)) != original:
            broken += 1
            print(f"{path}: does not write back byte for byte (please report this as a bug)")
        for field, number in wide_ints(record_data(item)):
            digits = str(number)
            shown = digits if len(digits) <= 40 else f"an integer of {len(digits.lstrip('-'))} digits"
            print(f"{path}: {field}: warning: {shown} does not fit in 64 bits, as Parquet needs")
    if not args.quiet:
        print(f"{_count(checked, 'record')} checked: {checked - broken} ok, {broken} with problems")
    return 1 if broken else 0


def _fmt(args: argparse.Namespace) -> int:
    changed = broken = total = 0
    for path in _progress(find_records(args.paths, args.pattern), args.quiet, "records"):
        total += 1
        loaded = load_one(path)
        if isinstance(loaded, NewsRecordError):
            broken += 1
            _report(loaded)
            continue
        source = dumps_article(loaded)
        formatted = dumps_article(loaded, canonical=True)
        if formatted == source:
            continue
        changed += 1
        if args.diff:
            sys.stdout.writelines(_diff(source, formatted, path))
        elif args.check:
            print(f"would reformat {path}")
        else:
            write_atomic(path, encode(formatted))
    if not args.quiet:
        verb = "would be reformatted" if args.check or args.diff else "reformatted"
        print(f"{_count(total, 'record')}: {changed} {verb}, {total - changed - broken} unchanged, {broken} broken")
    return 1 if broken or ((args.check or args.diff) and changed) else 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _diff(before: str, after: str, path: str) -> Iterator[str]:
    """A unified diff that patch(1) can apply, missing final newlines marked as diff marks them."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=path, tofile=f"{path} (formatted)"
    )
    for line in lines:
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def _show(args: argparse.Namespace) -> int:
    try:
        article = load_article(args.path)
    except NewsRecordError as error:
        _report(error)
        return 1
    except OSError as error:
        print(f"{args.path}: cannot read the file: {error.strerror or error}")
        return 1
    provider = article.provider
    lines = [
        article.title,
        f"  provider:  {provider.name + (f' ({provider.domain})' if provider.domain else '') if provider else '-'}",
        f"  published: {article.published_date_time.isoformat()}",
        f"  type:      {article.type or '-'}",
        f"  url:       {article.web_url or article.original_url or '-'}",
        f"  topics:    {', '.join(article.topics) or '-'}",
        f"  images:    {len(article.images)}",
        f"  related:   {len(article.related)}",
        f"  body:      {len(article.body.splitlines())} lines",
    ]
    print("\n".join(lines))
    return 0


def _export(args: argparse.Namespace) -> int:
    problems = 0

    def good() -> Iterator[Article]:
        nonlocal problems
        items: Iterator[Article | NewsRecordError] = iter_articles(
            *args.paths, pattern=args.pattern, workers=args.workers, on_error="collect"
        )
        for item in _progress(items, args.quiet, "records"):
            if isinstance(item, NewsRecordError):
                problems += 1
                print(str(item), file=sys.stderr)
            elif SOURCE_COLUMN in (item.model_extra or {}):
                problems += 1
                print(f"{item.source_path}: left out: its own '{SOURCE_COLUMN}' key would collide", file=sys.stderr)
            else:
                yield item

    try:
        count = export_articles(good(), args.output, args.format)
    except ImportError as error:
        print(f"newsrecord export: {error}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:  # NewsRecordError is a ValueError; so is text UTF-8 cannot encode
        print(f"newsrecord export: cannot write {args.output}: {error}", file=sys.stderr)
        if os.path.isfile(args.output):
            os.unlink(args.output)  # a partial export is worse than none
        return 1
    if not args.quiet:
        print(
            f"exported {_count(count, 'record')} to {args.output}; {_count(problems, 'broken record')} left out",
            file=sys.stderr,
        )
    return 1 if problems else 0


def _schema(args: argparse.Namespace) -> int:
    schema = Article.model_json_schema(by_alias=True)
    for model in [schema, *schema.get("$defs", {}).values()]:
        # Docstrings carry examples for Python readers; the schema keeps their first paragraph.
        model["description"] = model.get("description", "").split("\n\n")[0]
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0
