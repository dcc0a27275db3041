"""Two runs give byte-identical output in every format.

The same repository is written twice, its files created in opposite orders, and checked by
two interpreters with different PYTHONHASHSEED values (set and dict order of strings), one
given a relative path and one an absolute path. Output must also carry no timestamps and no
absolute path of the machine, and findings come sorted by file, line, column, rule.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import hostile

REPO = Path(__file__).resolve().parents[1]
FORMATS = ["text", "concise", "json", "sarif", "github", "junit"]
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _sources() -> dict[str, bytes]:
    """rel path -> content: both examples, failing cases of every rule fixture (folder cases
    whole) and the small hostile samples; names that sort differently by byte, by case and by
    locale included."""
    files: dict[str, bytes] = {}
    for base in ("guide", "clean"):
        for p in sorted((REPO / "examples" / base).rglob("*")):
            if p.is_file():
                files[f"examples/{base}/{p.relative_to(REPO / 'examples' / base)}"] = p.read_bytes()
    # Two failing cases per rule: every rule's messages, in half the time of all of them.
    cases = [
        c
        for rule in sorted((REPO / "tests" / "rules").glob("ZOT*"))
        for c in sorted(rule.glob("fail_*"))[:2]
    ]
    for case in cases:
        paths = [case] if case.is_file() else sorted(p for p in case.rglob("*") if p.is_file())
        for p in paths:
            files[f"fixtures/{p.relative_to(REPO / 'tests' / 'rules')}"] = p.read_bytes()
    small = (
        "alias_bomb",
        "recursive_alias",
        "deep_flow",
        "deep.json",
        "binary",
        "bad_utf8",
        "control",
        "dupes_crlf_bom",
        "nul_late",
    )
    for rel, (make, _) in hostile.SAMPLES.items():
        if Path(rel).stem in small or Path(rel).name in small or rel.startswith("valid/"):
            content = make()
            files[rel] = content.encode() if isinstance(content, str) else content
    for name in ("Ä.yaml", "a.yaml", "B.yaml", "a-b.yaml", "a_b.yaml", "a/b.yaml", "é.yaml"):
        files[f"names/{name}"] = hostile.VALID_VALUES.encode()
    return files


def _write(root: Path, files: dict[str, bytes], reverse: bool) -> None:
    for rel in sorted(files, reverse=reverse):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])


def test_two_runs_are_byte_identical_in_every_format(tmp_path: Path) -> None:
    files = _sources()
    a, b = tmp_path / "a" / "repo", tmp_path / "b" / "repo"
    _write(a, files, reverse=False)
    _write(b, files, reverse=True)
    procs = [
        hostile.start_cli(
            [["check", "repo", "--format", f] for f in FORMATS],
            cwd=a.parent,
            env={"PYTHONHASHSEED": "1"},
        ),
        # Paths print relative to the current directory (absolute outside it), so both runs
        # look at their tree from the same place.
        hostile.start_cli(
            [["check", "repo", "--format", f] for f in FORMATS],
            cwd=b.parent,
            env={"PYTHONHASHSEED": "4242"},
        ),
    ]
    first, second = (hostile.finish_cli(p) for p in procs)
    # Absolute paths of this machine: the trees, the checkout, the home directory.
    machine = [str(tmp_path), str(REPO), os.path.join(os.path.expanduser("~"), "")]
    for fmt, x, y in zip(FORMATS, first["results"], second["results"], strict=True):
        assert x["code"] == y["code"] == 1, (fmt, x["stderr"], y["stderr"])
        assert x["stdout"] == y["stdout"], f"{fmt} output differs between runs"
        assert x["stderr"] == y["stderr"]
        out = x["stdout"]
        leaked = [m for m in machine if len(m) > 1 and m in out]
        assert not leaked, f"{fmt} output contains {leaked}"
        assert not TIMESTAMP.search(out), f"{fmt} output has a timestamp"
    doc = json.loads(first["results"][FORMATS.index("json")]["stdout"])
    assert not doc["errors"]
    keys = [
        (f["file"], f["start"]["line"], f["start"]["column"], f["rule"]) for f in doc["findings"]
    ]
    assert keys == sorted(keys)
    assert len({f["file"] for f in doc["findings"]}) > 50


def test_in_process_runs_match_field_by_field(tmp_path: Path) -> None:
    """The same, in-process and quicker, with the directory listing order reversed by
    recreating files: every Finding field, related locations and fingerprints included."""
    from zotlint.config import Settings
    from zotlint.engine import run

    files = _sources()
    a, b = tmp_path / "a", tmp_path / "b"
    _write(a, files, reverse=False)
    _write(b, files, reverse=True)
    shutil.rmtree(b / "examples")
    _write(b, {k: v for k, v in files.items() if k.startswith("examples/")}, reverse=True)
    ra = run([a], Settings(), root=a)
    rb = run([b], Settings(), root=b)
    assert ra.findings == rb.findings
    assert ra.files == rb.files and ra.errors == rb.errors == []
