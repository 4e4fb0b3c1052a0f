"""A Griffe extension for the API reference: show docstrings' doctest examples as Python code.

mkdocstrings renders a docstring as Markdown, where a ``>>>`` line is a block quote and a line of
output such as ``['a.md', 'b.md']`` is a link reference. This extension wraps each doctest example
(a run of lines from a ``>>>`` line to the next blank line) in a ``pycon`` code fence before the
docstring is rendered. The docstrings themselves stay plain doctests, run by pytest.

Used from mkdocs.yml (``extensions`` of the python handler); needs griffe, which mkdocstrings brings.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """``text`` with each doctest example wrapped in a ``pycon`` code fence; existing fences are kept."""
    out: list[str] = []
    in_fence = in_example = False
    for line in text.split("\n"):
        stripped = line.strip()
        if in_example and not stripped:
            out.append("```")
            in_example = False
        elif not in_example and stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_example and not in_fence and stripped.startswith(">>>"):
            out.append("```pycon")
            in_example = True
        out.append(line)
    if in_example:
        out.append("```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Wrap the doctest examples of every docstring in code fences."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of each object as it is created (a hook of griffe 1 and 2)."""
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
