"""The garbage collector during a run (zotlint.runtime.gc_frozen_as_loaded, settle,
settle_if_grown): automatic passes off, garbage collected at stage boundaries and bounded."""

from __future__ import annotations

import gc
import os
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from zotlint import runtime
from zotlint.config import Settings
from zotlint.engine import run
from zotlint.runtime import gc_frozen_as_loaded, settle, settle_if_grown


class _Node:
    """A weak-referenceable object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: Any = None


def _cycle() -> weakref.ref[_Node]:
    """A two-object cycle nobody refers to: only a collection frees it."""
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    # gc_frozen_as_loaded leaves the collector alone when it is off or objects are frozen:
    # these tests need it to act.
    gc.collect()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    yield
    gc.enable()
    gc.unfreeze()


def test_automatic_passes_are_off_inside_and_back_after() -> None:
    seen = []
    gc_frozen_as_loaded(lambda: seen.append(gc.isenabled()))()
    assert seen == [False]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_settle_frees_the_garbage_made_since_the_last_one() -> None:
    def stage() -> tuple[bool, bool]:
        ref = _cycle()
        for _ in range(3):  # enough allocations for several automatic passes, were they on
            [[] for _ in range(10_000)]
        before = ref() is not None
        settle()
        return before, ref() is not None

    assert gc_frozen_as_loaded(stage)() == (True, False)


def test_settle_if_grown_collects_once_new_objects_are_half_of_those_kept() -> None:
    def stage() -> list[bool]:
        kept = [[] for _ in range(40_000)]
        settle()  # the run's heap: ~40,000 objects, frozen
        alive = []
        ref = _cycle()
        settle_if_grown()  # a few new objects: no pass
        alive.append(ref() is not None)
        more = [[] for _ in range(25_000)]  # more than half as many as kept
        settle_if_grown()
        alive.append(ref() is not None)
        del kept, more
        return alive

    assert gc_frozen_as_loaded(stage)() == [True, False]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_process_forked_inside_collects_by_itself() -> None:
    # The triage worker and the other forked children call no settle(): their collector runs.
    def fork_and_ask() -> bytes:
        rfd, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.write(wfd, b"on" if gc.isenabled() and not runtime._freezing else b"off")
            finally:
                os._exit(0)
        os.close(wfd)
        answer = os.read(rfd, 8)
        os.close(rfd)
        os.waitpid(pid, 0)
        return answer

    assert gc_frozen_as_loaded(fork_and_ask)() == b"on"


def test_a_run_frees_what_its_rules_leave_in_cycles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each rule leaves a cycle of 5,000 objects: the engine's settle_if_grown() after a rule
    # frees them once they are half as many as the run kept, so without the automatic passes
    # a few at most are alive at any time (the run keeps ~12,000 objects here).
    (tmp_path / "values.yaml").write_text("image:\n  tag: v2.1.0\n")
    from zotlint import engine

    refs: list[weakref.ref[_Node]] = []
    alive: list[int] = []
    real = engine.run_rule

    def leaky(rule: Any, ctx: Any) -> list[str]:
        alive.append(sum(r() is not None for r in refs))
        node = _Node()
        node.other = [[node] for _ in range(5_000)]
        refs.append(weakref.ref(node))
        return real(rule, ctx)

    monkeypatch.setattr(engine, "run_rule", leaky)
    run([tmp_path], Settings(), root=tmp_path, jobs=1)
    assert len(alive) > 30
    assert max(alive) <= 2 * runtime._kept // 5_000 + 1 < 20


def test_what_a_run_made_is_left_in_the_oldest_generation() -> None:
    # Back on after the run, the collector's first young pass must not traverse everything made
    # since the last settle() (the model, the findings: 0.22 s at zot-heavy 10,000 files).
    made: list[list[Any]] = []
    gc_frozen_as_loaded(lambda: made.extend([] for _ in range(1_000)))()
    young = {id(o) for g in (0, 1) for o in gc.get_objects(generation=g)}
    assert not any(id(o) in young for o in made)
    assert gc.isenabled() and gc.get_freeze_count() == 0
