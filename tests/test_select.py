"""File selection: .gitignore files read as git reads them, patterns and excludes, sorted order."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsrecord._select import Selection

FOLDERS = ["", "a", "dir", "a/dir", "dir/a"]
names = st.sampled_from(["a", "b", "c", "a.md", "b.md", "x.txt", "dir"])
paths = st.builds(
    lambda folder, rest: f"{folder}/{rest}" if folder else rest,
    st.sampled_from(FOLDERS),
    st.lists(names, min_size=1, max_size=2).map("/".join),
)
patterns = st.builds(
    lambda negate, anchor, body, slash: (
        ("!" if negate else "") + ("/" if anchor else "") + body + ("/" if slash else "")
    ),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["a", "b", "*.md", "dir", "a/*", "**/b.md", "*", "c/**", "a.md", "?.md", "dir/a"]),
    st.booleans(),
).filter(lambda pattern: not pattern.endswith("**/"))
"""gitignore patterns. Known difference, left out: pathspec 1.1 reads ``c/**/`` as matching the folder ``c``
itself too (and so everything in it), where git matches only the folders inside ``c``."""


def _tree(root: pathlib.Path, files: list[str], ignores: dict[str, list[str]]) -> list[str]:
    """Write files (where no file already holds the place of a folder) and .gitignore files; return those written."""
    written = []
    for name in files:
        path = root / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_text("x")
                written.append(name)
        except (FileExistsError, NotADirectoryError, IsADirectoryError):
            continue
    for folder, lines in ignores.items():
        if (root / folder).is_dir():
            (root / folder / ".gitignore").write_text("".join(line + "\n" for line in lines))
    return written


def _git(root: pathlib.Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="the reference is git itself")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(paths, min_size=1, max_size=12, unique=True),
    st.dictionaries(st.sampled_from(FOLDERS), st.lists(patterns, min_size=1, max_size=4), max_size=4),
)
def test_gitignore_files_are_read_as_git_reads_them(files: list[str], ignores: dict[str, list[str]]) -> None:
    """The files selected under a git repository are those `git ls-files --others --exclude-standard` lists."""
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        _git(root, "init", "-q")
        _git(root, "config", "core.excludesFile", os.devnull)  # no global ignore file: only the repository's
        _tree(root, files, ignores)
        expected = sorted(
            line
            for line in _git(root, "ls-files", "--others", "--exclude-standard").splitlines()
            if not any(part.startswith(".") for part in line.split("/"))
        )
        found = [os.path.relpath(path, root).replace(os.sep, "/") for path in Selection(["**/*"]).files([str(root)])]
        assert found == expected


@given(st.lists(paths, min_size=1, max_size=15, unique=True))
@settings(max_examples=40, deadline=None)
def test_files_come_in_sorted_order(files: list[str]) -> None:
    """Each folder's entries are taken in sorted order, so the paths come out exactly sorted."""
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        _tree(root, files, {})
        found = [os.path.relpath(path, root) for path in Selection(["**/*"]).files([str(root)])]
        assert found == sorted(found)
        assert len(found) == len(set(found))


def test_force_exclude_filters_named_files(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files named on the command line pass as they are, unless force_exclude asks for the rules."""
    monkeypatch.chdir(tmp_path)
    named = ["README.md", "_posts/a.md", ".github/b.md", "vendor/c.md"]
    assert list(Selection(["**/*.md"], ["vendor"]).files(named)) == named
    forced = Selection(["_posts/**/*.md", "**/*.md"], ["vendor", "/README.md"], force_exclude=True)
    assert list(forced.files(named)) == ["_posts/a.md"]
    assert list(Selection(["**/*.md"], respect_ignore=False, force_exclude=True).files(named)) == named
