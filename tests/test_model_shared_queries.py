"""Queries the model answers once for every rule, and indexes that replace scans (issue 19).

The secret index groups a name's objects by namespace and environment, so a query reads the
compatible groups instead of the whole bucket; answers that depend on a chain's sources and key
are computed once per volume query; one path index serves the model and the GitOps rules. Each
test checks the answers against the plain definition, and counts the work where a scan would
grow with the square of the repository. Speed itself is measured by bench/run.py.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import zotlint.model.links as links
from zotlint.config import Settings
from zotlint.engine import load_project, run
from zotlint.model.env import Scope, compatible
from zotlint.model.provisioning import SecretIndex, SecretSource
from zotlint.model.resolve import PathIndex, _suffixes, scanned_paths
from zotlint.project import Project

GENERATOR = Path(__file__).resolve().parent.parent / "bench" / "generate.py"
NAMESPACES = [None, "", "zot", "team-a", "team-b"]
ENVS = [None, "dev", "prod"]


@dataclass(eq=False)
class _Counted:
    """A store or service account whose scope reads are counted."""

    kind: str
    name: str
    _scope: Scope
    reads: Counter[str]

    @property
    def scope(self) -> Scope:
        self.reads["scope"] += 1
        return self._scope


def _expected(items: list[Any], namespace: str | None, env: str | None) -> list[Any]:
    return [
        x
        for x in items
        if compatible(x._scope.env, env) and compatible(x._scope.namespace, namespace)
    ]


@pytest.mark.parametrize("size", [3, 15, 16, 40, 200])
def test_scoped_queries_equal_the_plain_filter_in_bucket_order(size: int) -> None:
    rnd = random.Random(size)
    reads: Counter[str] = Counter()
    idx = SecretIndex()
    stores = [
        _Counted("SecretStore", "aws", Scope(rnd.choice(NAMESPACES), None, rnd.choice(ENVS)), reads)
        for _ in range(size)
    ]
    cluster = [
        _Counted("ClusterSecretStore", "aws", Scope(None, None, rnd.choice(ENVS)), reads)
        for _ in range(size)
    ]
    for s in stores + cluster:
        idx.add_store(s)  # type: ignore[arg-type]
    for i, s in enumerate(stores):
        idx.add_secret(SecretSource("secret", "creds", s._scope, None, keys=frozenset({str(i)})))  # type: ignore[arg-type]
    secrets = idx.secrets("creds")
    for ns in [*NAMESPACES, "elsewhere"]:
        for env in [*ENVS, "qa"]:
            assert idx.find_stores("SecretStore", "aws", ns, env) == _expected(stores, ns, env)
            # A ClusterSecretStore serves every namespace: only the environment filters it.
            assert idx.find_stores("ClusterSecretStore", "aws", ns, env) == _expected(
                cluster, None, env
            )
            got = [s.keys for s in idx.secrets("creds", ns, env)]
            want = [
                s.keys
                for s in secrets
                if compatible(s.scope.env, env) and compatible(s.scope.namespace, ns)
            ]
            assert got == want
            any_ns = [s.keys for s in idx.secrets("creds", ns, env, any_namespace=True)]
            assert any_ns == [s.keys for s in secrets if compatible(s.scope.env, env)]


def test_distinct_store_queries_do_not_rescan_the_bucket() -> None:
    # One store name in 2,000 namespaces (every tenant's `aws-secretsmanager`), asked for 500
    # distinct namespaces: each store's scope is read a bounded number of times, not 500.
    reads: Counter[str] = Counter()
    idx = SecretIndex()
    for i in range(2000):
        idx.add_store(_Counted("SecretStore", "aws", Scope(f"ns-{i}", None, "dev"), reads))  # type: ignore[arg-type]
    for i in range(500):
        found = idx.find_stores("SecretStore", "aws", f"ns-{i * 3}", "dev")
        assert [s._scope.namespace for s in found] == [f"ns-{i * 3}"]  # type: ignore[attr-defined]
    assert reads["scope"] <= 2 * 2000, reads


def test_suffixes() -> None:
    def old(rel: str) -> list[str]:
        parts = rel.split("/")
        return ["/".join(parts[i:]) for i in range(len(parts))]

    for rel in ["a", "a/b/c.yaml", "a//b", "/x/y", "a/", "", "x/./y"]:
        assert _suffixes(rel) == old(rel)


def test_one_path_index_per_run_unless_a_file_is_outside_the_scan() -> None:
    project = Project([], all_paths=frozenset({"apps/zot/values.yaml", "apps/zot/dev.yaml"}))
    first = scanned_paths(project)
    assert scanned_paths(project, ["apps/zot/dev.yaml"]) is first
    assert first.file("zot/dev.yaml") == "apps/zot/dev.yaml"
    assert first.directory("zot") == "apps/zot"
    other = scanned_paths(project, ["extra/values.yaml"])
    assert other is not first
    assert other.file("values.yaml") is None  # two files of that name: ambiguous
    assert other.file("extra/values.yaml") == "extra/values.yaml"
    shared = PathIndex([], like=first)
    assert shared.file("zot/values.yaml") == "apps/zot/values.yaml"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("zotlint_bench_generate_shared", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shared") / "repo"
    _generator().generate(400, 1, out, mix="zot-heavy")
    return out


def test_chain_answers_are_computed_once_per_volume_query(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The answers per_sources memoises (ZOT501's flagged entries, the Keycloak link's templated
    # client ID) are the only readers of Chain.external_secrets among these two rules: each
    # (sources, key) must be read once, however many deployments share it.
    read: Counter[tuple[tuple[int, ...], str | None]] = Counter()
    real = links.Chain.external_secrets

    def counted(chain: links.Chain) -> list[Any]:
        read[(tuple(id(s) for s in chain.sources), chain.key)] += 1
        return real.fget(chain)  # type: ignore[no-any-return, attr-defined]

    monkeypatch.setattr(links.Chain, "external_secrets", property(counted))
    result = run([repo], Settings(select=["ZOT501", "ZOT109"]), root=repo, jobs=1)
    assert {f.rule_id for f in result.findings} <= {"ZOT501", "ZOT109"}
    assert read and max(read.values()) == 1, read.most_common(3)
    # The repository does share them: more whole-document chains than (sources, key) pairs.
    model = load_project([repo], Settings(), root=repo, jobs=1).facts.model
    chains = [
        c
        for dep, _, f in links.config_reads(model)
        if f.whole_document and (c := links.follow(model, dep, f)).sources and c.key
    ]
    assert len(chains) > len({(tuple(id(s) for s in c.sources), c.key) for c in chains})


def test_zot_sources_reads_each_volume_query_once_and_keeps_every_source(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load_project([repo], Settings(), root=repo, jobs=1).facts.model
    expected: list[Any] = []
    secret_ids: set[int] = set()
    for dep in model.deployments:
        for vol in dep.pod.volumes:
            for src in links.volume_sources(model, dep, vol)[0]:
                if all(src is not s for s in expected):
                    expected.append(src)
                if vol.kind == "secret":
                    secret_ids.add(id(src))
    read = 0
    real = links.volume_sources

    def counted(*args: Any) -> Any:
        nonlocal read
        read += 1
        return real(*args)

    monkeypatch.setattr(links, "volume_sources", counted)
    model.secrets._memo.pop(("zot-sources",), None)
    got = links.zot_sources(model)
    assert list(got.sources) == expected and got.via_secret == secret_ids
    assert links.zot_sources(model) is got  # once per run
    queries = [links.secret_volume_query(d, v) for d in model.deployments for v in d.pod.volumes]
    shared = {q for q in queries if q is not None}
    unshared = sum(1 for q in queries if q is None)
    assert expected and len(shared) + unshared < len(queries)  # the repository shares them
    assert read == len(shared) + unshared
