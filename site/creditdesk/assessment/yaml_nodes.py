"""Generic readers for parsed YAML nodes: each checks a value's type and names where it is."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

from .definition import DefinitionError
from .text import Text


class NodeReader:
    """Reads typed values out of YAML nodes, failing with the file, place and problem."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> NoReturn:
        raise DefinitionError(self.path, where, problem)

    def mapping(
        self, node: Any, where: str, required: set[str], optional: set[str] = frozenset()
    ) -> dict:
        if not isinstance(node, dict):
            self.fail(where, f"must be a mapping, not {_kind(node)}")
        for key in node:
            if key not in required and key not in optional:
                self.fail(where, f"unknown key {key!r}")
        for key in sorted(required):
            if key not in node:
                self.fail(where, f"missing key {key!r}")
        return node

    def seq(self, node: Any, where: str, *, allow_empty: bool = False) -> list:
        if not isinstance(node, list):
            self.fail(where, f"must be a list, not {_kind(node)}")
        if not node and not allow_empty:
            self.fail(where, "must not be empty")
        return node

    def string(self, node: Any, where: str) -> str:
        if not isinstance(node, str) or not node.strip():
            hint = " (quote it: YAML reads yes/no/on/off as true/false and 2026.10 as a number)"
            self.fail(
                where, f"must be a non-empty string, not {_kind(node)}" + hint * (node is not None)
            )
        return node

    def identifier(self, node: Any, where: str) -> str:
        value = self.string(node, where)
        if not value.replace("_", "").replace("-", "").isalnum() or not value.isascii():
            self.fail(where, f"{value!r} must use only ASCII letters, digits, '_' and '-'")
        return value

    def integer(self, node: Any, where: str) -> int:
        if isinstance(node, bool) or not isinstance(node, int):
            self.fail(where, f"must be a whole number, not {_kind(node)}")
        return node

    def decimal(self, node: Any, where: str) -> Decimal:
        if isinstance(node, bool) or not isinstance(node, (int, float, str)):
            self.fail(where, f"must be a number, not {_kind(node)}")
        try:
            value = Decimal(str(node))
        except InvalidOperation:
            self.fail(where, f"must be a number, not {node!r}")
        if not value.is_finite():
            self.fail(where, "must be a finite number")
        return value

    def boolean(self, node: Any, where: str) -> bool:
        if not isinstance(node, bool):
            self.fail(where, f"must be true or false, not {_kind(node)}")
        return node

    def text(self, node: Any, where: str) -> Text:
        node = self.mapping(node, where, {"zh", "en"})
        return Text(self.string(node["zh"], f"{where}.zh"), self.string(node["en"], f"{where}.en"))

    def ids(self, items: list, where: str, key: Callable[[Any], str]) -> None:
        seen: set[str] = set()
        for item in items:
            if key(item) in seen:
                self.fail(f"{where} {key(item)}", "duplicate id")
            seen.add(key(item))

    # -- the definition ------------------------------------------------------------------


def _kind(node: Any) -> str:
    if node is None:
        return "nothing"
    if isinstance(node, bool):
        return f"{str(node).lower()} (a boolean)"
    names = {dict: "a mapping", list: "a list", str: "a string", int: "a number", float: "a number"}
    return names.get(type(node), type(node).__name__) + (
        f" {node!r}" if isinstance(node, (int, float, str)) else ""
    )
