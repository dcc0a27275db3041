"""Fixture harness (public, like ESLint's RuleTester): expectations live in the fixtures.

- `# expect: ZOT101` at the end of a line: a finding of ZOT101 starts on this line.
- `# expect: ZOT101` alone on a line: the finding starts on the next non-comment line.
- `# expect: ZOT101:7` also pins the start column.
- `# expect: ZOT108 at "/secrets-oidc/x.json"`: the finding starts on the line of that text
  (unique in the file), inside it or with a span that covers it; needed inside embedded JSON,
  which has no comments. Several expectations may be separated by `;`.
- `# todo-expect: …` marks a known miss (the test fails if it starts passing).
- JSON fixtures carry expectations in a sidecar `<name>.expect` file, one per line:
  `ZOT002:6:5` (line and column), `ZOT002:6` or `ZOT101 at "text"`.
A folder case may hold a `.zotlint.yaml` to set rule options.
Every finding of the rule under test must be expected, and every expectation met; `pass_*`
cases must produce none.
"""

from __future__ import annotations

import re
from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import RunResult, run
from zotlint.findings import Finding
from zotlint.records import dataclass

_EXPECT = re.compile(r"#\s*(?P<todo>todo-)?expect:\s*(?P<body>.+?)\s*$")
# Rule IDs: zotlint's (ZOT101) and custom policies' (ACME001).
_ID = r"[A-Z][A-Z0-9]*\d"
_SIDECAR = re.compile(rf"^(?P<id>{_ID}):(?P<line>\d+)(?::(?P<col>\d+))?$")
_ITEM = re.compile(rf'^(?P<id>{_ID})(?::(?P<col>\d+))?(?:\s+at\s+"(?P<text>(?:[^"\\]|\\.)*)")?$')


@dataclass(frozen=True)
class Expectation:
    rule_id: str
    file: str
    line: int
    col: int | None = None
    text_span: tuple[int, int, int, int] | None = None  # (line, col, end_line, end_col)
    todo: bool = False

    def describe(self) -> str:
        col = f":{self.col}" if self.col else ""
        return f"{self.file}:{self.line}{col} {self.rule_id}"


def _text_files(case: Path) -> list[Path]:
    if case.is_file():
        sidecar = case.with_name(case.name + ".expect")
        return [case, sidecar] if sidecar.is_file() else [case]
    return sorted(p for p in case.rglob("*") if p.is_file())


def _locate(text: str, needle: str, file: str) -> tuple[int, int, int, int]:
    lines = text.splitlines()
    hits = []
    for n, line in enumerate(lines, start=1):
        if _EXPECT.search(line) and needle not in line.split("#", 1)[0]:
            continue
        start = 0
        while (i := line.find(needle, start)) >= 0:
            hits.append((n, i + 1))
            start = i + 1
    if len(hits) != 1:
        raise AssertionError(f"{file}: expectation text {needle!r} found {len(hits)} times")
    n, c = hits[0]
    return n, c, n, c + len(needle)


def expectations(case: Path, root: Path) -> list[Expectation]:
    out: list[Expectation] = []
    for path in _text_files(case):
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".expect":
            target = path.with_name(path.name[: -len(".expect")])
            text = target.read_text(encoding="utf-8")
            trel = target.relative_to(root).as_posix()
            for raw in path.read_text(encoding="utf-8").splitlines():
                item = raw.strip()
                if not item or item.startswith("#"):
                    continue
                m = _SIDECAR.match(item)
                if m is not None:  # `ZOT001:6` or `ZOT001:6:11` (line, column)
                    col = int(m.group("col")) if m.group("col") else None
                    out.append(Expectation(m.group("id"), trel, int(m.group("line")), col))
                else:
                    out.extend(_items("# expect: " + item, trel, 0, text))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        lines = text.splitlines()
        for n, line in enumerate(lines, start=1):
            if "expect:" not in line:
                continue
            m = _EXPECT.search(line)
            if m is None:
                continue
            own = not line[: m.start()].strip()
            target = n
            if own:
                target = next(
                    (
                        i + 1
                        for i in range(n, len(lines))
                        if lines[i].strip() and not lines[i].strip().startswith("#")
                    ),
                    n + 1,
                )
            out.extend(_items(line[m.start() :], rel, target, text))
    return out


