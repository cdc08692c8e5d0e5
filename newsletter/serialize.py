"""JSON form of the model: what `extract --json` prints and `report.json` holds.

Made from the dataclasses' own fields, so a new model field needs no edit
here: dataclasses become objects (keys in field order), tuples lists, dates
ISO strings, bytes (a chart's PNG) base64. One convention keeps the established format: a tuple of
`Paragraph`s is written as its texts under the field's name and their pages
under the singular name + "_pages" (`risks` / `risk_pages`).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import enum
import functools
import json
import types
import typing
from typing import Any

from newsletter.model import Paragraph, Report

JSON = dict[str, Any]
# Bumped whenever report.json or build.json change incompatibly.
SCHEMA = 1


def report_to_json(report: Report) -> JSON:
    return _object(report)


def report_from_json(data: JSON) -> Report:
    """The inverse of `report_to_json`, used to reuse a cached extraction."""
    report: Report = _from_object(Report, data)
    return report


def _object(instance: Any) -> JSON:
    data: JSON = {}
    cls: Any = type(instance)
    for name, kind in _hints(cls).items():
        value = getattr(instance, name)
        if kind == tuple[Paragraph, ...]:
            data[name] = [paragraph.text for paragraph in value]
            data[_pages_key(name)] = [paragraph.page for paragraph in value]
        else:
            data[name] = _value(value)
    return data


def _value(value: Any) -> Any:
    if isinstance(value, bytes):  # a chart's PNG
        return base64.b64encode(value).decode("ascii")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _object(value)
    if isinstance(value, tuple | list):
        return [_value(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _from_object(cls: Any, data: JSON) -> Any:
    """Missing keys take the field's default (older files); unknown keys are ignored."""
    values: JSON = {}
    for name, kind in _hints(cls).items():
        if kind == tuple[Paragraph, ...] and name in data:
            pages = data.get(_pages_key(name)) or [None] * len(data[name])
            values[name] = tuple(Paragraph(text, page) for text, page in zip(data[name], pages, strict=True))
        elif name in data:
            values[name] = _from_value(kind, data[name])
    return cls(**values)


def _from_value(kind: Any, value: Any) -> Any:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        if value is None:
            return None
        return _from_value(next(arg for arg in args if arg is not type(None)), value)
    if origin is tuple:
        return tuple(_from_value(args[0], item) for item in value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is bytes:
        return base64.b64decode(value, validate=True)
    if dataclasses.is_dataclass(kind):
        return _from_object(kind, value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    if kind is float and isinstance(value, int):
        return float(value)
    return value


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    """Field name -> resolved type, in field order."""
    hints = typing.get_type_hints(cls)
    return {field.name: hints[field.name] for field in dataclasses.fields(cls)}


def _pages_key(name: str) -> str:
    return f"{name.removesuffix('s')}_pages"


def dumps(data: JSON) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
