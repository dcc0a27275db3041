"""Without Keycloak definitions or Argo CD Applications, the ZOT4xx and ZOT6xx rules stay quiet.

The inputs are the same zot values that make those rules fire when a realm file or an
Application sits beside them (the guide example, ZOT401's and ZOT601's failing fixtures).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import run

ROOT = Path(__file__).resolve().parent.parent
RULES = [f"ZOT40{i}" for i in range(1, 8)] + [f"ZOT60{i}" for i in range(1, 7)]


def _copy(src: Path, dst: Path, skip: tuple[str, ...]) -> None:
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if path.is_dir() or any(part in skip for part in rel.parts):
            continue
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def test_no_keycloak_or_argocd_files_no_findings(tmp_path: Path) -> None:
    _copy(ROOT / "examples" / "guide", tmp_path / "guide", ("argocd",))
    fixtures = ROOT / "tests" / "rules"
    _copy(fixtures / "ZOT401" / "fail_other_provider_key", tmp_path / "kc", ("keycloak",))
    _copy(fixtures / "ZOT601" / "fail_feature_branch", tmp_path / "argo", ("argocd",))
    settings = Settings()
    settings.select = RULES
    result = run([tmp_path], settings, root=tmp_path)
    assert not result.errors, result.errors
    found = [f"{f.rule_id} {f.location.file}:{f.location.start_line}" for f in result.findings]
    assert not found, found


def test_same_inputs_with_those_files_do_fire(tmp_path: Path) -> None:
    # Guards the test above: it must be the missing files that keep the rules quiet.
    _copy(ROOT / "examples" / "guide", tmp_path / "guide", ())
    _copy(ROOT / "tests" / "rules" / "ZOT401" / "fail_other_provider_key", tmp_path / "kc", ())
    settings = Settings()
    settings.select = RULES
    result = run([tmp_path], settings, root=tmp_path)
    assert {f.rule_id for f in result.findings} >= {"ZOT401", "ZOT601"}
