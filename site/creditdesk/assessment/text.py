"""Bilingual text: every visitor-facing string in a definition has zh and en."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """A string in Chinese (first language) and English."""

    zh: str
    en: str

    def get(self, locale: object) -> str:
        """Return the text for `locale` ("zh", "zh_CN", "zh-Hans"... give zh, else en)."""
        return self.zh if str(locale or "").lower().startswith("zh") else self.en

    def to_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}

    @classmethod
    def plain(cls, value: str) -> Text:
        """Return a Text that reads the same in both languages (numbers, codes)."""
        return cls(value, value)

    @classmethod
    def join(
        cls, parts: list[Text] | tuple[Text, ...], zh_sep: str = "、", en_sep: str = ", "
    ) -> Text:
        return cls(zh_sep.join(p.zh for p in parts), en_sep.join(p.en for p in parts))
