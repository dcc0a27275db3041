"""Every file of the shared corpus is read without a crash; zot's own examples raise no error
from the zot-config rules (they are verified by zot's CI)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.findings import Severity


def test_corpus_reads_without_internal_errors(shared: Path) -> None:
    result = run([shared / "corpus"], Settings(), root=shared / "corpus")
    assert not result.errors, result.errors
    assert len(result.files) >= 100


def test_zot_examples_have_no_error_level_config_findings(shared: Path) -> None:
    root = shared / "corpus" / "zot-examples"
    result = run([root], Settings(select=["ZOT0", "ZOT1"]), root=root)
    errors = [
        f"{f.location.file}:{f.location.start_line} {f.rule_id} {f.message}"
        for f in result.visible()
        if f.severity == Severity.ERROR
    ]
    assert not errors, "\n".join(errors)


def test_cli_on_corpus_exits_cleanly(shared: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "zotlint", "check", str(shared / "corpus"), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    json.loads(proc.stdout)
