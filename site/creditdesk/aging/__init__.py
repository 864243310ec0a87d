"""Receivables health check: read an aging report, diagnose the whole ledger.

A pure core in the style of `content/` and `assessment/`: bytes in, immutable figures out,
no Flask, no disk, no database. The web page and `flask tools aging` both call `diagnose`.
"""

from .diagnosis import Diagnosis, diagnose
from .errors import AgingError, RowProblem
from .rates import ProvisionRates, RatesError, load_rates
from .reader import MAX_BYTES, MAX_ROWS, read_table

__all__ = [
    "MAX_BYTES", "MAX_ROWS", "AgingError", "Diagnosis", "ProvisionRates", "RatesError",
    "RowProblem", "diagnose", "load_rates", "read_table",
]
