from datetime import date
from pathlib import Path

import pytest

from creditdesk.aging import diagnose, load_rates

FIXTURES = Path(__file__).parent / "fixtures"
RATES = Path(__file__).parents[3] / "assessments" / "aging" / "provision-rates.yaml"
AS_OF = date(2025, 10, 15)


@pytest.fixture(scope="session")
def rates():
    return load_rates(RATES)


@pytest.fixture
def run(rates):
    """Diagnose a fixture file by name."""

    def run(name: str, sales=None, as_of=AS_OF):
        return diagnose((FIXTURES / name).read_bytes(), name, as_of, rates, sales).figures

    return run
