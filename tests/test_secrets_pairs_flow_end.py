"""Issue 14 (attack 6): a `key: value` pair's value loses the end of the flow mapping or list it
was cut from (`{password: pw123},`) in time linear in its length. The old loop counted the
value's brackets again for every character it stripped: 1,200 lines of `password: v…` and
4,090 `}` (4.9 MB of text) took 22.5 s of CPU. The answer is the old loop's."""

from __future__ import annotations

from pathlib import Path

from cputime import best_cpu_seconds
from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.secrets.detectors.pairs import _flow_end_stripped


def _old(value: str) -> str:
    """The definition: the loop _kv_line ran before."""
    while (
        value
        and value[-1] in ",}]"
        and (value[-1] == "," or value.count(value[-1]) > value.count("{["[value[-1] == "]"]))
    ):
        value = value[:-1]
    return value


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["{", "}", "[", "]", ",", "a", "7", " ", "}}", ",]"])).map("".join))
def test_flow_end_stripping_is_the_old_loop(value: str) -> None:
    assert _flow_end_stripped(value) == _old(value)


def test_stripped_values_are_still_found(tmp_path: Path) -> None:
    token = "Zq8mK2vR9xL4pT7wB3nCy6Hs"
    (tmp_path / "notes.txt").write_text(f"creds: {{password: {token}}},\n")
    findings = run([tmp_path], Settings(), root=tmp_path, jobs=1).findings
    assert [(f.rule_id, f.location.start_col, f.location.end_col) for f in findings] == [
        ("ZOT305", 19, 19 + len(token))  # `},` stripped
    ]


def test_many_closing_brackets_take_linear_cpu_time(tmp_path: Path) -> None:
    # The value is at most 4,096 characters (the pattern's bound): the time per line must grow
    # with its length, not with its square (the old loop: 16x for 4x).
    def cpu(brackets: int) -> float:
        root = tmp_path / str(brackets)
        root.mkdir()
        lines = [f"password: v{i:05d}" + "}" * brackets for i in range(300)]
        (root / "notes.txt").write_text("\n".join(lines) + "\n")
        return best_cpu_seconds(lambda: run([root], Settings(), root=root, jobs=1))

    small, large = cpu(1_000), cpu(4_000)
    assert large < 5 * small, (small, large)
