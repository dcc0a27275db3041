"""Every hostile input of issue 14, built in a temporary directory and checked by the CLI (or the
GitHub Action) in a child process: wall time, CPU time, peak memory and exit code of each run,
against the issue's budget of 5 s and 300 MB.

    python bench/hostile.py                     # every case, once
    python bench/hostile.py --repeat 3          # the median of 3 runs per case
    python bench/hostile.py --only secrets-16k  # the cases whose name contains this
    python bench/hostile.py --against ../main   # each run paired with another checkout's
    python bench/hostile.py --list

Offline; writes only under its temporary directory (removed at the end unless --keep). The
inputs come from the tests' and the bench's own builders (tests/hostile.py, tests/samples.py,
tests/test_secrets_*.py, bench/linearity.py), so the table times what the tests check.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

import hostile as samples_hostile  # noqa: E402  (tests/hostile.py)
import linearity  # noqa: E402  (bench/linearity.py)
from samples import VALUES_WITHOUT_URL  # noqa: E402  (tests/samples.py)
from test_secrets_alias_bomb_value import TOKEN, _bomb  # noqa: E402
from test_secrets_commented_entries import _htpasswd_file  # noqa: E402

BUDGET_SECONDS = 5.0
BUDGET_MB = 300
SECRET_DOCUMENTS = 16_000
FORMATS = ("text", "concise", "json", "sarif", "github", "junit")


@dataclass
class Run:
    """One child process: `python -m <module> <args>` in `cwd` with `env` added."""

    args: list[str]
    cwd: Path
    module: str = "zotlint"
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    code: int | None  # None: killed at the timeout
    traceback: bool


# -- the inputs --------------------------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=b", "-c", "user.email=b@b", *args],
        check=True,
        capture_output=True,
    )


def _committed(root: Path, name: str, base: str, head: str) -> Path:
    """A git repository whose `name` was `base` at HEAD and is `head` in the work tree."""
    root.mkdir(parents=True)
    _git(root, "init", "-q")
    (root / name).write_text(base)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    (root / name).write_text(head)
    return root


def _action(workspace: Path, *args: str) -> Run:
    """The Action's engine as action.yml runs it: SARIF in $RUNNER_TEMP, annotations, a job
    summary with pictures."""
    runner = workspace.parent / "runner"
    runner.mkdir(exist_ok=True)
    (runner / "event.json").write_text("{}")
    (runner / "summary.md").write_text("")
    (runner / "output").write_text("")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(runner / "summary.md"),
        "GITHUB_OUTPUT": str(runner / "output"),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_EVENT_PATH": str(runner / "event.json"),
        "GITHUB_REPOSITORY": "acme/gitops",
        "GITHUB_SHA": "0" * 40,
        "RUNNER_TEMP": str(runner),
        "ZOTLINT_SARIF_FILE": "auto",
    }
    return Run([*args, "."], workspace, module="zotlint.ghaction", env=env)


def tree(d: Path) -> Run:
    """tests/hostile.py's tree: alias and merge-key bombs, deep nesting, a 50 MB file, binary
    and invalid UTF-8 files, symlinks out of the root and to /etc/passwd, a FIFO."""
    root = d / "repo"
    (root / ".git").mkdir(parents=True)
    samples_hostile.write_tree(root)
    return Run(["check", str(root), "--format", "json"], d)


def _zero_and_fifo(root: Path) -> Path:
    """A committed zot values file changed in the work tree, beside a symlink to /dev/zero and
    a FIFO: read whole, the first takes all memory, the second hangs."""
    _committed(root, "values.yaml", VALUES_WITHOUT_URL.replace('a"}', 'b"}'), VALUES_WITHOUT_URL)
    (root / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(root / "fifo.yaml")
    return root


def zero_fifo_diff_base(d: Path) -> Run:
    """--diff-base beside a symlink to /dev/zero and a FIFO (1.9 GB and a traceback before)."""
    root = _zero_and_fifo(d / "repo")
    return Run(["check", str(root), "--diff-base", "HEAD"], d)


def zero_fifo_action(d: Path) -> Run:
    """The Action (its line hashes re-read reported files) beside /dev/zero and a FIFO."""
    return _action(_zero_and_fifo(d / "repo"))


def zlib_bomb_diff_base(d: Path) -> Run:
    """The base revision's blob replaced by a loose object that inflates to 1 GiB."""
    root = _committed(d / "repo", "values.yaml", VALUES_WITHOUT_URL + "# old\n", VALUES_WITHOUT_URL)
    samples_hostile.plant_zlib_bomb(root, "values.yaml")
    return Run(["check", str(root), "--diff-base", "HEAD"], d)


