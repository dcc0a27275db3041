"""Terraform values resolved as far as the repository says: literal variable defaults, locals,
`path.module`, and the JSON forms a policy takes (`jsonencode`, a heredoc, `file` and
`templatefile`). Anything else stays unknown.

A Terraform module is a directory: `var.x` and `local.x` resolve among the `.tf` files of the
directory that uses them. A variable counts as known when its default and every value given in
a `.tfvars` file of that directory agree (an environment's `-var-file` elsewhere could still
override it; that is the usual reading of a module's defaults).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import field
from typing import TYPE_CHECKING

from zotlint.document import Document, Kind, Path, text_document
from zotlint.iam.hcl import Block, HVal
from zotlint.iam.model import Attachment
from zotlint.iam.node import HOLE, UNKNOWN_TEXT, Node, Text, from_document, span_ref, text
from zotlint.lazyregex import lazy_compile
from zotlint.records import dataclass
from zotlint.source.jsonpos import JsonSyntaxError, parse_json
from zotlint.source.jsonpos import LimitExceeded as JsonLimit
from zotlint.source.text import SourceFile

if TYPE_CHECKING:
    from zotlint.project import Project

_INTERP = lazy_compile(r"\$\$\{|\$\{([^{}]*)\}|%\{")
_TRAVERSAL = lazy_compile(r"^\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*)\s*$")
_MAX_RESOLVE = 16  # references followed in a chain


@dataclass(eq=False)
class TfFile:
    rel: str
    source: SourceFile
    root: Block
    doc: Document = field(init=False)

    def __post_init__(self) -> None:
        self.doc = text_document(self.source)

    def ref(self, h: HVal | Block | tuple[int, int]):  # type: ignore[no-untyped-def]
        if isinstance(h, tuple):
            return span_ref(self.doc, h[0], h[1])
        if isinstance(h, Block):
            line_end = self.source.text.find("\n", h.start)
            brace = self.source.text.find("{", h.start)
            end = min(e for e in (line_end, brace, h.end) if e >= 0)
            return span_ref(self.doc, h.start, max(end, h.start))
        return span_ref(self.doc, h.start, h.end)


@dataclass(eq=False)
class TfModule:
    """The `.tf` files of one directory and the names they define."""

    dir: str
    project: Project
    files: list[TfFile] = field(default_factory=list)
    variables: dict[str, tuple[HVal, TfFile] | None] = field(default_factory=dict)
    locals: dict[str, tuple[HVal, TfFile]] = field(default_factory=dict)

    def index(self, tfvars: list[TfFile]) -> None:
        for f in self.files:
            for blk in f.root.children("locals"):
                for name, (_, _, v) in blk.attrs.items():
                    self.locals[name] = (v, f)
            for blk in f.root.children("variable"):
                if not blk.labels:
                    continue
                default = blk.attr("default")
                self.variables[blk.labels[0]] = (default, f) if default is not None else None
        for f in tfvars:
            for name, (_, _, v) in f.root.attrs.items():
                if name not in self.variables:
                    continue
                cur = self.variables[name]
                if cur is None or not _same_literal(cur[0], v):
                    # A value set only per environment, or two that differ: which one
                    # applies is not known.
                    self.variables[name] = None

    # -- references ----------------------------------------------------------------------
    def resolve(self, h: HVal, f: TfFile, depth: int = 0) -> tuple[HVal, TfFile]:
        """Follow `var.x` / `local.x` to the value they name (where it is written)."""
        while h.kind == "ref" and depth < _MAX_RESOLVE:
            names = h.value
            got: tuple[HVal, TfFile] | None = None
            if len(names) >= 2 and names[0] == "var":
                got = self.variables.get(names[1])
            elif len(names) >= 2 and names[0] == "local":
                got = self.locals.get(names[1])
            if got is None:
                return h, f
            h, f = got
            depth += 1
        return h, f

    def text_of(self, h: HVal, f: TfFile, depth: int = 0) -> Text:
        """A string value with unknown parts as holes."""
        h, f = self.resolve(h, f, depth)
        if h.kind == "str":
            return text(h.value)
        if h.kind == "num":
            return text(str(h.value))
        if h.kind == "bool":
            return text("true" if h.value else "false")
        if h.kind == "ref" and h.value == ("path", "module"):
            return text(self.dir or ".")
        if h.kind == "template" and depth < _MAX_RESOLVE:
            parts: list[str | None] = []
            for p in h.value:
                if isinstance(p, str):
                    parts.append(p)
                else:
                    parts.extend(self.text_of(p, f, depth + 1).parts)
            return Text(tuple(parts))
        return UNKNOWN_TEXT

    def interp(self, vars_: dict[str, tuple[HVal, TfFile]] | None = None):  # type: ignore[no-untyped-def]
        """Resolver for `${...}` inside a heredoc or a template file's strings."""

        def resolve(raw: str) -> Text:
            parts: list[str | None] = []
            pos = 0
            for m in _INTERP.finditer(raw):
                parts.append(raw[pos : m.start()])
                pos = m.end()
                tok = m.group(0)
                if tok == "$${":
                    parts.append("${")
                    continue
                if tok == "%{":
                    return UNKNOWN_TEXT
                expr = _TRAVERSAL.match(m.group(1) or "")
                value: Text = UNKNOWN_TEXT
                if expr is not None:
                    path = tuple(p for p in re.split(r"\.|\[\d+\]", expr.group(1)) if p)
                    if vars_ is not None and len(path) == 1 and path[0] in vars_:
                        hv, hf = vars_[path[0]]
                        value = self.text_of(hv, hf)
                    elif len(path) == 2 and path[0] in ("var", "local"):
                        hv = HVal("ref", 0, 0, path)
                        value = self.text_of(hv, self.files[0]) if self.files else UNKNOWN_TEXT
                parts.extend(value.parts)
            parts.append(raw[pos:])
            merged: list[str | None] = []
            for p in parts:
                if p == "":
                    continue
                if p is not HOLE and merged and merged[-1] is not HOLE:
                    merged[-1] = str(merged[-1]) + p
                else:
                    merged.append(p)
            return Text(tuple(merged) or ("",))

        return resolve

    # -- values as Nodes -------------------------------------------------------------------
    def node(self, h: HVal, f: TfFile, depth: int = 0) -> Node:
        h, f = self.resolve(h, f)
        ref = f.ref(h)
        if depth > 48:
            return Node("unknown", None, ref)
        if h.kind == "str" or h.kind == "template":
            return Node("str", self.text_of(h, f), ref)
        if h.kind in ("num", "bool", "null"):
            return Node(h.kind, h.value, ref)
        if h.kind == "list":
            return Node("list", [self.node(x, f, depth + 1) for x in h.value], ref)
        if h.kind == "obj":
            items = []
            for k, v in h.value:
                items.append((self.text_of(k, f), f.ref(k), self.node(v, f, depth + 1)))
            return Node("obj", items, ref)
        if h.kind == "call" and h.value[0] in ("tolist", "toset", "jsonencode") and h.value[1]:
            return self.node(h.value[1][0], f, depth + 1)
        if h.kind == "call" and h.value[0] in ("concat", "flatten"):
            items_out: list[Node] = []
            for arg in h.value[1]:
                sub = self.node(arg, f, depth + 1)
                if sub.kind != "list":
                    return Node("unknown", None, ref)
                items_out.extend(sub.value)
            return Node("list", items_out, ref)
        if h.kind == "heredoc":
            return Node("str", text(h.value[0]), ref)
        return Node("unknown", None, ref)

    def attachment(self, h: HVal, f: TfFile) -> Attachment:
        """A `policy_arn` value: a policy of this module, or an ARN."""
        hv, hf = self.resolve(h, f)
        if hv.kind == "ref" and len(hv.value) >= 3 and hv.value[0] == "aws_iam_policy":
            return Attachment(None, hf.ref(hv), policy_key=(self.dir, ".".join(hv.value[:2])))
        t = self.text_of(hv, hf)
        return Attachment(t if t.known is not None else None, hf.ref(hv))

    def json_value(self, h: HVal, f: TfFile) -> tuple[Node | None, str]:
        """The JSON document a policy attribute holds: (Node, where) or (None, "")."""
        h, f = self.resolve(h, f)
        if h.kind == "call":
            fname, args = h.value
            if fname == "jsonencode" and len(args) == 1:
                return self.node(args[0], f), f.rel
            if fname in ("file", "templatefile") and args:
                return self._file_json(args, f, fname == "templatefile")
            return None, ""
        if h.kind == "heredoc":
            body, start = h.value
            doc = json_document(f.source, body, start)
            return (from_document(doc, (), self.interp()) if doc else None), f.rel
        return None, ""

    def _file_json(self, args: list[HVal], f: TfFile, template: bool) -> tuple[Node | None, str]:
        path = self.text_of(args[0], f).known
        if path is None:
            return None, ""
        rel = posixpath.normpath(path if not path.startswith("./") else path[2:])
        if not path.startswith(self.dir) and self.dir:
            rel = posixpath.normpath(posixpath.join(self.dir, path))
        if rel.startswith("../") or rel.startswith("/"):
            return None, ""
        docs = self.project.documents_at(rel)
        if len(docs) != 1 or not isinstance(docs[0].data, dict):
            return None, ""
        vars_: dict[str, tuple[HVal, TfFile]] | None = None
        if template:
            vars_ = {}
            if len(args) > 1:
                m, mf = self.resolve(args[1], f)
                if m.kind != "obj":
                    vars_ = None
                else:
                    for k, v in m.value:
                        if k.kind == "str":
                            vars_[k.value] = (v, mf)
        return from_document(docs[0], (), self.interp(vars_) if template else None), rel


def _same_literal(a: HVal, b: HVal) -> bool:
    return a.kind == b.kind and a.kind in ("str", "num", "bool") and a.value == b.value


def json_document(source: SourceFile, body: str, start: int) -> Document | None:
    """A JSON body written at ``start`` of ``source`` (a heredoc) as a Document whose index
    points into ``source``. JSON ignores the heredoc's indentation, so offsets map one to one."""
    try:
        parsed = parse_json(body, max_depth=64, max_nodes=50_000)
    except (JsonSyntaxError, JsonLimit):
        return None
    index: dict[Path, tuple[int, int, int, int]] = {}
    for e in parsed.entries:
        index[e.path] = (
            e.key_start + start if e.key_start >= 0 else -1,
            e.key_end + start if e.key_start >= 0 else -1,
            e.value_start + start,
            e.value_end + start,
        )
    return Document(source=source, kind=Kind.OTHER, data=parsed.data, index=index, syntax="json")
