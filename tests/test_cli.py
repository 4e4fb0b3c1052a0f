"""The command line, driven as a subprocess on fixtures that include broken files."""

from __future__ import annotations

import csv
import json
import pathlib
import shutil
import subprocess
import sys

import pytest

from newsrecord import __version__, dumps_article, load_article

from .conftest import FIXTURES, fixture_paths, fixture_text


def run(*args: str, cwd: pathlib.Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsrecord", *args], capture_output=True, text=True, cwd=cwd, timeout=300, check=False
    )


@pytest.fixture
def archive(tmp_path: pathlib.Path) -> pathlib.Path:
    """A copy of the fixtures plus two broken records."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURES, root)
    (root / "broken-schema.md").write_text(
        "---\ntitle: Broken\npublishedDateTime: 2020-01-01T00:00:00Z\nquality: high\n---\n", encoding="utf-8"
    )
    (root / "broken-yaml.md").write_text("---\ntitle: 'unclosed\n---\n", encoding="utf-8")
    return root


def test_console_script_and_version() -> None:
    """`newsrecord --version` (the console script) and `python -m newsrecord --version` agree."""
    script = shutil.which("newsrecord") or str(pathlib.Path(sys.executable).with_name("newsrecord"))
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert result.stdout.strip() == f"newsrecord {__version__}"
    assert run("--version").stdout == result.stdout


@pytest.mark.parametrize("command", ["check", "fmt", "show", "export", "schema"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    """--help works on every command and shows an example."""
    result = run(command, "--help")
    assert result.returncode == 0
    assert f"newsrecord {command}" in result.stdout
    assert "example" in result.stdout


def test_check_reports_each_problem_and_a_summary(archive: pathlib.Path) -> None:
    """check prints file:line:column: message for each problem, a summary, and exits 1."""
    result = run("check", str(archive))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{archive / 'broken-schema.md'}:4:10: quality: expected an integer, got 'high'" in lines
    assert any(line.startswith(f"{archive / 'broken-yaml.md'}:") for line in lines)
    total = len(fixture_paths()) + 2
    # bom.md: Jekyll sees no front matter behind a byte order mark, a warning (NR101)
    assert lines[-1] == f"{total} records checked: {total - 3} ok, 2 with problems, 1 with warnings"
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_check_passes_on_good_records_with_workers() -> None:
    """check exits 0 when every record loads and writes back exactly, also with --workers."""
    result = run("check", "--workers", "2", "--ignore", "bom", str(FIXTURES))  # bom.md: NR101, a warning
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith(
        f"{len(fixture_paths())} records checked: {len(fixture_paths())} ok, 0 with problems\n"
    )
    quiet = run("check", "--quiet", "--ignore", "bom", str(FIXTURES))
    assert (quiet.returncode, quiet.stdout) == (0, "")


def test_fmt_check_diff_and_write(archive: pathlib.Path) -> None:
    """fmt --check reports, --diff shows a diff, plain fmt rewrites into house style atomically."""
    target = archive / "unquoted-urls.md"
    before = target.read_bytes()
    check = run("fmt", "--check", str(target))
    assert check.returncode == 1
    assert f"would reformat {target}" in check.stdout
    diff = run("fmt", "--diff", str(target))
    assert diff.returncode == 1
    assert '+webUrl: "https://www.example-ledger.com/features/bank-pilots-chatbot-for-loans"' in diff.stdout
    assert target.read_bytes() == before
    written = run("fmt", str(target))
    assert written.returncode == 0
    assert target.read_bytes() != before
    assert load_article(target) == load_article(FIXTURES / "unquoted-urls.md")
    assert run("fmt", "--check", str(target)).returncode == 0
    house = archive / "house.md"
    assert run("fmt", "--check", str(house)).returncode == 0
    broken = run("fmt", str(archive / "broken-yaml.md"))
    assert broken.returncode == 1


def test_show(archive: pathlib.Path) -> None:
    """show prints title, provider, date, topics and counts; a broken file gives its error and 1."""
    result = run("show", str(archive / "house.md"))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "City council approves “smart streetlight” pilot after long debate"
    assert "  provider:  Example Gazette (example-gazette.com)" in result.stdout
    assert "  topics:    Smart Cities, Privacy, Internet of Things" in result.stdout
    assert "  related:   2" in result.stdout
    broken = run("show", str(archive / "broken-schema.md"))
    assert broken.returncode == 1
    assert "quality: expected an integer" in broken.stdout


@pytest.mark.parametrize("form", ["jsonl", "csv", "parquet"])
def test_export_leaves_out_broken_records(archive: pathlib.Path, tmp_path: pathlib.Path, form: str) -> None:
    """export writes one row per good record, reports broken ones on stdout (as every command) and exits 1."""
    out = tmp_path / f"out.{form}"
    result = run("export", str(archive), "-o", str(out))  # the format from the extension
    assert result.returncode == 1
    assert "broken-schema.md:4:10:" in result.stdout
    assert f"exported {len(fixture_paths())} records" in result.stdout
    assert result.stderr == ""
    assert out.exists()
    if form == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == len(fixture_paths())


def test_export_without_pyarrow_names_the_extra(tmp_path: pathlib.Path) -> None:
    """Without pyarrow, Parquet export fails with a message naming newsrecord[parquet]."""
    code = "import sys; sys.modules['pyarrow'] = None; from newsrecord._cli import main; sys.exit(main(sys.argv[1:]))"
    out = tmp_path / "out.parquet"
    result = subprocess.run(
        [sys.executable, "-c", code, "export", str(FIXTURES), "-f", "parquet", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "pip install 'newsrecord[parquet]'" in result.stderr
    assert not out.exists()


def test_schema_is_the_json_schema_of_article() -> None:
    """schema prints a JSON Schema with the files' keys."""
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Article"
    assert {"title", "publishedDateTime", "webUrl", "related"} <= set(schema["properties"])
    assert schema["required"] == ["title", "publishedDateTime"]


