"""Reading files into documents that remember where every key and value came from.

Everything that parses lives here, and it all runs in the load stage: once rules start, reading
a document's data or a span parses nothing.

- ``loader``: one file's bytes -> its documents (embedded zot configs included) and the
  problems met on the way; ``parse_deferred`` for a file the keyword pre-filter skipped.
  ``loadedfile``: the ``LoadedFile`` it returns; ``embedded``: zot configs held in a YAML
  string, parsed with positions in the host file.
- ``unparsed``: what loading learns about a file, answered ahead of time by the worker in
  zotlint.runtime (parsed files included); ``wire``: a parsed file's documents and problems as
  one blob from that worker to the main process.
- ``problems``: ``Problem`` with its typed ``ProblemKind`` (the rules in `rules/input/` declare
  which kinds they report), ``Limits``, ``LimitExceeded``.
- ``yamlsrc``: YAML streams -> plain data plus a path index; ``libyaml`` (the composer backend),
  ``yamllimits`` (hostile input refused early), ``yamlscalars`` (typing plain scalars).
- ``jsonpos``: the one JSON parser, strict as Go decodes it, with offsets (files and embedded
  configs alike); ``embedded_json`` runs it with the limits and maps an embedded config into
  its host.
- ``scalarmap``: a YAML scalar's characters -> host offsets, so an embedded document's
  positions land in the host file; ``blockscalar``, ``flowscalar`` and ``scalarscan`` by style.
- ``pathindex``: ``PathIndex``, where each key and value of a document is.
- ``text``: a file's text and offset -> line/column.

Nothing here imports the model, the secret scan or the rules.
"""
