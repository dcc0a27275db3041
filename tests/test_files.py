"""Tests for zotlint.files: discovery, gitignore semantics, symlinks, limits.

Trees are built in tmp_path. Ignore semantics are checked against expected
sets written by hand and, where git is installed, against git itself
(`git ls-files --others --exclude-standard` and `git check-ignore`).
"""

from __future__ import annotations

import importlib
import os
import random
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
from unprivileged import run_unprivileged, shared_tmp

from zotlint import files
from zotlint.files import (
    REASON_BROKEN_LINK,
    REASON_HELM,
    REASON_LINK_LOOP,
    REASON_LINK_OUTSIDE_ROOT,
    REASON_NOT_REGULAR,
    REASON_OUTSIDE_ROOT,
    REASON_PERMISSION,
    Candidate,
    Skipped,
    discover,
    find_root,
)

WALKER = importlib.import_module("zotlint.files.discover")  # `files.discover` is the function
GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def make(root: Path, tree: Mapping[str, str] | Iterable[str]) -> None:
    """Create files (names ending in "/" are empty directories)."""
    items = tree.items() if isinstance(tree, Mapping) else ((name, "x: 1\n") for name in tree)
    for name, content in items:
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)


def rels(root: Path, paths: Iterable[str | Path] | None = None, **kwargs: object) -> set[str]:
    candidates, _ = discover(list(paths) if paths is not None else [root], root=root, **kwargs)  # type: ignore[arg-type]
    return {c.rel for c in candidates}


def skipped(
    root: Path, paths: Iterable[str | Path] | None = None, **kwargs: object
) -> dict[str, str]:
    _, skips = discover(list(paths) if paths is not None else [root], root=root, **kwargs)  # type: ignore[arg-type]
    return {s.rel: s.reason for s in skips}


def git_env(home: Path) -> dict[str, str]:
    # Isolate from the caller: no global/system config or excludes file, and
    # no GIT_DIR & co. leaking in when the suite runs from a git hook.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    home.mkdir(exist_ok=True)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    return env


def run_git(git_tree: Path, *args: str, stdin: bytes | None = None) -> bytes:
    assert GIT is not None
    done = subprocess.run(
        [GIT, *args],
        cwd=git_tree,
        env=git_env(git_tree.parent / "git-home"),
        input=stdin,
        capture_output=True,
        check=False,
    )
    # check-ignore exits 1 when nothing is ignored; anything else is a failure.
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    return done.stdout


@pytest.fixture
def git_tree(tmp_path: Path) -> Path:
    """A git work tree: real `git init` when git exists, else a bare .git."""
    root = tmp_path / "git_tree"
    root.mkdir()
    if GIT is not None:
        run_git(root, "init", "-q")
    (root / ".git" / "info").mkdir(parents=True, exist_ok=True)
    return root


def git_untracked(git_tree: Path) -> set[str]:
    out = run_git(git_tree, "ls-files", "-z", "--others", "--exclude-standard")
    return set(os.fsdecode(out).split("\0")) - {""}


def git_ignored(git_tree: Path, paths: Iterable[str]) -> set[str]:
    out = run_git(
        git_tree, "check-ignore", "-z", "--stdin", stdin=b"\0".join(map(os.fsencode, paths))
    )
    return set(os.fsdecode(out).split("\0")) - {""}


def all_files(root: Path) -> set[str]:
    found = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            found.add(Path(dirpath, name).relative_to(root).as_posix())
    return found


# --------------------------------------------------------------------------
# gitignore semantics
# --------------------------------------------------------------------------


