"""Reading files into documents that remember where every key and value came from.

- ``loader``: one file's bytes into its documents (embedded zot configs included) and the
  problems met on the way; ``parse_deferred`` for a file the keyword pre-filter skipped.
- ``problems``: ``Problem`` with its typed ``ProblemKind`` (the rules in `rules/input/` declare
  which kinds they report), ``Limits``, ``LimitExceeded``.
- Parsers: ``yamlsrc`` (YAML via libyaml, with a path index of spans), ``jsonpos`` (strict JSON
  as Go decodes it, with offsets), ``embedded_json`` (embedded JSON: data from the C decoder,
  positions on demand through ``lazyindex``), ``scalarmap`` (a YAML scalar's characters back
  to file offsets, so findings inside an embedded config land on the host line).
- ``text``: a file's text and offset -> line/column. ``unparsed``: what loading learns about a
  file before parsing it, answered ahead of time by the worker in zotlint.runtime.

Nothing here imports the model, the secret scan or the rules.
"""
