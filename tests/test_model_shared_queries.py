"""Queries the model answers once for every rule, and indexes that replace scans (issue 19).

The secret index groups a name's objects by namespace and environment, so a query reads the
compatible groups instead of the whole bucket; answers that depend on a chain's sources and key
are computed once per volume query; one path index serves the model and the GitOps rules. Each
test checks the answers against the plain definition, and counts the work where a scan would
grow with the square of the repository. Speed itself is measured by bench/run.py.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from zotlint.knowledge.keycloak_redirect import _matcher, uri_matches
from zotlint.model.env import Scope, compatible
from zotlint.model.provisioning import SecretIndex, SecretSource
from zotlint.model.resolve import PathIndex, _suffixes, scanned_paths
from zotlint.project import Project

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


def test_redirect_entries_index_answers_as_the_scan() -> None:
    # accepts() splits a client's entries once (exact set, wildcard list, bare `*`): the answer
    # must be any(uri_matches(...)) over the entries, wildcards on or off.
    pool = [
        "*",
        "https://a.example/*",
        "https://a.example/zot/auth/callback/oidc",
        "https://a.example/",
        "https://b.example/x?*",
        "https://a.example/zot/*",
        "http://localhost:80/cb",
        "http://localhost/*",
        "https://a.example//*",
        "h*",
    ]
    uris = [
        "https://a.example/zot/auth/callback/oidc",
        "https://a.example/zot",
        "https://a.example",
        "http://localhost/cb",
        "https://a.example/zot/auth/callback/oidc?x=1",
        "https://a.example/zot#f",
        "https://b.example/x?y",
        "hx",
    ]
    rnd = random.Random(7)
    for _ in range(3000):
        entries = rnd.sample(pool, rnd.randint(0, 6))
        uri = rnd.choice(uris)
        for wild in (True, False):
            want = any(uri_matches(e, uri, wild) for e in entries)
            assert _matcher(tuple(entries)).matches(uri, wild) == want, (entries, uri, wild)