def test_nested_gitignore_anchoring(git_tree: Path) -> None:
    make(
        git_tree,
        {
            ".gitignore": "/top.yaml\nsub/deep.yaml\nname.yaml\n",
            "a/.gitignore": "/local.yaml\nx/y.yaml\n*.tmp.yaml\n",
        },
    )
    make(
        git_tree,
        [
            "top.yaml",  # ignored: /top.yaml is anchored to the root
            "a/top.yaml",
            "sub/deep.yaml",  # ignored: a middle slash anchors too
            "a/sub/deep.yaml",
            "name.yaml",  # ignored at any depth: no slash
            "a/b/name.yaml",
            "local.yaml",
            "a/local.yaml",  # ignored: anchored to a/
            "a/b/local.yaml",
            "x/y.yaml",
            "a/x/y.yaml",  # ignored
            "a/b/x/y.yaml",
            "c.tmp.yaml",  # a/.gitignore does not reach its parent
            "a/d/c.tmp.yaml",  # ignored
        ],
    )
    assert rels(git_tree) == {
        ".gitignore",
        "a/.gitignore",
        "a/top.yaml",
        "a/sub/deep.yaml",
        "local.yaml",
        "a/b/local.yaml",
        "x/y.yaml",
        "a/b/x/y.yaml",
        "c.tmp.yaml",
    }


def test_negation_last_match_wins_and_deeper_files_override(git_tree: Path) -> None:
    make(
        git_tree,
        {
            ".gitignore": "*.yaml\n!keep.yaml\n!important.yaml\n",
            "sub/.gitignore": "keep.yaml\n!sub-only.yaml\n",
        },
    )
    make(git_tree, ["x.yaml", "keep.yaml", "sub/keep.yaml", "sub/sub-only.yaml", "sub/x.yaml"])
    make(git_tree, ["important.yaml", "deep/important.yaml"])
    assert rels(git_tree, suffixes=frozenset({".yaml"})) == {
        "keep.yaml",
        "sub/sub-only.yaml",
        "important.yaml",
        "deep/important.yaml",
    }


def test_directory_only_patterns(git_tree: Path) -> None:
    make(git_tree, {".gitignore": "build/\nlogs/\n/out/\n"})
    make(
        git_tree,
        [
            "build/a.yaml",
            "src/build/b.yaml",  # build/ matches directories at any depth
            "logs",  # a file named like a dir-only pattern stays
            "src/logs",
            "out/c.yaml",
            "src/out/d.yaml",  # /out/ is anchored
        ],
    )
    assert rels(git_tree) == {".gitignore", "logs", "src/logs", "src/out/d.yaml"}


def test_double_star_forms(git_tree: Path) -> None:
    make(
        git_tree,
        {
            ".gitignore": "**/gen.yaml\na/**/b.yaml\nout/**\n**/cache/\nx**y.yaml\n",
        },
    )
    make(
        git_tree,
        [
            "gen.yaml",
            "p/q/gen.yaml",
            "a/b.yaml",  # /**/ matches zero directories
            "a/x/b.yaml",
            "a/x/y/b.yaml",
            "z/a/b.yaml",  # a/**/b.yaml is anchored
            "out/o.yaml",
            "out/deep/o.yaml",
            "p/cache/c.yaml",
            "cache/c.yaml",
            "xay.yaml",  # x**y outside a path component is a plain *
            "x/y.yaml",  # ... and does not cross /
        ],
    )
    assert rels(git_tree) == {".gitignore", "z/a/b.yaml", "x/y.yaml"}


def test_parent_directory_excluded_cannot_be_reincluded(git_tree: Path) -> None:
    make(
        git_tree,
        {
            ".gitignore": "secret/\n!secret/keep.yaml\nprivate/*\n!private/keep.yaml\n",
        },
    )
    make(git_tree, ["secret/keep.yaml", "secret/x.yaml", "private/keep.yaml", "private/x.yaml"])
    # secret/ itself is excluded, so nothing below it can come back;
    # private/* excludes the children only, so the negation works.
    assert rels(git_tree) == {".gitignore", "private/keep.yaml"}


def test_info_exclude_has_lowest_priority(git_tree: Path) -> None:
    (git_tree / ".git" / "info" / "exclude").write_text("*.local.yaml\nscratch/\n")
    make(git_tree, {".gitignore": "!keep.local.yaml\n"})
    make(git_tree, ["a.local.yaml", "keep.local.yaml", "scratch/s.yaml", "b.yaml"])
    assert rels(git_tree) == {".gitignore", "keep.local.yaml", "b.yaml"}


