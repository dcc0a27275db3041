"""Environments and namespaces: read from paths and names, compared without guessing.

An environment or namespace that cannot be known is ``None``, and ``None`` is compatible with
everything: the model links across an unknown, and never reports a mismatch through one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.document import Ref

# Directory names whose next component names the environment (`envs/dev/…`, `overlays/prod/…`).
_ENV_PARENTS = frozenset({"env", "envs", "environment", "environments", "overlays", "stages"})
# Stems that hold settings shared by every environment, never an environment themselves.
_SHARED_STEMS = frozenset(
    {"values", "default", "defaults", "common", "base", "shared", "global", "all", "secrets"}
)
# Environment words recognised in names (`values-prod.yaml`, `zot-dev`), where any other suffix
# is more likely a variant than an environment.
ENV_WORDS = frozenset(
    {
        "dev",
        "develop",
        "development",
        "test",
        "testing",
        "qa",
        "int",
        "integration",
        "stage",
        "stg",
        "staging",
        "uat",
        "preprod",
        "pre-prod",
        "perf",
        "sandbox",
        "demo",
        "prod",
        "prd",
        "production",
        "live",
        "local",
    }
)
_TOKENS = re.compile(r"[-_.]")
_STEM_OK = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")


# The model asks for every manifest it reads and every values layer of every deployment: the
# same paths many times (a layer shared by the deployments of a tenant).
@lru_cache(maxsize=1 << 15)
# Cached: every manifest's scope asks for its file's environment, and a file of many documents
# (16,000 Secrets in one) asked once per document.
@lru_cache(maxsize=16384)
def env_from_path(rel: str) -> str | None:
    """The environment a file's path names, or None.

    `values/dev.yaml` → dev; `envs/dev/…`, `environments/dev/…`, `overlays/prod/…` → that
    component; `values-prod.yaml` / `values.prod.yaml` → prod (known environment words only).
    """
    parts, stem = _dirs_and_stem(rel)
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in _ENV_PARENTS and i + 1 < len(parts):
            return parts[i + 1]
        if (
            parts[i] in _ENV_PARENTS
            and i + 1 == len(parts)
            and _STEM_OK.match(stem)
            and stem not in _SHARED_STEMS
        ):
            return stem
    if parts and parts[-1] == "values" and _STEM_OK.match(stem) and stem not in _SHARED_STEMS:
        return stem
    if stem.startswith("values"):
        return _env_suffix(stem)
    return None


def _dirs_and_stem(rel: str) -> tuple[list[str], str]:
    """Lower-cased folder names and file stem of ``rel``, as PurePosixPath gives them
    (``parts[:-1]``, ``stem``); by hand, as the model asks for every manifest it reads and
    building a PurePosixPath cost more than the rest of the function."""
    if rel.startswith("/"):  # a root component: leave it to pathlib
        p = PurePosixPath(rel)
        return [x.lower() for x in p.parts[:-1]], p.stem.lower()
    parts = [x for x in rel.split("/") if x and x != "."]
    name = parts[-1] if parts else ""
    i = name.rfind(".")
    stem = name[:i] if 0 < i < len(name) - 1 else name
    return [x.lower() for x in parts[:-1]], stem.lower()


def env_from_name(name: str | None) -> str | None:
    """The environment word a resource name ends with (`zot-dev` → dev), or None."""
    if not isinstance(name, str):
        return None
    return _env_suffix(name.lower())


def _env_suffix(name: str) -> str | None:
    """The environment word a name ends with (`zot-catalog-qa`, `values.pre-prod`)."""
    tokens = _TOKENS.split(name)
    if len(tokens) < 2:
        return None
    if len(tokens) >= 3 and f"{tokens[-2]}-{tokens[-1]}" in ENV_WORDS:
        return f"{tokens[-2]}-{tokens[-1]}"
    return tokens[-1] if tokens[-1] in ENV_WORDS else None


def compatible(a: str | None, b: str | None) -> bool:
    """Same value, or at least one side unknown."""
    return a is None or b is None or a == b


def known_mismatch(a: str | None, b: str | None) -> bool:
    """Both sides known and different: the only case a rule may call a mismatch."""
    return a is not None and b is not None and a != b


@dataclass(eq=False)
class Scope:
    """Namespace and environment of an object, with where the namespace was written."""

    namespace: str | None = None
    namespace_ref: Ref | None = None
    env: str | None = None

    def matches(self, namespace: str | None, env: str | None) -> bool:
        return compatible(self.namespace, namespace) and compatible(self.env, env)
