"""The Action's SARIF file is written atomically but not flushed to disk (upload-sarif reads it
in the same job; writing 16 MB to disk took 0.15-0.3 s of the step); other outputs still are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from zotlint.ghaction.outputs import write_sarif
from zotlint.safeio import atomic_write


def test_the_action_writes_sarif_without_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    out = tmp_path / "runner" / "zotlint.sarif"
    write_sarif(out, b'{"version": "2.1.0"}')
    assert out.read_bytes() == b'{"version": "2.1.0"}'
    assert synced == []
    # The CLI's report, a baseline, a fixed file: flushed to disk before the rename.
    atomic_write(tmp_path / "report.json", b"{}")
    assert len(synced) == 1
    assert not [p for p in out.parent.iterdir() if p.name != "zotlint.sarif"]  # no temp left
