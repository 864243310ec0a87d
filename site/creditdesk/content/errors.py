"""The one exception the loader raises."""

from pathlib import Path


class ContentError(Exception):
    """A content file that cannot be loaded: which file, which field, what is wrong."""

    def __init__(self, path: Path | str, field: str, problem: str) -> None:
        self.path = Path(path).as_posix()
        self.field = field
        # One line, always: the message goes to a terminal and to CI logs.
        self.problem = " ".join(str(problem).split())
        super().__init__(f"{self.path}: {self.field}: {self.problem}")


class Invalid(ValueError):
    """Raised by a field normaliser; the reader adds the file and field."""
