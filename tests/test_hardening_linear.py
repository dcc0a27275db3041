"""Issue 14, attack 6: inputs a pull request controls must not make a path quadratic or
exponential. Each test builds its hostile input in the test and checks N against 4N (within
5x, tests/scaling.py) or a hard time budget where the old code never finished."""

from __future__ import annotations

import time
from pathlib import Path

from scaling import BOUND, growth

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.files import discover
from zotlint.files.wildmatch import Automaton, tokenize
from zotlint.globs import glob_match
from zotlint.secrets.scan import _TakenSpans
from zotlint.source.text import Span

# A glob with many `*`: a backtracking regex needs O(n^k) on a path that almost matches.
MANY_STARS = "*a" * 24 + "b"
YAML = frozenset({".yaml"})


def test_span_deduplication_is_linear() -> None:
    # The shape of 16,000 Secret documents: one detection per document, none overlapping,
    # each checked against all kept so far (the old list scan was quadratic: 79 s).
    def make(n: int):
        spans = [Span(i * 10, i * 10 + 5) for i in range(n)]

        def go() -> None:
            taken = _TakenSpans()
            for span in spans:
                assert not taken.overlaps(span)
                taken.add(span)

        return go

    assert growth(make, 20_000) <= BOUND


def test_span_deduplication_keeps_pairwise_overlap_rules() -> None:
    taken = _TakenSpans()
    taken.add(Span(10, 20))
    taken.add(Span(30, 30))  # a point
    assert taken.overlaps(Span(19, 25)) and not taken.overlaps(Span(20, 25))
    assert taken.overlaps(Span(20, 20))  # a point on an end counts
    assert taken.overlaps(Span(25, 30)) and taken.overlaps(Span(30, 30))
    assert not taken.overlaps(Span(31, 40)) and not taken.overlaps(Span(0, 10))
    taken.add(Span(20, 30))  # touches both: merged
    assert taken.overlaps(Span(29, 29)) and not taken.overlaps(Span(40, 41))


def test_wildmatch_with_many_stars_is_linear_in_the_path() -> None:
    automaton = Automaton([tokenize(MANY_STARS)])  # type: ignore[list-item]

    def make(n: int):
        path = "a" * n  # every `*a` can match almost anywhere: the worst case for backtracking
        return lambda: automaton.first(path)

    assert growth(make, 20_000) <= BOUND


def test_per_file_ignores_glob_with_many_stars_is_linear() -> None:
    def make(n: int):
        path = "a" * n
        return lambda: glob_match(MANY_STARS, path)

    assert growth(make, 20_000) <= BOUND


def test_per_file_ignores_glob_with_a_bad_range_is_not_a_crash() -> None:
    # Pasted raw into a regex, `[z-a]` raised re.error out of the run.
    assert glob_match("[z-a]*.yaml", "x.yaml") is False
    assert glob_match("[a-c]*.yaml", "b1.yaml") is True


def _tree(root: Path, name_length: int) -> None:
    (root / ".git").mkdir(parents=True)
    deep = root / ("a" * name_length)
    deep.mkdir()
    (deep / "zot.yaml").write_text("zot: 1\n")


def test_gitignore_and_exclude_with_many_stars_finish(tmp_path: Path) -> None:
    _tree(tmp_path, 200)
    (tmp_path / ".gitignore").write_text("\n".join(["/" + MANY_STARS, MANY_STARS + "/x"]) + "\n")
    start = time.perf_counter()
    candidates, _ = discover(
        [tmp_path], root=tmp_path, exclude=["/" + MANY_STARS + "/q"], suffixes=YAML
    )
    assert time.perf_counter() - start < 5.0
    assert [c.rel for c in candidates] == ["a" * 200 + "/zot.yaml"]


def test_gitignore_star_patterns_still_ignore(tmp_path: Path) -> None:
    _tree(tmp_path, 10)
    (tmp_path / ".gitignore").write_text("/a*a*a/*.yaml\n")
    candidates, _ = discover([tmp_path], root=tmp_path, suffixes=YAML)
    assert candidates == []


def test_per_file_ignores_with_many_stars_in_a_run(tmp_path: Path) -> None:
    # The whole run, as a pull request would set it in its own .zotlint.yaml.
    _tree(tmp_path, 250)
    settings = Settings(per_file_ignores={MANY_STARS: ["ZOT101"]})
    start = time.perf_counter()
    run([tmp_path], settings, root=tmp_path)
    assert time.perf_counter() - start < 5.0
