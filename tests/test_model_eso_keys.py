"""The keys of the Secret an ExternalSecret writes (zotlint.knowledge.eso), as ESO computes
them: `data`, `dataFrom` (known only when the remote value is in the repository), `rewrite`,
and `target.template` with `mergePolicy` and `templateFrom`."""

from __future__ import annotations

from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import load_project

STORE = """apiVersion: external-secrets.io/v1beta1
kind: SecretStore
metadata: {name: fake, namespace: zot}
spec:
  provider:
    fake:
      data:
        - key: zot/oidc
          value: '{"clientid": "zot", "clientsecret": "x"}'
"""


def _keys(tmp_path: Path, spec: str) -> frozenset[str] | None:
    (tmp_path / "store.yaml").write_text(STORE, encoding="utf-8")
    (tmp_path / "es.yaml").write_text(
        "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\n"
        "metadata: {name: zot-oidc, namespace: zot}\nspec:\n"
        "  secretStoreRef: {name: fake, kind: SecretStore}\n" + spec,
        encoding="utf-8",
    )
    model = load_project([tmp_path], Settings(), root=tmp_path).facts.model
    (src,) = model.secrets.secrets("zot-oidc", "zot", None)
    return src.keys


def test_extract_writes_one_key_per_property(tmp_path: Path) -> None:
    assert _keys(tmp_path, "  dataFrom:\n    - extract: {key: zot/oidc}\n") == {
        "clientid",
        "clientsecret",
    }


def test_rewrite_renames_the_keys(tmp_path: Path) -> None:
    spec = (
        "  dataFrom:\n    - extract: {key: zot/oidc}\n"
        "      rewrite:\n        - regexp: {source: '^client(.*)$', target: 'oidc-$1'}\n"
    )
    assert _keys(tmp_path, spec) == {"oidc-id", "oidc-secret"}


def test_remote_value_not_in_the_repository_is_unknown(tmp_path: Path) -> None:
    assert _keys(tmp_path, "  dataFrom:\n    - extract: {key: elsewhere}\n") is None
    assert _keys(tmp_path, "  dataFrom:\n    - find: {name: {regexp: zot}}\n") is None


def test_template_replace_decides_the_keys_even_with_data_from(tmp_path: Path) -> None:
    spec = (
        "  dataFrom:\n    - extract: {key: elsewhere}\n"
        "  target:\n    template:\n      data:\n        credentials.json: '{}'\n"
    )
    assert _keys(tmp_path, spec) == {"credentials.json"}
    merge = spec.replace("    template:\n", "    template:\n      mergePolicy: Merge\n")
    assert _keys(tmp_path, merge) is None  # the provider's keys are unknown
    merge_known = merge.replace("key: elsewhere", "key: zot/oidc")
    assert _keys(tmp_path, merge_known) == {"clientid", "clientsecret", "credentials.json"}


def test_template_from(tmp_path: Path) -> None:
    spec = (
        "  target:\n    template:\n      templateFrom:\n"
        "        - configMap: {name: tpl, items: [{key: config.json}]}\n"
    )
    assert _keys(tmp_path, spec) == {"config.json"}
    kv = spec.replace("{key: config.json}", "{key: all, templateAs: KeysAndValues}")
    assert _keys(tmp_path, kv) is None
