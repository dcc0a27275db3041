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

CHART_FILE = "Chart.yaml"
TEMPLATES_DIR = "templates"
_MANIFEST_SUFFIXES = (".yaml", ".yml")
_NOTES = "NOTES.txt"

# Actions that open a block closed by `{{ end }}` (text/template: if, range, with, define,
# block); `else` continues one.
_OPENERS = frozenset({"if", "range", "with", "define", "block"})
_KEYWORD = re.compile(r"[ \t\r\n]*(?:-[ \t\r\n]+)?([A-Za-z_]\w*)")
# A document starts at a line that starts with `---` followed by a blank or the end of the line
# (YAML's marker; Helm splits at these lines too).
_TRIM_BLANKS = (" ", "\t", "\r", "\n")  # `{{- ` trims only with a blank after the dash
_MARKER = re.compile(r"^---(?=[ \t\r\n]|\Z)", re.MULTILINE)


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


def plain_documents(text: str) -> str:
    """``text`` with every document Helm would template blanked out (each character but line
    breaks replaced with a space, a `---` marker kept), so that offsets, lines and columns of
    the plain documents stay those of the file. A file that is no valid template is blanked
    whole: Helm fails on it, and what it holds is not a manifest zotlint can read."""
    if "{{" not in text:
        return text
    try:
        actions = _actions(text)
    except _Unbalanced:
        return _blank(text)
    out: list[str] = []
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
                return _blank(text)
        segment = text[start:end]
        if not templated:
            out.append(segment)
        elif segment.startswith("---"):
            out.append("---" + _blank(segment[3:]))
        else:
            out.append(_blank(segment))
    if depth != 0:
        return _blank(text)
    return "".join(out)


_LINE_BREAKS = frozenset("\r\n")


def _blank(text: str) -> str:
    return "".join(c if c in _LINE_BREAKS else " " for c in text)
