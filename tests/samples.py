"""Input samples several test modules share."""

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
