"""The Action's deployment pictures reuse the run's loaded project (RunResult.project, kept on
request) when the run loaded exactly the paths it reports on: loading and modelling 16,000
Secret documents a second time took 1.5 s. The pictures are the same as from a fresh load; a
sub-path run keeps no project (it loaded the whole tree, the pictures are of the paths), nor
does a run that did not ask (the CLI: the project would stay in memory for nothing)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zotlint import pipeline
from zotlint.config import Settings
from zotlint.engine import RunResult, run
from zotlint.ghaction.summary import graphs

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _keeping(scan: list[Path], settings: Settings, root: Path, jobs: int | None) -> RunResult:
    return run(scan, settings, root=root, jobs=jobs, keep_project=True)


def test_the_runs_project_gives_the_pictures_a_fresh_load_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo)
    (repo / ".git").mkdir()  # the root, as in a checkout
    monkeypatch.chdir(repo)
    setup = pipeline.configure([Path(".")])
    assert pipeline.check(setup, [Path(".")]).project is None  # not asked for
    result = pipeline.check(setup, [Path(".")], runner=_keeping)
    assert result.project is not None
    fresh = graphs([Path(".")], setup.settings, setup.root)
    assert len(fresh) == 2  # examples/: two deployments with a broken link

    def no_second_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("loaded again")

    monkeypatch.setattr("zotlint.engine.load_project", no_second_load)
    assert graphs([Path(".")], setup.settings, setup.root, result.project) == fresh


def test_a_sub_path_run_keeps_no_project() -> None:
    guide = EXAMPLES / "guide"
    setup = pipeline.configure([guide])
    result = pipeline.check(setup, [guide], runner=_keeping)
    # The root is the repository (this checkout): the run loaded the whole tree.
    assert setup.root != guide.resolve()
    assert result.project is None


def test_the_action_loads_the_project_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import zotlint.engine
    from zotlint.ghaction import main

    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo)
    (repo / ".git").mkdir()
    monkeypatch.chdir(repo)
    calls = []
    real = zotlint.engine.load_project

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zotlint.engine, "load_project", counted)
    summary = tmp_path / "summary.md"
    env = {"RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(tmp_path / "out")}
    res = CliRunner().invoke(main, ["--summary", str(summary), "--graph"], env=env)
    assert res.exit_code == 1, res.output  # examples/ has findings
    assert len(calls) == 1
    assert summary.read_text().count("### Deployment graph: ") == 2
