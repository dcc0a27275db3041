"""The vendored schemas are the upstream files, unedited, each with its licence text."""

from __future__ import annotations

import hashlib
import re

from conftest import SCHEMAS


def test_vendored_schemas_match_their_recorded_sums() -> None:
    readme = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+\.json)` \|.*\| ([0-9a-f]{64}) \|$", readme, re.M)
    files = sorted(p.name for p in SCHEMAS.glob("*.json"))
    assert sorted(name for name, _ in rows) == files
    for name, digest in rows:
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest, name
    for licence in re.findall(r"`([\w.-]+\.(?:txt|md))`", readme):
        assert (SCHEMAS / "licenses" / licence).is_file(), licence
