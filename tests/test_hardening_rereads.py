"""Issue 14, attack 4 (leftover): reports re-read only the files the run loaded, and only while
they are still those files. Between the load and the re-read (code frames, SARIF line hashes,
`--diff-base`), a pull request's file is swapped for a symlink, a FIFO, a hard link to a file
outside the root, or its directory for a symlink out of the root: the report then quotes
nothing from it, never blocks, and never reads outside the root."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from samples import VALUES_WITHOUT_URL

from zotlint import pipeline
from zotlint.cli import cli

OUTSIDE = "OUTSIDE-THE-ROOT-do-not-quote"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _repo(tmp: Path) -> Path:
    root = tmp / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "deploy").mkdir()
    (root / "deploy" / "values.yaml").write_text(VALUES_WITHOUT_URL)
    # The file a swap points at: outside the root, with the same line count, so a code frame
    # or a line hash read from it would show.
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "values.yaml").write_text((OUTSIDE + "\n") * 20)
    return root


def _to_symlink(root: Path) -> None:
    target = root / "deploy" / "values.yaml"
    link = root / "deploy" / ".swap"
    link.symlink_to(root.parent / "outside" / "values.yaml")
    os.replace(link, target)


def _to_fifo(root: Path) -> None:
    target = root / "deploy" / "values.yaml"
    target.unlink()
    os.mkfifo(target)  # opened without O_NONBLOCK, a read would wait for a writer forever


def _to_hard_link(root: Path) -> None:
    # A regular file, no symlink anywhere: only the inode tells it from the file loaded.
    target = root / "deploy" / "values.yaml"
    target.unlink()
    os.link(root.parent / "outside" / "values.yaml", target)


def _to_linked_directory(root: Path) -> None:
    # The last component is a plain file; the directory on the way leads out of the root.
    shutil.rmtree(root / "deploy")
    (root / "deploy").symlink_to(root.parent / "outside")


SWAPS: dict[str, Callable[[Path], None]] = {
    "symlink": _to_symlink,
    "fifo": _to_fifo,
    "hard link": _to_hard_link,
    "linked directory": _to_linked_directory,
}


def _swap_after_check(monkeypatch: pytest.MonkeyPatch, swap: Callable[[Path], None]) -> None:
    """Let the run load the files, then swap before the front end re-reads anything."""
    original = pipeline.check

    def check_then_swap(setup: pipeline.Setup, *args: object, **kwargs: object) -> object:
        result = original(setup, *args, **kwargs)  # type: ignore[arg-type]
        swap(setup.root)
        return result

    monkeypatch.setattr(pipeline, "check", check_then_swap)


def _invoke(root: Path, *args: str) -> str:
    os.chdir(root)
    res = CliRunner().invoke(cli, ["check", "--select", "ZOT101", *args], catch_exceptions=False)
    assert res.exit_code == 1, res.output
    return res.output


@pytest.mark.parametrize("swap", sorted(SWAPS))
def test_code_frames_never_quote_a_swapped_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: str
) -> None:
    if swap == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    root = _repo(tmp_path)
    monkeypatch.chdir(root)
    # Unswapped, the finding has its code frame (so its absence below means something).
    assert '"openid"' in _invoke(root, "--format", "text")
    _swap_after_check(monkeypatch, SWAPS[swap])
    out = _invoke(root, "--format", "text")
    assert "deploy/values.yaml:9:" in out  # the finding itself is reported
    assert OUTSIDE not in out and '"openid"' not in out and " 9 | " not in out


@pytest.mark.parametrize("swap", sorted(SWAPS))
def test_sarif_line_hashes_never_read_a_swapped_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: str
) -> None:
    if swap == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    root = _repo(tmp_path)
    monkeypatch.chdir(root)
    (result,) = json.loads(_invoke(root, "--format", "sarif"))["runs"][0]["results"]
    assert "primaryLocationLineHash" in result.get("partialFingerprints", {})
    _swap_after_check(monkeypatch, SWAPS[swap])
    (result,) = json.loads(_invoke(root, "--format", "sarif"))["runs"][0]["results"]
    assert "primaryLocationLineHash" not in result.get("partialFingerprints", {})


def _git(root: Path, *args: str) -> None:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "HOME": str(root.parent),
        "PATH": os.environ["PATH"],
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@needs_git
@needs_fifo
@pytest.mark.parametrize("swap", sorted(SWAPS))
def test_diff_base_never_reads_a_swapped_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: str
) -> None:
    root = _repo(tmp_path)
    shutil.rmtree(root / ".git")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    # Changed since HEAD: the finding's line is in the change, so it is kept.
    changed = VALUES_WITHOUT_URL.replace('"auth": {', '"auth":  {')
    assert changed != VALUES_WITHOUT_URL
    (root / "deploy" / "values.yaml").write_text(changed)
    monkeypatch.chdir(root)
    assert "deploy/values.yaml:9:" in _invoke(root, "--diff-base", "HEAD", "--format", "concise")
    _swap_after_check(monkeypatch, SWAPS[swap])
    res = CliRunner().invoke(
        cli,
        ["check", "--select", "ZOT101", "--diff-base", "HEAD", "--format", "concise"],
        catch_exceptions=False,
    )
    # The swapped file is not read again: its lines are not known to have changed, and
    # nothing outside the root was compared or quoted.
    assert res.exit_code == 0, res.output
    assert "deploy/values.yaml:9:" not in res.output and OUTSIDE not in res.output


def test_reported_texts_reads_only_walked_files(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    setup = pipeline.configure([root])
    result = pipeline.check(setup, [root])
    assert set(pipeline.reported_texts(result)) == {"deploy/values.yaml"}
    # A finding on a path the walk never found (as a skipped file's ZOT004 is) is not read.
    del result.walked["deploy/values.yaml"]
    assert pipeline.reported_texts(result) == {}
    # What --fix linted is used as it is: the file on disk is a new inode by then.
    fixed = {"deploy/values.yaml": b"fixed\n"}
    assert pipeline.reported_texts(result, overlay=fixed) == fixed