def fifo_config(d: Path) -> Run:
    """A FIFO as the repository's .zotlint.yaml (a read would wait for a writer forever)."""
    root = d / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "values.yaml").write_text(VALUES_WITHOUT_URL)
    os.mkfifo(root / ".zotlint.yaml")
    return Run(["check", str(root)], d)


def zot117_digits(d: Path) -> Run:
    """A duration and a port of 65,536 digits in zot's embedded config (ZOT117's regexes
    backtracked for 36 s; int() of the port crashed the rule)."""
    root = d / "repo"
    (root / ".git").mkdir(parents=True)
    digits = "1" * 65_536
    config = (
        f'{{"storage": {{"rootDirectory": "/r", "gcInterval": "{digits}x"}}, '
        f'"http": {{"address": "0.0.0.0", "port": "{digits}"}}}}'
    )
    (root / "values.yaml").write_text(
        "image:\n  repository: ghcr.io/project-zot/zot\nmountConfig: true\nconfigFiles:\n"
        f"  config.json: |-\n    {config}\n"
    )
    return Run(["check", str(root), "--format", "json"], d)


def many_star_globs(d: Path) -> Run:
    """`*a` x 24 + `b` in .gitignore, in `exclude` and in `per-file-ignores`, over a path of
    250 `a`s that almost matches (a backtracking matcher never finishes)."""
    root = d / "repo"
    (root / ".git").mkdir(parents=True)
    deep = root / ("a" * 250)
    deep.mkdir()
    (deep / "values.yaml").write_text(VALUES_WITHOUT_URL)
    stars = linearity.MANY_STARS
    (root / ".gitignore").write_text(f"/{stars}\n{stars}/x\n")
    (root / ".zotlint.yaml").write_text(
        f'exclude: ["/{stars}/q"]\nper-file-ignores:\n  "{stars}": [ZOT101]\n'
    )
    return Run(["check", str(root)], d)


def repeated_line_diff(d: Path) -> Run:
    """--diff-base over a 120 KB file of repeated lines whose order changed (42 s before)."""
    base = VALUES_WITHOUT_URL + "#x\n#y\n" * 30_000
    head = VALUES_WITHOUT_URL + "#y\n#x\n" * 30_000
    root = _committed(d / "repo", "values.yaml", base, head)
    return Run(["check", str(root), "--diff-base", "HEAD"], d)


def repeated_keys(d: Path) -> Run:
    """12,000 repeated keys in one zot values file: 11,998 ZOT003 findings."""
    root = d / "repo"
    (root / ".git").mkdir(parents=True)
    body = "image:\n  repository: ghcr.io/project-zot/zot\n" + "x: 1\ny: 2\n" * 6_000
    (root / "values.yaml").write_text(body)
    return Run(["check", str(root)], d)


# Workflow commands, a terminal escape, a line separator, a token-shaped name, an option.
HOSTILE_NAMES = (
    "x\n::stop-commands::pwned\n`b`\x1b]0;t\x07\u2028.yaml",
    "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8" + ".yaml",
    "-o.yaml",
)


def _hostile_names(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    for name in HOSTILE_NAMES:
        (root / name).write_text(VALUES_WITHOUT_URL)
    # A name that is not UTF-8 (kept with surrogateescape, shown with backslashreplace).
    with open(os.path.join(os.fsencode(root), b"bad-\xff.yaml"), "w") as fh:
        fh.write(VALUES_WITHOUT_URL)
    return root


def hostile_names_text(d: Path) -> Run:
    """File names with workflow commands, escapes, a token, a leading `-`, bytes that are
    not UTF-8; text output under GITHUB_ACTIONS."""
    root = _hostile_names(d / "repo")
    return Run(["check", str(root)], d, env={"GITHUB_ACTIONS": "true"})


def hostile_names_action(d: Path) -> Run:
    """The same file names through the Action."""
    return _action(_hostile_names(d / "repo"))


def _secret_documents(d: Path) -> Path:
    root = d / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "secrets.yaml").write_text(linearity.secret_documents(SECRET_DOCUMENTS))
    return root


