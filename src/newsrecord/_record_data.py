"""A record as the file's plain data: ``record_data``, equality as record data (``same``), what changed
against the data of a load (``changed_scalars``, ``holds``), and pickling's way back (``unpickle``).

Records are the models of _models; this module knows them only as pydantic models, so that the
models' definitions (the schema) stay apart from what is done with their data.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel

from ._errors import NewsRecordError
from ._resolve import int_text
from ._tree import field_path


def _kind(value: object) -> type:
    for kind in (bool, int, float, str, dt.datetime, dt.date, list, dict, BaseModel):
        if isinstance(value, kind):
            return kind
    return type(value)


def same(a: object, b: object) -> bool:
    """Equal as record data: types matter (1, 1.0 and True differ), so do UTC offsets."""
    kind = type(a)
    if kind is not type(b):
        kind = _kind(a)
        if kind is not _kind(b):
            return False
    if a is b:
        return True  # even a NaN is the same as itself
    if kind is str:
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(value, b[key]) for key, value in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    if isinstance(a, float) and isinstance(b, float):
        return (a == b and math.copysign(1.0, a) == math.copysign(1.0, b)) or (a != a and b != b)  # -0.0 is not 0.0
    return a == b


@functools.cache
def aliased(model: type[BaseModel]) -> dict[str, str]:
    """The file's spelling of each field whose Python name differs (``webUrl``), to that name (``web_url``)."""
    return {field.alias: name for name, field in model.model_fields.items() if field.alias and field.alias != name}


@functools.cache
def file_keys(model: type[BaseModel]) -> frozenset[str]:
    """The names an unknown key cannot have: every field's Python name and file key (``body`` included)."""
    return frozenset(model.model_fields).union(aliased(model))


def shadowing(record: BaseModel, key: str) -> NewsRecordError:
    model = type(record)
    name = aliased(model).get(key, key)
    return NewsRecordError(
        f"model_extra holds the key {key!r}, which is the field {name!r} of {model.__name__}: "
        f"set {model.__name__}.{name} and delete model_extra[{key!r}]",
        field=key,
    )


def unpickle(model: type[BaseModel], data: dict[str, Any], private: dict[str, Any] | None) -> BaseModel:
    record = model.model_validate(data, by_alias=True, by_name=False)
    if private:
        record.__pydantic_private__ = dict(private)
    return record


def record_data(record: BaseModel) -> dict[str, object]:
    """A model's front matter as plain data: the file's keys, present keys only.

    Raises NewsRecordError for a key of model_extra that is also a field's name or file key.
    """
    data: dict[str, object] = {}
    values = record.__dict__
    fields_set = record.model_fields_set
    for name, field in type(record).model_fields.items():
        if field.exclude:
            continue
        value = values[name]
        if name not in fields_set and (value is None or value == []):
            continue
        data[field.alias or name] = plain(value)
    extra = record.__pydantic_extra__
    if extra:
        taken = file_keys(type(record))
        for key, value in extra.items():
            if key in taken:  # two values for one key: neither may win silently
                raise shadowing(record, key)
            data[key] = plain(value)
    return data


Change = tuple[tuple[str | int, ...], object]
"""The path of a scalar in a record's data (``("related", 0, "quality")``) and its new value."""


def holds(record: BaseModel, data: dict[str, object]) -> bool:
    """Whether ``record_data(record)`` would be ``same()`` as ``data``, found without building it (False,
    rather than an error, where record_data would raise)."""
    return changed_scalars(record, data) == []


def changed_scalars(
    record: BaseModel, data: dict[str, object], shared: bool = False
) -> list[Change] | Literal[False] | None:
    """Where ``record_data(record)`` differs from ``data``, found without building it: the path and new value
    of each scalar that differs, in record_data's order, when nothing else does (none: the record holds
    ``data``).

    False where more differs: a key or an item added or removed, a value that became a list or a mapping
    or stopped being one; and where record_data would raise. ``shared``: ``data`` is what the record was
    validated from, whose unknown keys' lists and dicts the record holds as they are (validation keeps
    them), so an edit in place changed both, or one of them was replaced after such an edit: None where
    an unknown key holds a list or a dict, as only the text the data came from can tell.
    """
    found: list[Change] = []
    verdict = _record_changes(record, data, (), found, shared)
    return found if verdict else verdict


