"""The command line's conventions, each driven as a real subprocess on real files.

File selection (patterns, excludes, .gitignore, hidden folders), the
``[tool.newsrecord]`` configuration, output formats and rule selection,
standard streams and exit codes, standard input and output, the progress bar
on a terminal, colour, Ctrl-C, and ``fmt`` keeping comments and quoting.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys

import pytest

from newsrecord import load_article

from .conftest import FIXTURES, fixture_bytes

GOOD = fixture_bytes("house.md")
ENV = {**os.environ}
if ENV.get("PYTHONPATH"):  # commands run in other folders: a relative entry must still find this source
    ENV["PYTHONPATH"] = os.pathsep.join(os.path.abspath(entry) for entry in ENV["PYTHONPATH"].split(os.pathsep))
BROKEN = b"---\ntitle: Broken\npublishedDateTime: 2020-01-01T00:00:00Z\nquality: high\n---\n"


def run(
    *args: str, cwd: pathlib.Path | None = None, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "newsrecord", *args],
        capture_output=True,
        input=stdin,
        cwd=cwd,
        timeout=300,
        check=False,
        env={**ENV, **(env or {})},
    )
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(), result.stderr.decode())


def write(root: pathlib.Path, files: dict[str, bytes | str]) -> pathlib.Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


@pytest.fixture
def site(tmp_path: pathlib.Path) -> pathlib.Path:
    """A Jekyll site: posts, a README, a .github folder, a vendored gem, a .gitignore'd build folder."""
    return write(
        tmp_path / "site",
        {
            "_posts/2024-01-01-a.md": GOOD,
            "_posts/2024-01-02-b.md": GOOD,
            "_drafts/draft.md": GOOD,
            "README.md": "# My site\n",
            ".github/ISSUE_TEMPLATE.md": "Describe the bug\n",
            "vendor/bundle/ruby/gems/minima/README.md": "# minima\n",
            "_site/copy.md": "not a record\n",
            ".gitignore": "_site/\nvendor/\n",
        },
    )


# --- file selection ----------------------------------------------------------


def test_gitignore_and_hidden_folders_are_skipped_by_default(site: pathlib.Path) -> None:
    """`newsrecord check` in a site skips .github, and vendor/ and _site/ (both in .gitignore)."""
    result = run("check", "--exclude", "README.md", cwd=site)
    assert (result.returncode, result.stdout) == (0, "3 records checked: 3 ok, 0 with problems\n"), result.stdout
    everything = run("check", "--no-ignore", ".", cwd=site)
    assert everything.returncode == 1
    for name in (".github/ISSUE_TEMPLATE.md", "vendor/bundle/ruby/gems/minima/README.md", "_site/copy.md"):
        assert f"{name}:" in everything.stdout


def test_gitignore_of_a_parent_folder_counts_inside_a_git_repository(site: pathlib.Path) -> None:
    """A .gitignore above the searched folder applies when both are in one git repository."""
    (site / ".git").mkdir()
    write(site, {".gitignore": "_posts/2024-01-02-b.md\n"})
    result = run("check", "_posts", cwd=site)
    assert result.stdout == "1 record checked: 1 ok, 0 with problems\n"


def test_several_patterns_and_excludes(site: pathlib.Path) -> None:
    """--pattern and --exclude repeat; a pattern is anchored at the searched folder, an exclude matches anywhere."""
    both = run("check", "--pattern", "_posts/**/*.md", "--pattern", "_drafts/*.md", cwd=site)
    assert both.stdout == "3 records checked: 3 ok, 0 with problems\n"
    top = run("check", "--pattern", "*.md", "--exclude", "README.md", cwd=site)
    assert top.stdout == "0 records checked: 0 ok, 0 with problems\n"
    excluded = run("check", "--pattern", "**/*.md", "--exclude", "_drafts", "--exclude", "/README.md", cwd=site)
    assert excluded.stdout == "2 records checked: 2 ok, 0 with problems\n"


# --- configuration -----------------------------------------------------------


