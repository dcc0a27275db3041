"""zotlint: static checks for Zot registry deployments (Helm values, embedded config.json,
ExternalSecrets, ArgoCD Applications, Keycloak clients)."""

__version__ = "0.1.0"
