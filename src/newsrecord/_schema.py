"""The JSON Schema of a record in its JSON form (``article_to_dict``), in agreement with the loader."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ._lex import AWARE_TIMESTAMP_PATTERN
from ._models import CHILD_MODELS, Article, field_description

SCHEMA_ID = "https://newsrecord.github.io/newsrecord/article.schema.json"
"""The schema's ``$id``."""


def article_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) that ``article_from_dict`` accepts: camelCase keys, timestamps as text.

    >>> schema = article_schema()
    >>> schema["$schema"], schema["properties"]["webUrl"]["title"]
    ('https://json-schema.org/draft/2020-12/schema', 'webUrl')
    """
    schema = Article.model_json_schema(by_alias=True)
    definitions = schema.pop("$defs", {})
    for model in CHILD_MODELS:
        _describe(schema if model is Article else definitions[model.__name__], model)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "$defs": definitions,
    }


def _describe(part: dict[str, Any], model: type[BaseModel]) -> None:
    """Titles equal to the keys, each field's description, timestamps as the loader reads them, Python names refused."""
    part["description"] = (model.__doc__ or "").split("\n\n")[0]
    properties: dict[str, Any] = part["properties"]
    refused = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key != name and not field.exclude:
            refused.append(name)
        prop = properties[key]
        prop["title"] = key
        description = field_description(model, name)  # type: ignore[arg-type]
        if description:
            prop["description"] = description
        _timestamps(prop)
        _drop_empty_patterns(prop)
    part["propertyNames"] = {"not": {"enum": refused}}


def _drop_empty_patterns(node: Any) -> None:
    """Remove ``"pattern": ""`` (which every string matches) wherever it stands in a property."""
    if isinstance(node, dict):
        if node.get("pattern") == "":
            del node["pattern"]
        for value in node.values():
            _drop_empty_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _drop_empty_patterns(value)


def _timestamps(prop: dict[str, Any]) -> None:
    """Replace JSON Schema's ``date-time`` (RFC 3339) with the exact text the loader accepts."""
    for option in [prop, *prop.get("anyOf", [])]:
        if option.get("format") == "date-time":
            del option["format"]
            option["pattern"] = AWARE_TIMESTAMP_PATTERN
            option["examples"] = ["2020-12-11T05:06:00Z", "2023-04-01T09:15:00-05:00"]
