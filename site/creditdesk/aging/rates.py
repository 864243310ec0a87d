"""The provision matrix's loss rates: a YAML file in assessments/ a credit analyst edits."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from .headers import BUCKETS


class RatesError(ValueError):
    """A rates file that cannot be used: names the file and the problem in one line."""

    def __init__(self, path, problem: str):
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class ProvisionRates:
    version: str
    rates: tuple[Decimal, ...]  # one per bucket, BUCKETS order
    source: dict[str, str]  # language -> where the rates come from


def load_rates(path: Path) -> ProvisionRates:
    """Read and check the rates: every bucket, 0 to 100 %, never falling with age."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise RatesError(path, f"cannot read: {err}") from None
    if not isinstance(data, dict):
        raise RatesError(path, "expected a mapping with version, source and rates")
    unknown = set(data) - {"version", "source", "rates"}
    if unknown:
        raise RatesError(path, f"unknown key {sorted(unknown)[0]!r}")
    version, source, table = data.get("version"), data.get("source"), data.get("rates")
    if not isinstance(version, str) or not version:
        raise RatesError(path, "version must be a quoted text, e.g. \"2026.12\"")
    if not isinstance(source, dict) or not {"zh", "en"} <= set(source):
        raise RatesError(path, "source needs a zh and an en text")
    if not isinstance(table, dict) or set(map(str, table)) != set(BUCKETS):
        raise RatesError(path, f"rates needs exactly the buckets {', '.join(BUCKETS)}")
    rates = tuple(_rate(path, key, {str(k): v for k, v in table.items()}[key])
                  for key in BUCKETS)
    for before, after, key in zip(rates, rates[1:], BUCKETS[1:], strict=False):
        if after < before:
            raise RatesError(path, f"rate for {key} is lower than the bucket before it")
    return ProvisionRates(version, rates, {k: str(v) for k, v in source.items()})


def _rate(path, key: str, value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RatesError(path, f"rate for {key} must be a percentage such as 2.5")
    try:
        percent = Decimal(str(value).rstrip("%").strip())
    except InvalidOperation:
        raise RatesError(path, f"rate for {key} must be a percentage such as 2.5") from None
    if not 0 <= percent <= 100:
        raise RatesError(path, f"rate for {key} must lie between 0 and 100")
    return percent / 100
