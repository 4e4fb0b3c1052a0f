"""What Jekyll and other YAML readers read from the records newsrecord writes, as comparable typed values.

Four readers, each fed what Jekyll would feed it:

- ``psych``: Ruby's Psych exactly as Debian's Jekyll 4.3 calls it (tests/readers/psych.rb);
- ``safe_yaml``: SafeYAML 1.0.5 as Jekyll from RubyGems calls it (tests/readers/safe_yaml.rb, the gem
  vendored in ../shared/vendor);
- ``pyyaml``: PyYAML's safe loader (the C one where built), as python-frontmatter loads front matter;
- ``jekyll``: a real ``jekyll build`` of a site whose collection holds the files, with a plugin
  (tests/readers/jekyll_capture.rb) that records what Jekyll's own read gave for each.

A reading is a typed value (see ``typed``): ``("doc", value)`` for front matter that was read,
``("error", class, message)`` for one that could not be, ``("static",)`` for a file Jekyll does not read
as a document (its first line is not ``---``), ``("no front matter",)`` for a document whose front matter
Jekyll's regexp does not find, ``("missing",)`` for a file the Jekyll build said nothing about.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import pathlib
import re
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pytest
import yaml

from newsrecord import Article, dump_article
from newsrecord._record_data import record_data

from .conftest import SHARED

READERS_DIR = pathlib.Path(__file__).parent / "readers"
SAFE_YAML_LIB = SHARED / "vendor" / "safe_yaml-1.0.5" / "lib"
READERS = ("psych", "safe_yaml", "pyyaml", "jekyll")
TIMEOUT = 900  # seconds: generous, against a hung reader, never a measure

Typed = tuple[Any, ...]
"""A typed value: ("str", s), ("bytes", hex), ("int", n), ("float", float.hex or "nan"), ("bool", b),
("null",), ("date", "YYYY-MM-DD", Julian day number), ("time", class, instant as a Fraction of seconds since
the epoch, UTC offset in seconds or None), ("list", items), ("map", ((key, value), ...)), ("other", class,
repr). Equal typed values are equal data of equal types; tuples compare exactly (floats by their bits)."""

# Jekyll 4.3's Utils.has_yaml_header? (on the file's first line, as bytes) and Document::YAML_FRONT_MATTER_REGEXP,
# with Ruby's \s (ASCII whitespace: space, \t, \r, \n, \f, \v) spelled out; Ruby's ^ and $ are line anchors.
_RUBY_SPACE = r"[ \t\r\n\f\v]"
_HEADER = re.compile(rb"\A---" + _RUBY_SPACE.encode() + rb"*\r?\n")
_FRONT_MATTER = re.compile(rf"\A(---{_RUBY_SPACE}*\n.*?\n?)^((---|\.\.\.){_RUBY_SPACE}*$\n?)", re.S | re.M)


# --- which readers there are ----------------------------------------------------------------------------------


def missing(reader: str) -> str | None:
    """Why ``reader`` cannot run on this machine, or None if it can."""
    if reader == "pyyaml":
        return None
    if shutil.which("ruby") is None:
        return "ruby is not installed (apt-get install jekyll)"
    if reader == "safe_yaml" and not SAFE_YAML_LIB.is_dir():
        return f"SafeYAML 1.0.5 is not vendored at ../shared/vendor ({SAFE_YAML_LIB.name} missing)"
    if reader == "jekyll" and shutil.which("jekyll") is None:
        return "jekyll is not installed (apt-get install jekyll)"
    return None


def require(reader: str) -> None:
    """Skip the test where ``reader`` cannot run. In CI (CI set) a missing Ruby or Jekyll is a failure instead;
    a missing ../shared (the vendored SafeYAML) is a skip everywhere, as for the other tests that read it."""
    reason = missing(reader)
    if reason is None:
        return
    if os.environ.get("CI") and "not installed" in reason:
        pytest.fail(f"{reader}: {reason}, and CI must run every reader")
    pytest.skip(f"{reader}: {reason}")


# --- typed values -------------------------------------------------------------------------------------------

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_JULIAN_DAY_OF_ORDINAL_0 = 1721425  # date.toordinal() + this is the (proleptic Gregorian) Julian day number


def _float(value: float) -> Typed:
    return ("float", "nan" if math.isnan(value) else value.hex())


def typed(value: object) -> Typed:
    """A Python value (a model's data, or what PyYAML read) as a typed value."""
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return ("str", value) if _utf8(value) else ("bytes", value.encode("utf-8", "surrogatepass").hex())
    if isinstance(value, bytes):
        return ("bytes", value.hex())
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)
        delta = aware - _EPOCH
        instant = Fraction(delta.days * 86400 + delta.seconds) + Fraction(delta.microseconds, 10**6)
        offset = value.utcoffset()
        kind = "Time" if offset is not None else "naive datetime"
        return ("time", kind, instant, None if offset is None else int(offset.total_seconds()))
    if isinstance(value, dt.date):
        return (
            "date",
            f"{value.year:04d}-{value.month:02d}-{value.day:02d}",
            value.toordinal() + _JULIAN_DAY_OF_ORDINAL_0,
        )
    if isinstance(value, (list, tuple)):
        return ("list", tuple(typed(item) for item in value))
    if isinstance(value, dict):
        return ("map", tuple((typed(key), typed(item)) for key, item in value.items()))
    return ("other", type(value).__name__, repr(value))


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def from_json(value: list[Any]) -> Typed:
    """A typed value from the JSON that tests/readers/typed.rb writes."""
    kind = value[0]
    if kind == "int":
        return ("int", int(value[1]))
    if kind == "float":
        return _float(struct.unpack(">d", bytes.fromhex(value[1]))[0])
    if kind == "time":
        return ("time", value[1], Fraction(int(value[2]), int(value[3])), value[4])
    if kind == "list":
        return ("list", tuple(from_json(item) for item in value[1]))
    if kind == "map":
        return ("map", tuple((from_json(key), from_json(item)) for key, item in value[1]))
    return tuple(value)  # str, bytes, bool, null, date, other, error: as they are


