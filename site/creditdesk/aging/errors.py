"""What can be wrong with an uploaded file: codes the UI translates, with their figures."""

from dataclasses import dataclass, field

MAX_LISTED = 20  # row problems listed one by one; the rest are counted


@dataclass(frozen=True)
class RowProblem:
    """One cell that could not be read: sheet row number, field and what it held."""

    row: int
    field: str  # customer | due_date | invoice_date | amount | a bucket key
    code: str  # bad_date | bad_amount | missing_date | formula_no_value | ambiguous_date
    value: str = ""


@dataclass
class AgingError(Exception):
    """A file that cannot be diagnosed. `code` names the case; `params` fill its message."""

    code: str
    params: dict = field(default_factory=dict)
    problems: tuple[RowProblem, ...] = ()

    def __str__(self) -> str:
        details = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.code}({details})" if details else self.code

    @property
    def listed(self) -> tuple[RowProblem, ...]:
        return self.problems[:MAX_LISTED]

    @property
    def unlisted(self) -> int:
        return max(0, len(self.problems) - MAX_LISTED)
