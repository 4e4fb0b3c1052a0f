"""The ``newsrecord`` command line: check, fmt, show, export and schema.

Streams, for every command: what a command is asked for (findings, diffs,
summaries, a formatted record, an export written to ``-``) goes to standard
output; the tool's own failures (bad usage, a configuration it cannot read, a
file it cannot write) go to standard error, as do findings when standard
output carries data. Exit status: 0 all well, 1 problems found, 2 the tool
could not do its job, 130 interrupted.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import IO, Any

from ._api import load_article, loads_article
from ._config import OUTPUT_FORMATS, QUOTE_STYLES, ConfigError, Settings, find_config, load_settings
from ._corpus import iter_articles
from ._errors import NewsRecordError
from ._export import FORMATS, SOURCE_COLUMN, Format, export_articles, parquet_misfit, write_text
from ._format import formatted
from ._models import Article
from ._portability import fixed_text
from ._record_data import record_data
from ._report import Finding, Formatter, RuleSelection, from_error, record_findings, use_color
from ._schema import article_schema
from ._select import Selection
from ._text import decode, encode
from ._version import __version__
from ._write import write_atomic

_EXAMPLES = {
    "check": "examples:\n  newsrecord check\n  newsrecord check _posts --exclude _drafts --output-format github\n"
    "  cat a.md | newsrecord check - --stdin-filename _posts/a.md",
    "fmt": "examples:\n  newsrecord fmt --check --diff _posts\n  newsrecord fmt --quote-style preserve _posts\n"
    "  newsrecord fmt - < draft.md > formatted.md",
    "show": "example:\n  newsrecord show _posts/2024-04-17-drones.md _posts/2024-04-18-ferry.md",
    "export": "examples:\n  newsrecord export _posts -o news.parquet\n  newsrecord export _posts -o - | jq .title",
    "schema": "example:\n  newsrecord schema > article.schema.json",
}

STDIN = "-"
"""The path that stands for standard input (and, as ``-o``, standard output)."""

_EXTENSIONS: dict[str, Format] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}


class UsageError(Exception):
    """A command line or configuration the tool cannot run with (exit status 2)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 all well, 1 problems found, 2 usage or failure, 130 Ctrl-C)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = _settings(args)
        status: int = args.run(args, settings)
    except (UsageError, ConfigError) as error:
        print(f"newsrecord {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsrecord: interrupted", file=sys.stderr)
        return 130
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
        epilog="example:\n  newsrecord check && newsrecord export . -o news.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsrecord {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND", dest="command")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help,
            description=help,
            epilog=_EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("--config", metavar="FILE", help="the pyproject.toml to read (default: the nearest one)")
        sub.add_argument("--isolated", action="store_true", help="read no configuration file")
        return sub

    def corpus_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "paths", nargs="*", default=["."], metavar="PATH", help="record files, folders to search, or - (stdin)"
        )
        sub.add_argument(
            "--pattern", action="append", help="which files in folders are records (repeatable; default: **/*.md)"
        )
        sub.add_argument(
            "--exclude", action="append", help="gitignore-style pattern of paths to leave out (repeatable)"
        )
        sub.add_argument(
            "--no-ignore",
            dest="respect_gitignore",
            action="store_false",
            default=None,
            help="search hidden folders and what .gitignore files ignore",
        )
        sub.add_argument(
            "--force-exclude",
            action="store_true",
            help="apply patterns and excludes to files named on the command line too (for pre-commit)",
        )
        sub.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
        sub.add_argument("--workers", type=_positive, default=None, help="load in this many processes")

    def stdin_name(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--stdin-filename", metavar="NAME", help="the name of the record read from - in messages")

    check = command(
        "check", "Validate records, verify that each writes back byte for byte, and find what Jekyll reads otherwise."
    )
    corpus_options(check)
    stdin_name(check)
    check.add_argument("--output-format", choices=OUTPUT_FORMATS, help="text (default), json or github annotations")
    check.add_argument("--select", action="append", metavar="RULES", help="rules to report (codes, prefixes, names)")
    check.add_argument("--ignore", action="append", metavar="RULES", help="rules not to report")
    check.add_argument("--strict", action="store_true", default=None, help="warnings make the exit status 1 too")
    check.add_argument(
        "--fix",
        action="store_true",
        help="rewrite what Jekyll reads otherwise (NR1xx with a fix); nothing else changes",
    )
    check.set_defaults(run=_check)

    fmt = command("fmt", "Rewrite records in the house style, keeping comments (atomic writes).")
    corpus_options(fmt)
    stdin_name(fmt)
    fmt.add_argument("--check", action="store_true", help="write nothing; exit 1 if a record would change")
    fmt.add_argument("--diff", action="store_true", help="write nothing; show what would change as a diff")
    fmt.add_argument(
        "--quote-style", choices=QUOTE_STYLES, help="house: the house style's quoting; preserve: keep each scalar's"
    )
    fmt.set_defaults(run=_fmt)

    show = command("show", "Print a readable summary of records.")
    show.add_argument("paths", nargs="+", metavar="PATH", help="record files, or - (stdin)")
    stdin_name(show)
    show.set_defaults(run=_show)

    export = command("export", "Export records to JSON Lines, CSV or Parquet, one row per record.")
    corpus_options(export)
    export.add_argument("-f", "--format", choices=FORMATS, help="the output format (default: from OUT's extension)")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write, or - (stdout)")
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


def _settings(args: argparse.Namespace) -> Settings:
    """The configuration file's settings, overridden by the flags given."""
    settings = Settings() if args.isolated else load_settings(args.config or find_config(os.getcwd()))
    overrides = {
        "patterns": getattr(args, "pattern", None),
        "exclude": getattr(args, "exclude", None),
        "respect_gitignore": getattr(args, "respect_gitignore", None),
        "workers": getattr(args, "workers", None),
        "output_format": getattr(args, "output_format", None),
        "select": _split(getattr(args, "select", None)),
        "ignore": _split(getattr(args, "ignore", None)),
        "strict": getattr(args, "strict", None),
        "quote_style": getattr(args, "quote_style", None),
    }
    for name, value in overrides.items():
        if value is not None:
            setattr(settings, name, value)
    return settings


def _split(values: list[str] | None) -> list[str] | None:
    """``--select A,B --select C`` as ``[A, B, C]``."""
    return None if values is None else [part.strip() for value in values for part in value.split(",") if part.strip()]


class _Console:
    """Prints lines, above a progress bar on standard error when there is one (and tqdm: newsrecord[cli])."""

    def __init__(self, total: int | None, quiet: bool, unit: str = "records") -> None:
        self.bar: Any = None
        if quiet or total is None or not sys.stderr.isatty():
            return
        try:
            from tqdm import tqdm
        except ImportError:
            return
        self.bar = tqdm(total=total, unit=f" {unit}", file=sys.stderr, leave=False, dynamic_ncols=True)

    def print(self, line: str, file: IO[str] | None = None) -> None:
        out = file or sys.stdout
        if self.bar is None:
            print(line, file=out)
        else:
            self.bar.write(line, file=out)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def __enter__(self) -> _Console:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.close()


def _files(args: argparse.Namespace, settings: Settings) -> list[str]:
    """The record files the paths name; a list, so that the progress bar knows the total."""
    if STDIN in args.paths:
        raise UsageError("- (standard input) must be the only path")
    if not [pattern for pattern in settings.patterns if pattern.strip("/")]:
        raise UsageError("no pattern names a file, so no file in a folder would be a record (default: **/*.md)")
    selection = Selection(settings.patterns, settings.exclude, settings.respect_gitignore, args.force_exclude)
    return list(selection.files(args.paths))


def _stdin(args: argparse.Namespace) -> tuple[bytes, str]:
    return sys.stdin.buffer.read(), args.stdin_filename or "<stdin>"


def _read_stdin(args: argparse.Namespace) -> tuple[Article | NewsRecordError, bytes, str]:
    data, name = _stdin(args)
    try:
        return loads_article(data, source=name), data, name
    except NewsRecordError as error:
        return error, data, name


def _loaded(args: argparse.Namespace, settings: Settings) -> tuple[Iterator[Article | NewsRecordError], int | None]:
    """The records of the command line's paths as they load, and how many there are."""
    files = _files(args, settings)
    items: Iterator[Article | NewsRecordError] = iter_articles(*files, workers=settings.workers, on_error="collect")
    return items, len(files)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- check -----------------------------------------------------------------


def _check(args: argparse.Namespace, settings: Settings) -> int:
    try:
        rules = RuleSelection(settings.select, settings.ignore, settings.strict)
    except ValueError as error:
        raise UsageError(str(error)) from None
    checker = _Checker(rules, args.fix, piped=args.fix and args.paths == [STDIN])
    form = settings.output_format
    formatter = Formatter(form, color=form == "text" and use_color(checker.report.isatty()))
    if args.paths == [STDIN]:
        item, data, name = _read_stdin(args)
        checker.output = data
        loading: Iterator[tuple[Article | NewsRecordError, bytes | None, str]] = iter([(item, data, name)])
        total = None
    else:
        items, total = _loaded(args, settings)
        loading = ((item, None, _name(item)) for item in items)
    with _Console(total, args.quiet) as console:
        for item, original, name in loading:
            console.advance()
            for finding in checker.check(item, original, name):
                for line in formatter.lines(finding):
                    console.print(line, checker.report)
    for line in formatter.end():
        print(line, file=checker.report)
    if form == "text" and not args.quiet:
        print(checker.summary(), file=checker.report)
    if checker.piped and checker.output is not None:
        sys.stdout.buffer.write(checker.output)  # the record as read where nothing was fixed, or it did not load
        sys.stdout.flush()
    return 1 if checker.with_problems else 0


class _Checker:
    """What ``check`` finds in each record, the fixes it writes, and the counts for the summary.

    With ``piped`` (``check --fix -``), the fixed record is kept in ``output`` for standard output, as
    ``ruff check --fix -`` does, and what is reported goes to standard error.
    """

    def __init__(self, rules: RuleSelection, fix: bool, piped: bool) -> None:
        self.rules = rules
        self.fix = fix
        self.piped = piped
        self.report = sys.stderr if piped else sys.stdout
        self.output: bytes | None = None
        self.checked = self.with_problems = self.warned = self.fixed = 0

    def check(self, item: Article | NewsRecordError, original: bytes | None, name: str) -> list[Finding]:
        """The selected findings on one record (those left after its fixes, with --fix), counted."""
        if isinstance(item, NewsRecordError):
            found = from_error(item)
        else:
            try:
                if original is None:
                    with open(name, "rb") as handle:
                        original = handle.read()
            except OSError as error:  # gone or locked since it was loaded
                found = from_error(NewsRecordError(f"cannot read the file: {error.strerror or error}", source=name))
            else:
                found = list(record_findings(item, original, name))
        found = [finding for finding in found if self.rules.enabled(finding.rule)]
        fixable = any(finding.fix is not None for finding in found)
        if self.fix and fixable and isinstance(item, Article) and original is not None:
            self._write_fixed(item, original, name)
            found = [finding for finding in found if finding.fix is None]
        self.checked += 1
        if any(self.rules.fails(finding) for finding in found):
            self.with_problems += 1
        elif found:
            self.warned += 1
        return found

    def _write_fixed(self, item: Article, original: bytes, name: str) -> None:
        """Write the record with its fixable findings fixed (to ``output`` when piped)."""
        result = fixed_text(decode(original, name), name, self.rules.codes)
        if loads_article(result, source=name, max_size=None) != item:
            raise NewsRecordError("internal error: a fix would change the record's data; please report it", source=name)
        if self.piped:
            self.output = encode(result)
        else:
            write_atomic(name, encode(result))
        self.fixed += 1

    def summary(self) -> str:
        ok = self.checked - self.with_problems - self.warned
        summary = f"{_count(self.checked, 'record')} checked: {ok} ok, {self.with_problems} with problems"
        summary += f", {self.warned} with warnings" if self.warned else ""
        return summary + (f", {self.fixed} fixed" if self.fix else "")


def _name(item: Article | NewsRecordError) -> str:
    if isinstance(item, NewsRecordError):
        return item.source
    assert item.source_path is not None
    return item.source_path


# --- fmt -------------------------------------------------------------------


def _fmt(args: argparse.Namespace, settings: Settings) -> int:
    if args.paths == [STDIN]:
        return _fmt_stdin(args, settings)
    changed = broken = total = 0
    items, count = _loaded(args, settings)
    with _Console(count, args.quiet) as console:
        for item in items:
            total += 1
            console.advance()
            if isinstance(item, NewsRecordError):
                broken += 1
                console.print(str(item))
                continue
            path = _name(item)
            try:
                source, result = _format(item, settings)
            except NewsRecordError as error:
                broken += 1
                console.print(str(error))
                continue
            if result == source:
                continue
            changed += 1
            if args.diff:
                console.print("".join(_diff(source, result, path)).rstrip("\n"))
            elif args.check:
                console.print(f"would reformat {path}")
            else:
                write_atomic(path, encode(result))
    if not args.quiet:
        verb = "would be reformatted" if args.check or args.diff else "reformatted"
        print(f"{_count(total, 'record')}: {changed} {verb}, {total - changed - broken} unchanged, {broken} broken")
    return 1 if broken or ((args.check or args.diff) and changed) else 0


def _format(article: Article, settings: Settings) -> tuple[str, str]:
    """The record's text as loaded, and as fmt writes it."""
    return formatted(article, preserve_quotes=settings.quote_style == "preserve")


def _fmt_stdin(args: argparse.Namespace, settings: Settings) -> int:
    """``fmt -``: the formatted record on standard output (or the diff, or nothing with --check).

    Findings go to standard output with --check or --diff, and to standard error
    when standard output carries the record.
    """
    report = sys.stdout if args.check or args.diff else sys.stderr
    item, _, name = _read_stdin(args)
    try:
        if isinstance(item, NewsRecordError):
            raise item
        source, result = _format(item, settings)
    except NewsRecordError as error:
        print(str(error), file=report)
        return 1
    if args.diff:
        sys.stdout.writelines(_diff(source, result, name))
    elif args.check:
        if result != source:
            print(f"would reformat {name}", file=report)
    else:
        sys.stdout.buffer.write(encode(result))
    return 1 if (args.check or args.diff) and result != source else 0


def _diff(before: str, after: str, path: str) -> Iterator[str]:
    """A unified diff that patch(1) can apply, missing final newlines marked as diff marks them."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=path, tofile=f"{path} (formatted)"
    )
    for line in lines:
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


# --- show ------------------------------------------------------------------


def _show(args: argparse.Namespace, settings: Settings) -> int:
    status = 0
    for index, path in enumerate(args.paths):
        try:
            if path == STDIN:
                data, name = _stdin(args)
                article = loads_article(data, source=name)
            else:
                article = load_article(path)
        except NewsRecordError as error:
            print(str(error))
            status = 1
            continue
        except OSError as error:
            print(f"{path}: cannot read the file: {error.strerror or error}")
            status = 1
            continue
        if index:
            print()
        print(_summary(article))
    return status


def _summary(article: Article) -> str:
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
    return "\n".join(lines)


# --- export ----------------------------------------------------------------


def _export_format(args: argparse.Namespace) -> Format:
    if args.format is not None:
        form: Format = args.format
    elif args.output == STDIN:
        form = "jsonl"
    else:
        extension = os.path.splitext(args.output)[1].lower()
        if extension not in _EXTENSIONS:
            known = ", ".join(_EXTENSIONS)
            raise UsageError(f"cannot tell the format from {args.output!r}: give --format, or an extension ({known})")
        form = _EXTENSIONS[extension]
    if args.output == STDIN and form == "parquet":
        raise UsageError("Parquet cannot be written to standard output: give a file with -o")
    return form


def _export(args: argparse.Namespace, settings: Settings) -> int:
    form = _export_format(args)
    to_stdout = args.output == STDIN
    report = sys.stderr if to_stdout else sys.stdout
    problems = 0
    items, total = _loaded(args, settings)

    def good(console: _Console) -> Iterator[Article]:
        nonlocal problems
        for item in items:
            console.advance()
            if isinstance(item, NewsRecordError):
                problems += 1
                console.print(str(item), report)
            elif SOURCE_COLUMN in (item.model_extra or {}):
                problems += 1
                console.print(f"{item.source_path}: left out: its own '{SOURCE_COLUMN}' key would collide", report)
            elif form == "parquet" and (misfit := parquet_misfit(record_data(item), _name(item))) is not None:
                problems += 1
                console.print(f"{misfit}; left out", report)
            else:
                yield item

    with _Console(total, args.quiet) as console:
        try:
            if to_stdout:
                assert form != "parquet"
                count = write_text(good(console), sys.stdout, form)
            else:
                count = export_articles(good(console), args.output, form)
        except ImportError as error:
            print(f"newsrecord export: {error}", file=sys.stderr)
            return 2
        except (OSError, ValueError) as error:  # NewsRecordError is a ValueError; so is text UTF-8 cannot encode
            print(f"newsrecord export: cannot write {args.output}: {error}", file=sys.stderr)
            if not to_stdout and os.path.isfile(args.output):
                os.unlink(args.output)  # a partial export is worse than none
            return 1 if isinstance(error, NewsRecordError) else 2  # a record's data, or the tool's own failure
    if not args.quiet:
        target = "standard output" if to_stdout else args.output
        print(
            f"exported {_count(count, 'record')} to {target}; {_count(problems, 'broken record')} left out", file=report
        )
    return 1 if problems else 0


# --- schema ----------------------------------------------------------------


def _schema(args: argparse.Namespace, settings: Settings) -> int:
    import json

    print(json.dumps(article_schema(), indent=2, ensure_ascii=False))
    return 0
