"""File selection: .gitignore files read as git reads them, patterns and excludes, sorted order."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest
from hypothesis import HealthCheck, example, given, settings
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
    st.lists(patterns, max_size=3),
    st.lists(patterns, max_size=3),
)
@example(["c/a"], {}, [], ["c", "!c/**"]).via("a folder ignored, then what is inside it re-included: git does not")
def test_gitignore_files_are_read_as_git_reads_them(
    files: list[str], ignores: dict[str, list[str]], info_exclude: list[str], excludes_file: list[str]
) -> None:
    """The files selected under a git repository are those `git ls-files --others --exclude-standard` lists, with
    .gitignore files, .git/info/exclude and a core.excludesFile (set in the repository's configuration)."""
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as elsewhere:
        root = pathlib.Path(folder)
        _git(root, "init", "-q")
        excludes = pathlib.Path(elsewhere) / "ignore"
        excludes.write_text("".join(line + "\n" for line in excludes_file))
        _git(root, "config", "core.excludesFile", str(excludes))  # not the user's own: only what is generated
        (root / ".git" / "info").mkdir(exist_ok=True)
        (root / ".git" / "info" / "exclude").write_text("".join(line + "\n" for line in info_exclude))
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


@pytest.mark.skipif(shutil.which("git") is None, reason="the reference is git itself")
def test_git_excludes_apply_below_the_root_in_worktrees_and_by_default(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """.git/info/exclude is anchored at the repository's root also when a subfolder is searched, a worktree (a
    .git file) reads its main repository's, and without core.excludesFile git's default file counts: each case
    as `git ls-files --others --exclude-standard` sees it."""
    home = tmp_path / "home"
    (home / ".config" / "git").mkdir(parents=True)
    (home / ".config" / "git" / "ignore").write_text("*.draft.md\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    (root / ".git" / "info").mkdir(exist_ok=True)
    (root / ".git" / "info" / "exclude").write_text("/news/private/\n")
    for name in ("news/a.md", "news/a.draft.md", "news/private/b.md", "private/c.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    _git(root, "add", "news/a.md")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
    _git(root, "worktree", "add", "-q", str(tmp_path / "tree"))
    tree = tmp_path / "tree"
    for name in ("news/d.draft.md", "news/private/e.md", "news/f.md"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text("x")
    for top, searched in ((root, "news"), (root, "."), (tree, "news")):
        expected = sorted(_git(top, "ls-files", "--others", "--cached", "--exclude-standard", searched).splitlines())
        found = sorted(
            os.path.relpath(path, top).replace(os.sep, "/") for path in Selection(["**/*"]).files([str(top / searched)])
        )
        assert found == expected, (top, searched)
    assert sorted(_git(root, "ls-files", "--others", "--cached", "--exclude-standard").splitlines()) == [
        "news/a.md",
        "private/c.md",
    ]


@pytest.mark.skipif(shutil.which("git") is None, reason="the reference is git itself")
def test_a_relative_excludes_file_is_found_from_the_top_of_the_repository(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git reads a relative core.excludesFile from the top of the work tree, wherever it is run from."""
    root = tmp_path / "repo"
    (root / "sub").mkdir(parents=True)
    _git(root, "init", "-q")
    _git(root, "config", "core.excludesFile", "myignore")
    (root / "myignore").write_text("x.md\n")
    (root / "sub" / "myignore").write_text("a.md\n")
    for name in ("sub/a.md", "sub/x.md"):
        (root / name).write_text("x")
    monkeypatch.chdir(root / "sub")
    expected = sorted(_git(root / "sub", "ls-files", "--others", "--exclude-standard", ".").splitlines())
    found = sorted(os.path.relpath(path) for path in Selection(["**/*"]).files(["."]))
    assert found == expected
    assert "a.md" in found
