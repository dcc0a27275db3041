"""Joins that many deployments share are computed once per run, not once per deployment.

A deployment whose namespace is unknown links to every Secret of the name it mounts (hundreds
in a big repository), and so does every deployment like it. ZOT219 read each linked
ExternalSecret again for every deployment, and ZOT507 parsed every service account's role ARN
again for every store: together a quarter of a 10,000-file zot-heavy run, growing with the
square of the repository (issue 19). These tests count the work on a generated repository;
speed itself is measured by bench/run.py.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from benchmods import bench_module

import zotlint.knowledge.credentials as credentials
import zotlint.model.iam as model_iam
import zotlint.model.links as links_module
from zotlint.config import Settings
from zotlint.engine import load_project, run
from zotlint.model.links import secret_volume_query


def _generator() -> ModuleType:
    return bench_module("generate")


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


def _volume_reads(model: Any) -> int:
    """The volume_sources calls one walk over every deployment's volumes needs when each
    distinct volume query is read once (volumes without a query are read each)."""
    volumes: dict[tuple[int, int], Any] = {}
    for dep in model.deployments:
        for vol in dep.pod.volumes:
            volumes.setdefault((id(dep.pod), id(vol)), secret_volume_query(dep, vol))
    queries = {q for q in volumes.values() if q is not None}
    unshared = sum(1 for q in volumes.values() if q is None)
    assert len(queries) + unshared < len(volumes)  # the repository does share them
    return len(queries) + unshared


def _count_calls(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> list[int]:
    calls = [0]
    real = getattr(module, name)

    def counted(*args: Any) -> Any:
        calls[0] += 1
        return real(*args)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_zot_stores_read_each_volume_query_once(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load_project([repo], Settings(), root=repo, jobs=1).facts.model
    read = _count_calls(monkeypatch, model_iam, "volume_sources")
    model_iam._zot_stores(model)
    # Deployments of unknown namespace share their volume queries: one read per query.
    assert read[0] == _volume_reads(model)


def test_chain_answers_are_computed_once_per_volume_query(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ZOT501 reads Chain.external_secrets only through links.per_sources: once per volume
    # query and key, however many deployments share it (before: once per deployment).
    reads = 0
    real = links_module.Chain.external_secrets

    def counted(chain: links_module.Chain) -> list[Any]:
        nonlocal reads
        reads += 1
        return real.fget(chain)  # type: ignore[no-any-return, attr-defined]

    monkeypatch.setattr(links_module.Chain, "external_secrets", property(counted))
    result = run([repo], Settings(select=["ZOT501"]), root=repo, jobs=1)
    assert {f.rule_id for f in result.findings} <= {"ZOT501"}
    model = load_project([repo], Settings(), root=repo, jobs=1).facts.model
    chains = [
        (dep, c)
        for dep, _, f in links_module.config_reads(model)
        if f.whole_document and (c := links_module.follow(model, dep, f)).sources and c.key
    ]
    pairs = {(secret_volume_query(dep, c.volume), c.key) for dep, c in chains if c.volume}
    # The repository does share them (more chains than pairs), and each pair is read once.
    assert 0 < reads <= len(pairs) < len(chains), (reads, len(pairs), len(chains))


def test_zot_sources_reads_each_volume_query_once_and_keeps_every_source(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load_project([repo], Settings(), root=repo, jobs=1).facts.model
    expected: list[Any] = []
    secret_ids: set[int] = set()
    for dep in model.deployments:
        for vol in dep.pod.volumes:
            for src in links_module.volume_sources(model, dep, vol)[0]:
                if all(src is not s for s in expected):
                    expected.append(src)
                if vol.kind == "secret":
                    secret_ids.add(id(src))
    read = _count_calls(monkeypatch, links_module, "volume_sources")
    model.secrets._memo.pop(("zot-sources",), None)
    got = links_module.zot_sources(model)
    assert expected and list(got.sources) == expected and got.via_secret == secret_ids
    assert links_module.zot_sources(model) is got  # once per run
    assert read[0] == _volume_reads(model)
