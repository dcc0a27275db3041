"""Joins that many deployments share are computed once per run, not once per deployment.

A deployment whose namespace is unknown links to every Secret of the name it mounts (hundreds
in a big repository), and so does every deployment like it. ZOT219 read each linked
ExternalSecret again for every deployment, and ZOT507 parsed every service account's role ARN
again for every store: together a quarter of a 10,000-file zot-heavy run, growing with the
square of the repository (issue 19). These tests count the work on a generated repository;
speed itself is measured by bench/run.py.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import zotlint.knowledge.credentials as credentials
import zotlint.model.iam as model_iam
import zotlint.model.links as links_module
from zotlint.config import Settings
from zotlint.engine import load_project, run
from zotlint.model.links import secret_volume_query

GENERATOR = Path(__file__).resolve().parent.parent / "bench" / "generate.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("zotlint_bench_generate_joins", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("joins") / "repo"
    _generator().generate(400, 1, out, mix="zot-heavy")
    return out


def test_each_external_secret_is_read_once_per_key(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: Counter[tuple[int, str]] = Counter()
    links = files = gathered = 0
    real_read = credentials._from_external_secret

    def counted_read(project: Any, es: Any, key: str) -> list[Any]:
        calls[(id(es), key)] += 1
        return real_read(project, es, key)

    real_gather = credentials._source_contents

    def counted_gather(*args: Any) -> list[Any]:
        nonlocal gathered
        gathered += 1
        return real_gather(*args)

    real_follow = links_module.follow

    def counted_follow(model: Any, dep: Any, file: Any) -> Any:
        # file_contents imports follow when called: patched here whatever imported the rule.
        nonlocal links, files
        chain = real_follow(model, dep, file)
        files += 1
        links += sum(1 for s in chain.sources if s.external_secret is not None)
        return chain

    monkeypatch.setattr(credentials, "_from_external_secret", counted_read)
    monkeypatch.setattr(credentials, "_source_contents", counted_gather)
    monkeypatch.setattr(links_module, "follow", counted_follow)
    result = run([repo], Settings(select=["ZOT219"]), root=repo, jobs=1)
    assert {f.rule_id for f in result.findings} <= {"ZOT219"}
    # Deployments share ExternalSecrets (400 files: about 430 links to 40 of them)...
    assert links > 5 * len(calls) > 0
    # ...and each is read once per key.
    assert max(calls.values()) == 1, calls.most_common(3)
    # The contents of one volume query are gathered once, not once per deployment file.
    assert 0 < gathered < files / 2, (gathered, files)


def test_each_role_arn_is_parsed_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: Counter[str] = Counter()
    real = model_iam.parse_role_arn

    def counted(arn: str) -> Any:
        parsed[arn] += 1
        return real(arn)

    monkeypatch.setattr(model_iam, "parse_role_arn", counted)
    run([repo], Settings(select=["ZOT507"]), root=repo, jobs=1)
    assert parsed, "the repository's zot stores name IRSA roles"
    assert max(parsed.values()) == 1, parsed.most_common(3)


def test_zot_stores_read_each_volume_query_once(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load_project([repo], Settings(), root=repo, jobs=1).facts.model
    volumes: dict[tuple[int, int], Any] = {}
    for dep in model.deployments:
        for vol in dep.pod.volumes:
            volumes.setdefault((id(dep.pod), id(vol)), secret_volume_query(dep, vol))
    queries = {q for q in volumes.values() if q is not None}
    unshared = sum(1 for q in volumes.values() if q is None)
    read = 0
    real = model_iam.volume_sources

    def counted(*args: Any) -> Any:
        nonlocal read
        read += 1
        return real(*args)

    monkeypatch.setattr(model_iam, "volume_sources", counted)
    model_iam._zot_stores(model)
    # Deployments of unknown namespace share their volume queries: one read per query.
    assert len(queries) + unshared < len(volumes)  # the repository does share them
    assert read == len(queries) + unshared
