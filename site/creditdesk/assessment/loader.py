"""Read a questionnaire definition from YAML into immutable, validated objects."""

from __future__ import annotations

from pathlib import Path

import yaml

from .. import strict_yaml
from . import checks
from .definition import Definition, DefinitionError
from .reader import Reader

__all__ = ["DefinitionError", "load_definition"]


def load_definition(path: Path, known_articles: frozenset[str] | None = None) -> Definition:
    """Load and validate one definition; `known_articles` None skips the article-link check."""
    path = Path(path)
    try:
        data = strict_yaml.load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DefinitionError(path, "file", f"cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or str(exc)
        raise DefinitionError(path, where, f"is not valid YAML: {problem}") from None
    reader = Reader(path)
    definition = reader.definition(data)
    checks.check(definition, reader.fail, known_articles)
    return definition
