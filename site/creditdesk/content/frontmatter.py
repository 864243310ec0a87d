"""Split a file into YAML front matter and body; normalise each field by a table."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any

import yaml

from creditdesk import strict_yaml
from creditdesk.content.errors import Invalid

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def split(raw: str) -> tuple[Mapping[str, Any], str]:
    """Return (front matter mapping, Markdown body); Invalid names the problem."""
    text = raw.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise Invalid("missing: the file must start with a '---' line")
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.rstrip() == "---")
    except StopIteration:
        raise Invalid("not closed: no second '---' line") from None
    try:
        data = strict_yaml.load("\n".join(lines[1:end]), dates_as_text=True)
    except yaml.YAMLError as exc:
        raise Invalid(_describe_yaml_error(exc)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise Invalid("must be a mapping of 'field: value' lines")
    return data, "\n".join(lines[end + 1 :])


def _describe_yaml_error(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return f"invalid YAML: {problem}"
    # +2: marks are 0-based and the opening '---' is line 1 of the file.
    return f"invalid YAML at line {mark.line + 2}, column {mark.column + 1}: {problem}"


# --- normalisers: value -> clean value, or raise Invalid(problem) ------------


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be text, got {_kind(value)}")
    value = value.strip()
    if not value:
        raise Invalid("must not be empty")
    return value


def slug(value: Any) -> str:
    value = text(value)
    if not _SLUG.fullmatch(value):
        raise Invalid(f"{value!r} is not a valid slug (lowercase a-z, 0-9 and '-')")
    return value


def date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise Invalid(f"'{value}' is not a valid date (YYYY-MM-DD): drop the time")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = repr(value) if isinstance(value, str) else f"{value!r} ({_kind(value)})"
    return _raise(f"{shown} is not a valid date (YYYY-MM-DD)")


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, got {_kind(value)}")
    return value


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"must be a whole number, got {_kind(value)}")
    return value


def tags(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise Invalid(f"must be a list of text, got {_kind(value)}")
    result: list[str] = []
    for n, item in enumerate(value, 1):
        if not isinstance(item, str) or not item.strip():
            raise Invalid(f"item {n} must be non-empty text, got {_kind(item)}")
        if item.strip() in result:
            raise Invalid(f"item {n} {item.strip()!r} is listed twice")
        result.append(item.strip())
    return tuple(result)


def faq(value: Any) -> tuple[tuple[str, str], ...]:
    """A list of {q, a}; returns (question, answer Markdown) pairs."""
    if not isinstance(value, list):
        raise Invalid(f"must be a list of {{q: ..., a: ...}} items, got {_kind(value)}")
    items = []
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise Invalid(f"item {n} must be a mapping with q and a, got {_kind(item)}")
        unknown = sorted(str(k) for k in item if k not in ("q", "a"))
        if unknown:
            raise Invalid(f"item {n} has unknown key {unknown[0]!r} (expected q and a)")
        for key in ("q", "a"):
            if key not in item:
                raise Invalid(f"item {n} is missing {key!r}")
            if not isinstance(item[key], str) or not item[key].strip():
                raise Invalid(f"item {n}: {key!r} must be non-empty text")
        items.append((item["q"].strip(), item["a"].strip()))
    return tuple(items)


def _raise(problem: str):
    raise Invalid(problem)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


Normaliser = Callable[[Any], Any]
