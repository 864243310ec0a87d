"""Editorial rules for content files: the glossary and Chinese punctuation.

`flask content check` runs these after the library has loaded. Each problem is
one line, ``file:line: problem``, so an editor can jump to it. No Flask here.

Rules:

- glossary: ``content/glossary.yaml`` maps each preferred term to the variants
  it replaces; a refused variant anywhere in a file (outside code) is an error;
- punctuation: ASCII , . : ; ? ! ( ) " touching a Chinese character is an
  error; Chinese prose takes full-width ，。：；？！（）“”. Code spans, fenced
  code blocks, URLs, Markdown link targets and function-style formulas such as
  ``min(a, b)`` keep ASCII.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from creditdesk.content.errors import ContentError

GLOSSARY_FILE = "glossary.yaml"

# Chinese characters and the punctuation of Chinese text (“”…, full-width marks).
_CHINESE = r"\u201c\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_ASCII_MARKS = ',.:;?!()"'
_SUGGEST = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！",
            "(": "（", ")": "）", '"': "“ or ”"}
# Emphasis markers do not separate: "**经营异常名录**;" still puts ';' next to Chinese.
_AFTER_CHINESE = rf"(?:(?<=[{_CHINESE}])|(?<=[{_CHINESE}]\*)|(?<=[{_CHINESE}]\*\*))"
_TOUCHING = re.compile(
    rf"{_AFTER_CHINESE}[{re.escape(_ASCII_MARKS)}]"
    rf"|[{re.escape(_ASCII_MARKS.replace('.', ''))}](?=\**[{_CHINESE}])"
)
# Spans that keep ASCII punctuation, replaced by blanks of the same length
# (so columns still point at the original text).
_EXEMPT = re.compile(
    r"`+[^`]*`+"                              # code span
    r"|https?://[^\s)）>]+"                    # bare URL
    r"|\]\([^)\s]*\)"                         # Markdown link target
    r"|\b(?:min|max|abs|sum|round|ln|log|exp)\([^()]*\)"  # formula function call
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_YAML_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*:(?:\s+|$)")


@dataclass(frozen=True, slots=True)
class Problem:
    """One rule broken on one line."""

    path: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}"


@dataclass(frozen=True, slots=True)
class Glossary:
    """Preferred term for each refused variant."""

    refused: Mapping[str, str]

    def problems(self, text: str) -> Iterator[str]:
        # Longest first, so a longer variant is reported instead of a part of it.
        for variant in sorted(self.refused, key=len, reverse=True):
            if variant in text:
                preferred = self.refused[variant]
                yield f"refused term {variant!r}: the glossary uses {preferred!r}"
                text = text.replace(variant, " " * len(variant))


def load_glossary(path: Path | str) -> Glossary:
    """Read ``preferred: [variant, ...]``; raise ContentError naming what is wrong."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(path, "glossary", "file not found") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, "glossary", f"invalid YAML: {exc}") from None
    if not isinstance(data, dict) or not data:
        raise ContentError(path, "glossary", "must map each preferred term to a list of variants")
    refused: dict[str, str] = {}
    for preferred, variants in data.items():
        if not isinstance(preferred, str) or not preferred.strip():
            raise ContentError(path, "glossary", f"term {preferred!r} must be text")
        if not isinstance(variants, list) or not variants:
            raise ContentError(path, preferred, "needs a list of refused variants")
        for variant in variants:
            if not isinstance(variant, str) or not variant.strip():
                raise ContentError(path, preferred, f"variant {variant!r} must be text")
            if variant in preferred:
                raise ContentError(
                    path, preferred, f"variant {variant!r} is part of the preferred term"
                )
            if variant in refused:
                raise ContentError(
                    path, preferred, f"variant {variant!r} is already listed under "
                    f"{refused[variant]!r}"
                )
            refused[variant] = preferred
    return Glossary(MappingProxyType(refused))


def check_tree(root: Path | str) -> list[Problem]:
    """Check every Markdown file under root (articles, FAQ, pages) against both rules."""
    root = Path(root)
    glossary = load_glossary(root / GLOSSARY_FILE)
    problems: list[Problem] = []
    for path in sorted(root.glob("*/*.md")):
        problems.extend(check_file(path, glossary))
    return problems


def check_file(path: Path, glossary: Glossary) -> list[Problem]:
    """Problems in one file, in line order."""
    name = path.as_posix()
    return [
        Problem(name, number, problem)
        for number, text in _checked_lines(path.read_text(encoding="utf-8"))
        for problem in _line_problems(text, glossary)
    ]


def _checked_lines(raw: str) -> Iterator[tuple[int, str]]:
    """(line number, text to check) for prose lines; front-matter keys and code blanked."""
    lines = raw.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    in_front = bool(lines) and lines[0].rstrip() == "---"
    in_fence = False
    for number, line in enumerate(lines, 1):
        if in_front:
            if number > 1 and line.rstrip() == "---":
                in_front = False
            elif number > 1:
                yield number, _front_matter_value(line)
            continue
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield number, line


def _front_matter_value(line: str) -> str:
    """The value of a YAML line, its key and quoting blanked so columns still match."""
    key = _YAML_KEY.match(line)
    start = key.end() if key else 0
    value = line[start:]
    stripped = value.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "\"'":
        value = value.replace(stripped, " " + stripped[1:-1] + " ", 1)
    elif stripped[:1] == "[" and stripped[-1:] == "]":  # a flow list of tags
        value = value.replace(",", " ").replace("[", " ").replace("]", " ")
    return " " * start + value


def _line_problems(line: str, glossary: Glossary) -> Iterable[str]:
    text = _EXEMPT.sub(lambda m: " " * len(m.group()), line)
    yield from glossary.problems(text)
    for match in _TOUCHING.finditer(text):
        mark = match.group()
        yield (
            f"ASCII {mark!r} next to Chinese text at column {match.start() + 1}: "
            f"use {_SUGGEST[mark]}"
        )
