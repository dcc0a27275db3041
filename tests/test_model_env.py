"""Environments from paths and names; unknown never mismatches (zotlint.model.env)."""

from __future__ import annotations

import pytest

from zotlint.model.env import compatible, env_from_name, env_from_path, known_mismatch


@pytest.mark.parametrize(
    ("rel", "env"),
    [
        ("infra/deployments/core/zot/values/dev.yaml", "dev"),
        ("infra/deployments/core/zot/values/common.yaml", None),
        ("envs/prod/zot/values.yaml", "prod"),
        ("overlays/staging/kustomization.yaml", "staging"),
        ("environments/qa.yaml", "qa"),
        ("zot/values-prod.yaml", "prod"),
        ("zot/values-0.1.22.yaml", None),
        ("zot/values.yaml", None),
        ("apps/zot.yaml", None),
    ],
)
def test_env_from_path(rel: str, env: str | None) -> None:
    assert env_from_path(rel) == env


def test_env_from_name() -> None:
    assert env_from_name("zot-dev") == "dev"
    assert env_from_name("zot") is None
    assert env_from_name("zot-ui") is None


def test_unknown_is_compatible_and_never_a_mismatch() -> None:
    assert compatible(None, "zot") and compatible("zot", None) and compatible(None, None)
    assert not compatible("zot", "external-secrets")
    assert not known_mismatch(None, "zot") and not known_mismatch("zot", None)
    assert known_mismatch("dev", "prod")


def test_env_from_multi_word_names() -> None:
    assert env_from_name("zot-catalog-mirror-qa") == "qa"
    assert env_from_name("zot-pre-prod") == "pre-prod"
    assert env_from_name("catalog-mirror") is None
    assert env_from_path("zot/values.pre-prod.yaml") == "pre-prod"
