"""Markdown to HTML, table of contents, plain text and reading time."""

from __future__ import annotations

import html
import math
import re
from html.parser import HTMLParser

import markdown
from markdown.extensions.toc import slugify_unicode

from creditdesk.content.models import Heading

_BASE_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol table thead tbody tr th td pre blockquote br hr dt dd".split()
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")


class Renderer:
    """Two Markdown converters reused for every file (reset between uses)."""

    def __init__(self) -> None:
        # slugify_unicode keeps Chinese characters, so 中文 headings get real ids.
        self._body = markdown.Markdown(
            extensions=[*_BASE_EXTENSIONS, "toc"],
            extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-3"}},
        )
        # FAQ answers sit inside a page that already has heading ids: no toc there.
        self._fragment = markdown.Markdown(extensions=_BASE_EXTENSIONS)

    def body(self, source: str) -> tuple[str, tuple[Heading, ...]]:
        """Render a document body; return its HTML and its h2/h3 headings."""
        self._body.reset()
        rendered = self._body.convert(source)
        return rendered, tuple(_flatten(self._body.toc_tokens))

    def fragment(self, source: str) -> str:
        """Render a short piece of Markdown (a FAQ answer)."""
        self._fragment.reset()
        return self._fragment.convert(source)


def _flatten(tokens: list[dict]) -> list[Heading]:
    headings = []
    for token in tokens:
        headings.append(Heading(token["level"], token["id"], html.unescape(token["name"])))
        headings.extend(_flatten(token["children"]))
    return headings


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(rendered: str) -> str:
    """Text of rendered HTML: one line per block, spaces collapsed."""
    extractor = _TextExtractor()
    extractor.feed(rendered)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def reading_minutes(text: str) -> int:
    """Minutes to read: Chinese at ~400 characters a minute, other words at ~200."""
    minutes = len(_CJK.findall(text)) / 400 + len(_WORD.findall(text)) / 200
    return max(1, math.ceil(minutes))


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))
