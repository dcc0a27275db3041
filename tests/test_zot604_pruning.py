"""Issue 19: ZOT604 does not walk below a known key when no key of the table below it is newer
than the image (``_newer_below``). The outermost too-new keys are the same as the full walk's,
for every zot config in the rule fixtures and examples, at every release boundary."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from zotlint.config import Settings
from zotlint.data.zot_config_keys import KEYS, MAP_ENTRIES, lookup
from zotlint.document import Kind
from zotlint.engine import load_project

ROOT = Path(__file__).resolve().parents[1]
TAGS = ["v2.0.0", "v2.1.0", "v2.1.5", "v2.1.6", "v2.1.11-rc1", "v2.1.14", "v2.1.18", "v2.1.20"]


def _rule() -> ModuleType:
    path = ROOT / "rules" / "gitops" / "ZOT604_config_key_needs_newer_zot.py"
    spec = importlib.util.spec_from_file_location("zot604_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_pattern_of_the_table_looks_up_its_own_row() -> None:
    # What the pruning relies on: a key's answer is its pattern's.
    for pattern, info in [*KEYS.items(), *MAP_ENTRIES.items()]:
        assert lookup(pattern) is info


def test_pruned_walk_finds_what_the_full_walk_finds(monkeypatch) -> None:
    rule = _rule()
    configs = []
    for folder in ("tests/rules", "examples"):
        root = ROOT / folder
        loaded = load_project([root], Settings(), root=root, jobs=1)
        configs += loaded.project.documents(Kind.ZOT_CONFIG)
    assert len(configs) > 20
    pruned = {(id(d), t): rule._too_new(d, t) for d in configs for t in TAGS}
    assert any(pruned.values())  # the fixtures do hold too-new keys
    monkeypatch.setattr(rule, "_newer_below", lambda pattern, tag: True)
    full = {(id(d), t): rule._too_new(d, t) for d in configs for t in TAGS}
    assert pruned == full


def test_nothing_below_is_newer_for_the_newest_release() -> None:
    rule = _rule()
    assert not rule._newer_below(("storage",), "v2.1.20")
    assert rule._newer_below(("http",), "v2.1.5")  # http.auth.openid...credentialsFile