def test_comments_escapes_and_trailing_spaces(git_tree: Path) -> None:
    make(
        git_tree,
        {
            ".gitignore": (
                "# a comment line\n"
                "\n"
                "\\#hash.yaml\n"  # \# makes a pattern that starts with #
                "\\!bang.yaml\n"  # \! is a literal !, not negation
                "trail.yaml   \n"  # unescaped trailing spaces are dropped
                "space.yaml\\ \n"  # an escaped trailing space is kept
                "crlf.yaml\r\n"  # CRLF line endings
                "[ab]?.yaml\n"
                "[!c]lass.yaml\n"
            ),
        },
    )
    make(
        git_tree,
        [
            "#hash.yaml",
            "# a comment line",
            "!bang.yaml",
            "trail.yaml",
            "space.yaml ",
            "space.yaml",
            "crlf.yaml",
            "a1.yaml",
            "c1.yaml",
            "dlass.yaml",
            "class.yaml",
        ],
    )
    assert rels(git_tree) == {
        ".gitignore",
        "# a comment line",
        "space.yaml",
        "c1.yaml",
        "class.yaml",
    }


def test_gitignore_not_applied_outside_a_git_work_tree(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "*.yaml\n"})
    make(tmp_path, ["a.yaml", "node_modules/m.yaml"])
    assert rels(tmp_path) == {".gitignore", "a.yaml"}


def test_symlinked_gitignore_is_not_read(git_tree: Path) -> None:
    # git refuses symlinked .gitignore files; they could also point anywhere.
    make(git_tree, {"rules.txt": "*.yaml\n"})
    (git_tree / ".gitignore").symlink_to("rules.txt")
    make(git_tree, ["a.yaml"])
    assert "a.yaml" in rels(git_tree)


# --------------------------------------------------------------------------
# git itself as the oracle
# --------------------------------------------------------------------------

TRICKY_IGNORES = {
    ".gitignore": (
        "# tricky fixture\n"
        "*.log\n"
        "!important.log\n"
        "/root-only.yaml\n"
        "build/\n"
        "docs/**/draft.md\n"
        "**/tmp/**\n"
        "secret/\n"
        "!secret/keep.yaml\n"
        "private/*\n"
        "!private/keep.yaml\n"
        "\\#hash\n"
        "\\!bang\n"
        "trailing.yaml   \n"
        "[Bb]ackup?.yaml\n"
        "**/cache\n"
        "a/**/z.yaml\n"
        "x**y\n"
        "o**/p.yaml\n"
        "*.y[a-m]l\n"
        "!*.yaml\n"
        "[[:digit:]]*.cfg\n"
    ),
    "nested/.gitignore": ("/anchored.yaml\ndeep/x.yaml\n!*.log\n*.yaml\n!keep-*.yaml\nsub/\n"),
    "nested/inner/.gitignore": "!*.yaml\nsub\n",
}

TRICKY_FILES = [
    "app.log",
    "important.log",
    "root-only.yaml",
    "x/root-only.yaml",
    "build/out.yaml",
    "src/build/out.yaml",
    "lib/build",  # a file, not a directory: "build/" does not match it
    "docs/draft.md",
    "docs/a/b/draft.md",
    "docs/a/final.md",
    "tmp/t.yaml",
    "p/tmp/t.yaml",
    "p/tmp/q/t.yaml",
    "secret/keep.yaml",
    "secret/other.yaml",
    "private/keep.yaml",
    "private/other.yaml",
    "#hash",
    "!bang",
    "trailing.yaml",
    "backup1.yaml",
    "Backup2.yaml",
    "backup.yaml",
    "cache",
    "deep/cache/c.yaml",
    "a/z.yaml",
    "a/b/c/z.yaml",
    "b/a/z.yaml",
    "xay",
    "x/y",
    "op.yaml",
    "o/p.yaml",
    "o/q/p.yaml",
    "other/p.yaml",
    "values.yml",
    "values.yaml",
    "1st.cfg",
    "first.cfg",
    "nested/anchored.yaml",
    "nested/more/anchored.yaml",
    "nested/deep/x.yaml",
    "nested/n.log",
    "nested/keep-me.yaml",
    "nested/drop.yaml",
    "nested/sub/s.txt",
    "nested/inner/back.yaml",
    "nested/inner/sub",
    "nested/inner/anchored.yaml",
    "nested/inner/deep/x.yaml",
    "unicode/é.yaml",
    "space dir/file name.txt",
]


