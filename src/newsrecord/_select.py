"""Which files the command line works on: patterns, excludes, git's ignore files and hidden folders.

Patterns and excludes are gitignore-style (pathspec), matched against each
path relative to the folder being searched. A pattern is anchored at that
folder, so ``*.md`` matches at its top only and ``**/*.md`` at any depth, as
``--pattern`` always did; an exclude without a ``/`` matches at any depth
(``vendor`` excludes every folder or file called vendor), as in ``.gitignore``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import pathspec


class Selection:
    """The rules that pick record files out of folders."""

    def __init__(
        self,
        patterns: Sequence[str],
        exclude: Sequence[str] = (),
        respect_ignore: bool = True,
        force_exclude: bool = False,
    ) -> None:
        anchored = [pattern if pattern.startswith("/") else "/" + pattern for pattern in patterns]
        self.patterns = pathspec.GitIgnoreSpec.from_lines(anchored)
        self.exclude = pathspec.GitIgnoreSpec.from_lines(exclude)
        self.respect_ignore = respect_ignore
        self.force_exclude = force_exclude

    def files(self, paths: Sequence[str]) -> Iterator[str]:
        """The record files among ``paths``: files as given, folders searched, each folder's entries sorted.

        >>> import pathlib, tempfile
        >>> root = pathlib.Path(tempfile.mkdtemp())
        >>> for name in ("a.md", ".github/b.md", "vendor/c.md", "skip/d.md", "e.txt"):
        ...     (root / name).parent.mkdir(exist_ok=True)
        ...     _ = (root / name).write_text("")
        >>> _ = (root / ".gitignore").write_text("skip/\\n")
        >>> [pathlib.Path(p).relative_to(root).as_posix() for p in Selection(["**/*.md"], ["vendor"]).files([root])]
        ['a.md']
        """
        for path in paths:
            top = os.fspath(path)
            if os.path.isdir(top):
                yield from self._walk(top, "", self._ancestor_ignores(top) if self.respect_ignore else [])
            elif not self.force_exclude or self._wanted(top):
                yield top

    def _wanted(self, path: str) -> bool:
        """Whether a file named on the command line passes the patterns, the excludes and the hidden rule.

        With ``force_exclude`` (as pre-commit needs, which names every staged file),
        the path is taken relative to the working folder.
        """
        try:
            name = os.path.relpath(path).replace(os.sep, "/")
        except ValueError:  # on Windows, another drive
            name = "../"
        if name.startswith("../"):
            name = os.path.abspath(path).replace(os.sep, "/").lstrip("/")
        hidden = any(part.startswith(".") and part not in (".", "..") for part in name.split("/"))
        if self.respect_ignore and hidden:
            return False
        return bool(self.patterns.match_file(name)) and not self.exclude.match_file(name)

    def _walk(self, top: str, relative: str, ignores: list[_Ignore]) -> Iterator[str]:
        folder = os.path.join(top, relative) if relative else top
        if self.respect_ignore:
            own = _ignore_file(folder)
            if own is not None:
                ignores = [*ignores, _Ignore(relative + "/" if relative else "", "", own)]
        with os.scandir(folder) as scan:
            entries = sorted(
                scan, key=lambda entry: entry.name + "/" if entry.is_dir(follow_symlinks=False) else entry.name
            )
        for entry in entries:
            name = f"{relative}/{entry.name}" if relative else entry.name
            is_dir = entry.is_dir(follow_symlinks=False)
            if self.respect_ignore and entry.name.startswith("."):
                continue
            if self.exclude.match_file(name + "/" if is_dir else name):
                continue
            if self.respect_ignore and _ignored(ignores, name, is_dir):
                continue
            if is_dir:
                yield from self._walk(top, name, ignores)
            elif entry.is_file() and self.patterns.match_file(name):
                yield name if top in (".", "./") else os.path.join(top, name)  # "a.md", not "./a.md", as ruff

    @staticmethod
    def _ancestor_ignores(top: str) -> list[_Ignore]:
        """The .gitignore files of the folders above ``top``, up to the root of its git repository."""
        found: list[_Ignore] = []
        folder = os.path.abspath(top)
        below: list[str] = []
        while not os.path.exists(os.path.join(folder, ".git")):
            parent = os.path.dirname(folder)
            if parent == folder:
                return []  # not in a git repository: only the searched folders' own .gitignore files count
            below.insert(0, os.path.basename(folder))
            folder = parent
            own = _ignore_file(folder)
            if own is not None:
                found.insert(0, _Ignore("", "/".join(below) + "/", own))
        prefix = "/".join(below) + "/" if below else ""
        return [_Ignore("", prefix, spec) for spec in _repository_excludes(folder)] + found


class _Ignore(NamedTuple):
    """A .gitignore file's patterns, and how a path below the searched folder reads from its own folder."""

    strip: str
    """What to take off the front of a path: the .gitignore's folder, relative to the searched folder."""
    prepend: str
    """What to put in front of a path: the searched folder, relative to the .gitignore's folder."""
    spec: pathspec.GitIgnoreSpec


