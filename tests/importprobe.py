"""What a zotlint command imports: the command runs in a fresh interpreter (the test session
has imported everything already) and reports `sys.modules` when it ends."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def modules_after(argv: list[str]) -> set[str]:
    """Every module name loaded once `zotlint *argv` has run (exit 0 or 1 expected)."""
    code = textwrap.dedent(
        f"""
        import sys
        from zotlint.__main__ import main
        sys.argv = {["zotlint", *argv]!r}
        try:
            main()
        except SystemExit as exc:
            assert exc.code in (0, 1), exc.code
        print(" ".join(sorted(sys.modules)))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split("\n")[-2].split())


def packages_after(argv: list[str]) -> set[str]:
    """The top-level packages of `modules_after`."""
    return {name.split(".")[0] for name in modules_after(argv)}
