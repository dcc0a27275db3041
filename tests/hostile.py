"""Hostile input samples, generated on the fly (big files are never committed), and a child
process driver that runs the CLI in-process and reports exit codes, output, peak memory and
(optionally) audited side effects.

Every sample mentions `zot` or another pre-filter keyword, so the loader really parses it
instead of skipping it as an unrelated file; a hostile file that is never parsed proves nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from samples import VALUES_WITHOUT_URL

DEEP = 10_000  # far beyond max-depth (200) and Python's default recursion limit (1000)
# Deep enough to overflow the C stack of libyaml's recursive composer (about 30,000 levels):
# a segfault, not an exception, before zotlint refused such input ahead of composing.
SEGFAULT_DEEP = 100_000
BIG_FILE_SIZE = 50 * 1024 * 1024

# A valid zot values file beside the hostile ones: its findings must survive.
VALID_VALUES = VALUES_WITHOUT_URL
# (file, rule, line, column) of a finding the valid file always has: no externalUrl.
VALID_FINDING = ("valid/values.yaml", "ZOT101", 9, 18)

VALID_CONFIG_JSON = """\
{
  "distSpecVersion": "1.1.0",
  "storage": {"rootDirectory": "/var/lib/registry"},
  "http": {"address": "0.0.0.0", "port": "5000"}
}
"""


# -- samples ------------------------------------------------------------------------------------


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    """Billion laughs: `width ** levels` nodes after expansion from a few hundred bytes."""
    lines = ["# zot values", "mountConfig: true", "a0: &a0 [" + ",".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def merge_key_bomb(levels: int = 20) -> str:
    """Merge keys and aliases that double the mapping at every level."""
    lines = ["# zot values", "mountConfig: true", "m0: &m0 {a: 1, b: 2}"]
    for i in range(1, levels + 1):
        lines.append(f"m{i}: &m{i} {{x{i}: *m{i - 1}, y{i}: *m{i - 1}, <<: *m{i - 1}}}")
    return "\n".join(lines) + "\n"


def recursive_alias() -> str:
    """An anchor used inside itself: libyaml composes a cycle, which expands forever."""
    return "mountConfig: true\nzot: &a [1, *a]\n"


def deep_flow(depth: int = DEEP) -> str:
    return "zot: " + "[" * depth + "]" * depth + "\n"


def deep_flow_mapping(depth: int = DEEP) -> str:
    return "zot: " + "{a: " * depth + "1" + "}" * depth + "\n"


def unclosed_flow(depth: int = DEEP) -> str:
    return "zot: " + "[" * depth + "\n"


def deep_block_sequence(depth: int = DEEP) -> str:
    # Compact block sequences nest one level per `- ` on a single line.
    return "zot:\n" + "- " * depth + "x\n"


def deep_complex_keys(depth: int = DEEP) -> str:
    return "zot:\n" + "? " * depth + "x\n"


def deep_block_mapping(depth: int = 2_000) -> str:
    # One level per line; indentation makes the file quadratic, so depth is kept lower.
    body = "".join(" " * i + f"k{i}:\n" for i in range(1, depth + 1))
    return "zot:\n" + body + " " * (depth + 1) + "leaf\n"


def deep_json(depth: int = DEEP) -> str:
    return '{"storage": {"rootDirectory": "/r"}, "x": ' + "[" * depth + "]" * depth + "}\n"


def deep_embedded_json(depth: int = DEEP) -> str:
    body = '{"storage": {"rootDirectory": "/r"}, "x": ' + "[" * depth + "]" * depth + "}"
    return f"mountConfig: true\nconfigFiles:\n  config.json: |-\n    {body}\n"


def deep_embedded_yaml(depth: int = DEEP) -> str:
    body = "storage: {rootDirectory: /r}\n    x: " + "[" * depth + "]" * depth
    return f"mountConfig: true\nconfigFiles:\n  config.yaml: |-\n    {body}\n"


def wide_and_deep(depth: int = 190, width: int = 190_000) -> str:
    """Within max-depth and max-nodes, yet every node's path is 190 keys long: 400 KB that
    cost over a gigabyte before the depth-weighted node budget."""
    return "zot:\n  x: " + "[" * depth + "[" + "1," * width + "1]" + "]" * depth + "\n"


def wide_and_deep_json(depth: int = 190, width: int = 190_000) -> str:
    inner = "[" + "1," * width + "1]"
    body = '{"a": ' * depth + inner + "}" * depth
    return f'{{"storage": {{"rootDirectory": "/r"}}, "extensions": {body}}}\n'


def embedded_too_large(size: int = 2 * 1024 * 1024) -> str:
    pad = "x" * size
    return (
        "mountConfig: true\nconfigFiles:\n  config.json: |-\n"
        f'    {{"storage": {{"rootDirectory": "/r"}}, "pad": "{pad}"}}\n'
    )


def binary_blob() -> bytes:
    # PNG-like header: NUL bytes early, then noise that is not UTF-8.
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16 + b"zot"


def invalid_utf8() -> bytes:
    return b"image:\n  repository: ghcr.io/project-zot/zot\nname: caf\xe9 \xff\xfe\n"


def nul_late() -> bytes:
    # A NUL beyond the 8 KiB binary sniff: libyaml refuses it as a control character.
    return b"zot: x\n" + b"# padding\n" * 2000 + b"key: \x00\n"


def control_chars() -> str:
    # A terminal escape sequence and a bidi override: reported, never echoed raw.
    return "zot: \x07\x1b[31mred\x1b[0m\nx: \u202e\u2066\n"


def many_nodes(lines: int = 300_000) -> str:
    # Under the 5 MB size limit but over max-nodes (200,000) without any alias.
    return "zot:\n" + "- 1\n" * lines


def zlib_bomb(size: int) -> bytes:
    """A loose git object that declares itself a blob and inflates to `size` bytes (~1000:1)."""
    import zlib

    packer = zlib.compressobj(1)
    chunk = b"\0" * (1 << 20)
    parts = [packer.compress(b"blob %d\0" % size)]
    for _ in range(size >> 20):
        parts.append(packer.compress(chunk))
    parts.append(packer.flush())
    return b"".join(parts)


def plant_zlib_bomb(repo: Path, rel: str, size: int = 1 << 30) -> None:
    """Replace the loose object of HEAD's `rel` in the git repository `repo` by `zlib_bomb`
    (1 MB on disk, 1 GiB inflated by default)."""
    blob = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", f"HEAD:{rel}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    loose = repo / ".git" / "objects" / blob[:2] / blob[2:]
    loose.chmod(0o644)
    loose.write_bytes(zlib_bomb(size))


def duplicate_keys_crlf_bom() -> bytes:
    text = "\ufeffmountConfig: true\r\nimage:\r\n  tag: a\r\n  tag: b\r\nmountConfig: false\r\n"
    return text.encode("utf-8")


# rel path -> (content, expectation). Expectations: "RULE" or "RULE:text in the message";
# "" means only "no traceback, no internal error".
SAMPLES: dict[str, tuple[Callable[[], str | bytes], str]] = {
    "hostile/alias_bomb.yaml": (alias_bomb, "ZOT004:(max-nodes)"),
    "hostile/merge_bomb.yaml": (merge_key_bomb, "ZOT004:(max-nodes)"),
    "hostile/recursive_alias.yaml": (recursive_alias, "ZOT004:(max-nodes)"),
    "hostile/deep_flow.yaml": (deep_flow, "ZOT004:(max-depth)"),
    "hostile/deep_flow_map.yaml": (deep_flow_mapping, "ZOT004:(max-depth)"),
    "hostile/unclosed_flow.yaml": (unclosed_flow, "ZOT004:(max-depth)"),
    "hostile/deep_block_seq.yaml": (deep_block_sequence, "ZOT004:(max-depth)"),
    "hostile/deep_complex_keys.yaml": (deep_complex_keys, "ZOT004:(max-depth)"),
    "hostile/deep_block_map.yaml": (deep_block_mapping, "ZOT004:(max-depth)"),
    "hostile/deep.json": (deep_json, "ZOT004:(max-depth)"),
    "hostile/deep_embedded_json.yaml": (deep_embedded_json, "ZOT004:(max-depth)"),
    "hostile/deep_embedded_yaml.yaml": (deep_embedded_yaml, "ZOT004:(max-depth)"),
    "hostile/wide_deep.yaml": (wide_and_deep, "ZOT004:(max-nodes)"),
    "hostile/wide_deep.json": (wide_and_deep_json, "ZOT004:(max-nodes)"),
    "hostile/embedded_large.yaml": (embedded_too_large, "ZOT004:(max-embedded-size)"),
    "hostile/many_nodes.yaml": (many_nodes, "ZOT004:(max-nodes)"),
    "hostile/binary.yaml": (binary_blob, "ZOT001:binary content"),
    "hostile/nul_late.yaml": (nul_late, "ZOT001:U+0000"),
    "hostile/bad_utf8.yaml": (invalid_utf8, "ZOT001:invalid UTF-8"),
    "hostile/control.yaml": (control_chars, "ZOT001:U+0007"),
    "hostile/dupes_crlf_bom.yaml": (duplicate_keys_crlf_bom, "ZOT003"),
    "valid/values.yaml": (lambda: VALID_VALUES, "ZOT101"),
    "valid/config.json": (lambda: VALID_CONFIG_JSON, ""),
}
LINKS = {
    "links/escape.yaml": "ZOT004:symlink points outside the scanned root",
    "links/escape_dir": "ZOT004:symlink points outside the scanned root",
    "links/passwd.yaml": "ZOT004:symlink points outside the scanned root",
    "links/dangling.yaml": "ZOT004:broken symlink",
    "links/fifo.yaml": "ZOT004:not a regular file",
}
OUTSIDE_SECRET = "zot-outside-secret-7f3a"  # content of the files the symlinks point at


def write_tree(root: Path, *, big: bool = True, links: bool = True) -> dict[str, str]:
    """Write every hostile sample plus valid files under ``root``; return rel -> expectation.

    Symlinks point at ``<root>-outside`` (beside ``root``, outside the scanned tree) and at
    /etc/passwd; a FIFO would block any reader forever.
    """
    expect: dict[str, str] = {}
    for rel, (make, why) in SAMPLES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        content = make()
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        expect[rel] = why
    if big:
        write_big_file(root / "hostile" / "big.yaml")
        expect["hostile/big.yaml"] = "ZOT004:(max-file-size)"
    if links:
        outside = outside_dir(root)
        (outside / "dir").mkdir(parents=True, exist_ok=True)
        (outside / "secret.yaml").write_text(f"zot: {OUTSIDE_SECRET}\n")
        (outside / "dir" / "values.yaml").write_text(f"zot: {OUTSIDE_SECRET}\n")
        d = root / "links"
        d.mkdir(exist_ok=True)
        os.symlink(outside / "secret.yaml", d / "escape.yaml")
        os.symlink(outside / "dir", d / "escape_dir")
        os.symlink("/etc/passwd", d / "passwd.yaml")
        os.symlink(d / "nowhere.yaml", d / "dangling.yaml")
        os.mkfifo(d / "fifo.yaml")
        expect.update(LINKS)
    return expect


def outside_dir(root: Path) -> Path:
    return root.parent / f"{root.name}-outside"


def write_big_file(path: Path, size: int = BIG_FILE_SIZE) -> None:
    """A 50 MB YAML file written in 1 MB chunks (never held in memory whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = b"- zot: 0123456789abcdef0123456789abcdef0123456789abcdef\n"
    chunk = line * (1024 * 1024 // len(line))
    with open(path, "wb") as fh:
        fh.write(b"zot:\n")
        written = 5
        while written < size:
            fh.write(chunk)
            written += len(chunk)


# -- child process driver ---------------------------------------------------------------------

# Runs `zotlint.cli.main` once per argv list, in one process (the rule catalogue loads once),
# capturing each run's output and exit code. With "audit", a sys.addaudithook hook records
# file opens, directory listings, processes, sockets and file-system changes; hooks cannot be
# removed, hence a child process. Prints one JSON report on the real stdout.
DRIVER = r"""
import contextlib, io, json, os, resource, sys, time

spec = json.loads(sys.argv[1])
events = []
state = {"on": bool(spec.get("audit"))}
WATCH = ("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
         "os.fork", "os.forkpty", "pty.", "os.kill", "os.remove", "os.rename", "os.rmdir",
         "os.mkdir", "os.chmod", "os.chown", "os.link", "os.symlink", "os.truncate",
         "os.utime", "shutil.", "urllib.", "http.", "ftplib.", "smtplib.", "webbrowser.",
         "ctypes.dlopen")


def _plain(a):
    if isinstance(a, (str, int, float, type(None))):
        return a
    if isinstance(a, bytes):
        return os.fsdecode(a)
    if isinstance(a, os.PathLike):
        return os.fspath(a)
    return repr(a)


def hook(event, args):
    if not state["on"]:
        return
    if event in ("open", "os.scandir", "os.listdir") or event.startswith(WATCH):
        state["on"] = False  # the hook's own work must not be audited
        try:
            events.append([event, [_plain(a) for a in args], os.getcwd()])
        finally:
            state["on"] = True


if spec.get("audit"):
    sys.addaudithook(hook)
if spec.get("selftest"):
    exec(spec["selftest"])  # proves the hook sees what it must catch

from zotlint.cli import main

if spec.get("worker_from") is not None:  # the triage worker from this many files
    import zotlint.runtime
    zotlint.runtime.PARALLEL_MIN_FILES = spec["worker_from"]

results = []
for argv in spec["runs"]:
    out, err = io.StringIO(), io.StringIO()
    sys.argv = ["zotlint", *argv]
    code = 0
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as exc:
            code = 0 if exc.code is None else exc.code
    results.append({"argv": argv, "code": code, "stdout": out.getvalue(),
                    "stderr": err.getvalue(), "seconds": time.perf_counter() - start})
state["on"] = False
report = {"results": results, "events": events,
          "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
sys.__stdout__.write(json.dumps(report))
"""


def start_cli(
    runs: Sequence[Sequence[str]],
    *,
    cwd: Path,
    audit: bool = False,
    env: dict[str, str] | None = None,
    selftest: str = "",
    worker_from: int | None = None,
) -> subprocess.Popen[str]:
    """Start the driver: the CLI once per argv in a fresh interpreter. ``-B`` writes no
    bytecode, ``-P`` keeps the working directory off sys.path (imports would list it).
    ``worker_from``: the triage worker's file threshold (runtime.PARALLEL_MIN_FILES)."""
    spec = json.dumps(
        {
            "runs": [list(r) for r in runs],
            "audit": audit,
            "selftest": selftest,
            "worker_from": worker_from,
        }
    )
    full_env = {**os.environ, **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None)  # text output would add annotations
    return subprocess.Popen(
        [sys.executable, "-B", "-P", "-c", DRIVER, spec],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=full_env,
    )


def finish_cli(proc: subprocess.Popen[str], timeout: float = 300) -> dict[str, Any]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    assert proc.returncode == 0, f"driver died ({proc.returncode}):\n{err[-3000:]}"
    report: dict[str, Any] = json.loads(out)
    return report


def run_cli(
    runs: Sequence[Sequence[str]],
    *,
    cwd: Path,
    audit: bool = False,
    env: dict[str, str] | None = None,
    timeout: float = 300,
    selftest: str = "",
    worker_from: int | None = None,
) -> dict[str, Any]:
    """Run the CLI once per argv in a child process; see start_cli."""
    proc = start_cli(
        runs, cwd=cwd, audit=audit, env=env, selftest=selftest, worker_from=worker_from
    )
    return finish_cli(proc, timeout)
