"""Files of a Helm chart's `templates/` that are plain manifests, and which of their documents.

Helm renders every file under a chart's `templates/` (at any depth) through Go's text/template,
then splits the output into YAML documents and applies them. Facts from helm/helm:

* `pkg/engine/engine.go` `render`: a file whose base name starts with `_` is a partial, parsed
  for its `define`s but never rendered as output.
* `pkg/action/action.go` `renderResources`: a rendered file whose name ends with `NOTES.txt` is
  the release notes, removed before the manifests are sorted.
* `pkg/releaseutil/manifest_sorter.go` (@03811bf5) `SortManifests` skips partials and empty
  files and splits each file with `SplitManifests` (`manifest.go`: the separator is a line
  starting with `---`), then reads each document as YAML.

So a document of such a file that holds no template action, and is not inside a block an action
opens (`{{ if }}` … `{{ end }}` around it), renders to itself: zotlint reads it as the manifest
it is (an ExternalSecret, a SecretStore, a Secret of an umbrella chart). A document with an
action renders to something only Helm knows: it is unknown, never an error, and is read as
blank. Only `.yaml`/`.yml` files are read; `.tpl` files, partials and NOTES.txt never are.
"""

from __future__ import annotations

import re

from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass

CHART_FILE = "Chart.yaml"
TEMPLATES_DIR = "templates"
_MANIFEST_SUFFIXES = (".yaml", ".yml")
_NOTES = "NOTES.txt"

# Actions that open a block closed by `{{ end }}` (text/template: if, range, with, define,
# block); `else` continues one.
_OPENERS = frozenset({"if", "range", "with", "define", "block"})
_KEYWORD = lazy_compile(r"[ \t\r\n]*(?:-[ \t\r\n]+)?([A-Za-z_]\w*)")
# A document starts at a line that starts with `---` followed by a blank or the end of the line
# (YAML's marker; Helm splits at these lines too).
_TRIM_BLANKS = (" ", "\t", "\r", "\n")  # `{{- ` trims only with a blank after the dash
_MARKER = lazy_compile(r"^---(?=[ \t\r\n]|\Z)", re.MULTILINE)


def renders_manifest(name: str) -> bool:
    """Whether a file named ``name`` under a chart's `templates/` is rendered as manifests and
    read by zotlint (its plain documents): not a partial, not the notes, YAML."""
    if name.startswith("_") or name.endswith(_NOTES):
        return False
    return name.lower().endswith(_MANIFEST_SUFFIXES)


class _Unbalanced(Exception):
    """The file is no valid template (an action never closed, an `end` too many)."""


def _action_end(text: str, start: int) -> int:
    """The offset after the `}}` closing the action opened at ``start``. Quoted strings, raw
    strings and comments may hold `}}`; one pass, no backtracking."""
    i = start + 2
    n = len(text)
    k = i + 2 if text.startswith("-", i) and text[i + 1 : i + 2] in _TRIM_BLANKS else i
    while k < n and text[k] in " \t\r\n":
        k += 1
    if text.startswith("/*", k):
        close = text.find("*/", k + 2)
        if close < 0:
            raise _Unbalanced
        end = text.find("}}", close + 2)
        if end < 0:
            raise _Unbalanced
        return end + 2
    while i < n:
        c = text[i]
        if c == "}" and text.startswith("}}", i):
            return i + 2
        if c == '"' or c == "'":
            i += 1
            while i < n and text[i] != c:
                if text[i] == "\n":
                    raise _Unbalanced
                i += 2 if text[i] == "\\" else 1
        elif c == "`":
            i = text.find("`", i + 1)
            if i < 0:
                raise _Unbalanced
        i += 1
    raise _Unbalanced


def _actions(text: str) -> list[tuple[int, int, int]]:
    """(start, end, nesting change) of every action, in order."""
    out: list[tuple[int, int, int]] = []
    i = text.find("{{")
    while i >= 0:
        end = _action_end(text, i)
        m = _KEYWORD.match(text, i + 2, end - 2)
        word = m.group(1) if m is not None else ""
        out.append((i, end, 1 if word in _OPENERS else -1 if word == "end" else 0))
        i = text.find("{{", end)
    return out


