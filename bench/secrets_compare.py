"""Compare zotlint's secret rules (ZOT3xx) with detect-secrets and gitleaks on one corpus.

    python bench/secrets_compare.py [--seed N] [--keep DIR] [--json]

Builds the generated corpus of tests/secrets_corpus.py (planted secrets of each kind at known
lines, plus placeholders and look-alikes), runs each tool that is installed, and prints per
tool: planted secrets found (a finding on the planted line), look-alikes flagged, and false
positives (finding lines with no planted secret). Not part of CI pass/fail: peers are optional
(`pip install detect-secrets`; gitleaks is a Go binary that must be on PATH).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from secrets_corpus import Corpus, build  # noqa: E402


@dataclass
class Score:
    tool: str
    lines: set[tuple[str, int]] = field(default_factory=set)
    seconds: float = 0.0
    note: str = ""

    def table(self, c: Corpus) -> dict[str, object]:
        def hit(p: object) -> bool:
            return any((p.file, n) in self.lines for n in (p.line, *p.also))  # type: ignore[attr-defined]

        planted = {(p.file, n) for p in c.planted for n in (p.line, *p.also)}
        decoys = {(d.file, d.line) for d in c.decoys}
        found = [p for p in c.planted if hit(p)]
        fps = self.lines - planted
        return {
            "tool": self.tool,
            "planted": len(c.planted),
            "found": len(found),
            "recall": round(len(found) / len(c.planted), 3) if c.planted else 0.0,
            "missed": sorted(f"{p.file}:{p.line} {p.kind}" for p in c.planted if not hit(p)),
            "lookalikes_flagged": len(decoys & self.lines),
            "false_positives": len(fps),
            "fp_lines": sorted(f"{f}:{n}" for f, n in fps),
            "seconds": round(self.seconds, 2),
            "note": self.note,
        }


def run_zotlint(root: Path) -> Score:
    from zotlint.config import Settings
    from zotlint.engine import run

    t = time.perf_counter()
    result = run([root], Settings(select=["ZOT3"]), root=root)
    s = Score("zotlint", seconds=time.perf_counter() - t)
    s.lines = {(f.location.file, f.location.start_line) for f in result.findings}
    return s


def run_detect_secrets(root: Path) -> Score:
    exe = shutil.which("detect-secrets") or str(Path(sys.executable).parent / "detect-secrets")
    if not Path(exe).exists():
        return Score("detect-secrets", note="not installed (pip install detect-secrets)")
    t = time.perf_counter()
    proc = subprocess.run(
        [exe, "scan", "--all-files", "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    s = Score("detect-secrets", seconds=time.perf_counter() - t)
    if proc.returncode != 0:
        s.note = f"failed: exit {proc.returncode}"
        return s
    data = json.loads(proc.stdout)
    for file, items in data.get("results", {}).items():
        for item in items:
            s.lines.add((Path(file).as_posix().removeprefix("./"), int(item["line_number"])))
    s.note = "1.5.x default plugins and filters, --all-files"
    return s


def run_gitleaks(root: Path) -> Score:
    exe = shutil.which("gitleaks")
    if exe is None:
        return Score("gitleaks", note="not installed (a Go binary; not on PATH)")
    report = root.parent / "gitleaks.json"
    t = time.perf_counter()
    proc = subprocess.run(
        [
            exe,
            "dir",
            str(root),
            "--report-format",
            "json",
            "--report-path",
            str(report),
            "--no-banner",
            "--exit-code",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:  # gitleaks < 8.19 has no `dir`
        proc = subprocess.run(
            [
                exe,
                "detect",
                "--no-git",
                "--source",
                str(root),
                "--report-format",
                "json",
                "--report-path",
                str(report),
                "--exit-code",
                "0",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    s = Score("gitleaks", seconds=time.perf_counter() - t)
    if not report.is_file():
        s.note = f"failed: exit {proc.returncode}"
        return s
    for item in json.loads(report.read_text() or "[]"):
        rel = Path(item["File"]).resolve().relative_to(root.resolve()).as_posix()
        s.lines.add((rel, int(item["StartLine"])))
    return s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="zotlint-secrets-"))
    root = base / "repo"
    if root.exists():
        shutil.rmtree(root)
    corpus = build(root, seed=args.seed)
    rows = [
        s.table(corpus) for s in (run_zotlint(root), run_detect_secrets(root), run_gitleaks(root))
    ]
    if args.json:
        print(
            json.dumps(
                {"planted": len(corpus.planted), "lookalikes": len(corpus.decoys), "tools": rows},
                indent=2,
            )
        )
    else:
        print(
            f"corpus: {len(corpus.planted)} planted secrets, {len(corpus.decoys)} "
            f"placeholders/look-alikes, seed {args.seed}"
        )
        print(
            f"{'tool':<16}{'recall':>8}{'found':>8}{'look-alikes':>13}{'false pos.':>12}"
            f"{'time s':>8}  note"
        )
        for r in rows:
            print(
                f"{r['tool']:<16}{r['recall']:>8}{r['found']!s:>8}"
                f"{r['lookalikes_flagged']!s:>13}{r['false_positives']!s:>12}"
                f"{r['seconds']!s:>8}  {r['note']}"
            )
        for r in rows:
            if r["missed"] and r["seconds"]:
                print(f"\n{r['tool']} missed: " + "; ".join(r["missed"]))  # type: ignore[arg-type]
            if r["fp_lines"]:
                print(f"{r['tool']} false-positive lines: " + ", ".join(r["fp_lines"]))  # type: ignore[arg-type]
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
