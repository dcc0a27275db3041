"""Golden outputs: the full JSON findings of `examples/`, every fixture case and two generated
bench repositories, as the behaviour-preserving refactors compare them byte for byte.

    python tests/golden_outputs.py            # rewrite tests/golden/*.jsonl from this checkout

A refactor that changes nothing leaves the files unchanged; a change that is meant to alter
findings regenerates them and says why in its commit (the diff is one line per finding).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

from benchmods import bench_module

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
RULES_DIR = REPO / "tests" / "rules"
# (files, seed, mix): small enough for the suite, large enough to join every source kind.
BENCH = ((400, 7, "default"), (400, 7, "zot-heavy"))


def _lines(result: object, label: str) -> Iterator[str]:
    from zotlint.reporters import jsonfmt

    doc = json.loads(jsonfmt.render(result, include_suppressed=True))  # type: ignore[arg-type]
    for f in doc["findings"]:
        f.pop("path", None)  # cwd-relative: the same file from another directory
        yield json.dumps({"in": label, **f}, sort_keys=True, ensure_ascii=False)


def _check(path: Path, root: Path, label: str, *, select: str | None = None) -> list[str]:
    from zotlint.config import Settings, find_config, load_settings
    from zotlint.engine import run

    settings = Settings()
    if path.is_dir() and (cfg := find_config(path)) is not None:
        settings = load_settings(cfg)
    if select:
        settings.select = [select]
    return list(_lines(run([path], settings, root=root, whole_tree=False), label))


def examples() -> list[str]:
    out: list[str] = []
    for ex in sorted(p for p in (REPO / "examples").iterdir() if p.is_dir()):
        out += _check(ex, ex, f"examples/{ex.name}")
    return out


def fixtures() -> list[str]:
    """Every case with every rule on: a change in any rule shows, not only in the case's own."""
    out: list[str] = []
    for rule_dir in sorted(p for p in RULES_DIR.iterdir() if p.is_dir()):
        for case in sorted(rule_dir.iterdir()):
            if case.name.startswith(("fail", "pass")) and case.suffix not in (".expect", ".fixed"):
                out += _check(case, RULES_DIR, f"{rule_dir.name}/{case.name}")
    return out


def _generator() -> object:
    return bench_module("generate")


def bench(files: int, seed: int, mix: str) -> list[str]:
    gen = _generator()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "repo"
        gen.generate(files, seed, out, mix)  # type: ignore[attr-defined]
        (out / ".zotlint.yaml").write_text("{}\n")
        return _check(out, out, f"bench/{mix}-{files}-s{seed}")


def targets() -> dict[str, object]:
    t: dict[str, object] = {"examples": examples, "fixtures": fixtures}
    for files, seed, mix in BENCH:
        t[f"bench-{mix}"] = lambda f=files, s=seed, m=mix: bench(f, s, m)
    return t


def render(name: str) -> str:
    lines = targets()[name]()  # type: ignore[operator]
    return "".join(line + "\n" for line in lines)


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    for name in targets():
        (GOLDEN / f"{name}.jsonl").write_text(render(name), encoding="utf-8")
        print(f"wrote tests/golden/{name}.jsonl")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
