"""Message catalogs: each part of the app keeps its own next to its code.

A part is a folder with a `translations/` subfolder; it owns the strings in its
Python files and templates, except those of sub-folders that are parts themselves.
Message ids are English; zh_CN must translate every one of them.
"""

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent
# Babel parses "zh_CN" as zh_Hans_CN (likely script added), and looks up catalogs by that
# name, so the Chinese catalogs live in zh_Hans_CN/.
LOCALES = ("zh_Hans_CN",)
CHINESE = LOCALES[0]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


@dataclass(frozen=True)
class Part:
    root: Path

    @property
    def translations(self) -> Path:
        return self.root / "translations"

    def po_path(self, locale: str) -> Path:
        return self.translations / locale / "LC_MESSAGES" / "messages.po"

    def sources(self):
        """Yield this part's source files, skipping nested parts."""
        nested = [p.root for p in parts() if p.root != self.root and self.root in p.root.parents]
        for path in sorted(self.root.rglob("*")):
            if any(n == path or n in path.parents for n in nested):
                continue
            if "translations" in path.parts or "__pycache__" in path.parts:
                continue
            if path.suffix == ".py":
                yield path, "python"
            elif path.suffix in (".html", ".xml", ".txt") and "templates" in path.parts:
                yield path, "jinja2"


def parts() -> list[Part]:
    return [Part(p.parent) for p in sorted(PACKAGE.rglob("translations")) if p.is_dir()]


def extract(part: Part) -> Catalog:
    """Collect every translatable string the part's code uses."""
    catalog = Catalog(project="creditdesk")
    for path, method in part.sources():
        for lineno, message, comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS
        ):
            catalog.add(message, None, [(str(path.relative_to(PACKAGE)), lineno)],
                        auto_comments=comments, context=context)
    return catalog


def read(part: Part, locale: str) -> Catalog:
    path = part.po_path(locale)
    if not path.exists():
        return Catalog(locale=locale)
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def update(part: Part) -> None:
    """Add new strings to each locale's .po, keeping every existing translation."""
    template = extract(part)
    for locale in LOCALES:
        catalog = read(part, locale)
        catalog.update(template, no_fuzzy_matching=True)
        buffer = BytesIO()
        write_po(buffer, catalog, width=100, omit_header=False, ignore_obsolete=True)
        path = part.po_path(locale)
        # Leave a catalog alone when only its header's creation date would change.
        if path.exists() and _without_dates(path.read_bytes()) == _without_dates(buffer.getvalue()):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buffer.getvalue())


def _without_dates(po: bytes) -> bytes:
    return b"\n".join(line for line in po.splitlines() if b"-Date: " not in line)


def compile_all() -> None:
    for part in parts():
        for locale in LOCALES:
            po = part.po_path(locale)
            if po.exists():
                with po.open("rb") as fh:
                    catalog = read_po(fh, locale=locale)
                with po.with_suffix(".mo").open("wb") as fh:
                    write_mo(fh, catalog)


def missing(part: Part, locale: str) -> list[str]:
    """Return message ids used in code but not translated (or fuzzy) in the locale."""
    catalog = read(part, locale)
    gaps = []
    for message in extract(part):
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        strings = found.string if found else None
        if isinstance(strings, tuple | list):
            ok = found and all(strings)
        else:
            ok = bool(strings)
        if not ok or found.fuzzy:
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def conflicts(locale: str = CHINESE) -> dict[str, set[str]]:
    """Return message ids that parts translate differently.

    Flask-Babel merges every part's catalog into one, so one of two different
    translations of the same English text silently wins on every page.
    """
    seen: dict[str, set[str]] = {}
    for part in parts():
        for message in read(part, locale):
            if message.id and message.string and not message.fuzzy:
                key = message.id if isinstance(message.id, str) else message.id[0]
                value = message.string if isinstance(message.string, str) else message.string[0]
                seen.setdefault(key, set()).add(value)
    return {key: values for key, values in seen.items() if len(values) > 1}


def main(argv: list[str] | None = None) -> int:
    """`python -m creditdesk.translate update|compile|check` (no app needed)."""
    import sys

    command = (argv if argv is not None else sys.argv[1:] or ["check"])[0]
    if command == "update":
        for part in parts():
            update(part)
    if command == "compile":
        compile_all()
        return 0
    status = 0
    for part in parts():
        gaps = missing(part, CHINESE)
        print(f"{part.root.relative_to(PACKAGE.parent)}: {len(gaps)} untranslated")
        for gap in gaps:
            print(f"  {gap}")
        status = status or (1 if gaps and command == "check" else 0)
    for key, values in sorted(conflicts().items()):
        print(f"conflicting translations of {key!r}: {sorted(values)}")
        status = 1 if command == "check" else status
    return status


if __name__ == "__main__":
    raise SystemExit(main())