def test_configuration_is_found_from_a_subfolder_and_flags_override_it(site: pathlib.Path) -> None:
    """[tool.newsrecord] in the nearest pyproject.toml with that table sets the defaults; flags win."""
    write(site, {"pyproject.toml": '[tool.newsrecord]\npatterns = ["_posts/**/*.md"]\noutput-format = "json"\n'})
    write(site, {"_posts/zz-bad.md": BROKEN})
    from_top = run("check", cwd=site)
    assert from_top.returncode == 1
    [finding] = json.loads(from_top.stdout)
    assert finding["path"] == "_posts/zz-bad.md"
    below = write(site / "_posts" / "deeper", {"pyproject.toml": "[project]\nname = 'x'\n"})  # no table: skipped
    from_below = run("check", "--output-format", "text", str(site), cwd=below)
    assert from_below.stdout.splitlines()[-1] == "3 records checked: 2 ok, 1 with problems"
    isolated = run("check", "--isolated", "--exclude", "README.md", cwd=site)
    assert isolated.stdout.splitlines()[-1] == "4 records checked: 3 ok, 1 with problems"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("colour = true", "unknown key 'colour'"),
        ("workers = 0", "workers must be a whole number of at least 1"),
        ('select = ["NR999"]', "unknown rule 'NR999'"),
        ('quote-style = "single"', "quote-style must be one of"),
        ("patterns = [1]", "patterns must be a list of strings"),
        ("strict = 'yes'", "strict must be true or false"),
    ],
)
def test_a_bad_configuration_is_one_line_and_status_2(tmp_path: pathlib.Path, table: str, message: str) -> None:
    """A configuration newsrecord cannot use stops it before any work, naming the file and the key."""
    write(tmp_path, {"pyproject.toml": f"[tool.newsrecord]\n{table}\n", "a.md": GOOD})
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    broken_toml = write(tmp_path / "t", {"pyproject.toml": "[tool.newsrecord\n"})
    assert run("check", cwd=broken_toml).returncode == 2


# --- output formats, rules, streams and exit codes ---------------------------


@pytest.fixture
def archive(tmp_path: pathlib.Path) -> pathlib.Path:
    return write(tmp_path / "archive", {"a.md": GOOD, "b.md": BROKEN, "c.md": b"---\ntitle: 'unclosed\n---\n"})


def test_json_output_is_one_object_per_problem(archive: pathlib.Path) -> None:
    """--output-format json prints one JSON array and nothing else on stdout."""
    result = run("check", "--output-format", "json", str(archive))
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert findings[0] == {
        "path": str(archive / "b.md"),
        "line": 4,
        "column": 10,
        "field": "quality",
        "rule": "NR001",
        "name": "invalid-record",
        "severity": "error",
        "message": "expected an integer, got 'high'",
        "fix": None,
    }
    assert [finding["path"] for finding in findings] == [str(archive / "b.md"), str(archive / "c.md")]
    assert json.loads(run("check", "--output-format", "json", str(archive / "a.md")).stdout) == []


def test_github_output_annotates_the_line(archive: pathlib.Path) -> None:
    """--output-format github prints workflow commands that GitHub shows on the file's line."""
    result = run("check", "--output-format", "github", str(archive / "b.md"))
    assert result.returncode == 1
    assert result.stdout == (
        f"::error file={archive / 'b.md'},line=4,col=10,title=NR001 invalid-record"
        "::quality: expected an integer, got 'high'\n"
    )


def test_rule_selection(archive: pathlib.Path) -> None:
    """--ignore and --select take codes, prefixes and names; an unknown rule is a usage error."""
    assert run("check", "--ignore", "NR001", str(archive)).returncode == 0
    assert run("check", "--ignore", "invalid-record", "-q", str(archive)).stdout == ""
    assert run("check", "--select", "NR1,NR002", str(archive)).returncode == 0
    assert run("check", "--select", "NR0", str(archive)).returncode == 1
    for nothing in (["--select", ""], ["--pattern", ""], ["--pattern", "/"]):
        refused = run("check", *nothing, str(archive))
        assert refused.returncode == 2, nothing
        assert refused.stdout == ""
    unknown = run("check", "--select", "E501", str(archive))
    assert unknown.returncode == 2
    assert "unknown rule 'E501'" in unknown.stderr


