from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# Published schemas, vendored with their licences (tests/data/schemas/README.md): a fresh clone
# validates SARIF, action.yml and the pre-commit hooks without the network or ../shared.
SCHEMAS = REPO / "tests" / "data" / "schemas"
NEEDS_SHARED = "needs ../shared (the team's reference corpus, not part of the repository)"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(NEEDS_SHARED)
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


def load_schema(name: str) -> Any:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "network: needs the package index (pip installs zotlint's dependencies); "
        "deselect with -m 'not network'",
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line per kind of test that needs something outside the repository, so a skip or a
    failure there is never a surprise."""
    stats = terminalreporter.stats
    network: dict[str, int] = {}
    shared = 0
    for outcome in ("passed", "failed", "skipped", "error"):
        for rep in stats.get(outcome, []):
            when = getattr(rep, "when", None)
            if "network" in getattr(rep, "keywords", {}):
                if when == "call" or outcome in ("skipped", "error"):
                    network[outcome] = network.get(outcome, 0) + 1
            elif outcome == "skipped" and NEEDS_SHARED in str(rep.longrepr):
                shared += 1
    if network:
        n = sum(network.values())
        outcomes = ", ".join(f"{v} {k}" for k, v in sorted(network.items()))
        terminalreporter.write_line(
            f"network: {n} test{'s' if n != 1 else ''} used the package index "
            f"(pre-commit installs zotlint with pip): {outcomes}; "
            "offline, deselect with -m 'not network'"
        )
    if shared:
        terminalreporter.write_line(
            f"skipped: {shared} test{'s' if shared != 1 else ''} "
            + (NEEDS_SHARED if shared == 1 else NEEDS_SHARED.replace("needs", "need", 1))
        )
