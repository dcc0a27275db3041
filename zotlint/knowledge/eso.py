"""External Secrets Operator's objects as zotlint reads them, and the Secret keys ESO writes.

``ExternalSecret.keys()`` computes the target Secret's keys as ESO's `applyTemplate` does;
``SecretStore.allows`` applies ClusterSecretStore `conditions`; ``fake_provider_keys`` reads the
remote values an ESO `fake` provider store keeps in the repository. Reading manifests and the
wrapper-chart lists into these objects: ``zotlint.knowledge.eso_read``. Which Secret an object
provides to which deployment is the model's join (``zotlint.model.provisioning``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING, Any

from zotlint.document import Document, Path, Ref
from zotlint.records import dataclass

if TYPE_CHECKING:
    from zotlint.model.env import Scope


@dataclass(eq=False)
class DataEntry:
    """One `spec.data[]` item of an ExternalSecret."""

    index: int
    path: Path  # path of the item in its document
    secret_key: str | None
    remote_key: str | None
    property: str | None


@dataclass(eq=False)
class DataFrom:
    """One `spec.dataFrom[]` item: which Secret keys it writes, when the repository can tell."""

    index: int
    kind: str  # "extract" | "find" | "generator" | "unknown"
    key: str | None = None  # extract: the remote key
    prop: str | None = None  # extract: `property`
    version: str | None = None
    rewrites: list[tuple[str, str]] | None = field(default_factory=list)  # None: not static


@dataclass(eq=False)
class ExternalSecret:
    doc: Document
    path: Path  # the object in its document (() for a manifest, ("externalSecrets", i) in a list)
    spec_path: Path  # where the spec fields are
    name: str | None
    scope: Scope
    api_version: str | None
    listed: bool  # from a wrapper-chart list
    target_name: str | None
    creation_policy: str
    deletion_policy: str
    store_name: str | None
    store_kind: str  # "SecretStore" | "ClusterSecretStore"
    data: list[DataEntry] = field(default_factory=list)
    template_keys: list[str] | None = None  # target.template.data keys (None: no template data)
    merge_policy: str = "Replace"
    has_data_from: bool = False
    has_template_from: bool = False
    data_from: list[DataFrom] = field(default_factory=list)
    # Secret keys `target.template.templateFrom` writes (None: not statically known).
    template_from_keys: list[str] | None = field(default_factory=list)
    # The keys dataFrom entries write, as the model resolved them against the store (None:
    # the remote value is not in the repository). Filled by resolve_data_from().
    data_from_keys: frozenset[str] | None = None

    def ref(self, rel: Path = (), part: str = "value") -> Ref:
        return self.doc.ref(self.spec_path + tuple(rel), part)

    def obj_ref(self, rel: Path = (), part: str = "value") -> Ref:
        return self.doc.ref(self.path + tuple(rel), part)

    @property
    def label(self) -> str:
        return self.name or self.target_name or "?"

    def keys(self) -> frozenset[str] | None:
        """The target Secret's keys when fully known (RULES ZOT204), else None.

        As ESO's `applyTemplate` computes them (external-secrets
        pkg/controllers/externalsecret/externalsecret_controller_template.go): without a
        template, the provider's keys (`data[].secretKey` and what each `dataFrom` writes);
        with `template.data` or `templateFrom` and `mergePolicy: Replace` (the default), only
        the keys the template writes; with `Merge`, both. A template with neither falls back
        to the provider's keys. A `dataFrom` whose remote value is not in the repository
        makes the provider's keys unknown, never empty."""
        if self.creation_policy not in ("Owner", "Orphan"):
            return None
        templated = self.template_keys is not None or self.has_template_from
        tmpl: set[str] | None = None
        if templated:
            if self.template_from_keys is None:
                tmpl = None
            else:
                tmpl = set(self.template_keys or ()) | set(self.template_from_keys)
            if self.merge_policy != "Merge":
                return None if tmpl is None else frozenset(tmpl)
        provider: set[str] | None = {e.secret_key for e in self.data if e.secret_key}
        if self.has_data_from:
            if self.data_from_keys is None:
                provider = None
            else:
                provider |= self.data_from_keys  # type: ignore[operator]
        if provider is None:
            return None
        if templated:
            return None if tmpl is None else frozenset(provider | tmpl)
        return frozenset(provider)

    def produces(self, key: str) -> bool:
        """Whether `target.template.data` renders ``key``."""
        return self.template_keys is not None and key in self.template_keys


