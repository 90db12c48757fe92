"""Fixtures for the Kolada client tests (catalogue, dataset, server, settings: tests/conftest.py)."""

from __future__ import annotations

import pytest

from etl.http import HttpPolicy, HttpSession


@pytest.fixture
def policy() -> HttpPolicy:
    return HttpPolicy.fast()


@pytest.fixture
def session(policy: HttpPolicy):
    with HttpSession(policy) as s:
        yield s
