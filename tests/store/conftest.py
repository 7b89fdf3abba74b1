"""Shared fixtures for the storage tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 9, 30))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"
