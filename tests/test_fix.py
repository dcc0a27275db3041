"""`check --fix`: byte-exact edits, what is refused, roll-back, idempotence, and the outputs.

The property test applies every safe fix to copies of the rule fixtures, the examples and
../shared/corpus: each kept pass changes no byte outside its edit spans (checked here without
the runner's splice), every fixed file still parses, and a second run changes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SHARED, zl

from zotlint.config import Settings
from zotlint.fix.apply import select, splice
from zotlint.fix.edits import ByteEdit, ResolvedFix
from zotlint.fix.runner import FixOutcome, run_fixes
from zotlint.source.loader import load
from zotlint.source.problems import Limits, ProblemKind

RULES_DIR = REPO / "tests" / "rules"


def _copy(src: Path, dst: Path) -> Path:
    def ignore(_: str, names: list[str]) -> list[str]:
        return [n for n in names if n.endswith(".fixed")]  # expected outputs are not inputs

    shutil.copytree(src, dst, ignore=ignore)
    (dst / ".git").mkdir(exist_ok=True)  # the scan root
    return dst


def outside_bytes_changed(before: bytes, after: bytes, edits: list[ByteEdit]) -> int:
    """Bytes outside the edit spans that differ between ``before`` and ``after``, walking the
    gaps between edits with the running length difference (independent of splice())."""
    changed = 0
    shift = 0
    pos = 0
    for e in sorted(edits, key=lambda x: (x.start, x.end)):
        gap_old = before[pos : e.start]
        gap_new = after[pos + shift : e.start + shift]
        changed += sum(1 for x, y in zip(gap_old, gap_new, strict=False) if x != y)
        changed += abs(len(gap_old) - len(gap_new))
        shift += len(e.text.encode("utf-8")) - (e.end - e.start)
        pos = e.end
    tail_old, tail_new = before[pos:], after[pos + shift :]
    changed += sum(1 for x, y in zip(tail_old, tail_new, strict=False) if x != y)
    return changed + abs(len(tail_old) - len(tail_new))


def _syntax_problems(rel: str, data: bytes) -> int:
    lf = load(rel, data, Limits(), force=True)
    return sum(
        1 for p in lf.problems if p.kind in (ProblemKind.YAML_SYNTAX, ProblemKind.CONFIG_SYNTAX)
    )


def check_fixed(out: FixOutcome) -> dict[str, int]:
    """The properties of one --fix run; returns its figures."""
    outside = 0
    edits = 0
    for before, per_file in out.passes:
        for rel, es in per_file.items():
            after = splice(before[rel], es)
            outside += outside_bytes_changed(before[rel], after, es)
            edits += len(es)
    for rel in out.changed:
        assert _syntax_problems(rel, out.fixed[rel]) <= _syntax_problems(rel, out.original[rel]), (
            f"{rel} no longer parses after --fix"
        )
    return {"applied": out.applied, "edits": edits, "outside": outside, "files": len(out.changed)}


def _targets() -> list[Path]:
    out = [p for p in sorted(RULES_DIR.iterdir()) if p.is_dir()]
    out += [REPO / "examples" / "guide", REPO / "examples" / "clean"]
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        out += sorted(p for p in corpus.iterdir() if p.is_dir())
    return out


@pytest.mark.parametrize("target", _targets(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_safe_fixes_keep_every_other_byte_parse_and_converge(target: Path, tmp_path: Path) -> None:
    work = _copy(target, tmp_path / "w")
    out = run_fixes([work], Settings(), root=work, write=True)
    assert not out.result.errors, out.result.errors
    figures = check_fixed(out)
    assert figures["outside"] == 0
    for rel in out.changed:
        assert (work / rel).read_bytes() == out.fixed[rel]
    again = out
    if out.changed:  # else the first run's final lint is what a second run would start from
        again = run_fixes([work], Settings(), root=work, write=True)
        assert again.changed == [] and again.applied == 0, again.changed
    assert not [f for f in again.result.visible() if f.fix and f.fix.safety == "safe"], (
        "a safe fix is still offered after --fix"
    )


def test_check_without_fix_writes_nothing(tmp_path: Path) -> None:
    work = _copy(REPO / "examples" / "guide", tmp_path / "g")
    before = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    out = zl("check", str(work))
    assert out.returncode == 1
    assert "[*]" in out.stdout and "fixable with --fix" in out.stdout
    assert {p: p.read_bytes() for p in work.rglob("*") if p.is_file()} == before


def test_fix_on_the_guide_fixes_safe_and_reports_the_rest(tmp_path: Path) -> None:
    work = _copy(REPO / "examples" / "guide", tmp_path / "g")
    preview = zl("check", "--fix-preview", str(work))
    assert preview.returncode == 1, preview.stderr
    assert preview.stdout.startswith("--- a/")
    untouched = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    out = zl("check", "--fix", str(work))
    assert out.returncode == 1  # the findings without a safe fix are still reported
    assert "Fixed " in out.stdout
    changed = [p for p, data in untouched.items() if p.read_bytes() != data]
    assert changed
    again = zl("check", "--fix", str(work))
    assert "Fixed " not in again.stdout
    assert [p for p, data in untouched.items() if p.read_bytes() != data] == changed


def _values(scopes: str) -> str:
    return (
        "mountConfig: true\nconfigFiles:\n  config.json: |\n"
        '    {"storage": {"rootDirectory": "/r"}, "http": {"externalUrl": "https://r.example.com",\n'
        '     "auth": {"openid": {"providers": {"oidc": {"issuer": "https://dex.example.com",\n'
        f'       "clientid": "zot", "scopes": {scopes}}}}}}}}}}}}}\n'
    )


def _repo(tmp_path: Path, **files: str) -> Path:
    """A scan root (with `.git`) holding ``files`` (name -> text)."""
    work = tmp_path / "r"
    (work / ".git").mkdir(parents=True)
    for name, text in files.items():
        (work / name).write_text(text)
    return work


def test_fix_keeps_mode_and_refuses_symlinks(tmp_path: Path) -> None:
    work = _repo(tmp_path)
    target = work / "values.yaml"
    target.write_text(_values('["openid"]'))
    target.chmod(0o640)
    outside = tmp_path / "outside.yaml"
    outside.write_text(_values('["openid"]'))
    os.symlink(outside, work / "linked.yaml")
    out = zl("check", "--fix", "--select", "ZOT110", str(work))
    assert out.returncode in (0, 1), out.stderr
    assert '"scopes": ["openid", "email"]' in target.read_text()
    assert (target.stat().st_mode & 0o777) == 0o640
    assert outside.read_text() == _values('["openid"]')
    # No temporary file left (zotlint.safeio.atomic_write: `.<name>.<random>.tmp`).
    assert sorted(p.name for p in work.iterdir()) == [".git", "linked.yaml", "values.yaml"]


def test_preview_writes_nothing_and_exits_0_when_clean(tmp_path: Path) -> None:
    work = _repo(tmp_path)
    (work / "values.yaml").write_text(_values('["openid"]'))
    out = zl("check", "--fix-preview", "--select", "ZOT110", str(work))
    assert out.returncode == 1
    assert '+       "clientid": "zot", "scopes": ["openid", "email"]}}}}}}' in out.stdout
    assert (work / "values.yaml").read_text() == _values('["openid"]')
    (work / "values.yaml").write_text(_values('["openid", "email"]'))
    clean = zl("check", "--fix-preview", "--select", "ZOT110", str(work))
    assert clean.returncode == 0 and clean.stdout == ""


def test_a_file_changed_since_it_was_read_is_not_written(tmp_path: Path) -> None:
    from zotlint.fix import runner

    work = _repo(tmp_path)
    path = work / "values.yaml"
    path.write_text(_values('["openid"]'))
    real_run = runner.run
    calls = []

    def edit_between(*args: Any, **kwargs: Any) -> Any:
        result = real_run(*args, **kwargs)
        if not calls:
            path.write_text(_values('["openid", "profile"]'))  # someone saves the file
        calls.append(1)
        return result

    runner.run = edit_between  # type: ignore[assignment]
    try:
        out = run_fixes([work], Settings(select=["ZOT110"]), root=work, write=True)
    finally:
        runner.run = real_run  # type: ignore[assignment]
    assert out.changed == [] and any("changed since it was read" in r for r in out.refused)
    assert path.read_text() == _values('["openid", "profile"]')


def test_conflicting_fixes_are_skipped_deterministically() -> None:
    a = ResolvedFix("a", "safe", (ByteEdit("f", 2, 5, "x"),), ())
    b = ResolvedFix("b", "safe", (ByteEdit("f", 4, 6, "y"),), ())
    c = ResolvedFix("c", "safe", (ByteEdit("f", 5, 5, "z"),), ())  # touches a's end
    d = ResolvedFix("d", "safe", (ByteEdit("f", 2, 5, "x"),), ())  # the same edits as a
    e = ResolvedFix("e", "safe", (ByteEdit("f", 7, 8, ""),), ())
    sel = select([a, b, c, d, e])
    assert sel.taken == [0, 3, 4] and sel.skipped == [1, 2]
    assert splice(b"0123456789", sel.edits["f"]) == b"01x5689"


def test_a_fix_that_introduces_a_finding_is_rolled_back(tmp_path: Path) -> None:
    """ZOT005's fix removes an unused suppression; with the suppressed rule switched on in
    the re-lint the finding it hid would appear, so the runner must not keep that fix. Here the
    suppression of ZOT999 is reported (unknown) and its removal is harmless: kept."""
    work = _repo(tmp_path)
    (work / "values.yaml").write_text("mountConfig: true  # zotlint: disable=ZOT999\n")
    out = run_fixes([work], Settings(select=["ZOT005"]), root=work, write=False)
    assert out.fixed["values.yaml"] == b"mountConfig: true\n"
    assert out.rolled_back == []


def test_rollback_when_the_relint_finds_something_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zotlint import engine
    from zotlint.findings import Finding, Location, Severity
    from zotlint.fix import runner

    work = _repo(tmp_path)
    (work / "values.yaml").write_text(_values('["openid"]'))
    real_run = engine.run

    def with_new_finding(*args: Any, **kwargs: Any) -> Any:
        result = real_run(*args, **kwargs)
        if kwargs.get("overlay"):
            loc = Location("values.yaml", 1, 1, 1, 2)
            result.findings.append(Finding("ZOT115", "x", Severity.ERROR, "new", loc, (), "n"))
        return result

    monkeypatch.setattr(runner, "run", with_new_finding)
    out = run_fixes([work], Settings(select=["ZOT110"]), root=work, write=True)
    assert out.applied == 0 and out.changed == []
    assert out.rolled_back and "ZOT115" in out.rolled_back[0]
    assert (work / "values.yaml").read_text() == _values('["openid"]')


def test_json_and_sarif_carry_the_fix(tmp_path: Path, shared: Path) -> None:
    from jsonschema import Draft7Validator
    from jsonschema.validators import validator_for

    work = _repo(tmp_path)
    text = _values('["openid"]')
    (work / "values.yaml").write_text(text)
    js = json.loads(zl("check", "--format", "json", "--select", "ZOT110", str(work)).stdout)
    (f,) = js["findings"]
    assert f["fix"]["safety"] == "safe" and f["fix"]["title"] == 'Add "email" to scopes'
    (edit,) = f["fix"]["edits"]
    raw = text.encode()
    fixed = raw[: edit["start_byte"]] + edit["text"].encode() + raw[edit["end_byte"] :]
    assert b'"scopes": ["openid", "email"]' in fixed
    assert js["summary"]["fixable"] == 1
    log = json.loads(zl("check", "--format", "sarif", "--select", "ZOT110", str(work)).stdout)
    (res,) = log["runs"][0]["results"]
    (fx,) = res["fixes"]
    (change,) = fx["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "values.yaml"
    (rep,) = change["replacements"]
    assert rep["deletedRegion"]["byteOffset"] == edit["start_byte"]
    assert rep["insertedContent"]["text"] == ', "email"'
    for name, cls in (
        ("sarif-schema-2.1.0.json", None),
        ("sarif-schema-2.1.0.codeql-action.json", 7),
    ):
        schema = json.loads((shared / "schemas" / name).read_text())
        v = Draft7Validator(schema) if cls else validator_for(schema)(schema)
        assert not list(v.iter_errors(log)), name


def test_unsafe_fixes_need_the_flag(tmp_path: Path) -> None:
    work = _repo(tmp_path)
    es = (
        "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\n"
        "metadata: {name: zot-oidc, namespace: zot}\n"
        "spec:\n  secretStoreRef: {name: aws}\n  data:\n    - secretKey: credentials.json\n"
        "      remoteRef: {key: zot/oidc}\n"
    )
    (work / "es.yaml").write_text(es)
    out = zl("check", "--fix", "--select", "ZOT505", str(work))
    assert "(1 more fix available with --unsafe-fixes.)" in out.stdout
    assert (work / "es.yaml").read_text() == es
    out = zl("check", "--fix", "--unsafe-fixes", "--select", "ZOT505", str(work))
    assert out.returncode == 0, out.stdout + out.stderr
    assert (work / "es.yaml").read_text().startswith("apiVersion: external-secrets.io/v1\n")


def _seeded(corpus: Path, work: Path) -> dict[str, bytes]:
    """Copy the corpus with fixable mistakes injected into real files: a zot config's first
    `"enable": true` written `"enable": "on"` (ZOT117), and an unknown rule suppressed at the
    end of a YAML file's last top-level key (ZOT005). Returns the original bytes by path."""
    originals: dict[str, bytes] = {}
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix not in (".json", ".yaml", ".yml"):
            continue
        rel = path.relative_to(corpus).as_posix()
        data = path.read_bytes()
        seeded = data
        if path.suffix == ".json" and b'"enable": true' in data:
            seeded = data.replace(b'"enable": true', b'"enable": "on"', 1)
        elif path.suffix != ".json":
            lines = data.split(b"\n")
            keys = [
                i
                for i, line in enumerate(lines)
                if line[:1].isalpha() and line.rstrip(b"\r").endswith(b":")
            ]
            if keys:
                i = keys[-1]
                cr = b"\r" if lines[i].endswith(b"\r") else b""
                lines[i] = lines[i].rstrip(b"\r") + b"  # zotlint: disable=ZOT999" + cr
                seeded = b"\n".join(lines)
        if seeded != data:
            originals[rel] = data
            (work / rel).write_bytes(seeded)
    return originals


def test_seeded_corpus_fixes_restore_every_byte(shared: Path, tmp_path: Path) -> None:
    """Mistakes injected into the real files of ../shared/corpus are fixed back to exactly the
    original bytes: layout, comments, quoting and line endings untouched."""
    work = _copy(shared / "corpus", tmp_path / "c")
    originals = _seeded(shared / "corpus", work)
    assert len(originals) > 20
    out = run_fixes([work], Settings(select=["ZOT005", "ZOT117"]), root=work, write=True)
    assert check_fixed(out)["outside"] == 0
    restored = [rel for rel, data in originals.items() if (work / rel).read_bytes() == data]
    assert sorted(restored) == sorted(originals), sorted(set(originals) - set(restored))
    assert out.applied == len(originals)
