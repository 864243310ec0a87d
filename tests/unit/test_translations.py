"""Every UI string has a Chinese translation (message ids are English).

The strings are found as `make messages` finds them: Babel's extraction with babel.cfg.
"""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

REPO = Path(__file__).parents[2]
PACKAGE = REPO / "site" / "creditdesk"
CHINESE = PACKAGE / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
# The keywords the Makefile's `pybabel extract -k ...` adds to Babel's defaults.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}


def used_messages() -> dict[tuple[str, str | None], str]:
    """Return {(msgid, context): where} for every translatable string in the code."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map, options_map, keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple | list) else message
        if msgid:
            found.setdefault((msgid, context), f"{filename}:{lineno}")
    return found


def test_the_extraction_finds_python_and_template_strings():
    where = used_messages()
    assert ("Please log in to continue.", None) in where  # Python (create_app)
    assert ("%(num)d view", None) in where  # a template's ngettext
    assert len(where) > 400


def test_zh_cn_catalog_is_complete():
    with CHINESE.open("rb") as fh:
        catalog = read_po(fh, locale="zh_Hans_CN")
    missing = []
    for (msgid, context), where in sorted(used_messages().items()):
        message = catalog.get(msgid, context)
        strings = message.string if message else None
        translated = all(strings) if isinstance(strings, tuple | list) else bool(strings)
        if not translated or message.fuzzy:
            missing.append(f"{where}: {msgid}")
    assert missing == [], "untranslated (run `make messages`, then translate):\n" + "\n".join(
        missing)


def test_one_catalog_per_language():
    catalogs = sorted(p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.po"))
    assert catalogs == [CHINESE.relative_to(PACKAGE)]
