"""`check`, `graph`, `rules` and `rule` are read-only and offline by construction.

A child process (audit hooks cannot be removed) runs the CLI with a sys.addaudithook hook and
records every file open, directory listing, process, socket and file-system change. Asserted:
no file opened for writing, no process, no socket, nothing created, removed or renamed, and no
file read outside the interpreter, zotlint itself and the scanned root; inside the root only
the given paths plus the configuration and ignore files. Bytecode writing is off (`-B`): the
interpreter's own __pycache__ writes are not zotlint's.
"""

from __future__ import annotations

import os
import site
import sys
from pathlib import Path
from typing import Any

import hostile

REPO = Path(__file__).resolve().parents[1]
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
# Files zotlint reads at the root or above the given paths: configuration and ignore rules.
CONTROL_FILES = {".zotlint.yaml", ".zotlint.yml", "pyproject.toml", ".gitignore", "exclude"}


def _program_dirs() -> list[str]:
    """Where the interpreter, the installed packages and zotlint itself live."""
    dirs = {sys.prefix, sys.base_prefix, sys.exec_prefix, *site.getsitepackages()}
    dirs |= {str(REPO / "zotlint"), str(REPO / "rules")}
    return sorted({os.path.realpath(d) for d in dirs})


def _import_dirs() -> set[str]:
    """sys.path entries, which the import system lists (an editable install adds the
    checkout itself): listing one of them is not zotlint reading the tree."""
    return {os.path.realpath(p) for p in sys.path if p}


def _within(path: str, dirs: list[str]) -> bool:
    return any(path == d or path.startswith(d.rstrip("/") + "/") for d in dirs)


def _path(args: list[Any], cwd: str) -> str | None:
    if not args or not isinstance(args[0], str):
        return None  # an fd, never a path zotlint chose
    return os.path.realpath(os.path.join(cwd, args[0]))


def _is_write(args: list[Any]) -> bool:
    mode = args[1] if len(args) > 1 else None
    flags = args[2] if len(args) > 2 else 0
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & WRITE_FLAGS)


def _violations(
    events: list[list[Any]], root: Path, given: list[Path], forbidden: list[Path]
) -> list[str]:
    program = _program_dirs()
    import_dirs = _import_dirs()
    root_s = os.path.realpath(root)
    given_s = [os.path.realpath(g) for g in given]
    forbidden_s = [os.path.realpath(f) for f in forbidden]
    bad = []
    for event, args, cwd in events:
        if event == "os.fork":
            # The syntax-check worker (--jobs) is a fork of zotlint itself: no program is run
            # (exec, spawn and subprocess stay forbidden) and it gets its texts through a pipe.
            continue
        if event not in ("open", "os.scandir", "os.listdir"):
            bad.append(f"{event} {args}")
            continue
        path = _path(args, cwd)
        if path is None:
            continue
        if event == "open" and _is_write(args):
            bad.append(f"write {path} {args[1:]}")
        elif _within(path, forbidden_s):
            bad.append(f"{event} outside the root through a symlink: {path}")
        elif _within(path, program) or (event == "os.listdir" and path in import_dirs):
            continue
        elif not _within(path, [root_s]):
            bad.append(f"{event} outside the scanned root: {path}")
        elif not _within(path, given_s) and not (
            event == "open" and os.path.basename(path) in CONTROL_FILES
        ):
            bad.append(f"{event} of an unrequested path in the root: {path}")
    return bad


def _audit(runs: list[list[str]], cwd: Path, worker_from: int | None = None) -> dict[str, Any]:
    report = hostile.run_cli(runs, cwd=cwd, audit=True, worker_from=worker_from)
    for res in report["results"]:
        assert "Traceback" not in res["stderr"], res["stderr"]
        assert res["code"] in (0, 1), (res["argv"], res["code"], res["stderr"])
    return report


FORMATS = ["text", "json", "sarif", "github", "junit"]


def test_check_graph_rules_on_the_guide_are_read_only(tmp_path: Path) -> None:
    guide = REPO / "examples" / "guide"
    runs = [["check", str(guide), "--format", f] for f in FORMATS]
    runs += [["graph", str(guide)], ["graph", str(guide), "--format", "json"]]
    runs += [["rules"], ["rules", "--format", "json"], ["rule", "ZOT004"]]
    report = _audit(runs, tmp_path)
    # The guide lies in this repository: its root is the checkout (the nearest .git).
    bad = _violations(report["events"], REPO, [guide], [])
    assert not bad, "\n".join(bad)
    opened = {_path(a, c) for e, a, c in report["events"] if e == "open"}
    assert any(p and p.startswith(str(guide)) for p in opened), "the audit saw no file opened"


def test_check_and_graph_on_a_hostile_tree_are_read_only(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    hostile.write_tree(root, big=False)
    # Over the (lowered) size limit: discovery must skip it without opening it.
    (root / ".zotlint.yaml").write_text("limits:\n  max-file-size: 150000\n")
    hostile.write_big_file(root / "big.yaml", size=200_000)
    runs = [["check", str(root), "--format", f] for f in FORMATS]
    runs += [
        ["check", str(root / "links" / "escape.yaml"), str(root / "valid")],
        ["graph", str(root)],
        # the triage worker (from 0 files here): forked, opens what the walk found
        ["check", str(root), "--format", "json", "--jobs", "2"],
    ]
    report = _audit(runs, tmp_path, worker_from=0)
    forbidden = [hostile.outside_dir(root), Path("/etc/passwd")]
    bad = _violations(report["events"], root, [root], forbidden)
    assert not bad, "\n".join(bad)
    opened = {_path(a, c) for e, a, c in report["events"] if e == "open"}
    assert str(root / "valid" / "values.yaml") in opened
    never = {str(root / "big.yaml"), str(root / "links" / "fifo.yaml")}
    assert not opened & never, opened & never


def test_the_audit_catches_violations(tmp_path: Path) -> None:
    """The hook records writes, processes, sockets and reads outside the root, and the checks
    above flag each of them: a test that cannot fail proves nothing."""
    code = (
        "import socket, subprocess\n"
        "subprocess.run(['true'])\n"
        "open('written.txt', 'w').close()\n"
        "open('/etc/hostname', 'rb').close()\n"
        "socket.socket().close()\n"
        "import os; os.remove('written.txt')\n"
    )
    report = hostile.run_cli([], cwd=tmp_path, audit=True, selftest=code)
    bad = _violations(report["events"], tmp_path / "root", [tmp_path / "root"], [])
    for what in ("subprocess.Popen", "write ", "outside the scanned root", "socket.", "os.remove"):
        assert any(what in b for b in bad), (what, bad)
