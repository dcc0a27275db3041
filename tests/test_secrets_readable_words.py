"""Issue 19: a Secret's user name is not a committed secret, and a short readable secret (a
password that is a word) is scrubbed from the lines quoted from the file, never from paths or
messages: `tenants/search-artifacts/…` stayed `tenants/<redacted …>-artifacts/…`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from zotlint.cli import cli
from zotlint.redact import Scrubber, Sensitive

WORD_PASSWORD = (
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: search-db\nstringData:\n"
    "  DB_USER: search\n  password: search\n"
)


def _check(root: Path, *args: str) -> str:
    res = CliRunner().invoke(cli, ["check", str(root), "--select", "ZOT3", *args])
    assert res.exit_code == 1, res.output
    return res.output


def _repo(tmp_path: Path) -> Path:
    folder = tmp_path / "tenants" / "search-artifacts"
    folder.mkdir(parents=True)
    (folder / "db.yaml").write_text(WORD_PASSWORD)
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_a_readable_password_is_scrubbed_from_the_code_frame_not_the_path(tmp_path: Path) -> None:
    out = _check(_repo(tmp_path), "--no-color")
    assert "tenants/search-artifacts/db.yaml:7:3: ZOT303" in out
    frame = [line for line in out.splitlines() if line.lstrip().startswith("7 |")]
    assert frame == [" 7 |   password: <redacted Secret value, 6 chars>"]
    # Only the password key is listed: DB_USER holds a user name.
    assert "Key `password`;" in out and "DB_USER" not in out


def test_json_keeps_paths_whole(tmp_path: Path) -> None:
    doc = json.loads(_check(_repo(tmp_path), "--format", "json"))
    assert [f["file"] for f in doc["findings"]] == ["tenants/search-artifacts/db.yaml"]


def test_scrubber_tiers() -> None:
    scrubber = Scrubber([Sensitive("search", "password"), Sensitive("Zq8mK2vR9xL4", "token")])
    text = "tenants/search-artifacts: search Zq8mK2vR9xL4"
    assert (
        scrubber.scrub(text) == "tenants/search-artifacts: search <redacted token, 12 chars, Z…4>"
    )
    assert scrubber.scrub_source(text) == (
        "tenants/<redacted password, 6 chars>-artifacts: <redacted password, 6 chars> "
        "<redacted token, 12 chars, Z…4>"
    )


def test_a_secret_holding_a_readable_password_is_scrubbed_whole_from_source() -> None:
    # `search` (a readable password) inside a longer secret: replacing the word first left
    # `Zq8mK2vR9xL4`, 12 characters of the longer secret, in the code frame.
    scrubber = Scrubber(
        [Sensitive("search", "password"), Sensitive("search-Zq8mK2vR9xL4", "token")]
    )
    out = scrubber.scrub_source("pw: search-Zq8mK2vR9xL4 and search")
    assert out == "pw: <redacted token, 19 chars, s…4> and <redacted password, 6 chars>"
    scrubber.add(Sensitive("Pw7nQ3sT6yH1", "token"))  # a secret added later is scrubbed too
    assert scrubber.scrub_source("Pw7nQ3sT6yH1") == "<redacted token, 12 chars, P…1>"
