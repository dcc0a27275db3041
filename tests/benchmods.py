"""The bench's own scripts (bench/*.py) as modules, so a test and the bench use one generator.

bench/ is not a package (its scripts run as `python bench/run.py`), so a script is loaded from
its file, once per test session."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench_module(stem: str) -> ModuleType:
    """bench/<stem>.py, loaded on first use and then shared."""
    name = f"zotlint_bench_{stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{stem}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look the module up while a class is built
    spec.loader.exec_module(module)
    return module