def test_streams_and_exit_codes(archive: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """Findings and summaries on stdout for every command; the tool's own failures on stderr with status 2."""
    for args in (["check"], ["fmt", "--check"], ["export", "-o", str(tmp_path / "o.jsonl")]):
        result = run(*args, str(archive))
        assert result.returncode == 1, args
        assert f"{archive / 'b.md'}:4:10: quality: expected an integer, got 'high'" in result.stdout.splitlines()
        assert result.stderr == ""
    show = run("show", str(archive / "b.md"))
    assert (show.returncode, show.stderr) == (1, "")
    assert "quality: expected an integer" in show.stdout
    assert run("check", str(archive / "a.md")).returncode == 0
    assert run("check", "--no-such-flag").returncode == 2
    unknown_format = run("export", str(archive), "-o", str(tmp_path / "o.xml"))
    assert unknown_format.returncode == 2
    assert "give --format" in unknown_format.stderr


# --- standard input and output -----------------------------------------------


def test_check_show_and_fmt_read_standard_input() -> None:
    """`-` reads a record from stdin; --stdin-filename names it in messages."""
    bad = run("check", "-", "--stdin-filename", "_posts/new.md", stdin=BROKEN)
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[0] == "_posts/new.md:4:10: quality: expected an integer, got 'high'"
    assert run("check", "-", stdin=GOOD).stdout == "1 record checked: 1 ok, 0 with problems\n"
    shown = run("show", "-", stdin=GOOD)
    assert shown.stdout.startswith(load_article(FIXTURES / "house.md").title + "\n")
    draft = b"---\ntopics: [AI]   # just one\ntitle: 'Hi'\npublishedDateTime: 2020-12-11T05:06:00Z\n---\n"
    formatted = run("fmt", "-", stdin=draft)
    assert formatted.returncode == 0
    assert formatted.stdout == (
        '---\ntitle: "Hi"\npublishedDateTime: 2020-12-11T05:06:00Z\n\ntopics:   # just one\n  - AI\n---\n\n'
    )
    assert run("fmt", "-", stdin=formatted.stdout.encode()).stdout == formatted.stdout
    would = run("fmt", "--check", "-", "--stdin-filename", "_posts/d.md", stdin=draft)
    assert (would.returncode, would.stdout, would.stderr) == (1, "would reformat _posts/d.md\n", "")
    broken = run("fmt", "-", stdin=BROKEN)
    assert (broken.returncode, broken.stdout) == (1, "")
    assert "quality" in broken.stderr
    mixed = run("check", "-", str(FIXTURES))
    assert mixed.returncode == 2


def test_export_to_standard_output_and_format_from_the_extension(tmp_path: pathlib.Path) -> None:
    """export -o - writes JSON Lines (or CSV with -f csv) to stdout; -f is optional when OUT has an extension."""
    lines = run("export", str(FIXTURES / "house.md"), str(FIXTURES / "body.md"), "-o", "-")
    assert lines.returncode == 0
    rows = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [row["sourcePath"] for row in rows] == [str(FIXTURES / "house.md"), str(FIXTURES / "body.md")]
    assert lines.stderr == "exported 2 records to standard output; 0 broken records left out\n"
    table = run("export", str(FIXTURES / "house.md"), "-f", "csv", "-o", "-", "-q")
    assert table.stdout.startswith("sourcePath,category,title,")
    assert not (tmp_path / "-").exists()
    assert run("export", str(FIXTURES), "-o", "-", "-f", "parquet").returncode == 2
    out = tmp_path / "news.csv"
    assert run("export", str(FIXTURES / "house.md"), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("sourcePath,")


# --- terminal: progress bar, colour, Ctrl-C ----------------------------------


def _on_terminal(*args: str, env: dict[str, str]) -> str:
    """Run the command with stdout and stderr on one pseudo-terminal, as in a shell; return what it showed."""
    import fcntl
    import pty
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a new pty has no size
    process = subprocess.Popen(
        [sys.executable, "-m", "newsrecord", *args],
        stdout=child,
        stderr=child,
        stdin=subprocess.DEVNULL,
        env={**ENV, **env},
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=300) == 1
    return b"".join(chunks).decode()


def test_progress_bar_never_mixes_with_findings(tmp_path: pathlib.Path) -> None:
    """On a terminal, the bar shows a total; every finding starts its own line, as click-to-open needs."""
    pytest.importorskip("tqdm")
    files: dict[str, bytes | str] = {f"r{index:03d}.md": GOOD for index in range(60)}
    files.update({f"r{index:03d}-bad.md": BROKEN for index in range(0, 60, 7)})
    archive = write(tmp_path / "big", files)
    shown = _on_terminal("check", str(archive), env={"NO_COLOR": "1"})
    assert "/69" in shown  # the bar knows the total
    findings = [line for line in shown.split("\n") if "-bad.md:4:10:" in line]
    assert len(findings) == 9
    for line in findings:
        visible = line.rstrip("\r").split("\r")[-1]  # what the terminal shows once the carriage returns are done
        assert visible.startswith(str(archive)), repr(line)
    assert "\x1b[31m" not in shown
    coloured = _on_terminal("check", str(archive), env={"FORCE_COLOR": "1"})
    assert "\x1b[1m" in coloured


def test_color_is_off_when_piped_unless_forced(archive: pathlib.Path) -> None:
    """No escape codes in a pipe; FORCE_COLOR turns them on, NO_COLOR wins over a terminal."""
    assert "\x1b[" not in run("check", str(archive)).stdout
    assert "\x1b[1m" in run("check", str(archive), env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run("check", str(archive), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" not in run("check", "--output-format", "json", str(archive), env={"FORCE_COLOR": "1"}).stdout


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT as a terminal sends it")
def test_ctrl_c_exits_130_with_one_line_and_stops_the_workers(tmp_path: pathlib.Path) -> None:
    """Ctrl-C (SIGINT to the whole process group) ends check --workers 2 with status 130 and no traceback."""
    archive = write(tmp_path / "many", {f"r{index:04d}.md": BROKEN for index in range(3000)})
    process = subprocess.Popen(
        [sys.executable, "-m", "newsrecord", "check", "--workers", "2", str(archive)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=ENV,
    )
    assert process.stdout is not None
    process.stdout.readline()  # it is running, and it will block on the full pipe until we read on
    os.killpg(process.pid, signal.SIGINT)
    # The helpers hold the command's stdout and stderr too: their end of file means every process has exited.
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert stderr.decode() == "newsrecord: interrupted\n"
    assert _running_in_group(process.pid) == [], "a worker process outlived the interrupted command"


def _running_in_group(group: int) -> list[int]:
    """The processes of a process group that have not exited (zombies not yet reaped have); Linux only."""
    running = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()  # after "pid (command name)"
        except OSError:  # gone meanwhile
            continue
        if int(fields[2]) == group and fields[0] != "Z":  # the process group, the state
            running.append(int(stat.parent.name))
    return running


# --- fmt -----------------------------------------------------------------------


def test_fmt_preserve_quotes_leaves_an_archive_of_plain_urls_alone(tmp_path: pathlib.Path) -> None:
    """--quote-style preserve (or quote-style in the configuration) keeps each scalar's quoting, fixes layout only."""
    archive = write(tmp_path / "a", {"unquoted.md": fixture_bytes("unquoted-urls.md"), "house.md": GOOD})
    assert run("fmt", "--check", str(archive)).returncode == 1
    assert run("fmt", "--check", "--quote-style", "preserve", str(archive)).returncode == 0
    write(archive, {"pyproject.toml": '[tool.newsrecord]\nquote-style = "preserve"\n'})
    assert run("fmt", "--check", ".", cwd=archive).returncode == 0
    layout = (
        b"---\ntitle: 'Hi'\ntopics: [AI]\npublishedDateTime: 2020-12-11T05:06:00Z\nwebUrl: https://a.example/x\n---\n"
    )
    result = run("fmt", "-", "--quote-style", "preserve", stdin=layout)
    assert result.stdout.splitlines()[1:4] == [
        "title: 'Hi'",
        "publishedDateTime: 2020-12-11T05:06:00Z",
        "webUrl: https://a.example/x",
    ]


def test_fmt_with_workers_writes_the_same_files(tmp_path: pathlib.Path) -> None:
    """fmt --workers 2 formats exactly as fmt does in one process."""
    one = pathlib.Path(shutil.copytree(FIXTURES, tmp_path / "one"))
    two = pathlib.Path(shutil.copytree(FIXTURES, tmp_path / "two"))
    assert run("fmt", "-q", str(one)).returncode == 0
    assert run("fmt", "-q", "--workers", "2", str(two)).returncode == 0
    for path in sorted(one.glob("*.md")):
        assert (two / path.name).read_bytes() == path.read_bytes(), path.name
    assert run("fmt", "--check", str(two)).returncode == 0


def test_fmt_help_names_every_option() -> None:
    """The options the docs describe are there."""
    text = run("fmt", "--help").stdout
    for option in ("--workers", "--quote-style", "--exclude", "--pattern", "--no-ignore", "--stdin-filename"):
        assert option in text
    assert re.search(r"--check\b", text)


def test_config_flag_and_show_with_several_paths(tmp_path: pathlib.Path) -> None:
    """--config reads the file given; show prints each record it is given, an empty line between two."""
    write(tmp_path, {"a.md": GOOD, "b.md": BROKEN, "other.toml": '[tool.newsrecord]\nexclude = ["b.md"]\n'})
    assert run("check", "--config", "other.toml", cwd=tmp_path).stdout == "1 record checked: 1 ok, 0 with problems\n"
    assert run("check", "--config", "missing.toml", cwd=tmp_path).returncode == 2
    shown = run("show", str(tmp_path / "a.md"), str(tmp_path / "a.md"))
    title = load_article(tmp_path / "a.md").title
    assert shown.returncode == 0
    assert shown.stdout.count(title + "\n") == 2
    assert "\n\n" + title in shown.stdout
    mixed = run("show", str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    assert mixed.returncode == 1
    assert "quality: expected an integer" in mixed.stdout


def test_a_record_gone_before_its_bytes_are_compared_is_a_finding(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file removed between its load and the byte-for-byte comparison is reported, not a traceback."""
    from newsrecord import _cli

    path = write(tmp_path, {"a.md": GOOD}) / "a.md"
    loaded = load_article(path)
    path.unlink()
    monkeypatch.setattr(_cli, "iter_articles", lambda *paths, **options: iter([loaded]))
    assert _cli.main(["check", "--isolated", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == f"{path}: cannot read the file: No such file or directory"
