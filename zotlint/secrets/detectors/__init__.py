"""One detector per kind of committed secret, each small enough to read at once.

- `credentials`: a value under a key that names a credential (`password`, `clientSecret`,
  `DB_PASSWORD`, zot's S3 `secretkey`).
- `session_keys`: a sessionKeys object (`hashKey`/`encryptKey`).
- `htpasswd`: htpasswd entries under a key or in any text; chart values that merge in the
  chart's default htpasswd.
- `keycloak`: a realm export's client and identity-provider secrets and user passwords.
- `kubernetes_secret`: a `kind: Secret` with credentials in plain `data`/`stringData`.
- `tokens`: credentials recognisable by their shape, anywhere in a file's text.
- `pairs`: `key: value` / `KEY=value` pairs in text nobody parsed (`.env`, comments, code
  blocks, strings that are not documents).

Each records `Detection`s (zotlint.secrets.detection) through a `FileScan`; none knows which
rule reports them.
"""
