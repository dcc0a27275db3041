"""Issue 19: two small look-ups of the model answered once. A source's label comes from one
table (SecretSource.label built a dict on every access); a path's environment is cached
(every document's scope asked, one file of 16,000 Secrets 16,000 times)."""

from __future__ import annotations

import pytest

from zotlint.model.env import Scope, env_from_path
from zotlint.model.provisioning import SecretSource


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("external-secret", "ExternalSecret"),
        ("secret", "Secret"),
        ("sealed-secret", "SealedSecret"),
        ("chart", "chart"),
        ("certificate", "Certificate"),
        ("vault-secret", "Vault Secrets Operator"),
        ("secret-generator", "secretGenerator"),
        ("config-map", "ConfigMap"),
        ("helm-template", "Helm template"),
        ("something-new", "something-new"),  # an unknown kind names itself
    ],
)
def test_source_labels(kind: str, label: str) -> None:
    src = SecretSource(kind, "n", Scope(None, None, None), None)  # type: ignore[arg-type]
    assert src.label == label


def test_environment_of_a_path_is_computed_once() -> None:
    env_from_path.cache_clear()
    for _ in range(3):
        assert env_from_path("clusters/envs/prod/secrets.yaml") == "prod"
        assert env_from_path("values-dev.yaml") == "dev"
        assert env_from_path("apps/zot/values.yaml") is None
    info = env_from_path.cache_info()
    assert (info.misses, info.hits) == (3, 6)