def show(value: Typed) -> str:
    """A typed value as a person reads it: the value and its type."""
    kind = value[0]
    if kind == "time":
        _, cls, instant, offset = value
        try:
            zone = dt.timezone(dt.timedelta(seconds=offset or 0))
            when = (_EPOCH + dt.timedelta(microseconds=round(instant * 10**6))).astimezone(zone).isoformat()
        except (OverflowError, ValueError):
            when = f"{instant} s since the epoch"
        return f"{when} ({cls}, UTC offset {offset} s)"
    if kind == "date":
        return f"{value[1]} (date, Julian day {value[2]})"
    if kind == "float":
        return f"{value[1] if value[1] == 'nan' else float.fromhex(value[1])!r} (float)"
    if kind in ("list", "map"):
        return f"{render(value)} ({kind})"
    if kind == "null":
        return "null"
    if kind == "error":
        return f"error {value[1]}: {' '.join(value[2].split())}"
    if kind == "doc":
        return f"front matter {render(value[1])}"
    if kind == "static":
        return "no document: Jekyll takes the file for a static file (its first line is not ---)"
    if kind == "no front matter":
        return "a document without front matter (Jekyll's regexp finds no closing --- or ... line)"
    if kind == "missing":
        return "nothing: the Jekyll build did not report the file"
    return f"{value[-1]!r} ({kind}{', ' + value[1] if kind == 'other' else ''})"


def render(value: Typed) -> str:
    """A typed value as a short Python-like literal (for collections in messages)."""
    kind = value[0]
    if kind == "list":
        return "[" + ", ".join(render(item) for item in value[1]) + "]"
    if kind == "map":
        return "{" + ", ".join(f"{render(key)}: {render(item)}" for key, item in value[1]) + "}"
    return show(value)


# --- what each reader reads ---------------------------------------------------------------------------------


def record_bytes(article: Article, *, fix: bool = False) -> bytes:
    """The bytes newsrecord writes for ``article`` (dump_article to a binary file)."""
    buffer = io.BytesIO()
    dump_article(article, buffer, fix=fix)
    return buffer.getvalue()


def expected(article: Article) -> Typed:
    """What every reader should read: the model's front matter data."""
    return ("doc", typed(record_data(article)))


def jekyll_front_matter(data: bytes) -> str | Typed:
    """The YAML text Jekyll 4.3 gives its YAML loader for a collection file, or the reading if it gives none."""
    first_line = data[: data.find(b"\n") + 1] if b"\n" in data else data  # Ruby's readline
    if not _HEADER.match(first_line):
        return ("static",)
    try:
        text = data.decode("utf-8")  # Jekyll reads with "bom|utf-8"; a BOM already failed the header
    except UnicodeDecodeError:
        return ("error", "ArgumentError", "invalid byte sequence in UTF-8")  # Ruby's words: the regexp raises
    match = _FRONT_MATTER.match(text)
    return ("no front matter",) if match is None else match.group(1)


