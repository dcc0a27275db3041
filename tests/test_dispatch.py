"""The engine's core: rule scopes (zotlint.dispatch), problem kinds mapped to rules through the
registry, and the layering that keeps the loaded Project a store."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from zotlint import engine
from zotlint.config import Settings
from zotlint.findings import Severity
from zotlint.model import Deployment
from zotlint.registry import CatalogueError, load_rules, problem_rules
from zotlint.rule import DEPLOYMENT, ENGINE, PROJECT, Context, Rule, RuleMeta
from zotlint.source.problems import ProblemKind

# Two Applications layer zot/common.yaml under dev and prod: one place, two deployments.
SHARED = Path(__file__).parent / "rules" / "ZOT207" / "fail_shared_layer_once"


def _meta(rule_id: str, scope: str, problems: tuple[ProblemKind, ...] = ()) -> RuleMeta:
    return RuleMeta(
        id=rule_id,
        name=f"test-{rule_id.lower()}",
        severity=Severity.WARNING,
        summary="test only",
        scope=(scope,),
        since="0.1.0",
        problems=problems,
    )


def _tag_ref(dep: Deployment):  # type: ignore[no-untyped-def]
    origin = dep.values.origin(("image", "tag"))
    assert origin is not None
    return origin.ref("key")


def _per_deployment(ctx: Context, dep: Deployment) -> None:
    ref = _tag_ref(dep)
    ctx.report(ref, "image tag", related=[(ref, "the same place"), (None, "unknown")])


def _by_hand(ctx: Context) -> None:
    for dep in ctx.model.deployments:
        if dep.upstream and dep.complete:
            ctx.report(_tag_ref(dep), "image tag")


def _crashes(ctx: Context, dep: Deployment) -> None:
    raise KeyError(dep.key)


def _run(monkeypatch: pytest.MonkeyPatch, *extra: Rule):  # type: ignore[no-untyped-def]
    rules = (*load_rules(), *extra)
    monkeypatch.setattr(engine, "load_rules", lambda catalogue=None: rules)
    return engine.run([SHARED], Settings(select=["ZOT39"]), root=SHARED)


def test_deployment_scope_reports_a_shared_layer_once(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(
        monkeypatch,
        Rule(_meta("ZOT398", DEPLOYMENT), _per_deployment),
        Rule(_meta("ZOT399", PROJECT), _by_hand),
    )
    assert not result.errors
    found = sorted((f.rule_id, f.location.file, f.location.start_line) for f in result.findings)
    # The project rule sees the layer once per deployment; the deployment rule reports it once,
    # without the related location at its own place nor the one the model could not place.
    assert found == [
        ("ZOT398", "zot/common.yaml", 4),
        ("ZOT399", "zot/common.yaml", 4),
        ("ZOT399", "zot/common.yaml", 4),
    ]
    (once,) = [f for f in result.findings if f.rule_id == "ZOT398"]
    assert once.related == ()


def test_a_crash_names_the_deployments_values_file_and_spares_other_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = _run(
        monkeypatch,
        Rule(_meta("ZOT397", DEPLOYMENT), _crashes),
        Rule(_meta("ZOT398", DEPLOYMENT), _per_deployment),
    )
    assert len(result.errors) == 2  # one per deployment
    assert all(e.startswith("internal error: rule ZOT397 crashed on zot/") for e in result.errors)
    assert [f.rule_id for f in result.findings] == ["ZOT398"]


def test_every_problem_kind_is_reported_by_one_catalogue_rule() -> None:
    by_kind = problem_rules(load_rules())
    assert set(by_kind) == set(ProblemKind)
    assert all(ENGINE in r.meta.scope for r in by_kind.values())
    assert by_kind[ProblemKind.YAML_SYNTAX] is by_kind[ProblemKind.UNDECODABLE]


def test_a_problem_kind_claimed_twice_is_a_catalogue_error() -> None:
    twice = (
        Rule(_meta("ZOT396", ENGINE, (ProblemKind.SKIPPED,)), None),
        Rule(_meta("ZOT397", ENGINE, (ProblemKind.SKIPPED,)), None),
    )
    with pytest.raises(CatalogueError, match="skipped is reported by both ZOT396 and ZOT397"):
        problem_rules(twice)


def test_a_problem_no_rule_claims_is_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = SHARED.parent / "pass_orphaned_layer"  # any folder; the broken file is an overlay
    rules = tuple(r for r in load_rules() if ProblemKind.YAML_SYNTAX not in r.meta.problems)
    monkeypatch.setattr(engine, "load_rules", lambda catalogue=None: rules)
    overlay = {"apps/zot-dev.yaml": b"a: [1\n"}
    result = engine.run([broken], Settings(), root=broken, overlay=overlay)
    assert result.findings and not [f for f in result.findings if f.rule_id == "ZOT001"]
    monkeypatch.undo()
    result = engine.run([broken], Settings(), root=broken, overlay=overlay)
    assert [f.location.file for f in result.findings if f.rule_id == "ZOT001"] == [
        "apps/zot-dev.yaml"
    ]


def _imported_after(statement: str, prefixes: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys\n{statement}\n"
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return ast.literal_eval(out.stdout)  # the module names the child printed


def test_loading_imports_neither_the_model_nor_the_secret_scan() -> None:
    late = ("zotlint.model", "zotlint.secrets", "zotlint.facts", "zotlint.engine")
    loading = "import zotlint.project, zotlint.source.loader, zotlint.source.unparsed"
    assert _imported_after(loading, late) == []


def test_the_engine_imports_the_model_and_the_scan_only_when_a_rule_reads_them() -> None:
    late = ("zotlint.model", "zotlint.secrets.scan")
    assert _imported_after("import zotlint.engine", late) == []
