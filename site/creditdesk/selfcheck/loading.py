"""Read the questionnaire definitions (create_app does, once) and find them per request."""

from pathlib import Path

from flask import current_app

from ..assessment import Definition, DefinitionError, load_definition

EXTENSION = "creditdesk.assessments"
# The definition the public self-check asks; others in the folder are loaded and checked.
SELFCHECK_ID = "credit-risk-selfcheck"


def read_definitions(folder: Path, slugs: frozenset[str]) -> dict[str, Definition]:
    """Read every assessments/*.yaml; a broken one stops the start with one line.

    `slugs` are the loaded articles a question may link to (so content loads first).
    """
    definitions: dict[str, Definition] = {}
    try:
        for path in sorted(folder.glob("*.yaml")):
            definition = load_definition(path, known_articles=slugs)
            if definition.id in definitions:
                raise DefinitionError(path, "id", f"{definition.id!r} is used by another file")
            definitions[definition.id] = definition
    except DefinitionError as err:
        # One line naming file, question and problem, not a traceback (as for content).
        raise SystemExit(f"creditdesk: assessment error: {err}") from None
    if not definitions:
        raise SystemExit(f"creditdesk: assessment error: {folder}: no *.yaml definition")
    return definitions


def definitions() -> dict[str, Definition]:
    """Return the loaded definitions by id."""
    return current_app.extensions[EXTENSION]


def selfcheck_definition() -> Definition:
    """Return the definition the self-check asks (the first loaded if the usual is absent)."""
    loaded = definitions()
    return loaded.get(SELFCHECK_ID) or next(iter(loaded.values()))
