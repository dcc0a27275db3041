"""How a function's time grows from N to 4N: the check behind "linear, not quadratic".

A linear path takes about 4x as long at 4N, a quadratic one 16x. Timings on a shared CI runner
are noisy, so each size keeps its best of three and a measurement over the bound is retried
before it counts; the bound is the issue's 5x.
"""

from __future__ import annotations

import time
from collections.abc import Callable

BOUND = 5.0


def best_time(fn: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def growth(make: Callable[[int], Callable[[], object]], n: int, attempts: int = 5) -> float:
    """time(4N) / time(N), the smallest ratio over a few attempts."""
    ratio = float("inf")
    small, large = make(n), make(4 * n)
    for _ in range(attempts):
        ratio = min(ratio, best_time(large) / max(best_time(small), 1e-9))
        if ratio <= BOUND:
            break
    return ratio
