"""Which outputs are flushed to disk before their rename (`zotlint.safeio.atomic_write(durable=)`).

A report is regenerable: the Action's SARIF file (upload-sarif reads it from the page cache in
the same job) and `check -o FILE` are written atomically but without fsync (16 MB took up to
0.3 s of wall time). A baseline and a file `--fix` edits are state a crash must not lose: they
are flushed. Each caller is run the way a user runs it, in this process, counting fsync calls.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from zotlint.cli import cli
from zotlint.ghaction.outputs import write_sarif
from zotlint.safeio import atomic_write

# One finding with a safe fix (ZOT110 adds the `email` scope).
_VALUES = (
    "mountConfig: true\nconfigFiles:\n  config.json: |\n"
    '    {"storage": {"rootDirectory": "/r"}, "http": {"externalUrl": "https://r.example.com",\n'
    '     "auth": {"openid": {"providers": {"oidc": {"issuer": "https://dex.example.com",\n'
    '       "clientid": "zot", "scopes": ["openid"]}}}}}}\n'
)


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files fsync was called on (their descriptor's target)."""
    calls: list[str] = []
    real = os.fsync

    def record(fd: int) -> None:
        calls.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        real(fd)

    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc/self/fd to name the file fsync was called on")
    monkeypatch.setattr(os, "fsync", record)
    return calls


def _repo(tmp_path: Path) -> Path:
    work = tmp_path / "r"
    (work / ".git").mkdir(parents=True)
    (work / "values.yaml").write_text(_VALUES)
    return work


def _check(*args: str) -> None:
    out = CliRunner().invoke(cli, ["check", *args])
    assert out.exit_code in (0, 1), out.output
    assert out.exception is None or isinstance(out.exception, SystemExit), out.exception


def test_the_action_writes_sarif_without_fsync(tmp_path: Path, synced: list[str]) -> None:
    out = tmp_path / "runner" / "zotlint.sarif"
    write_sarif(out, b'{"version": "2.1.0"}')
    assert out.read_bytes() == b'{"version": "2.1.0"}'
    assert synced == []
    assert [p.name for p in out.parent.iterdir()] == ["zotlint.sarif"]  # no temp left
    atomic_write(tmp_path / "other.json", b"{}")  # the default stays durable
    assert len(synced) == 1


@pytest.mark.parametrize("fmt", ["sarif", "json", "text"])
def test_a_report_file_is_renamed_into_place_without_fsync(
    tmp_path: Path, synced: list[str], fmt: str
) -> None:
    work = _repo(tmp_path)
    report = tmp_path / "out" / f"report.{fmt}"
    report.parent.mkdir()
    report.write_text("old")
    _check(str(work), "--select", "ZOT110", "--format", fmt, "-o", str(report))
    assert "ZOT110" in report.read_text()
    assert synced == []
    assert [p.name for p in report.parent.iterdir()] == [report.name]  # renamed, no temp left


def test_a_report_file_still_refuses_a_symlink(tmp_path: Path, synced: list[str]) -> None:
    work = _repo(tmp_path)
    target = tmp_path / "target.txt"
    target.write_text("keep")
    (tmp_path / "link.txt").symlink_to(target)
    out = CliRunner().invoke(cli, ["check", str(work), "-o", str(tmp_path / "link.txt")])
    assert out.exit_code == 2
    assert target.read_text() == "keep"
    assert synced == []


def test_a_baseline_is_flushed_to_disk(tmp_path: Path, synced: list[str]) -> None:
    work = _repo(tmp_path)
    _check(str(work), "--select", "ZOT110", "--write-baseline", str(tmp_path / "base.json"))
    assert (tmp_path / "base.json").is_file()
    assert len(synced) == 1 and synced[0].startswith(".base.json.")  # the temp file, pre-rename


def test_a_fixed_file_is_flushed_to_disk(tmp_path: Path, synced: list[str]) -> None:
    work = _repo(tmp_path)
    _check(str(work), "--select", "ZOT110", "--fix")
    assert '"openid", "email"' in (work / "values.yaml").read_text()
    assert len(synced) == 1 and synced[0].startswith(".values.yaml.")
