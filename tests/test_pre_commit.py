"""The pre-commit hooks, run by pre-commit itself (`pre-commit try-repo`) in a throwaway git repository."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from .conftest import fixture_bytes

ROOT = pathlib.Path(__file__).resolve().parents[1]
BROKEN = b"---\ntitle: Broken\npublishedDateTime: 2020-01-01T00:00:00Z\nquality: high\n---\n"
NOT_HOUSE = b"---\ntitle: 'Hi'  # keep me\npublishedDateTime: 2020-12-11T05:06:00Z\n---\n"


@pytest.fixture
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """Where pre-commit builds its hook environments (it installs newsrecord there with pip)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return tmp_path_factory.mktemp("pre-commit-home")


def _git(repo: pathlib.Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)


def _try_repo(repo: pathlib.Path, home: pathlib.Path) -> subprocess.CompletedProcess[str]:
    """Both hooks of this repository (as it is, uncommitted changes included) on every file of ``repo``."""
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PYTHONPATH": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files", "--color", "never"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env=env,
    )


def test_hooks_check_and_format_a_site(tmp_path: pathlib.Path, pre_commit_home: pathlib.Path) -> None:
    """newsrecord-check fails on a broken record (records only); newsrecord-fmt rewrites; then both pass."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / ".github").mkdir()
    (site / "_posts" / "2024-01-01-good.md").write_bytes(fixture_bytes("house.md"))
    (site / "_posts" / "2024-01-02-draft.md").write_bytes(NOT_HOUSE)
    (site / "README.md").write_text("# A site\n")
    (site / ".github" / "PULL_REQUEST_TEMPLATE.md").write_text("Describe it\n")
    (site / "pyproject.toml").write_text('[tool.newsrecord]\npatterns = ["_posts/**/*.md"]\n')
    _git(site, "init", "-q")
    _git(site, "add", ".")

    (site / "_posts" / "2024-01-03-broken.md").write_bytes(BROKEN)
    _git(site, "add", ".")
    first = _try_repo(site, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "_posts/2024-01-03-broken.md:4:10: quality: expected an integer, got 'high'" in first.stdout
    assert "README.md" not in first.stdout
    assert "PULL_REQUEST_TEMPLATE" not in first.stdout
    assert "files were modified by this hook" in first.stdout  # fmt rewrote the draft
    draft = (site / "_posts" / "2024-01-02-draft.md").read_text()
    assert draft == '---\ntitle: "Hi"  # keep me\npublishedDateTime: 2020-12-11T05:06:00Z\n---\n\n'

    (site / "_posts" / "2024-01-03-broken.md").unlink()
    _git(site, "add", "-A")
    second = _try_repo(site, pre_commit_home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "newsrecord check" in second.stdout
    assert "newsrecord fmt" in second.stdout
