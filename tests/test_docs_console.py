"""The console examples of README.md and docs/*.md: every command prints exactly the output shown.

A console example is a fenced code block opened by a line that is exactly three backticks and the
word ``console``. In it, a line starting with ``$ `` is a command (a command line ending with a
backslash goes on over the next line, as in the shell), the lines after it up to the next command are
the exact standard output it prints, and lines starting with ``# `` are comments, skipped.

The commands of a block run one after another, each with ``bash -c``, in a fresh temporary folder
that holds copies of the repository's ``examples/`` and ``tests/fixtures/``; relative paths in the
examples work as from the root of the repository, and commands that write files (under ``out/``)
never touch the repository. ``newsrecord`` runs ``python -m newsrecord`` with this interpreter, and
``python`` is this interpreter, through small scripts put first on ``PATH``. Standard error is not
compared (it may hold a progress bar or a summary line), but it must not hold a Python traceback.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import shlex
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
"""The root of the repository."""

COPIED = ("examples", "tests/fixtures")
"""The folders copied into each block's working folder, at the same relative paths."""

OPENING = "```console"
CLOSING = "```"
PROMPT = "$ "
COMMENT = "# "
TRACEBACK = "Traceback (most recent call last)"


@dataclasses.dataclass(frozen=True)
class Command:
    """One command of a console block, and the standard output shown for it."""

    line: int
    """The 1-based line of the command in its page."""
    text: str
    """The command as bash runs it, without the prompt."""
    expected: str
    """The exact standard output: the shown lines, each ended by a line break."""


@dataclasses.dataclass(frozen=True)
class Block:
    """A console block of a page: its commands, run in order in one working folder."""

    page: str
    """The page's path, relative to the repository."""
    line: int
    """The 1-based line of the opening fence."""
    commands: tuple[Command, ...]

    @property
    def name(self) -> str:
        """``page:line``, as a test id and in failure messages."""
        return f"{self.page}:{self.line}"


def parse_commands(lines: list[tuple[int, str]], where: str) -> tuple[Command, ...]:
    """The commands of a block's lines (numbered as in the page), each with its expected output."""
    commands: list[Command] = []
    start = 0
    text: str | None = None
    output: list[str] = []

    def finish() -> None:
        if text is not None:
            commands.append(Command(start, text, "".join(f"{out}\n" for out in output)))

    index = 0
    while index < len(lines):
        number, line = lines[index]
        index += 1
        if line.startswith(COMMENT):
            continue
        if line.startswith(PROMPT):
            finish()
            start, text, output = number, line[len(PROMPT) :], []
            while text.endswith("\\") and index < len(lines):
                text += "\n" + lines[index][1]
                index += 1
            continue
        if text is None:
            raise ValueError(f"{where}: line {number} is output before any command: {line!r}")
        output.append(line)
    finish()
    return tuple(commands)


def parse_blocks(markdown: str, page: str) -> list[Block]:
    """Every console block of a Markdown page."""
    blocks: list[Block] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() != OPENING:
            index += 1
            continue
        opening = index + 1
        body: list[tuple[int, str]] = []
        index += 1
        while index < len(lines) and lines[index].strip() != CLOSING:
            body.append((index + 1, lines[index]))
            index += 1
        if index == len(lines):
            raise ValueError(f"{page}:{opening}: the console block is never closed")
        index += 1
        blocks.append(Block(page, opening, parse_commands(body, f"{page}:{opening}")))
    return blocks


def pages() -> list[pathlib.Path]:
    """README.md and every page of docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def all_blocks() -> list[Block]:
    """The console blocks of every page, in page order."""
    blocks: list[Block] = []
    for path in pages():
        blocks.extend(parse_blocks(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix()))
    return blocks


BLOCKS = all_blocks()


def write_shim(folder: pathlib.Path, name: str, command: list[str]) -> None:
    """An executable ``name`` in ``folder`` that runs ``command`` with the shim's arguments."""
    shim = folder / name
    shim.write_text(f'#!/bin/sh\nexec {shlex.join(command)} "$@"\n', encoding="utf-8")
    shim.chmod(0o755)


def prepare(tmp_path: pathlib.Path) -> tuple[pathlib.Path, dict[str, str]]:
    """A working folder with copies of the example records, and an environment whose PATH has the shims."""
    work = tmp_path / "work"
    for relative in COPIED:
        shutil.copytree(ROOT / relative, work / relative)
    shims = tmp_path / "bin"
    shims.mkdir()
    write_shim(shims, "newsrecord", [sys.executable, "-m", "newsrecord"])
    write_shim(shims, "python", [sys.executable])
    write_shim(shims, "python3", [sys.executable])
    env = dict(os.environ)
    env["PATH"] = f"{shims}{os.pathsep}{env.get('PATH', '')}"
    env.update({"COLUMNS": "80", "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8", "TZ": "UTC", "NO_COLOR": "1"})
    return work, env


def test_the_docs_have_console_blocks() -> None:
    """The command-line page has console examples, and every block has at least one command."""
    assert any(block.page == "docs/cli.md" for block in BLOCKS)
    assert all(block.commands for block in BLOCKS), [block.name for block in BLOCKS if not block.commands]


def test_parse_blocks() -> None:
    """Commands, their outputs, comments, continued lines and empty outputs are read as documented."""
    markdown = "\n".join(
        [
            "Text.",
            "```console",
            "# a comment",
            "$ echo one && \\",
            "  echo two",
            "one",
            "two",
            "$ true",
            "$ printf 'a\\n\\nb\\n'",
            "a",
            "",
            "b",
            "```",
            "```python",
            "$ not a console block",
            "```",
        ]
    )
    [block] = parse_blocks(markdown, "page.md")
    assert block.name == "page.md:2"
    assert block.commands == (
        Command(4, "echo one && \\\n  echo two", "one\ntwo\n"),
        Command(8, "true", ""),
        Command(9, "printf 'a\\n\\nb\\n'", "a\n\nb\n"),
    )


def test_parse_blocks_rejects_malformed_blocks() -> None:
    """Output before any command, and a block that is never closed, are errors in the page."""
    with pytest.raises(ValueError, match="before any command"):
        parse_blocks("```console\noutput\n$ true\n```\n", "page.md")
    with pytest.raises(ValueError, match="never closed"):
        parse_blocks("```console\n$ true\n", "page.md")


@pytest.mark.skipif(shutil.which("bash") is None, reason="the console examples are bash commands")
@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_console_block(block: Block, tmp_path: pathlib.Path) -> None:
    """Each command of the block prints exactly the standard output shown after it, without a traceback."""
    work, env = prepare(tmp_path)
    for command in block.commands:
        result = subprocess.run(
            ["bash", "-c", command.text],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
            check=False,
        )
        where = f"{block.page}:{command.line}: $ {command.text}\nexit status {result.returncode}"
        assert result.stdout == command.expected, f"{where}\nstandard error:\n{result.stderr}"
        assert TRACEBACK not in result.stderr, f"{where}\nstandard error:\n{result.stderr}"
