"""Issue 14: SARIF's `primaryLocationLineHash` (GitHub's rolling hash of the 100 characters
from a line's start) is computed with detected secrets masked, so a SARIF reader cannot test
guesses of a short secret against it; it stays the same from run to run."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from zotlint.cli import cli
from zotlint.linehash import line_hashes

# The password is the last line: the hash window would be `password:<secret>` and nothing else.
SECRET = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: {}\n"


def _hash(tmp_path: Path, name: str, password: str) -> str:
    repo = tmp_path / name
    (repo / ".git").mkdir(parents=True)
    (repo / "db.yaml").write_text(SECRET.format(password))
    res = CliRunner().invoke(cli, ["check", str(repo), "--select", "ZOT303", "--format", "sarif"])
    assert res.exit_code == 1, res.output
    (result,) = json.loads(res.output)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
    return result["partialFingerprints"]["primaryLocationLineHash"]


def test_line_hash_does_not_depend_on_the_secret(tmp_path: Path) -> None:
    one = _hash(tmp_path, "one", "Winter2024")
    assert one == _hash(tmp_path, "two", "Summer1999")  # same length, other secret
    assert one == _hash(tmp_path, "three", "Winter2024")  # stable
    masked = line_hashes(SECRET.format("*" * 10))[6]
    assert one == masked and one != line_hashes(SECRET.format("Winter2024"))[6]
