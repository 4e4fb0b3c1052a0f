"""Documents that a JSON Schema allows, as a Hypothesis strategy, for the keywords newsrecord's schema uses.

hypothesis-jsonschema does this in general, but its releases up to 0.23.1 fail
on Hypothesis 6.170.1 and later (``'many' object has no attribute 'more'``).
This small generator knows exactly the keywords of ``article_schema()`` and
refuses any other, so a schema that grows a keyword cannot be half-tested.
Patterns are ECMA-262: ``$`` ends the text (Python's would also allow a final
line break), so it is read as ``\\Z``.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

ANNOTATIONS = frozenset(("title", "description", "default", "examples", "$comment", "$schema", "$id", "$defs"))
KNOWN = frozenset(
    ("type", "anyOf", "$ref", "pattern", "items", "properties", "required", "additionalProperties", "propertyNames")
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Documents valid under ``schema`` (its ``$defs`` resolve ``$ref``)."""
    return _strategy(schema, schema.get("$defs", {}))


def _strategy(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    unknown = set(schema) - ANNOTATIONS - KNOWN
    if unknown:
        raise ValueError(f"this generator does not know the keywords {sorted(unknown)}")
    if "$ref" in schema:
        return st.deferred(lambda: _strategy(defs[schema["$ref"].rsplit("/", 1)[1]], defs))
    if "anyOf" in schema:
        return st.one_of([_strategy(option, defs) for option in schema["anyOf"]])
    kind = schema["type"]
    if kind == "string":
        if "pattern" in schema:
            return st.from_regex(re.sub(r"\$$", r"\\Z", schema["pattern"]))
        return st.text()
    if kind == "integer":
        return st.integers() | st.integers(min_value=-(2**80), max_value=2**80)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        return st.lists(_strategy(schema["items"], defs), max_size=3)
    if kind == "object":
        return _objects(schema, defs)
    raise ValueError(f"unknown type {kind!r}")


def _objects(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    refused = set(schema.get("propertyNames", {}).get("not", {}).get("enum", ()))
    if schema.get("additionalProperties", True) is not True:
        raise ValueError("only additionalProperties: true is known")
    extra_keys = st.text(max_size=10).filter(lambda key: key not in properties and key not in refused)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        document: dict[str, Any] = {}
        for key, sub in properties.items():
            if key in required or draw(st.booleans()):
                document[key] = draw(_strategy(sub, defs))
        document.update(draw(st.dictionaries(extra_keys, json_values, max_size=2)))
        return document

    return build()
