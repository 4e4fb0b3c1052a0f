"""Type-checked consumers: the built wheel, installed in a fresh virtual environment, gives code that uses it
precise types under mypy --strict and pyright, with no plugin and no ignores."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CONSUMER = pathlib.Path(__file__).parent / "typing" / "consumer.py"

EXPECTED_MYPY = [
    'Revealed type is "datetime.datetime"',
    'Revealed type is "list[newsrecord._models.RelatedArticle]"',
    'Revealed type is "str | None"',
    'Revealed type is "int | None"',
    'Revealed type is "newsrecord._models.Provider | None"',
    'Revealed type is "list[str]"',
    'Revealed type is "bool | None"',
]
EXPECTED_PYRIGHT = [
    'Type of "article.published_date_time" is "datetime"',
    'Type of "article.related" is "list[RelatedArticle]"',
    'Type of "article.web_url" is "str | None"',
    'Type of "article.quality" is "int | None"',
    'Type of "article.provider" is "Provider | None"',
    'Type of "article.topics" is "list[str]"',
    'Type of "article.images[0].is_cached" is "bool | None"',
]


def run(*command: str | pathlib.Path, cwd: pathlib.Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, cwd=cwd, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, pathlib.Path]:
    """A fresh virtual environment with the wheel built from this tree, and a folder holding the consumer."""
    work = tmp_path_factory.mktemp("consumer")
    built = run(sys.executable, "-m", "build", "--wheel", "--outdir", work / "dist", ROOT, cwd=work)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next((work / "dist").glob("newsrecord-*.whl"))
    run(sys.executable, "-m", "venv", work / "venv", cwd=work).check_returncode()
    python = work / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    installing = run(python, "-m", "pip", "install", "--quiet", wheel, cwd=work)
    assert installing.returncode == 0, installing.stdout + installing.stderr
    shutil.copy(CONSUMER, work / "consumer.py")
    return python, work


def test_the_wheel_carries_its_version_types_and_license(installed: tuple[pathlib.Path, pathlib.Path]) -> None:
    """newsrecord.__version__ matches the installed distribution; py.typed and the license ship."""
    python, work = installed
    code = (
        "import importlib.metadata as m, pathlib, newsrecord;"
        "assert newsrecord.__version__ == m.version('newsrecord'), newsrecord.__version__;"
        "assert (pathlib.Path(newsrecord.__file__).parent / 'py.typed').exists();"
        "assert any(p.name == 'LICENSE' for p in m.files('newsrecord'));"
        "print(newsrecord.__file__)"
    )
    result = run(python, "-c", code, cwd=work)
    assert result.returncode == 0, result.stderr
    assert "site-packages" in result.stdout  # the wheel, not this source tree


def test_mypy_strict_accepts_the_consumer(installed: tuple[pathlib.Path, pathlib.Path]) -> None:
    """mypy --strict finds no error in the consumer against the installed wheel, with precise types."""
    python, work = installed
    result = run(
        sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-executable", python, "consumer.py",
        cwd=work,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    # Older mypy releases spell builtin types with a "builtins." prefix.
    revealed = [
        line.split("note: ", 1)[1].replace("builtins.", "") for line in result.stdout.splitlines() if "Revealed" in line
    ]
    assert revealed == EXPECTED_MYPY


def test_pyright_accepts_the_consumer(installed: tuple[pathlib.Path, pathlib.Path]) -> None:
    """pyright finds no error in the consumer against the installed wheel, with precise types."""
    python, work = installed
    pyright = shutil.which("pyright") or str(pathlib.Path(sys.executable).with_name("pyright"))
    result = run(pyright, "--pythonpath", python, "consumer.py", cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr
    revealed = [
        line.split("information: ", 1)[1] for line in result.stdout.splitlines() if "information: Type of" in line
    ]
    assert revealed == EXPECTED_PYRIGHT
