"""Domain facts: how zot, Keycloak and External Secrets Operator read what the repo gives them.

One home per fact, so two rules never disagree about it and no rule re-derives it:

- ``zot``: zot's reading of its config — ``ZotConfig`` (externalUrl, origin, the callback
  URI per provider, providers), what counts as configured or enabled, viper's and
  mapstructure's quirks.
- ``keycloak``: realm and client definitions in the repo, issuer realms, default scopes;
  ``keycloak_redirect``: Keycloak's redirect-URI matching (current and before 24.0.3).
- ``eso``: ExternalSecrets and SecretStores and the Secret keys ESO writes; ``eso_read``
  reads manifests and wrapper-chart lists into them.
- ``argo``: which Application sources are this repository and where `helm.valueFiles`
  point; ``argo_appset``: ApplicationSet expansion; ``argo_template``: its templates.
- ``flux``: helm-controller's release naming.
- ``credentials``: the content the repo gives a secret file zot reads strictly (ZOT219);
  ``default_htpasswd``: the chart's default htpasswd entries.
- ``urls``: what counts as an http(s) URL, a loopback host, the host a URI names.

Most of these read one document (zot, keycloak, eso, urls, the Argo CD and Flux rules); a few
apply a product's rule over the model (credentials, default_htpasswd, argo): they import it,
never the reverse. Joins across files (deployments, who provisions a Secret, zot's Keycloak
client) are in ``zotlint.model``.
"""