def _record_changes(
    record: BaseModel, data: dict[str, object], loc: tuple[str | int, ...], found: list[Change], shared: bool
) -> bool | None:
    """Whether ``record_data(record)`` differs from ``data`` only in scalars, which go to ``found`` (None: see
    changed_scalars)."""
    values = record.__dict__
    fields_set = record.__pydantic_fields_set__  # not the property: one call less per model
    count = 0
    for name, key in _data_keys(type(record)):
        value = values[name]
        if name not in fields_set and (value is None or value == []):  # record_data's rule for a present key
            continue
        old = data.get(key, data)  # data itself where the key is absent
        kind = type(value)  # most values are strings, integers, booleans or timestamps: compared here, a call less
        if kind is str or kind is int or kind is bool:
            if type(old) is not kind or value != old:
                if old is data or type(old) is list or type(old) is dict:
                    return False
                found.append(((*loc, key), value))
        elif not (kind is dt.datetime and same(value, old)):
            if old is data:
                return False
            verdict = _changes(value, old, (*loc, key), found, shared)
            if not verdict:
                return verdict
        count += 1
    extra = record.__pydantic_extra__
    if extra:
        taken = file_keys(type(record))
        for key, value in extra.items():
            if key in taken or key not in data:
                return False
            old = data[key]
            if shared and (type(old) is list or type(old) is dict):
                return None
            verdict = _changes(value, old, (*loc, key), found, shared)
            if not verdict:
                return verdict
        count += len(extra)
    return count == len(data)


@functools.cache
def _data_keys(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """Each field of the front matter (``body`` left out): its Python name and its file key."""
    return tuple((name, field.alias or name) for name, field in model.model_fields.items() if not field.exclude)


def _changes(value: object, old: object, loc: tuple[str | int, ...], found: list[Change], shared: bool) -> bool | None:
    """Whether ``plain(value)`` differs from ``old`` only in scalars, which go to ``found`` (None: see
    changed_scalars)."""
    if type(value) is list:
        if type(old) is not list or len(old) != len(value):
            return False
        for index, (item, old_item) in enumerate(zip(value, old, strict=True)):
            if type(item) is str and type(old_item) is str and item == old_item:  # most items: a call less
                continue
            if isinstance(item, BaseModel):  # models: one call less
                verdict = type(old_item) is dict and _record_changes(item, old_item, (*loc, index), found, shared)
            else:
                verdict = _changes(item, old_item, (*loc, index), found, shared)
            if not verdict:
                return verdict
        return True
    if type(value) is dict:
        if type(old) is not dict or old.keys() != value.keys():
            return False
        for key, item in value.items():
            verdict = _changes(item, old[key], (*loc, key), found, shared)
            if not verdict:
                return verdict
        return True
    if isinstance(value, BaseModel):
        return type(old) is dict and _record_changes(value, old, loc, found, shared)
    if type(old) is list or type(old) is dict:
        return False
    if not same(value, old):
        found.append((loc, value))
    return True


def with_changes(data: dict[str, object], changes: list[Change]) -> dict[str, object]:
    """``data`` with each scalar that ``changes`` names replaced, copying only the dicts and lists on its path."""
    result = dict(data)
    copies = {id(result)}
    for loc, value in changes:
        node: Any = result
        for step in loc[:-1]:
            child = node[step]
            if id(child) not in copies:
                child = child.copy()
                copies.add(id(child))
                node[step] = child
            node = child
        node[loc[-1]] = value
    return result


def plain(value: Any) -> Any:
    """Models, lists and dicts as plain data, recursively; other values as they are."""
    if isinstance(value, BaseModel):
        return record_data(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def leaves(value: object, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], object]]:
    """Every value of plain data that is not a dict or a list, with its path (``("related", 0, "quality")``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*loc, index))
    else:
        yield loc, value


def check_digits(data: dict[str, object], source: str, changes: list[Change] | None = None) -> None:
    """Refuse plain data holding an integer too long for Python to write in decimal (see int_text); given
    ``changes``, only their values, which are all an edit writes."""
    for loc, value in leaves(data) if changes is None else changes:
        if type(value) is int and value.bit_length() > 2000:  # shorter ones have fewer digits than any limit
            try:
                int_text(value)
            except ValueError as error:
                raise NewsRecordError(str(error), source=source, field=field_path(loc)) from None
