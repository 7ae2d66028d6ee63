"""Shared fixtures: the read-only data in ../shared (tests skip when it is absent).

SUMMARIZE_TEST_SHARED points the tests at another folder instead (a missing one shows what a
checkout without ../shared runs).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(
    os.environ.get("SUMMARIZE_TEST_SHARED") or Path(__file__).resolve().parents[1].parent / "shared"
)
SEEDS = SHARED / "seeds"
DUC2004 = SHARED / "data" / "duc2004"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS / "articles").is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture(scope="session")
def duc_dir() -> Path:
    if not (DUC2004 / "docs").is_dir():
        pytest.skip("../shared/data/duc2004 is not present")
    return DUC2004


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
