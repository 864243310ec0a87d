from pathlib import Path

import pytest

from creditdesk.content import load_library

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def library():
    return load_library(FIXTURES / "library")
