"""Code that uses newsrecord type-checks under mypy --strict and pyright, with precise types."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

from mypy import api as mypy_api

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


def test_mypy_strict_accepts_the_consumer_and_reveals_precise_types() -> None:
    """mypy --strict finds no error in the consumer, and reveal_type shows the precise types."""
    out, err, status = mypy_api.run(["--strict", "--no-incremental", "--show-traceback", str(CONSUMER)])
    assert status == 0, out + err
    # Older mypy releases spell builtin types with a "builtins." prefix.
    revealed = [line.split("note: ", 1)[1].replace("builtins.", "") for line in out.splitlines() if "Revealed" in line]
    assert revealed == EXPECTED_MYPY


def test_pyright_accepts_the_consumer_and_reveals_precise_types() -> None:
    """pyright (strict) finds no error in the consumer, and reveal_type shows the precise types."""
    pyright = shutil.which("pyright") or str(pathlib.Path(sys.executable).parent / "pyright")
    result = subprocess.run(
        [pyright, "--pythonpath", sys.executable, str(CONSUMER)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    revealed = [
        line.split("information: ", 1)[1] for line in result.stdout.splitlines() if "information: Type of" in line
    ]
    assert revealed == EXPECTED_PYRIGHT