def secrets_in(fmt: str) -> Callable[[Path], Run]:
    def build(d: Path) -> Run:
        return Run(["check", str(_secret_documents(d)), "--format", fmt], d)

    build.__doc__ = f"{SECRET_DOCUMENTS:,} Kubernetes Secret documents in one file, {fmt} report."
    return build


def secrets_action(d: Path) -> Run:
    """The 16,000 Secret documents through the Action: SARIF, annotations, job summary."""
    return _action(_secret_documents(d))


def _one_file(d: Path, name: str, text: str) -> Path:
    root = d / "repo"
    (root / ".git").mkdir(parents=True)
    (root / name).write_text(text)
    return root


def htpasswd_lines(d: Path) -> Run:
    """20,000 htpasswd lines, 1.4 MB, each a finding (whether each entry was commented out was
    searched back to the file's start: 15.6 s CPU before)."""
    root = _one_file(d, "users.htpasswd", _htpasswd_file(20_000, "\n"))
    return Run(["check", str(root), "--format", "json"], d)


def flow_end_brackets(d: Path) -> Run:
    """1,200 lines of `password: v…` ending in 4,090 `}`, 4.9 MB (the flow-end stripping counted
    the brackets again per character removed: 22.5 s CPU before)."""
    lines = [f"password: v{i:05d}" + "}" * 4_090 for i in range(1_200)]
    root = _one_file(d, "notes.txt", "\n".join(lines) + "\n")
    return Run(["check", str(root), "--format", "json"], d)


