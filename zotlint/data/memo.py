"""Answers of pure functions over zotlint's fixed data tables, remembered."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")


def memoised(fn: Callable[..., R]) -> Callable[..., R]:
    """``fn`` remembered by its positional arguments. Rules ask the tables about every key of
    every document, and a repository repeats the same keys: the tables never change, so
    neither do the answers. Unhashable arguments (a list in a path) are answered, not kept."""
    cache: dict[tuple[Any, ...], R] = {}

    @functools.wraps(fn)
    def wrapper(*args: Any) -> R:
        try:
            return cache[args]
        except KeyError:
            value = cache[args] = fn(*args)
            return value
        except TypeError:
            return fn(*args)

    return wrapper