def _items(comment: str, rel: str, line: int, text: str) -> list[Expectation]:
    m = _EXPECT.search(comment)
    assert m is not None
    todo = bool(m.group("todo"))
    out = []
    for part in re.split(rf"\s*[;,]\s*(?={_ID})", m.group("body")):
        im = _ITEM.match(part.strip())
        if im is None:
            raise AssertionError(f"{rel}: cannot read expectation {part!r}")
        if im.group("text") is not None:
            needle = im.group("text").replace('\\"', '"')
            span = _locate(text, needle, rel)
            out.append(Expectation(im.group("id"), rel, span[0], span[1], span, todo))
        else:
            col = int(im.group("col")) if im.group("col") else None
            out.append(Expectation(im.group("id"), rel, line, col, None, todo))
    return out


def run_case(case: Path, rule_id: str, root: Path) -> RunResult:
    """Run one rule on a case; a folder case may carry a `.zotlint.yaml` (rule options)."""
    from zotlint.config import find_config, load_settings

    settings = Settings()
    if case.is_dir() and (cfg := find_config(case)) is not None:
        settings = load_settings(cfg)
    settings.select = [rule_id]
    return run([case], settings, root=root, whole_tree=False)  # a case is a repository alone


def _matches(e: Expectation, f: Finding) -> bool:
    loc = f.location
    if f.rule_id != e.rule_id or loc.file != e.file or loc.start_line != e.line:
        return False
    if e.text_span is not None:
        # The finding starts inside the text, or its span covers the text.
        _, c, el, ec = e.text_span
        starts_inside = c <= loc.start_col < max(ec, c + 1)
        covers = (loc.start_line, loc.start_col) <= (e.line, c) and (loc.end_line, loc.end_col) >= (
            el,
            ec,
        )
        return starts_inside or covers
    return e.col is None or loc.start_col == e.col


def compare(case: Path, rule_id: str, root: Path) -> tuple[list[str], list[str], RunResult]:
    """(missing expectations, unexpected findings, result) for one fixture case."""
    result = run_case(case, rule_id, root)
    exps = [e for e in expectations(case, root) if e.rule_id == rule_id]
    got = [f for f in result.visible() if f.rule_id == rule_id]
    unmatched = list(got)
    missing: list[str] = []
    todo_passed: list[str] = []
    for e in exps:
        hit = next((f for f in unmatched if _matches(e, f)), None)
        if hit is None:
            if not e.todo:
                missing.append(e.describe())
        else:
            unmatched.remove(hit)
            if e.todo:
                todo_passed.append(f"{e.describe()} (todo-expect now passes: make it expect)")
    unexpected = [
        f"{f.location.file}:{f.location.start_line}:{f.location.start_col} {f.rule_id} {f.message}"
        for f in unmatched
    ]
    return missing + todo_passed, unexpected, result


# -- fixes: `<case>.fixed` holds what `check --fix` must make of the case -----------------------


def fixed_path(case: Path) -> Path:
    """The expected output of a case: `fail_x.yaml.fixed` (a file case) or `fail_x.fixed/` (a
    folder case, holding the files that change, at their places in the case)."""
    return case.with_name(case.name + ".fixed")


@dataclass
class FixCheck:
    mismatched: list[str]  # files whose fixed bytes differ from the expected output
    applied: int  # findings fixed
    remaining: list[str]  # findings of the rule that still carry an applicable fix
    outcome: object  # zotlint.fix.runner.FixOutcome


def fix_case(case: Path, rule_id: str, root: Path, *, unsafe: bool = True) -> FixCheck:
    """Apply the rule's fixes to a case in memory (nothing is written) and compare every file
    of the case with the expected output, byte for byte."""
    from zotlint.config import find_config, load_settings
    from zotlint.fix.runner import applicable, run_fixes

    settings = Settings()
    if case.is_dir() and (cfg := find_config(case)) is not None:
        settings = load_settings(cfg)
    settings.select = [rule_id]
    out = run_fixes([case], settings, root=root, unsafe=unsafe, write=False, whole_tree=False)
    expected_at = fixed_path(case)
    files = [case] if case.is_file() else sorted(p for p in case.rglob("*") if p.is_file())
    mismatched = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        want_path = expected_at if case.is_file() else expected_at / path.relative_to(case)
        want = want_path.read_bytes() if want_path.is_file() else path.read_bytes()
        got = out.fixed.get(rel, path.read_bytes())
        if got != want:
            mismatched.append(f"{rel}: fixed output differs from {want_path.name}:\n{got!r}")
    remaining = [
        f"{f.location.file}:{f.location.start_line} {f.rule_id} {f.message}"
        for f in out.result.visible()
        if f.rule_id == rule_id and applicable(f, unsafe)
    ]
    return FixCheck(mismatched, out.applied, remaining, out)
