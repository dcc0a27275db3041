"""CPU time of a piece of work, measured apart from the test session's own heap.

A long pytest session keeps millions of objects alive (other tests' results, fixtures,
modules). Every full garbage collection during a timed call walks all of them, so a call that
allocates four times as much pays four times as many walks of a heap it does not own: a
linear path looked superlinear (5.07x for 4x the input with 3 M unrelated objects alive,
4.0x without). Freezing what is alive before the call (gc.freeze) takes it out of the
collector's way, as zotlint's own entry point does for what it loaded.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def best_cpu_seconds(work: Callable[[], object], repeat: int = 2) -> float:
    """The least process CPU time of ``repeat`` calls of ``work``."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.freeze()
        try:
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
        finally:
            gc.unfreeze()
    return best
