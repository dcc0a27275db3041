"""zotlint: static checks for Zot registry deployments (Helm values, embedded config.json,
ExternalSecrets, ArgoCD Applications, Keycloak clients).

The map of the house, in the order a run goes through it:

- ``files/``: which files to read (discovery, gitignore). ``source/``: one file into documents
  that remember every key's position (``loader``, YAML/JSON parsers, embedded configs) and the
  problems met on the way (``source.problems``: typed ``ProblemKind``s, no rule IDs).
  ``document``: a parsed document and references into it.
- ``project``: the loaded documents, a store (by kind, by file) that imports nothing above it.
- Facts derived from the project, once per run: ``model/`` (the cross-file deployment model),
  ``secrets/`` (the committed-secret scan), ``iam/``; domain knowledge several rules share in
  ``knowledge/``, ``zotconfig``, ``keycloak_link``, ``gitops``. ``facts``: the engine's handle
  that builds the model and the scan when a rule first reads them.
- ``rule``: the authoring API (``@rule``, every scope, ``Context`` with ``ctx.project``,
  ``ctx.model``, ``ctx.secrets``); the rules themselves are in the catalogue, ``rules/`` (see
  its README). ``registry``: finds them and maps problem kinds to the rules that report them.
- ``dispatch``: calls a rule for each target of its scope. ``engine``: the pipeline (load,
  facts, rules, suppressions, sorted findings, one finding builder). ``runtime``: what a run
  does to the process (gc, recursion limit, the triage worker), none of it changing a finding.
- Output and entry points: ``reporters/``, ``fix/``, ``baseline``, ``cli``, ``ghaction``.
"""

__version__ = "0.1.0"
