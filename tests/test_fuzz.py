"""Property-based fuzzing: mutated fixture YAML and JSON (the embedded config.json included)
never makes zotlint crash, and every finding points inside its file.

Seeds are the rule fixtures under tests/rules/ and the examples. Mutations: byte flips, line
deletion and duplication, indentation changes, truncation, insertion of YAML/JSON syntax and
hostile bytes, quote swaps and splices, anywhere or aimed at the embedded config. The engine
runs in-process on a temporary directory (a subprocess per case would be 100x slower), and
every reporter renders each result.

Properties: no exception escapes; no rule crashes (an internal error means exit code 2); every
finding's file is one of the files written and its span lies inside that file's text.

Budget: ZOTLINT_FUZZ_EXAMPLES cases in all (default 1,500, about 30 s); a longer run:
    ZOTLINT_FUZZ_EXAMPLES=50000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import gc
import itertools
import os
import random
import re
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import hostile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zotlint.config import Settings
from zotlint.engine import RunResult, run
from zotlint.findings import Location
from zotlint.reporters import render

REPO = Path(__file__).resolve().parents[1]
BUDGET = int(os.environ.get("ZOTLINT_FUZZ_EXAMPLES", "1500"))
# Share of the budget per test: single files, aimed at an embedded config, a whole repo (the
# slowest per case: five files and the cross-file model).
SHARES = {"single": 0.50, "embedded": 0.30, "tree": 0.20}
FORMATS = ("text", "json", "sarif", "github", "junit")
SETTINGS = Settings()


def _examples(kind: str) -> int:
    return max(10, int(BUDGET * SHARES[kind]))


def _fuzz_settings(kind: str) -> settings:
    return settings(
        max_examples=_examples(kind),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# -- seeds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    name: str  # file name: classification and parsing depend on it
    raw: bytes
    region: tuple[int, int] | None  # byte range of an embedded config.json, if any


_EMBEDDED = re.compile(rb"^([ \t]*)[\"']?config\.json[\"']?:[ \t]*[|>][^\n]*\n", re.MULTILINE)


def _embedded_region(raw: bytes) -> tuple[int, int] | None:
    """The block scalar holding config.json: the lines indented deeper than its key."""
    m = _EMBEDDED.search(raw)
    if m is None:
        return None
    indent = len(m.group(1))
    end = m.end()
    for line in raw[m.end() :].splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(line) - len(line.lstrip(b" ")) <= indent:
            break
        end += len(line)
    return (m.end(), end) if end > m.end() else None


def _seed_files() -> list[Path]:
    paths = [
        p
        for base in (REPO / "tests" / "rules", REPO / "examples")
        for p in base.rglob("*")
        if p.is_file()
        and p.suffix in (".yaml", ".yml", ".json")
        and p.name != ".zotlint.yaml"
        and p.stat().st_size <= 20_000
    ]
    return sorted(paths)


SEEDS = [Seed(p.name, p.read_bytes(), _embedded_region(p.read_bytes())) for p in _seed_files()]
EMBEDDED_SEEDS = [s for s in SEEDS if s.region is not None]
GUIDE = REPO / "examples" / "guide"
GUIDE_FILES = sorted(
    str(p.relative_to(GUIDE)) for p in GUIDE.rglob("*") if p.suffix in (".yaml", ".json")
)


# -- mutations --------------------------------------------------------------------------------

TOKENS = [
    b":",
    b": ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b'"',
    b"'",
    b"&",
    b"*",
    b"!",
    b"|",
    b">",
    b"#",
    b"\\",
    b"\t",
    b"\r",
    b"\x00",
    b"\xff",
    b"- ",
    b"? ",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"---\n",
    b"...\n",
    b"\xef\xbb\xbf",  # BOM
    b"\xe2\x80\xa8",  # LINE SEPARATOR
    b"\r\n",
    b"\n",
    b"%YAML 1.2\n",
    b"!!binary ",
    b"!!set ",
    b"\\u0000",
    b"\\ud800",
    b"1e999",
    b"-0",
    b"null",
    b"~",
    b'"\\',
    b"\xc3",  # a truncated UTF-8 sequence
    b"\x1b[31m",
]


def _pos(draw: st.DrawFn, data: bytearray, region: tuple[int, int] | None, aim: bool) -> int:
    if aim and region is not None:
        lo, hi = min(region[0], len(data)), min(region[1], len(data))
        if lo < hi:
            return draw(st.integers(lo, hi))
    return draw(st.integers(0, len(data)))


def _line_bounds(data: bytearray, pos: int) -> tuple[int, int]:
    start = data.rfind(b"\n", 0, pos) + 1
    end = data.find(b"\n", pos)
    return start, (len(data) if end < 0 else end + 1)


@st.composite
def mutate(draw: st.DrawFn, seed: Seed, aim: bool) -> bytes:
    data = bytearray(seed.raw)
    region = seed.region
    for _ in range(draw(st.integers(1, 4))):
        op = draw(
            st.sampled_from(
                ["flip", "del_line", "dup_line", "indent", "truncate", "insert", "quote", "splice"]
            )
        )
        pos = _pos(draw, data, region, aim)
        if op == "flip" and data:
            i = min(pos, len(data) - 1)
            data[i] ^= draw(st.integers(1, 255))
        elif op in ("del_line", "dup_line", "indent"):
            start, end = _line_bounds(data, pos)
            if op == "del_line":
                del data[start:end]
            elif op == "dup_line":
                data[end:end] = data[start:end]
            else:
                n = draw(st.integers(-4, 4))
                if n > 0:
                    data[start:start] = b" " * n
                else:
                    k = 0
                    while k < -n and start + k < len(data) and data[start + k] == 0x20:
                        k += 1
                    del data[start : start + k]
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif op == "quote":
            quotes = [i for i, c in enumerate(data) if c in b"\"'"]
            if quotes:
                i = quotes[draw(st.integers(0, len(quotes) - 1))]
                data[i] = 0x27 if data[i] == 0x22 else 0x22
        elif op == "splice" and data:
            a = draw(st.integers(0, len(data) - 1))
            b = draw(st.integers(a, min(len(data), a + 200)))
            data[pos:pos] = data[a:b]
    return bytes(data)


# -- checking one case ------------------------------------------------------------------------

_BREAK = re.compile(r"\r\n|\n|\r")
_COUNTER = itertools.count()


def _text(raw: bytes) -> str:
    """The text zotlint reports positions in (see zotlint.source.loader.decode)."""
    if b"\x00" in raw[:8192]:
        return ""
    text = raw.decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def _inside(loc: Location, lines: list[str]) -> str | None:
    n = len(lines)
    if not (1 <= loc.start_line <= n and 1 <= loc.end_line <= n):
        return "line out of the file"
    if (loc.end_line, loc.end_col) < (loc.start_line, loc.start_col):
        return "ends before it starts"
    for line, col in ((loc.start_line, loc.start_col), (loc.end_line, loc.end_col)):
        if not 1 <= col <= len(lines[line - 1]) + 1:
            return f"column {col} outside line {line} ({len(lines[line - 1])} characters)"
    return None


def check_case(root: Path, written: dict[str, bytes]) -> RunResult:
    result = run([root], SETTINGS, root=root)
    assert not result.errors, result.errors
    texts = {rel: _BREAK.split(_text(raw)) for rel, raw in written.items()}
    for f in result.findings:
        locs = [f.location, *(r.location for r in f.related)]
        for loc in locs:
            assert loc.file in texts, f"{f.rule_id} reports on unknown file {loc.file}"
            problem = _inside(loc, texts[loc.file])
            assert problem is None, f"{f.rule_id} {loc}: {problem}"
    sources = {rel: _text(raw) for rel, raw in written.items()}
    # SARIF costs 15 ms a render (the whole rule catalogue goes in), more than the run itself:
    # one case in eight, chosen by content so a replayed case renders the same way.
    sarif = zlib.crc32(b"".join(written.values())) % 8 == 0
    for fmt in FORMATS:
        if fmt != "sarif" or sarif:
            # text shows code frames and sarif hashes lines: both read the sources
            render(fmt, result, sources=sources)
    return result


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    # engine.run collects and freezes the garbage collector's objects at every call unless the
    # caller froze them itself: a full collection over everything the test session holds,
    # 50 ms a case here, five times the run. Freezing once keeps each case at its own cost.
    gc.collect()
    gc.freeze()
    try:
        with tempfile.TemporaryDirectory(prefix="zotlint-fuzz-") as d:
            yield Path(d)
    finally:
        gc.unfreeze()


def _fresh(workdir: Path) -> Path:
    d = workdir / f"case{next(_COUNTER)}"
    d.mkdir()
    return d


def _single(workdir: Path, name: str, raw: bytes) -> None:
    d = _fresh(workdir)
    try:
        (d / name).write_bytes(raw)
        check_case(d, {name: raw})
    finally:
        shutil.rmtree(d)


# -- the properties ---------------------------------------------------------------------------


@_fuzz_settings("single")
@given(data=st.data())
def test_mutated_files_never_crash(workdir: Path, data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(SEEDS), label="seed")
    raw = data.draw(mutate(seed, aim=False), label="mutant")
    _single(workdir, seed.name, raw)


@_fuzz_settings("embedded")
@given(data=st.data())
def test_mutated_embedded_config_never_crashes(workdir: Path, data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(EMBEDDED_SEEDS), label="seed")
    raw = data.draw(mutate(seed, aim=True), label="mutant")
    _single(workdir, seed.name, raw)


@_fuzz_settings("tree")
@given(data=st.data())
def test_mutated_repository_never_crashes(workdir: Path, data: st.DataObject) -> None:
    """Cross-file rules (model, wiring, Argo, ESO) over the guide with one file mutated."""
    rel = data.draw(st.sampled_from(GUIDE_FILES), label="file")
    raw = (GUIDE / rel).read_bytes()
    seed = Seed(Path(rel).name, raw, _embedded_region(raw))
    mutant = data.draw(mutate(seed, aim=data.draw(st.booleans())), label="mutant")
    d = _fresh(workdir)
    try:
        written = {r: (GUIDE / r).read_bytes() for r in GUIDE_FILES}
        written[rel] = mutant
        for r, content in written.items():
            (d / r).parent.mkdir(parents=True, exist_ok=True)
            (d / r).write_bytes(content)
        check_case(d, written)
    finally:
        shutil.rmtree(d)


# Inputs the fuzzer once failed on, kept as plain regression cases: (file name, content).
REGRESSIONS = [
    # A JSON error on the CR of a CRLF: its end column pointed between CR and LF, past the line.
    ("fail_bom.json", b'\xef\xbb\xbf{"\r\nstorage": {"rootDirectory": "/r"}, "http": {}}\n'),
    # Hangs and crashes found while building these tests (see tests/test_hostile.py).
    ("values.yaml", b"mountConfig: true\nzot: &a [1, *a]\n"),
    ("values.yaml", b"zot: " + b"[" * 40_000 + b"\n"),
]


@pytest.mark.parametrize(("name", "raw"), REGRESSIONS)
def test_regressions(workdir: Path, name: str, raw: bytes) -> None:
    _single(workdir, name, raw)


def test_seeds_are_found() -> None:
    assert len(SEEDS) > 200 and len(EMBEDDED_SEEDS) > 50 and len(GUIDE_FILES) >= 4
    for s in EMBEDDED_SEEDS[:20]:
        lo, hi = s.region or (0, 0)
        assert b"{" in s.raw[lo:hi] or b":" in s.raw[lo:hi], s.name


def test_cli_exit_codes_on_mutants(tmp_path: Path) -> None:
    """The real CLI over a tree of mutants: exit 0 or 1, never 2, never a traceback."""
    rng = random.Random(20240611)
    root = tmp_path / "repo"
    for i in range(200):
        seed = rng.choice(SEEDS)
        data = bytearray(seed.raw)
        for _ in range(rng.randint(1, 4)):
            pos = rng.randint(0, len(data))
            if seed.region and rng.random() < 0.5:
                pos = rng.randint(*seed.region)
            choice = rng.random()
            if choice < 0.4:
                data[pos:pos] = rng.choice(TOKENS)
            elif choice < 0.7 and data:
                data[min(pos, len(data) - 1)] ^= rng.randint(1, 255)
            else:
                del data[pos : pos + rng.randint(1, 40)]
        path = root / f"m{i:03d}" / seed.name
        path.parent.mkdir(parents=True)
        path.write_bytes(bytes(data))
    report = hostile.run_cli([["check", str(root), "--format", f] for f in FORMATS], cwd=tmp_path)
    for res in report["results"]:
        assert res["code"] in (0, 1), (res["argv"], res["stderr"][-2000:])
        assert "Traceback" not in res["stderr"] and "internal error" not in res["stderr"]