def test_bad_usage_exits_2() -> None:
    """A missing command or option is a usage error."""
    assert run().returncode == 2
    assert run("export", str(FIXTURES)).returncode == 2


def test_formatted_output_is_the_house_style_with_the_comments(archive: pathlib.Path) -> None:
    """What fmt writes is the canonical dump with every comment of the record put back."""
    target = archive / "comments.md"
    article = load_article(target)
    assert run("fmt", str(target)).returncode == 0
    written = target.read_text(encoding="utf-8")
    assert [line.split(" #")[0].rstrip() for line in written.splitlines() if not line.lstrip().startswith("#")] == (
        dumps_article(article, canonical=True).splitlines()
    )
    comments = [line[line.index("#") :] for line in fixture_text("comments.md").splitlines() if "#" in line]
    assert [line[line.index("#") :] for line in written.splitlines() if "#" in line] == [
        "# Record exported by hand; keep these comments.",
        "# the only category we use",
        "# local time was 11:00",
        "# --- who published it ---",
        "# the outlet, not the author",
        "# first",
        "# - Computer Vision (removed by the editor)",
    ]
    assert sorted(comments) == sorted(line[line.index("#") :] for line in written.splitlines() if "#" in line)
    assert load_article(target) == article


def test_fmt_diff_marks_a_missing_final_newline(tmp_path: pathlib.Path) -> None:
    """A diff of a file without a final newline carries diff's marker, so patch(1) can apply it."""
    target = tmp_path / "no-newline.md"
    shutil.copy(FIXTURES / "body-no-separator.md", target)
    result = run("fmt", "--diff", "--quiet", str(target))
    assert result.stdout.endswith(" No empty line above, and no newline at the end\n\\ No newline at end of file\n")


def test_export_leaves_out_records_with_their_own_source_path_key(tmp_path: pathlib.Path) -> None:
    """A record whose front matter has a sourcePath key is reported and left out, not a crash."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "house.md", folder / "a.md")
    (folder / "b.md").write_text("---\ntitle: B\npublishedDateTime: 2020-01-01T00:00:00Z\nsourcePath: x\n---\n")
    out = tmp_path / "out.csv"
    result = run("export", str(folder), "-f", "csv", "-o", str(out))
    assert result.returncode == 1
    assert "b.md: left out" in result.stdout
    assert "Traceback" not in result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        assert [row["title"] for row in csv.DictReader(handle)] == [load_article(folder / "a.md").title]


def test_empty_folder_is_not_an_error(tmp_path: pathlib.Path) -> None:
    """check, fmt and export on a folder with no records all exit 0 and say so."""
    assert run("check", str(tmp_path)).stdout == "0 records checked: 0 ok, 0 with problems\n"
    assert run("check", str(tmp_path)).returncode == 0
    assert run("fmt", "--check", str(tmp_path)).returncode == 0
    assert run("export", str(tmp_path), "-f", "jsonl", "-o", str(tmp_path / "o.jsonl")).returncode == 0


def test_bad_workers_and_unwritable_outputs(tmp_path: pathlib.Path) -> None:
    """--workers 0 is a usage error; an output that cannot be written is one line on stderr and status 2."""
    zero = run("check", "--workers", "0", str(FIXTURES))
    assert zero.returncode == 2
    assert "at least 1" in zero.stderr
    into_folder = run("export", str(FIXTURES), "-f", "csv", "-o", str(tmp_path))
    assert into_folder.returncode == 2
    assert "cannot write" in into_folder.stderr
    assert "Traceback" not in into_folder.stderr


def test_parquet_export_of_timestamps_under_unknown_keys(tmp_path: pathlib.Path) -> None:
    """Unknown keys holding timestamps go into the extra column as ISO 8601 text."""
    import pyarrow.parquet as pq

    record = tmp_path / "r.md"
    record.write_text("---\ntitle: R\npublishedDateTime: 2020-01-01T00:00:00Z\nseen: 2021-02-03T04:05:06Z\n---\n")
    out = tmp_path / "r.parquet"
    assert run("export", str(record), "-f", "parquet", "-o", str(out)).returncode == 0
    assert json.loads(pq.read_table(out).to_pylist()[0]["extra"]) == {"seen": "2021-02-03T04:05:06Z"}


def test_check_fix_of_standard_input_writes_the_record_to_standard_output() -> None:
    """`check --fix -` works as `ruff check --fix -`: the fixed record's bytes on standard output (CRLF kept), what
    is left to report and the summary on standard error; a record that does not load comes out as it went in."""
    record = b"---\r\ntitle: Hi\r\npublishedDateTime: 2020-12-11T05:06:00Z\r\ncategory: yes\r\nquality: 017\r\n---\r\n"
    done = subprocess.run(
        [sys.executable, "-m", "newsrecord", "check", "--fix", "-", "--stdin-filename", "a.md"],
        input=record,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == record.replace(b"yes", b'"yes"').replace(b"017", b"17")
    assert done.stderr.decode().splitlines() == ["1 record checked: 1 ok, 0 with problems, 1 fixed"]
    broken = b"---\ntitle: Hi\npublishedDateTime: 2020-12-11T05:06:00Z\nquality: high\n---\n"
    done = subprocess.run(
        [sys.executable, "-m", "newsrecord", "check", "--fix", "-"], input=broken, capture_output=True, timeout=120
    )
    assert done.returncode == 1
    assert done.stdout == broken
    assert "<stdin>:4:10: quality: expected an integer, got 'high'" in done.stderr.decode()