@dataclass(eq=False)
class SecretStore:
    doc: Document
    path: Path
    spec_path: Path
    kind: str  # "SecretStore" | "ClusterSecretStore"
    name: str | None
    scope: Scope
    api_version: str | None
    listed: bool
    provider: str | None  # "aws", "vault", …
    sa_name: str | None = None  # IRSA service account (auth.jwt.serviceAccountRef.name)
    sa_namespace: str | None = None  # serviceAccountRef.namespace (ClusterSecretStore)
    sa_ref: Ref | None = None
    conditions: list[dict[str, Any]] | None = None
    fake_data: list[Any] | None = None  # `provider.fake.data`: remote values in the repo

    def ref(self, rel: Path = (), part: str = "value") -> Ref:
        return self.doc.ref(self.spec_path + tuple(rel), part)

    def allows(self, namespace: str | None) -> bool:
        """ClusterSecretStore `conditions`: whether an ExternalSecret in ``namespace`` may use
        it (an unknown namespace or a label selector counts as allowed)."""
        if self.kind != "ClusterSecretStore" or not self.conditions or namespace is None:
            return True
        for cond in self.conditions:
            if not isinstance(cond, dict):
                continue
            if cond.get("namespaceSelector") is not None:
                return True
            names = cond.get("namespaces")
            if isinstance(names, list) and namespace in names:
                return True
            for rx in cond.get("namespaceRegexes") or []:
                try:
                    if isinstance(rx, str) and re.search(rx, namespace):
                        return True
                except re.error:
                    return True
        return False


def _go_replacement(target: str) -> str:
    """A Go `Regexp.ReplaceAllString` template (`$1`, `${name}`) as a Python one."""
    out = re.sub(r"\$\{(\w+)\}", r"\\g<\1>", target.replace("\\", "\\\\"))
    return re.sub(r"\$(\w+)", r"\\g<\1>", out)


def rewrite_keys(keys: Iterable[str], rewrites: list[tuple[str, str]]) -> frozenset[str] | None:
    """Keys after `dataFrom[].rewrite[].regexp` in order (None when a pattern is not valid
    here)."""
    cur = list(keys)
    for source, target in rewrites:
        try:
            rx = re.compile(source)
            rep = _go_replacement(target)
            cur = [rx.sub(rep, k) for k in cur]
        except (re.error, IndexError):
            return None
    return frozenset(cur)


def fake_provider_keys(store: SecretStore, entry: DataFrom) -> frozenset[str] | None:
    """Keys an `extract` writes from an ESO `fake` provider store, whose remote values are in
    the repository (`spec.provider.fake.data[]`: `key`, `value` — a JSON object — or
    `valueMap`, `version`). None for any other provider: the remote value is not here."""
    if store.fake_data is None or entry.kind != "extract":
        return None
    for item in store.fake_data:
        if not isinstance(item, dict) or item.get("key") != entry.key:
            continue
        if entry.version is not None and str(item.get("version")) != entry.version:
            continue
        value: Any = item.get("valueMap")
        if value is None and isinstance(item.get("value"), str):
            try:
                value = json.loads(item["value"])
            except ValueError:
                return None
        if entry.prop is not None and isinstance(value, dict):
            value = value.get(entry.prop)
            if isinstance(value, str):
                try:
                    value = json.loads(value)
                except ValueError:
                    return None
        if not isinstance(value, dict):
            return None
        keys = frozenset(str(k) for k in value)
        return rewrite_keys(keys, entry.rewrites) if entry.rewrites else keys
    return None
