"""Diff mode: `--diff FILE`, `--diff-base REV` (git objects read without git) and
`--changed-files`; the whole repository is checked, only what a change touches is reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from samples import CONFIG_WITHOUT_URL

from zotlint.diffmode import Changes, changed_lines, filter_findings, parse_unified_diff
from zotlint.findings import Finding, Location, Related, Severity
from zotlint.gitobjects import GitError, Repository

BROKEN = CONFIG_WITHOUT_URL
OPENID_LINE = 7
WITH_URL = BROKEN.replace('"port": "5000",', '"port": "5000", "externalUrl": "https://z.example",')


def git(cwd: Path, *args: str) -> str:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(cwd),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    out = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=True)
    return out.stdout.decode("utf-8", errors="replace").strip()


def zl(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zotlint", "check", *args, "--format", "json", "--select", "ZOT101"],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def reported(out: subprocess.CompletedProcess[str]) -> list[tuple[str, int]]:
    assert out.returncode in (0, 1), out.stderr
    return [(f["file"], f["start"]["line"]) for f in json.loads(out.stdout)["findings"]]


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """Two broken files committed; then a change breaks a third and touches one old one."""
    r = tmp_path / "gitops"
    (r / "a").mkdir(parents=True)
    (r / "b").mkdir()
    (r / "a" / "values.yaml").write_text(BROKEN)
    (r / "b" / "values.yaml").write_text(BROKEN)
    (r / "c.yaml").write_text("zot: {}\n")
    git(r, "init", "-q", "-b", "main")
    git(r, "add", "-A")
    git(r, "commit", "-qm", "base")
    git(r, "tag", "base")
    (r / "c.yaml").write_text(BROKEN)  # new mistake
    (r / "b" / "values.yaml").write_text("# owner: platform\n" + BROKEN)  # unrelated edit
    return r


# ---------------------------------------------------------------- the three inputs


def test_diff_file_and_stdin(repo: Path) -> None:
    diff = git(repo, "diff", "-U0", "base")
    (repo.parent / "pr.diff").write_text(diff + "\n")
    assert reported(zl(repo, "--diff", str(repo.parent / "pr.diff"))) == [("c.yaml", OPENID_LINE)]
    assert reported(zl(repo, "--diff", "-", stdin=diff)) == [("c.yaml", OPENID_LINE)]
    # Without diff mode everything is there.
    assert len(reported(zl(repo))) == 3


def test_diff_base_reads_git_objects(repo: Path) -> None:
    assert reported(zl(repo, "--diff-base", "base")) == [("c.yaml", OPENID_LINE)]
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr")
    git(repo, "gc", "-q")  # packed objects, deltas
    assert reported(zl(repo, "--diff-base", "HEAD~1")) == [("c.yaml", OPENID_LINE)]
    assert reported(zl(repo, "--diff-base", "main...HEAD")) == []  # merge base is HEAD
    assert reported(zl(repo, "--diff-base", "HEAD")) == []
    bad = zl(repo, "--diff-base", "no-such-branch")
    assert bad.returncode == 2 and "unknown revision" in bad.stderr


def test_deleting_a_key_reports_at_the_neighbouring_lines(tmp_path: Path) -> None:
    r = tmp_path / "r"
    r.mkdir()
    (r / "values.yaml").write_text(WITH_URL.replace(', "externalUrl"', ',\n "externalUrl"'))
    git(r, "init", "-q")
    git(r, "add", "-A")
    git(r, "commit", "-qm", "base")
    (r / "values.yaml").write_text(BROKEN)  # the externalUrl line is removed
    out = reported(zl(r, "--diff-base", "HEAD"))
    assert out == [("values.yaml", OPENID_LINE)]


def test_changed_files_checks_the_whole_repository(repo: Path) -> None:
    assert reported(zl(repo, "--changed-files", "c.yaml")) == [("c.yaml", OPENID_LINE)]
    assert reported(zl(repo / "a", "--changed-files", "values.yaml")) == [
        ("a/values.yaml", OPENID_LINE)
    ]
    # A deleted file in the list is no error; nothing listed means nothing reported.
    assert reported(zl(repo, "--changed-files", "gone.yaml", "c.yaml")) == [("c.yaml", OPENID_LINE)]
    assert reported(zl(repo, "--changed-files")) == []


# ---------------------------------------------------------------- cross-file findings


def test_cross_file_findings_kept_when_any_end_changed() -> None:
    loc = Location("zot.yaml", 10, 1, 10, 5)
    other = Related(Location("keycloak/realm.json", 40, 3, 42, 1), "the client")
    f = Finding("ZOT9", "x", Severity.ERROR, "m", loc, related=(other,))
    assert filter_findings([f], parse_unified_diff(_diff("keycloak/realm.json", 41))) == [f]
    assert filter_findings([f], parse_unified_diff(_diff("zot.yaml", 10))) == [f]
    assert filter_findings([f], parse_unified_diff(_diff("zot.yaml", 11))) == []
    assert filter_findings([f], parse_unified_diff(_diff("other.yaml", 10))) == []


def _diff(path: str, line: int) -> str:
    return (
        f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n"
        f"@@ -{line} +{line} @@\n-old\n+new\n"
    )


# ---------------------------------------------------------------- the parser


def test_parse_git_diff_shapes(tmp_path: Path) -> None:
    r = tmp_path / "r"
    r.mkdir()
    (r / "f.yaml").write_text("a\nb\nc\nd\ne\n")
    (r / "sp ace.yaml").write_text("x\n")
    (r / "del.yaml").write_text("gone\n")
    (r / "café.yaml").write_text("1\n")
    git(r, "init", "-q")
    git(r, "add", "-A")
    git(r, "commit", "-qm", "base")
    (r / "f.yaml").write_text("a\nB\nc\ne\nf\n")  # replace 2, delete d, add f
    (r / "sp ace.yaml").write_text("x\ny\n")
    (r / "del.yaml").unlink()
    (r / "new.yaml").write_text("-- x\n--- y\n+++ z\n")  # lines that look like headers
    (r / "café.yaml").write_text("1\n2\n")
    git(r, "add", "-A")
    expected = {
        "f.yaml": [2, 3, 4, 5],
        "sp ace.yaml": [2],
        "new.yaml": [1, 2, 3],
        "café.yaml": [2],
    }
    for context in ("-U0", "-U3"):
        assert parse_unified_diff(git(r, "diff", "--cached", context)).files == expected
    noprefix = git(r, "diff", "--cached", "--no-prefix")
    assert parse_unified_diff(noprefix).files == expected
    # The same numbers from a plain text comparison (what --diff-base uses).
    assert changed_lines("a\nb\nc\nd\ne\n", "a\nB\nc\ne\nf\n") == expected["f.yaml"]


def test_changes_touch_ranges() -> None:
    c = Changes()
    c.add_lines("a.yaml", [5, 9])
    assert c.touches(Location("a.yaml", 4, 1, 6, 1))
    assert not c.touches(Location("a.yaml", 6, 1, 8, 1))
    c.add_file("a.yaml")
    assert c.touches(Location("a.yaml", 100, 1, 100, 1))


# ---------------------------------------------------------------- the git reader


def test_repository_reader_agrees_with_git(tmp_path: Path) -> None:
    r = tmp_path / "r"
    r.mkdir()
    git(r, "init", "-q", "-b", "main")
    for i in range(1, 13):
        (r / "f.yaml").write_text("".join(f"line {n}\n" for n in range(i * 40)))
        (r / "d").mkdir(exist_ok=True)
        (r / "d" / f"x{i}.yaml").write_text(f"v{i}\n")
        git(r, "add", "-A")
        git(r, "commit", "-qm", f"c{i}")
    git(r, "tag", "light", "HEAD~5")
    git(r, "tag", "-a", "-m", "annotated", "annotated", "HEAD~3")
    git(r, "gc", "-q", "--aggressive")  # deltas inside a pack
    (r / "f.yaml").write_text("loose\n")
    git(r, "commit", "-qam", "loose object after the pack")

    repo = Repository(r)
    for rev in ("HEAD", "HEAD~1", "HEAD~7", "HEAD^", "main", "light", "main~3^0", "@"):
        assert repo.resolve(rev).hex() == git(r, "rev-parse", f"{rev}^{{commit}}"), rev
    assert repo.resolve("annotated").hex() == git(r, "rev-parse", "annotated^{commit}")
    short = git(r, "rev-parse", "--short=7", "HEAD~2")
    assert repo.resolve(short).hex() == git(r, "rev-parse", "HEAD~2")
    assert repo.resolve("HEAD~4...HEAD").hex() == git(r, "merge-base", "HEAD~4", "HEAD")
    for i in range(0, 12):
        commit = repo.resolve(f"HEAD~{i}")
        for path in ("f.yaml", "d/x3.yaml", "d/x12.yaml"):
            shown = subprocess.run(["git", "show", f"HEAD~{i}:{path}"], cwd=r, capture_output=True)
            expected = shown.stdout if shown.returncode == 0 else None
            assert repo.blob(commit, path) == expected, (i, path)
    assert repo.blob(repo.resolve("HEAD"), "d") is None  # a directory is no file
    with pytest.raises(GitError):
        repo.resolve("HEAD~99")

    # A clone through the pack protocol (thin packs completed with REF_DELTA entries) and a
    # linked worktree (".git" is a file) read the same.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-local", str(r), str(clone))
    c = Repository(clone)
    assert c.resolve("origin/main").hex() == git(r, "rev-parse", "HEAD")
    assert c.blob(c.resolve("origin/main~4"), "f.yaml") == repo.blob(
        repo.resolve("HEAD~4"), "f.yaml"
    )
    wt = tmp_path / "wt"
    git(r, "worktree", "add", "-q", str(wt), "HEAD~2")
    w = Repository(wt)
    assert w.resolve("HEAD").hex() == git(r, "rev-parse", "HEAD~2")
    assert w.resolve("main").hex() == git(r, "rev-parse", "main")


def test_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(BROKEN)
    out = zl(tmp_path, "--diff-base", "HEAD")
    assert out.returncode == 2 and "not the top of a git work tree" in out.stderr


def test_diff_base_starts_no_process_and_opens_no_socket(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from click.testing import CliRunner

    from zotlint.cli import cli

    def forbidden(*_: object, **__: object) -> None:
        raise AssertionError("zotlint check must not start processes or open sockets")

    # __init__ rather than the classes: modules imported later may subclass them.
    monkeypatch.setattr(subprocess.Popen, "__init__", forbidden)
    monkeypatch.setattr(socket.socket, "__init__", forbidden)
    monkeypatch.setattr(os, "fork", forbidden)
    monkeypatch.setattr(os, "posix_spawn", forbidden, raising=False)
    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.chdir(repo)
    args = ["check", ".", "--select", "ZOT101", "--format", "sarif", "--diff-base", "base"]
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 1, (out.output, out.exception)
    (res,) = json.loads(out.stdout)["runs"][0]["results"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "c.yaml"


@pytest.mark.parametrize(
    "text",
    [
        "deploy/values.yaml\nother.yaml\n",  # a file list
        " deploy/values.yaml | 2 +-\n 1 file changed\n",  # git diff --stat
        "just some text",
    ],
)
def test_input_that_is_not_a_diff_is_a_usage_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "a.yaml").write_text("a: 1\n")
    out = subprocess.run(
        [sys.executable, "-m", "zotlint", "check", str(tmp_path), "--diff", "-"],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and out.stdout == ""
    assert "not a unified diff" in out.stderr


def test_an_empty_diff_is_no_change(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: 1\n")
    out = subprocess.run(
        [sys.executable, "-m", "zotlint", "check", str(tmp_path), "--diff", "-"],
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