@needs_git
def test_matches_git_on_tricky_fixture(git_tree: Path) -> None:
    make(git_tree, TRICKY_IGNORES)
    make(git_tree, TRICKY_FILES)
    (git_tree / ".git" / "info" / "exclude").write_text("*.cfg\n!first.cfg\n")
    ours = rels(git_tree)
    assert ours == git_untracked(git_tree)
    everything = all_files(git_tree)
    assert everything - ours == git_ignored(git_tree, sorted(everything))
    # The fixture must actually exercise both outcomes.
    assert len(everything - ours) > 20
    assert len(ours) > 15


# Building blocks for random patterns: real names, wildcards, classes,
# escapes and the odd malformed piece.
_NAMES = ["a", "b", "ab", "doc", "x y", "é", "f.txt", "g.yaml", "#h", "!bang", "[x]", "tr "]
_ATOMS = [
    "*", "?", "**", "[ab]", "[!a]", "[^a]", "[a-c]", "[]]", "[[:alpha:]]", "[[:bogus:]]",
    "\\*", "\\ ", " ", "!", "#", "\\!", "[a-]", "[z-a]", "[a", "\\\\", "*.y*ml", ".*",
    "?.*", "a**", "**a",
]  # fmt: skip


def _random_pattern(rng: random.Random) -> str:
    def component() -> str:
        if rng.random() < 0.5:
            name = rng.choice(_NAMES)
            if rng.random() < 0.4:
                cut = rng.randint(0, len(name))
                name = name[:cut] + rng.choice(_ATOMS) + name[cut + rng.randint(0, 2) :]
            return name
        return "".join(rng.choice(_ATOMS) for _ in range(rng.randint(1, 2)))

    pattern = "/".join(component() for _ in range(rng.choice([1, 1, 2, 3])))
    if rng.random() < 0.25:
        pattern = "/" + pattern
    if rng.random() < 0.25:
        pattern += "/"
    if rng.random() < 0.3:
        pattern = "!" + pattern
    if rng.random() < 0.1:
        pattern += rng.choice(["  ", " \\ ", "\t", "\\"])
    return pattern


@needs_git
def test_matches_git_on_random_patterns(git_tree: Path) -> None:
    rng = random.Random(20240601)
    dirs = ["", "a", "a/b", "b", "doc", "x y", "é", "[x]", "a/b/a"]
    for directory in dirs:
        for name in _NAMES:
            if name not in dirs:
                make(git_tree, [f"{directory}/{name}" if directory else name])
    for case in range(40):
        for old in git_tree.rglob(".gitignore"):
            old.unlink()
        for directory in rng.sample(dirs, rng.randint(1, 4)):
            lines = "\n".join(_random_pattern(rng) for _ in range(rng.randint(1, 8)))
            (git_tree / directory / ".gitignore").write_text(lines + "\n")
        (git_tree / ".git" / "info" / "exclude").write_text(_random_pattern(rng) + "\n")
        ignores = {
            p.relative_to(git_tree).as_posix(): p.read_text()
            for p in [*git_tree.rglob(".gitignore"), git_tree / ".git/info/exclude"]
        }
        assert rels(git_tree) == git_untracked(git_tree), (case, ignores)


# --------------------------------------------------------------------------
# skipped directories, exclude globs
# --------------------------------------------------------------------------


def test_vendored_and_tool_directories_are_skipped(tmp_path: Path) -> None:
    for name in files.ALWAYS_SKIPPED_DIRS - {".git"}:
        make(tmp_path, [f"{name}/x.yaml", f"deep/{name}/y.yaml"])
    make(tmp_path, ["vendor.yaml", "other/vendor", "ok/x.yaml"])
    assert rels(tmp_path) == {"vendor.yaml", "other/vendor", "ok/x.yaml"}


