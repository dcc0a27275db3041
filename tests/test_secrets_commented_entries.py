"""Issue 14 (attack 6): whether an htpasswd entry is commented out (a `#` before it on its line,
a line ending at a newline or at an escaped `\\n`) is answered in time linear in the file. The
old search for `\\n` went back to the file's first character for every entry: a 1.4 MB file of
20,000 htpasswd lines took 13.7 s of CPU. FileScan.commented() gives the old definition's
answer, by searching a short file and by indexing a long one once."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from cputime import best_cpu_seconds
from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.secrets import context
from zotlint.secrets.context import FileScan
from zotlint.source.loader import LoadedFile
from zotlint.source.text import SourceFile


def _old_commented(text: str, start: int) -> bool:
    """The definition (the code it replaced in secrets/detectors/htpasswd.entry)."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\\n", 0, start)) + 1
    return "#" in text[line_start:start]


_TEXT = st.lists(st.sampled_from(["#", "\n", "\\", "n", "\\n", "a", " ", "u:$2y$x", "\r"]))


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
@pytest.mark.parametrize("short", [True, False])
def test_commented_is_the_old_definition(short: bool, pieces: list[str], data) -> None:
    text = "".join(pieces)
    scan = FileScan(LoadedFile(SourceFile("x.htpasswd", text)), set())
    limit = context._SHORT_TEXT if short else -1  # -1: every text is indexed
    old_limit, context._SHORT_TEXT = context._SHORT_TEXT, limit
    try:
        # Every offset, in order and then at random (the walk may come back to earlier ones).
        for start in range(len(text) + 1):
            assert scan.commented(start) == _old_commented(text, start), (text, start)
        for start in data.draw(st.lists(st.integers(0, len(text)), max_size=20)):
            assert scan.commented(start) == _old_commented(text, start), (text, start)
    finally:
        context._SHORT_TEXT = old_limit


def _htpasswd_file(n: int, sep: str) -> str:
    rng = random.Random(n)
    alphabet = string.ascii_letters + string.digits + "./"

    def bcrypt() -> str:
        return "$2y$05$" + "".join(rng.choice(alphabet) for _ in range(53))

    # Distinct random hashes (one finding each); no `\n` spelled anywhere.
    return sep.join(f"user{i}:{bcrypt()}" for i in range(n)) + "\n"


@pytest.mark.parametrize("sep", ["\n", " "], ids=["lines", "one-line"])
def test_many_htpasswd_entries_take_linear_cpu_time(tmp_path: Path, sep: str) -> None:
    def cpu(n: int) -> float:
        root = tmp_path / f"{n}-{len(sep)}"
        root.mkdir()
        (root / "users.htpasswd").write_text(_htpasswd_file(n, sep))
        found: list[int] = []
        best = best_cpu_seconds(
            lambda: found.append(len(run([root], Settings(), root=root, jobs=1).findings))
        )
        assert found[-1] >= 0.99 * n  # (nearly) every entry is a finding: the path ran
        return best

    small, large = cpu(2_000), cpu(8_000)
    assert large < 5 * small, (small, large)
