"""Input samples several test modules share."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zotlint.findings import Finding

# zot chart values whose OpenID setup lacks http.externalUrl: ZOT101 on the "openid" key,
# line 7 column 18 (CONFIG_WITHOUT_URL) or line 9 (VALUES_WITHOUT_URL, two image lines above).
CONFIG_WITHOUT_URL = """\
mountConfig: true
configFiles:
  config.json: |-
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
        "auth": {"openid": {"providers": {"oidc": {"issuer": "https://kc.example.com/realms/a"}}}}}
    }
"""
VALUES_WITHOUT_URL = "image:\n  repository: ghcr.io/project-zot/zot\n" + CONFIG_WITHOUT_URL


def findings_of_few_kinds(n: int = 40) -> list[Finding]:
    """`n` ZOT303-like findings in two files, two levels, some suppressed (some with a reason):
    many share a kind (rule, file, level, suppression), each has its own message, lines,
    columns and fingerprint (the reporters' per-kind templates must keep them apart)."""
    from zotlint.findings import Finding, Location, Severity

    return [
        Finding(
            "ZOT303",
            "committed-kubernetes-secret",
            Severity.ERROR if i % 3 else Severity.WARNING,
            f"Secret `s{i}` commits {i} value — rotate",
            Location(
                "a b/secrets.yaml" if i % 2 else "c.yaml", 7 * i + 6, i % 5 + 1, 7 * i + 9, 11
            ),
            fingerprint=f"{i:032x}",
            suppressed=i % 4 == 0,
            suppression_reason="noqa" if i % 8 == 0 else "",
        )
        for i in range(n)
    ]