def _ignore_file(folder: str, name: str = ".gitignore") -> pathspec.GitIgnoreSpec | None:
    try:
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
            return pathspec.GitIgnoreSpec.from_lines(handle)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _repository_excludes(root: str) -> list[pathspec.GitIgnoreSpec]:
    """The ignore rules git applies below every .gitignore in the repository at ``root``, weakest first: the
    global excludes file (``core.excludesFile``, else ``$XDG_CONFIG_HOME/git/ignore``), then ``.git/info/exclude``.
    A relative ``core.excludesFile`` is found from ``root``, where git runs its commands."""
    specs = []
    git_dir = _git_common_dir(root)
    for path in (_excludes_file(git_dir), os.path.join(git_dir, "info", "exclude")):
        path = os.path.join(root, path)  # an absolute path stays as it is
        spec = _ignore_file(os.path.dirname(path), os.path.basename(path))
        if spec is not None:
            specs.append(spec)
    return specs


def _git_common_dir(root: str) -> str:
    """The repository's git folder: ``.git``, or where a ``.git`` file (a worktree, a submodule) points."""
    git = os.path.join(root, ".git")
    if not os.path.isfile(git):
        return git
    with open(git, encoding="utf-8", errors="replace") as handle:
        first = handle.readline()
    if not first.startswith("gitdir:"):
        return git
    folder = os.path.join(root, first[len("gitdir:") :].strip())
    try:
        with open(os.path.join(folder, "commondir"), encoding="utf-8", errors="replace") as handle:
            return os.path.join(folder, handle.readline().strip())
    except OSError:
        return folder


_EXCLUDES_FILE = re.compile(r"^\s*excludesfile\s*=\s*(.*?)\s*$", re.IGNORECASE)


def _excludes_file(git_dir: str) -> str:
    """``core.excludesFile`` as git finds it (the user's configuration, then the repository's; the last one set
    wins), or git's default, ``$XDG_CONFIG_HOME/git/ignore``."""
    home = os.path.expanduser("~")
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    chosen = None
    configs = (
        os.path.join(config_home, "git", "config"),
        os.path.join(home, ".gitconfig"),
        os.path.join(git_dir, "config"),
    )
    for config in configs:
        try:
            with open(config, encoding="utf-8", errors="replace") as handle:
                section = ""
                for line in handle:
                    stripped = line.strip()
                    if stripped.startswith("["):
                        section = stripped[1:].split("]")[0].strip().lower()
                    elif section == "core" and (match := _EXCLUDES_FILE.match(line)):
                        chosen = os.path.expanduser(match.group(1).strip('"'))
        except OSError:
            continue
    return chosen or os.path.join(config_home, "git", "ignore")


def _ignored(ignores: list[_Ignore], name: str, is_dir: bool) -> bool:
    """Whether the nearest .gitignore that has a say on ``name`` ignores it (git's precedence)."""
    for ignore in reversed(ignores):
        relative = ignore.prepend + name[len(ignore.strip) :]
        decision = _decision(ignore.spec, relative + "/" if is_dir else relative)
        if decision is not None:
            return decision
    return False


def _decision(spec: pathspec.GitIgnoreSpec, path: str) -> bool | None:
    """What a .gitignore says of ``path`` itself: ignored, re-included (``!``), or nothing (None).

    pathspec also matches a pattern against everything below a folder it names;
    git does not look below an ignored folder at all, so a pattern that names a
    folder above ``path`` (already walked, and not ignored) must not decide it.
    """
    decision = None
    for pattern in spec.patterns:
        regex = pattern.regex
        if pattern.include is not None and regex is not None and _names(regex, path):
            decision = pattern.include
    return decision


def _names(regex: re.Pattern[str], path: str) -> bool:
    """Whether a pathspec pattern's regex (which pathspec searches for) matches ``path`` itself.

    pathspec marks the ``/`` after a folder's name as the group ``ps_d``: a match
    whose ``ps_d`` is followed by more text matched a folder above ``path``.
    """
    if "ps_d" not in regex.groupindex:
        match = regex.search(path)
        # A trailing "/**" (pathspec's ``^c/``) names what is inside a folder, never the folder itself.
        return match is not None and not (
            path.endswith("/") and regex.pattern.endswith("/") and match.end() == len(path)
        )
    start = 0
    while (match := regex.search(path, start)) is not None:  # every place a match may start, leftmost first
        if match.group("ps_d") is None or match.end("ps_d") == len(path):
            return True
        start = match.start() + 1
    return False
