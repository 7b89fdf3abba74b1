"""SIGKILL a writer again and again (plain and encrypted): nothing acknowledged is lost,
no file is ever unreadable. 100 kills each here; ``benchmarks/torture.py`` runs 1,000."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.torture import run  # noqa: E402

KILLS = 100


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the torture run forks its writers")
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_hundred_kills_lose_nothing(tmp_path: Path, encrypted: bool) -> None:
    seed = random.randrange(1 << 30)
    result = run(KILLS, encrypted=encrypted, data_dir=tmp_path / "data", seed=seed)
    assert result.acknowledged > 0, f"nothing was acknowledged (seed {seed})"
    assert (result.lost, result.duplicated, result.unreadable, result.notices) == (0, 0, 0, 0), \
        f"{result} (seed {seed})"
