"""Sub-path runs (zotlint.scope): the whole work tree is loaded, findings are reported under
the paths given — the same ones a run on the whole repository reports there."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.scope import in_scope, report_scope

FIXTURE = Path(__file__).parent / "repos" / "appset" / "fail"


def _key(f):  # type: ignore[no-untyped-def]
    return (f.rule_id, f.location.file, f.location.start_line, f.location.start_col)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "r")
    (tmp_path / "r" / ".git").mkdir()
    return tmp_path / "r"


def test_sub_path_reports_what_the_whole_run_reports_there(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = run([repo], Settings())
    under = sorted(_key(f) for f in whole.visible() if in_scope(f.location.file, ("infra/zot",)))
    assert ("ZOT201", "infra/zot/values-prod.yaml") in {k[:2] for k in under}
    sub = run([repo / "infra" / "zot"], Settings())
    assert sorted(_key(f) for f in sub.visible()) == under
    assert sub.files == [
        "infra/zot/values-common.yaml",
        "infra/zot/values-dev.yaml",
        "infra/zot/values-prod.yaml",
    ]
    monkeypatch.chdir(repo / "infra" / "zot")
    inside = run(["."], Settings())
    assert sorted(_key(f) for f in inside.visible()) == under


def test_cross_file_findings_count_when_either_end_is_under_the_path(repo: Path) -> None:
    # ZOT201's related location (the nearest mount) is in values-common.yaml.
    sub = run([repo / "infra" / "zot" / "values-common.yaml"], Settings())
    assert "ZOT201" in {f.rule_id for f in sub.visible()}
    argocd = run([repo / "infra" / "argocd"], Settings())
    assert {f.rule_id for f in argocd.visible()} == {"ZOT602"}


def test_scope_is_none_for_the_root_or_outside(tmp_path: Path) -> None:
    assert report_scope([tmp_path], tmp_path) is None
    assert report_scope([tmp_path / "a", tmp_path / "b"], tmp_path) == ("a", "b")
    assert report_scope([os.sep], tmp_path) is None


def _graph(*args: str) -> dict[str, dict]:  # type: ignore[type-arg]
    from click.testing import CliRunner

    from zotlint.cli import cli

    out = CliRunner().invoke(cli, ["graph", "--format", "json", *args])
    assert out.exit_code == 0, out.output
    return {d["deployment"]: d for d in json.loads(out.output)}


def test_graph_of_a_sub_path_loads_the_repository(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loading only infra/eso/prod found no deployment at all; loading the repository, the graph
    # shows the deployments whose chains reach a file under the path, as the whole run has them.
    whole = _graph(str(repo))
    assert sorted(whole) == ["zot-dev", "zot-prod", "zot-qa"]
    sub = _graph(str(repo / "infra" / "eso" / "prod"))
    assert sorted(sub) == ["zot-prod"]
    assert sub["zot-prod"] == whole["zot-prod"]
    assert sub["zot-prod"]["namespace"] == "zot-prod"  # from the ApplicationSet outside the path
    assert sorted(_graph(str(repo / "infra" / "zot" / "values-dev.yaml"))) == ["zot-dev"]
    monkeypatch.chdir(repo / "infra" / "zot")
    assert _graph(".") == whole  # every deployment layers values-common.yaml
    assert _graph(str(repo / "infra" / "argocd")) == whole
