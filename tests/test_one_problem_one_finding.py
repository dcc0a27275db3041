"""One problem, one finding (rules/README.md): pairs of rules that used to report the same
mistake twice now report it once, at the line a person edits."""

from __future__ import annotations

from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "rules"


def _found(path: Path, root: Path, select: list[str]) -> list[tuple[str, str, int]]:
    settings = Settings()
    settings.select = select
    result = run([path], settings, root=root)
    assert not result.errors, result.errors
    return sorted((f.rule_id, f.location.file, f.location.start_line) for f in result.findings)


def test_chart_default_htpasswd_is_zot218_only() -> None:
    dev = "guide/infra/deployments/core/zot/values/dev.yaml"
    found = _found(ROOT / "examples" / "guide", ROOT / "examples", ["ZOT218", "ZOT302"])
    assert [f for f in found if f[1] == dev] == [("ZOT218", dev, 47)]


def test_inline_credentials_one_finding_each() -> None:
    case = FIXTURES / "ZOT111" / "fail_committed_secret_is_zot301.json"
    found = _found(case, FIXTURES, ["ZOT111", "ZOT301"])
    file = "ZOT111/fail_committed_secret_is_zot301.json"
    assert found == [("ZOT111", file, 8), ("ZOT301", file, 9)]


def test_shared_mount_config_once() -> None:
    case = FIXTURES / "ZOT207" / "fail_shared_layer_once"
    found = _found(case, FIXTURES, ["ZOT207"])
    assert found == [("ZOT207", "ZOT207/fail_shared_layer_once/zot/common.yaml", 2)]
