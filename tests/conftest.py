from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present on this machine")
    return SHARED


def zl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`zotlint ARGS` in a subprocess (as a user runs it)."""
    return subprocess.run(
        [sys.executable, "-m", "zotlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )
