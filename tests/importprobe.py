"""What a zotlint command imports: the command runs in a fresh interpreter (the test session
has imported everything already) and reports `sys.modules` when it ends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def modules_after(argv: list[str]) -> set[str]:
    """Every module name loaded once `zotlint *argv` has run (exit 0 or 1 expected)."""
    return set(probe_after(argv, 'print(" ".join(sorted(sys.modules)))').split())


def probe_after(argv: list[str], probe: str, *, before: str = "") -> str:
    """The last line `probe` (Python, `sys` imported) prints once `zotlint *argv` has run in a
    fresh interpreter; `before` runs first (say, to wrap a function)."""
    code = "\n".join(
        [
            "import sys",
            before,
            "from zotlint.__main__ import main",
            f"sys.argv = {['zotlint', *argv]!r}",
            "try:",
            "    main()",
            "except SystemExit as exc:",
            "    assert exc.code in (0, 1), exc.code",
            probe,
        ]
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split("\n")[-2]


def packages_after(argv: list[str]) -> set[str]:
    """The top-level packages of `modules_after`."""
    return {name.split(".")[0] for name in modules_after(argv)}