def read(reader: str, files: Sequence[bytes]) -> list[Typed]:
    """What ``reader`` reads from each file's front matter, in order."""
    if reader == "jekyll":
        return jekyll_build(files)
    fronts = [jekyll_front_matter(data) for data in files]
    texts = [front for front in fronts if isinstance(front, str)]
    if reader == "pyyaml":
        loaded = [pyyaml_load(text) for text in texts]
    elif reader == "psych":
        loaded = ruby_batch([str(READERS_DIR / "psych.rb")], texts)
    elif reader == "safe_yaml":
        loaded = ruby_batch(["-I", str(SAFE_YAML_LIB), str(READERS_DIR / "safe_yaml.rb")], texts)
    else:
        raise ValueError(f"unknown reader {reader!r}; the readers are {READERS}")
    results = iter(loaded)
    return [next(results) if isinstance(front, str) else front for front in fronts]


_PYYAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def pyyaml_load(text: str) -> Typed:
    """PyYAML's reading of one front matter (its constructors raise ValueError for impossible dates)."""
    try:
        return ("doc", typed(yaml.load(text, Loader=_PYYAML_LOADER)))  # a safe loader
    except (yaml.YAMLError, ValueError) as error:
        return ("error", type(error).__name__, str(error))


def _ruby_env() -> dict[str, str]:
    # Naive timestamps are local time in Psych: one zone for every run. UTF-8 for Ruby's own I/O.
    return {**os.environ, "TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def ruby_batch(arguments: list[str], texts: list[str]) -> list[Typed]:
    """One Ruby process reads a batch of YAML texts (a JSON array on stdin) and prints a typed reading of each."""
    if not texts:
        return []
    process = subprocess.run(
        ["ruby", *arguments],
        input=json.dumps(texts).encode("ascii"),
        capture_output=True,
        timeout=TIMEOUT,
        env=_ruby_env(),
        check=False,
    )
    if process.returncode != 0:
        raise RuntimeError(f"ruby {' '.join(arguments)} exited with {process.returncode}: {process.stderr.decode()}")
    readings = json.loads(process.stdout)
    assert len(readings) == len(texts), f"{len(readings)} readings for {len(texts)} texts"
    return [("doc", from_json(result[1])) if result[0] == "ok" else tuple(result) for result in readings]


@dataclass
class Build:
    """A Jekyll build's readings, and the messages Jekyll printed."""

    readings: list[Typed]
    read_errors: list[tuple[int, Typed]]
    log: str


def jekyll_site(files: Sequence[bytes], root: pathlib.Path) -> pathlib.Path:
    """A site in ``root`` whose ``news`` collection holds the files as _news/00000.md, ...; returns its source."""
    source = root / "site"
    (source / "_plugins").mkdir(parents=True)
    (source / "_news").mkdir()
    for name in ("typed.rb", "jekyll_capture.rb"):
        shutil.copyfile(READERS_DIR / name, source / "_plugins" / name)
    config = {
        "collections": {"news": {"output": False}},
        "unpublished": True,  # a record with published: false is still read, and so still recorded
        "future": True,
        "newsrecord_capture": str(root / "capture.json"),
    }
    (source / "_config.yml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    for index, data in enumerate(files):
        (source / "_news" / f"{index:05d}.md").write_bytes(data)
    return source


def jekyll_build(files: Sequence[bytes]) -> list[Typed]:
    """What a real ``jekyll build`` reads from each file (see jekyll_build_full)."""
    return jekyll_build_full(files).readings


def jekyll_build_full(files: Sequence[bytes]) -> Build:
    """Build a site holding the files with the ``jekyll`` on PATH and the capture plugin; the readings."""
    with tempfile.TemporaryDirectory(prefix="newsrecord-jekyll-") as temporary:
        root = pathlib.Path(temporary)
        source = jekyll_site(files, root)
        command = ["jekyll", "build", "--source", str(source), "--destination", str(root / "_site")]
        process = subprocess.run(
            [*command, "--quiet", "--disable-disk-cache"],
            capture_output=True,
            timeout=TIMEOUT,
            env=_ruby_env(),
            cwd=root,
            check=False,
        )
        log = (process.stdout + process.stderr).decode("utf-8", "replace")
        if process.returncode != 0:
            raise RuntimeError(f"jekyll build exited with {process.returncode}:\n{log}")
        captured: dict[str, dict[str, Any]] = json.loads((root / "capture.json").read_text(encoding="utf-8"))
    readings: list[Typed] = []
    read_errors: list[tuple[int, Typed]] = []
    for index in range(len(files)):
        entry = captured.pop(f"_news/{index:05d}.md", None)
        if entry is None:
            readings.append(("missing",))
        elif entry["kind"] == "static":
            readings.append(("static",))
        elif entry["yaml"] is None:  # the regexp did not match, or raised
            readings.append(("no front matter",) if entry["read_error"] is None else tuple(entry["read_error"]))
        elif entry["yaml"][0] == "error":
            readings.append(tuple(entry["yaml"]))
        else:
            readings.append(("doc", from_json(entry["yaml"])))
        if entry is not None and entry.get("read_error") is not None:
            read_errors.append((index, tuple(entry["read_error"])))
    assert not captured, f"the build read files it was not given: {sorted(captured)}"
    return Build(readings, read_errors, log)


# --- comparison ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One value a reader read differently from the model."""

    reader: str
    record: int
    path: str
    model: str
    read: str

    def __str__(self) -> str:
        return f"{self.reader}: record {self.record} at {self.path}: the model has {self.model}, read {self.read}"


def _key_path(path: str, key: Typed) -> str:
    if key[0] == "str" and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key[1]):
        return f"{path}.{key[1]}"
    return f"{path}[{show(key)}]"


def differences(model: Typed, reading: Typed, path: str = "$") -> list[tuple[str, str, str]]:
    """Every place where ``reading`` differs from ``model``: (path, the model's value, the reading's)."""
    if model == reading or (model[0] == reading[0] == "map" and set(model[1]) == set(reading[1])):
        return []
    if model[0] == reading[0] == "doc":
        return differences(model[1], reading[1], path)
    if model[0] == reading[0] == "map":
        ours, theirs = dict(model[1]), dict(reading[1])
        found: list[tuple[str, str, str]] = []
        for key, value in ours.items():
            if key in theirs:
                found += differences(value, theirs[key], _key_path(path, key))
            else:
                found.append((_key_path(path, key), show(value), "no such key"))
        found += [
            (_key_path(path, key), "no such key", show(value)) for key, value in theirs.items() if key not in ours
        ]
        if not found and len(model[1]) != len(reading[1]):
            found.append((path, f"{len(model[1])} entries", f"{len(reading[1])} entries (a duplicate key)"))
        return found  # key order is no difference: a model's data lists its fields first, a file need not
    if model[0] == reading[0] == "list" and len(model[1]) == len(reading[1]):
        found = []
        for index, (ours_item, theirs_item) in enumerate(zip(model[1], reading[1], strict=True)):
            found += differences(ours_item, theirs_item, f"{path}[{index}]")
        return found
    return [(path, show(model), show(reading))]


def compare(reader: str, models: Sequence[Typed], readings: Sequence[Typed]) -> list[Difference]:
    """Every difference between what ``reader`` read and the models, record by record."""
    assert len(models) == len(readings)
    return [
        Difference(reader, index, path, ours, theirs)
        for index, (model, reading) in enumerate(zip(models, readings, strict=True))
        for path, ours, theirs in differences(model, reading)
    ]


def report(found: Sequence[Difference], files: Sequence[bytes], limit: int = 30) -> str:
    """The differences as a message: each distinct one (the same values read the same wrong way) once, with
    how often it came and the front matter of its first record; at most ``limit`` of them."""
    distinct: dict[tuple[str, str, str], list[Difference]] = {}
    for difference in found:
        distinct.setdefault((difference.reader, difference.model, difference.read), []).append(difference)
    lines = [f"{len(found)} differences ({len(distinct)} distinct) between the models and what was read:"]
    for same in list(distinct.values())[:limit]:
        first = same[0]
        text = files[first.record].decode("utf-8", "backslashreplace")
        front = _FRONT_MATTER.match(text)
        times = f" ({len(same)} times)" if len(same) > 1 else ""
        lines += [f"- {first}{times}", "  written: " + repr(front.group(0) if front else text[:400])]
    if len(distinct) > limit:
        lines.append(f"... and {len(distinct) - limit} more distinct differences")
    return "\n".join(lines)
