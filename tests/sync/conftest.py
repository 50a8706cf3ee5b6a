"""The sync core needs no application: no database, no Flask app for these tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _clean_database() -> None:
    """Replace the root conftest's per-test database cleaning, which these tests do not need."""