def _many_distinct(distinct: int) -> str:
    """tests/test_secrets_repeated_linear.py's value (`distinct` characters, then 1.5 times as
    many drawn from them), its characters taken past the surrogates and U+FEFF/FFFE/FFFF, which
    a UTF-8 YAML file cannot hold."""
    rng = random.Random(distinct)
    skip = {0xFEFF, 0xFFFE, 0xFFFF}
    points = (c for c in range(0x4E00, 0x30000) if not 0xD800 <= c <= 0xDFFF and c not in skip)
    chars = [chr(c) for _, c in zip(range(distinct), points, strict=False)]
    return "".join(chars) + "".join(rng.choice(chars) for _ in range(distinct * 3 // 2))


def long_secret_value(d: Path) -> Run:
    """A Kubernetes Secret value of 200,000 characters, 80,000 of them distinct (the
    placeholder check counted it once per distinct character: 15.4 s CPU before; then the
    scrub's regex of its spellings)."""
    value = _many_distinct(80_000)
    secret = (
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  password: {value}\n"
    )
    root = _one_file(d, "secret.yaml", secret)
    return Run(["check", str(root), "--format", "json"], d)


def alias_bomb_value(d: Path) -> Run:
    """A Kubernetes Secret value that is a YAML alias bomb (nine levels of nine aliases) with a
    password after it (the credential search walked 9^9 paths: never finished before)."""
    root = _one_file(d, "secret.yaml", _bomb(9, f"password: {TOKEN}"))
    return Run(["check", str(root), "--format", "json"], d)


def iam_roles(n: int) -> Callable[[Path], Run]:
    def build(d: Path) -> Run:
        root = d / "repo"
        root.mkdir()
        linearity.iam_deny_roles(n, root)  # writes the tree; the in-process runner is unused
        return Run(["check", str(root), "--format", "json"], d)

    build.__doc__ = f"{n} copies of an IAM role that denies every key (ZOT507/ZOT508)."
    return build


CASES: dict[str, Callable[[Path], Run]] = {
    "tree": tree,
    "zero-fifo-diff-base": zero_fifo_diff_base,
    "zero-fifo-action": zero_fifo_action,
    "zlib-bomb-diff-base": zlib_bomb_diff_base,
    "fifo-config": fifo_config,
    "zot117-65536-digits": zot117_digits,
    "many-star-globs": many_star_globs,
    "repeated-line-diff-120kb": repeated_line_diff,
    "repeated-keys-12000": repeated_keys,
    "htpasswd-20000-lines": htpasswd_lines,
    "flow-end-4090-brackets": flow_end_brackets,
    "secret-value-200k-chars": long_secret_value,
    "secret-value-alias-bomb": alias_bomb_value,
    "hostile-names-text": hostile_names_text,
    "hostile-names-action": hostile_names_action,
    **{f"secrets-16k-{fmt}": secrets_in(fmt) for fmt in FORMATS},
    "secrets-16k-action": secrets_action,
    "iam-deny-roles-200": iam_roles(200),
    "iam-deny-roles-400": iam_roles(400),
}


# -- running -----------------------------------------------------------------------------------


def measure(run: Run, timeout: float, scratch: Path, code: Path = ROOT) -> Measure:
    """One child process, timed; its CPU time and peak memory from os.wait4 (its own, and its
    worker's, which it waits for). `scratch`: where its standard error is kept; `code`: the
    checkout whose zotlint runs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ZOTLINT_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # timed as installed: bytecode caches kept
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
    env.update(run.env)
    killed = threading.Event()
    with tempfile.TemporaryFile(dir=scratch) as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", run.module, *run.args],
            cwd=run.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,  # a timeout kills the whole group
        )

        def kill() -> None:
            killed.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        traceback = b"Traceback" in err.read()
    return Measure(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        code=None if killed.is_set() else proc.returncode,
        traceback=traceback,
    )


def verdict(m: Measure) -> str:
    if m.code is None:
        return "KILLED"
    if m.traceback:
        return "TRACEBACK"
    over = [
        what
        for what, bad in (("5 s", m.wall > BUDGET_SECONDS), ("300 MB", m.peak_mb > BUDGET_MB))
        if bad
    ]
    return "OVER " + ", ".join(over) if over else "OK"


def _median(runs: list[Measure]) -> Measure:
    return Measure(
        statistics.median(m.wall for m in runs),
        statistics.median(m.cpu for m in runs),
        statistics.median(m.peak_mb for m in runs),
        runs[-1].code,
        any(m.traceback for m in runs),
    )


def _row(m: Measure) -> str:
    code = "-" if m.code is None else str(m.code)
    return f"{code:>4s} {m.wall:7.2f} {m.cpu:6.2f} {m.peak_mb:7.0f}  {verdict(m)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case (median shown)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a kill")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="CHECKOUT",
        help="also time another checkout's zotlint (its root directory), alternating with this "
        "one run by run, on the same inputs: a pair measured in the same minutes",
    )
    opts = parser.parse_args()
    names = [n for n in CASES if not opts.only or opts.only in n]
    if opts.list:
        for name in names:
            doc = (CASES[name].__doc__ or "").strip()
            print(f"{name:26s} {doc.splitlines()[0] if doc else ''}")
        return 0
    if not hasattr(os, "mkfifo") or shutil.which("git") is None:
        print("needs a POSIX system with git", file=sys.stderr)
        return 2
    other = opts.against.resolve() if opts.against else None
    if other is not None and not (other / "zotlint" / "__init__.py").is_file():
        print(f"--against {opts.against}: no zotlint/ package there", file=sys.stderr)
        return 2
    top = Path(tempfile.mkdtemp(prefix="zotlint-hostile-"))
    print(f"load average {os.getloadavg()[0]:.2f}; budget {BUDGET_SECONDS:g} s, {BUDGET_MB} MB")
    columns = f"{'exit':>4s} {'wall s':>7s} {'CPU s':>6s} {'peak MB':>7s}  verdict"
    if other is None:
        header = f"{'case':26s} {columns}"
    else:
        print(f"this: {ROOT}\nagainst: {other}")
        header = f"{'case':26s} {'code':7s} {columns}"
    print(header)
    print("-" * len(header))
    failed = 0
    try:
        for name in names:
            d = top / name
            d.mkdir()
            run = CASES[name](d)
            runs: dict[Path, list[Measure]] = {ROOT: []}
            if other is not None:
                runs[other] = []
            for i in range(opts.repeat):
                # Alternated, each side first in every other round: load drifts, and a first
                # run after a build pays for cold caches.
                for code in list(runs) if i % 2 == 0 else list(runs)[::-1]:
                    runs[code].append(measure(run, opts.timeout, top, code))
            mine = _median(runs[ROOT])
            failed += verdict(mine) != "OK"
            if other is None:
                print(f"{name:26s} {_row(mine)}")
            else:
                print(f"{name:26s} {'this':7s} {_row(mine)}")
                print(f"{'':26s} {'against':7s} {_row(_median(runs[other]))}")
            if not opts.keep:
                shutil.rmtree(d, ignore_errors=True)  # the next case has the disk to itself
    finally:
        if opts.keep:
            print(f"kept {top}")
        else:
            shutil.rmtree(top, ignore_errors=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
