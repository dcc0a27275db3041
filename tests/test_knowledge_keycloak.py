"""Keycloak facts (zotlint.knowledge.keycloak): how a realm file's booleans and an issuer's realm
are read."""

from __future__ import annotations

from typing import Any

import pytest

from zotlint.knowledge.keycloak import keycloak_bool, keycloak_realm


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        (" FALSE ", False),
        ("True", True),
        ("yes", None),
        (1, None),  # JSON numbers are not booleans to Keycloak's import
        (None, None),
        ("", None),
    ],
)
def test_keycloak_bool(value: Any, expected: bool | None) -> None:
    assert keycloak_bool(value) is expected


@pytest.mark.parametrize(
    ("issuer", "realm"),
    [
        ("https://kc.example/realms/zot", "zot"),
        ("https://kc.example/realms/zot/", "zot"),
        ("https://kc.example/auth/realms/zot", "zot"),  # Keycloak before 17 (WildFly)
        ("https://kc.example/realms/zot/protocol/openid-connect", None),
        ("https://accounts.google.com", None),
        (None, None),
    ],
)
def test_keycloak_realm(issuer: Any, realm: str | None) -> None:
    assert keycloak_realm(issuer) == realm
