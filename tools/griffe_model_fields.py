"""A Griffe extension for the API reference: each model's constructor and a table of its fields.

pydantic models take keyword arguments (``**data``), so mkdocstrings would show
``Article(**data)`` and no fields. This extension adds to the docstring of each
model (Article, Provider, Image, RelatedArticle) its constructor signature and a
table of its fields: the attribute, the key the file spells, the type as written
in the source, the default, and the description (the field's docstring, which
is also its JSON Schema description). Names, keys, defaults and descriptions
come from the models themselves (``model_fields``), types from the source.

Used from mkdocs.yml (``extensions`` of the python handler); needs griffe, which
mkdocstrings brings, and newsrecord importable (``pip install -e .[docs]``).
"""

from __future__ import annotations

import importlib
from typing import Any

import griffe

from newsrecord._models import field_description

MODELS = ("Article", "Provider", "Image", "RelatedArticle")


def _default(field: Any) -> str | None:
    """The default as Python text, or None for a required field."""
    if field.is_required():
        return None
    if field.default_factory is not None:
        return repr(field.default_factory())
    return repr(field.default)


def model_section(model: Any, types: dict[str, str]) -> str:
    """The Markdown that documents a model's constructor and fields."""
    parameters = []
    rows = []
    for name, field in model.model_fields.items():
        kind = types.get(name, "")
        if kind.startswith("Annotated["):  # the constraint is said in the description
            kind = kind[len("Annotated[") :].split(",", 1)[0]
        default = _default(field)
        parameters.append(f"{name}: {kind}" + ("" if default is None else f" = {default}"))
        key = "*(the body, not a key)*" if field.exclude else f"`{field.alias or name}`"
        shown = "*required*" if default is None else f"`{default}`"
        description = (field_description(model, name) or "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{name}` | {key} | `{kind}` | {shown} | {description} |")
    signature = f"{model.__name__}(\n    *,\n" + "".join(f"    {p},\n" for p in parameters) + ")"
    return (
        "\n\n**Constructor** (keyword arguments by attribute name or by key; unknown keys are kept):\n\n"
        f"```python\n{signature}\n```\n\n**Fields**\n\n"
        "| attribute | key in the file | type | default | description |\n"
        "|-----------|-----------------|------|---------|-------------|\n" + "\n".join(rows) + "\n"
    )


class ModelFields(griffe.Extension):
    """Add a constructor and a field table to the docstring of every newsrecord model."""

    def on_class_members(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        """Once a model's members are known, add its section to its docstring (a hook of griffe 1 and 2)."""
        if cls.name not in MODELS or cls.module.path != "newsrecord._models" or cls.docstring is None:
            return
        model = getattr(importlib.import_module("newsrecord"), cls.name)
        types = {
            name: str(member.annotation)
            for name, member in cls.members.items()
            if isinstance(member, griffe.Attribute) and member.annotation is not None
        }
        cls.docstring.value += model_section(model, types)