def test_exclude_globs(git_tree: Path) -> None:
    make(
        git_tree,
        [
            "generated/a.yaml",
            "src/generated/b.yaml",
            "c.bak.yaml",
            "src/d.bak.yaml",
            "top-only.yaml",
            "src/top-only.yaml",
            "docs/x/y/draft.yaml",
            "docs/final.yaml",
            "keep/e.bak.yaml",
        ],
    )
    found = rels(
        git_tree,
        exclude=[
            "generated/",
            "*.bak.yaml",
            "!keep/*.bak.yaml",
            "./top-only.yaml",
            "docs/**/draft.yaml",
        ],
    )
    assert found == {"src/top-only.yaml", "docs/final.yaml", "keep/e.bak.yaml"}


# --------------------------------------------------------------------------
# symlinks
# --------------------------------------------------------------------------


def test_symlinks_out_of_root_are_skipped_with_reason(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    make(outside, ["secret.yaml", "dir/inner.yaml"])
    root = tmp_path / "root"
    make(root, ["a.yaml"])
    (root / "file-link.yaml").symlink_to(outside / "secret.yaml")
    (root / "dir-link").symlink_to(outside / "dir")
    (root / "relative-link.yaml").symlink_to("../outside/secret.yaml")
    candidates, skips = discover([root], root=root)
    assert [c.rel for c in candidates] == ["a.yaml"]
    assert skips == [
        Skipped("dir-link", REASON_LINK_OUTSIDE_ROOT),
        Skipped("file-link.yaml", REASON_LINK_OUTSIDE_ROOT),
        Skipped("relative-link.yaml", REASON_LINK_OUTSIDE_ROOT),
    ]
    # Named explicitly, they are still refused.
    assert skipped(root, [root / "file-link.yaml", root / "dir-link"]) == {
        "file-link.yaml": REASON_LINK_OUTSIDE_ROOT,
        "dir-link": REASON_LINK_OUTSIDE_ROOT,
    }


def test_symlinks_inside_root_are_followed(tmp_path: Path) -> None:
    make(tmp_path, ["scan/a.yaml", "lib/shared.yaml", "lib/sub/s.yaml"])
    (tmp_path / "scan" / "link.yaml").symlink_to("../lib/shared.yaml")
    (tmp_path / "scan" / "lib-link").symlink_to("../lib")
    assert rels(tmp_path, [tmp_path / "scan"]) == {
        "scan/a.yaml",
        "scan/link.yaml",
        "scan/lib-link/shared.yaml",
        "scan/lib-link/sub/s.yaml",
    }


def test_symlinked_directory_already_scanned_is_not_repeated(tmp_path: Path) -> None:
    # "a-link" sorts before its target: the target's files must still be
    # reported under their real name, once.
    make(tmp_path, ["z-target/t.yaml"])
    (tmp_path / "a-link").symlink_to("z-target")
    candidates, skips = discover([tmp_path], root=tmp_path)
    assert [c.rel for c in candidates] == ["z-target/t.yaml"]
    assert skips == []


def test_symlink_cycles_terminate(tmp_path: Path) -> None:
    make(tmp_path, ["a/x.yaml", "a/b/y.yaml"])
    (tmp_path / "a" / "b" / "up").symlink_to("..")
    (tmp_path / "a" / "self").symlink_to(".")
    (tmp_path / "a" / "b" / "root").symlink_to(tmp_path)
    assert rels(tmp_path) == {"a/x.yaml", "a/b/y.yaml"}


def test_broken_and_looping_symlinks(tmp_path: Path) -> None:
    make(tmp_path, ["ok.yaml"])
    (tmp_path / "broken.yaml").symlink_to("missing.yaml")
    (tmp_path / "loop-a.yaml").symlink_to("loop-b.yaml")
    (tmp_path / "loop-b.yaml").symlink_to("loop-a.yaml")
    candidates, skips = discover([tmp_path], root=tmp_path)
    assert [c.rel for c in candidates] == ["ok.yaml"]
    assert skips == [
        Skipped("broken.yaml", REASON_BROKEN_LINK),
        Skipped("loop-a.yaml", REASON_LINK_LOOP),
        Skipped("loop-b.yaml", REASON_LINK_LOOP),
    ]
    # An explicit broken link is skipped too, not a "no such file" error.
    assert skipped(tmp_path, [tmp_path / "broken.yaml"]) == {"broken.yaml": REASON_BROKEN_LINK}


# --------------------------------------------------------------------------
# unreadable things, special files, size
# --------------------------------------------------------------------------


def test_unreadable_directory_is_skipped() -> None:
    # The kernel refuses, as it does a normal user: under root the walk runs as `nobody`.
    with shared_tmp() as root:
        make(root, ["ok.yaml", "locked/x.yaml", "unreadable.yaml"])
        (root / "locked").chmod(0)
        (root / "unreadable.yaml").chmod(0)
        candidates, skips = run_unprivileged(lambda: discover([root], root=root))
    assert [c.rel for c in candidates] == ["ok.yaml"]
    assert skips == [
        Skipped("locked", REASON_PERMISSION),
        Skipped("unreadable.yaml", REASON_PERMISSION),
    ]


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend to be an unprivileged user the files don't belong to, and have
    # the kernel refuse: only files whose mode bits deny reading get asked.
    make(tmp_path, ["readable.yaml", "private.yaml"])
    (tmp_path / "readable.yaml").chmod(0o644)
    (tmp_path / "private.yaml").chmod(0o600)
    asked = []

    def fake_access(path: object, mode: int) -> bool:
        asked.append(os.path.basename(os.fspath(path)))  # type: ignore[arg-type]
        return False

    monkeypatch.setattr(WALKER.os, "geteuid", lambda: 4242)
    monkeypatch.setattr(WALKER.os, "access", fake_access)
    candidates, skips = discover([tmp_path], root=tmp_path)
    assert [c.rel for c in candidates] == ["readable.yaml"]
    assert skips == [Skipped("private.yaml", REASON_PERMISSION)]
    assert asked == ["private.yaml"]


def test_scandir_errors_become_skips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too: the permission error is injected instead of relying
    # on file modes, which root ignores.
    make(tmp_path, ["ok.yaml", "locked/x.yaml", "gone/y.yaml"])
    real_scandir = os.scandir

    def fake_scandir(path: str) -> object:
        name = os.path.basename(path)
        if name == "locked":
            raise PermissionError(13, "Permission denied", path)
        if name == "gone":
            raise OSError(5, "Input/output error", path)
        return real_scandir(path)

    monkeypatch.setattr(WALKER.os, "scandir", fake_scandir)
    candidates, skips = discover([tmp_path], root=tmp_path)
    assert [c.rel for c in candidates] == ["ok.yaml"]
    assert skips == [
        Skipped("gone", "input/output error"),
        Skipped("locked", REASON_PERMISSION),
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_not_a_candidate(tmp_path: Path) -> None:
    # Reading a FIFO would block the linter forever.
    os.mkfifo(tmp_path / "pipe.yaml")
    make(tmp_path, ["ok.yaml"])
    candidates, skips = discover([tmp_path], root=tmp_path)
    assert [c.rel for c in candidates] == ["ok.yaml"]
    assert skips == [Skipped("pipe.yaml", REASON_NOT_REGULAR)]
    assert skipped(tmp_path, [tmp_path / "pipe.yaml"]) == {"pipe.yaml": REASON_NOT_REGULAR}


def test_size_cap(tmp_path: Path) -> None:
    make(tmp_path, {"small.yaml": "x" * 100, "big.yaml": "x" * 101})
    candidates, skips = discover([tmp_path], root=tmp_path, max_file_size=100)
    assert [c.rel for c in candidates] == ["small.yaml"]
    assert skips == [Skipped("big.yaml", "file larger than 100 B limit (101 B)")]
    # The default limit, with a sparse file so nothing is really written.
    with open(tmp_path / "huge.json", "wb") as handle:
        handle.truncate(int(12.3 * 1024 * 1024))
    assert skipped(tmp_path) == {"huge.json": "file larger than 5 MiB limit (12.3 MiB)"}
    # Explicit files are capped too.
    assert skipped(tmp_path, [tmp_path / "huge.json"]) == {
        "huge.json": "file larger than 5 MiB limit (12.3 MiB)"
    }
    # Sizes that round to the limit are shown exactly.
    with open(tmp_path / "edge.json", "wb") as handle:
        handle.truncate(5 * 1024 * 1024 + 1)
    assert skipped(tmp_path, [tmp_path / "edge.json"]) == {
        "edge.json": "file larger than 5,242,880 bytes limit (5,242,881 bytes)"
    }


def test_suffix_filter_is_case_insensitive(tmp_path: Path) -> None:
    make(tmp_path, ["a.yaml", "b.YML", "c.Json", "d.txt", "e", "f.yaml.bak"])
    assert rels(tmp_path, suffixes=frozenset({".yaml", ".yml", ".json"})) == {
        "a.yaml",
        "b.YML",
        "c.Json",
    }


# --------------------------------------------------------------------------
# Helm
# --------------------------------------------------------------------------


def test_helm_templates_only_what_helm_renders_as_manifests(tmp_path: Path) -> None:
    make(
        tmp_path,
        [
            "chart/Chart.yaml",
            "chart/values.yaml",
            "chart/templates/deployment.yaml",
            "chart/templates/sub/nested.yml",
            "chart/templates/_helpers.tpl",
            "chart/templates/_partial.yaml",  # a partial: never rendered
            "chart/templates/NOTES.txt",  # the release notes
            "chart/templates/config.json",  # rendered, but only YAML is read
            "chart/charts/dep/Chart.yaml",
            "chart/charts/dep/templates/svc.yaml",
            "plain/templates/kept.yaml",  # no Chart.yaml beside it
            "helpers.tpl",
            "upper.TPL",
        ],
    )
    candidates, skips = discover([tmp_path], root=tmp_path)
    assert {c.rel: c.helm_template for c in candidates} == {
        "chart/Chart.yaml": False,
        "chart/charts/dep/Chart.yaml": False,
        "chart/charts/dep/templates/svc.yaml": True,
        "chart/templates/deployment.yaml": True,
        "chart/templates/sub/nested.yml": True,
        "chart/values.yaml": False,
        "plain/templates/kept.yaml": False,
    }
    assert skips == []
    # Named explicitly (pre-commit passes file names): a manifest template is read the same
    # way, a directory of them too; partials, notes and .tpl files are reported.
    named = [
        tmp_path / "chart/templates/deployment.yaml",
        tmp_path / "chart/templates/sub",
        tmp_path / "chart/templates/_partial.yaml",
        tmp_path / "chart/templates/NOTES.txt",
        tmp_path / "helpers.tpl",
    ]
    candidates, skips = discover(named, root=tmp_path)
    assert {c.rel: c.helm_template for c in candidates} == {
        "chart/templates/deployment.yaml": True,
        "chart/templates/sub/nested.yml": True,
    }
    assert {s.rel: s.reason for s in skips} == {
        "chart/templates/_partial.yaml": REASON_HELM,
        "chart/templates/NOTES.txt": REASON_HELM,
        "helpers.tpl": REASON_HELM,
    }


# --------------------------------------------------------------------------
# explicit arguments, errors, order, root
# --------------------------------------------------------------------------


def test_explicit_files_are_always_candidates(git_tree: Path) -> None:
    make(git_tree, {".gitignore": "ignored.yaml\nignored-dir/\n"})
    make(git_tree, ["ignored.yaml", "node_modules/pkg/x.yaml", "notes.conf", "ignored-dir/a.yaml"])
    named = [
        git_tree / "ignored.yaml",
        git_tree / "node_modules/pkg/x.yaml",
        git_tree / "notes.conf",
    ]
    candidates, skips = discover(named, root=git_tree, suffixes=frozenset({".yaml"}))
    assert candidates == [
        Candidate(git_tree / "ignored.yaml", "ignored.yaml"),
        Candidate(git_tree / "node_modules/pkg/x.yaml", "node_modules/pkg/x.yaml"),
        Candidate(git_tree / "notes.conf", "notes.conf"),
    ]
    assert skips == []
    # A named directory is walked even if ignored; rules inside still apply.
    assert rels(git_tree, [git_tree / "ignored-dir"]) == {"ignored-dir/a.yaml"}


def test_explicit_subdirectory_applies_ignore_files_above_it(git_tree: Path) -> None:
    make(git_tree, {".gitignore": "*.tmp.yaml\n/a/b/anchored.yaml\n", "a/.gitignore": "mid.yaml\n"})
    make(git_tree, ["a/b/x.yaml", "a/b/y.tmp.yaml", "a/b/mid.yaml", "a/b/anchored.yaml"])
    assert rels(git_tree, [git_tree / "a" / "b"]) == {"a/b/x.yaml"}


def test_relative_arguments_and_overlaps(git_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(git_tree, ["a/x.yaml", "b/y.yaml"])
    monkeypatch.chdir(git_tree / "a")
    candidates, _ = discover([".", "x.yaml", "../b", ".."], root=git_tree)
    assert [c.rel for c in candidates] == ["a/x.yaml", "b/y.yaml"]
    assert all(c.path.is_absolute() and c.path.is_file() for c in candidates)


def test_paths_outside_root_are_skipped(tmp_path: Path) -> None:
    make(tmp_path, ["root/a.yaml", "elsewhere/b.yaml"])
    root = tmp_path / "root"
    candidates, skips = discover([root, tmp_path / "elsewhere" / "b.yaml"], root=root)
    assert [c.rel for c in candidates] == ["a.yaml"]
    assert [s.reason for s in skips] == [REASON_OUTSIDE_ROOT]


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as caught:
        discover([tmp_path / "nope.yaml"], root=tmp_path)
    assert caught.value.filename == str(tmp_path / "nope.yaml")
    assert "No such file or directory" in str(caught.value)
    with pytest.raises(FileNotFoundError):
        find_root([tmp_path / "nope"])


def test_order_is_deterministic(tmp_path: Path) -> None:
    names = [f"d{i % 7}/f{(i * 37) % 101}.yaml" for i in range(200)] + [
        "B.yaml",
        "a.yaml",
        "_.yaml",
    ]
    make(tmp_path, names)
    first, _ = discover([tmp_path], root=tmp_path)
    again, _ = discover([tmp_path], root=tmp_path)
    assert first == again
    assert [c.rel for c in first] == sorted(set(names))


def test_no_paths_means_the_root(tmp_path: Path) -> None:
    make(tmp_path, ["a.yaml"])
    assert [c.rel for c in discover([], root=tmp_path)[0]] == ["a.yaml"]


def test_find_root(tmp_path: Path) -> None:
    make(tmp_path, ["proj/.git/HEAD", "proj/a/b/c.yaml", "worktree/.git", "worktree/w.yaml"])
    make(tmp_path, ["plain/x/1.yaml", "plain/y/2.yaml"])
    proj = tmp_path / "proj"
    assert find_root([proj / "a" / "b"]) == proj
    assert find_root([proj / "a" / "b" / "c.yaml"]) == proj
    assert find_root([tmp_path / "worktree" / "w.yaml"]) == tmp_path / "worktree"  # .git file
    # Without .git anywhere above, the common parent (a file counts as its
    # directory). tmp_path may itself sit in a git checkout, so only check
    # when it doesn't.
    if not any((p / ".git").exists() for p in [tmp_path, *tmp_path.parents]):
        plain = tmp_path / "plain"
        assert find_root([plain / "x" / "1.yaml", plain / "y"]) == plain
        assert find_root([plain / "x" / "1.yaml"]) == plain / "x"


def test_symlinked_templates_directory_is_read_as_templates(tmp_path: Path) -> None:
    make(tmp_path, ["chart/Chart.yaml", "shared/manifests/store.yaml", "shared/manifests/_p.yaml"])
    (tmp_path / "chart" / "templates").symlink_to(tmp_path / "shared" / "manifests")
    candidates, _ = discover([tmp_path / "chart"], root=tmp_path)
    assert {c.rel: c.helm_template for c in candidates} == {
        "chart/Chart.yaml": False,
        "chart/templates/store.yaml": True,
    }