def _segments(text: str) -> list[tuple[int, int]]:
    """(start, end) of each document: from one `---` line (or the file's start) to the next."""
    starts = [m.start() for m in _MARKER.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, [*starts[1:], len(text)], strict=True))


def templated_documents(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the documents of a template file that Helm renders to something
    only it knows: those holding a template action or inside a block one opens. A file that is
    no valid template is one such span, whole: Helm fails on it."""
    if "{{" not in text:
        return []
    whole = [(0, len(text))]
    try:
        actions = _actions(text)
    except _Unbalanced:
        return whole
    out: list[tuple[int, int]] = []
    depth = 0  # blocks open at the current document's start
    reach = 0  # where the last action seen ends (a comment or raw string may span documents)
    a = 0  # the first action not yet seen
    for start, end in _segments(text):
        templated = depth > 0 or reach > start
        while a < len(actions) and actions[a][0] < end:
            _, a_end, change = actions[a]
            a += 1
            templated = True
            reach = max(reach, a_end)
            depth += change
            if depth < 0:
                return whole
        if templated:
            out.append((start, end))
    return whole if depth != 0 else out


def plain_documents(text: str) -> str:
    """``text`` with every templated document (see templated_documents) blanked out: each
    character but line breaks replaced with a space, a `---` marker kept, so that offsets,
    lines and columns of the plain documents stay those of the file."""
    spans = templated_documents(text)
    if not spans:
        return text
    out: list[str] = []
    done = 0
    for start, end in spans:
        out.append(text[done:start])
        marker = "---" if text.startswith("---", start) else ""
        out.append(marker + _blank(text[start + len(marker) : end]))
        done = end
    out.append(text[done:])
    return "".join(out)


_LINE_BREAKS = frozenset("\r\n")


def _blank(text: str) -> str:
    return "".join(c if c in _LINE_BREAKS else " " for c in text)


# Kinds whose objects create a Secret of their name (or `spec.target.name`): what a templated
# document may create, so that no rule calls that Secret "created by nothing".
_SECRET_KINDS = frozenset({"ExternalSecret", "Secret", "SealedSecret"})
_KIND_LINE = lazy_compile(r"^kind:[ \t]*[\"']?([A-Za-z]+)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)
# The value is the rest of the line, stripped in Python: a lazy `(.*?)[ \t]*$` backtracks
# quadratically over a long run of blanks (7 s for 20,000).
_NAME_LINE = lazy_compile(r"^[ \t]+name:(.*)$", re.MULTILINE)
_NAMESPACE_LINE = lazy_compile(r"^[ \t]+namespace:(.*)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class TemplatedSecret:
    """What a templated document shows of the Secret it may create."""

    kind: str
    names: frozenset[str]  # literal `name:` values (the object's, its target's, and others')
    computed: bool  # a `name:` is a template action: it may create a Secret of any name
    namespace: str | None  # a literal `namespace:`, else None (the release's, or unknown)


def _scalar(raw: str) -> str:
    value = raw.split(" #", 1)[0].strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value


def templated_secret(document: str) -> TemplatedSecret | None:
    """For a templated document (see templated_documents) whose top-level `kind:` is written
    out and creates a Secret: the names it writes. Read from the text (the document is no
    YAML until Helm renders it), so every indented `name:` counts: a name too many only
    leaves a Secret unknown, never reported."""
    kind = _KIND_LINE.search(document)
    if kind is None or kind.group(1) not in _SECRET_KINDS:
        return None
    names: set[str] = set()
    computed = False
    for m in _NAME_LINE.finditer(document):
        value = _scalar(m.group(1))
        if "{{" in value:
            computed = True
        elif value:
            names.add(value)
    namespace = next(
        (
            v
            for m in _NAMESPACE_LINE.finditer(document)
            if (v := _scalar(m.group(1))) and "{{" not in v
        ),
        None,
    )
    return TemplatedSecret(kind.group(1), frozenset(names), computed, namespace)
