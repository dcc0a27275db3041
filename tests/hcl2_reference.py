"""The python-hcl2 reading of a Terraform file, as zotlint did it before it had its own HCL
parser: the reference the differential test (tests/test_iam_hcl_differential.py) compares
``zotlint.iam.hcl.parse`` with. python-hcl2 is a test-only dependency (the `test` extra).

python-hcl2 (8.x) builds its Lark parser with ``propagate_positions``, so every tree and token
of ``hcl2.api.parses_to_tree`` carries its start and end offset; this walks that tree into the
same ``HVal``/``Block`` model.
"""

from __future__ import annotations

import re
from typing import Any

from zotlint.iam.hcl import decode_literal
from zotlint.iam.hclmodel import Block, HVal

_HEREDOC = re.compile(r"<<(-?)([A-Za-z][A-Za-z0-9._-]*)\r?\n")
MAX_DEPTH = 120  # value nesting beyond this is ``other``


def parse(text: str) -> Block | None:
    """The file's top-level body as python-hcl2 reads it, or None when it cannot."""
    try:
        from hcl2.api import parses_to_tree

        tree = parses_to_tree(text)
        root = Block("", (), 0, len(text))
        body = _first_tree(tree, "body")
        if body is not None:
            _read_body(body, root, text, 0)
        return root
    except Exception:  # Lark's errors, RecursionError, a grammar the parser rejects late
        return None


# -- the parse tree ------------------------------------------------------------------------


def _is_tree(node: Any) -> bool:
    return hasattr(node, "data") and hasattr(node, "children")


def _span(node: Any) -> tuple[int, int]:
    if _is_tree(node):
        meta = node.meta
        if not getattr(meta, "empty", True):
            return meta.start_pos, meta.end_pos
        kids = [c for c in node.children if c is not None]
        if kids:
            return _span(kids[0])[0], _span(kids[-1])[1]
        return 0, 0
    return getattr(node, "start_pos", 0) or 0, getattr(node, "end_pos", 0) or 0


def _first_tree(node: Any, name: str) -> Any:
    for c in getattr(node, "children", ()):
        if _is_tree(c) and c.data == name:
            return c
    return None


def _trees(node: Any) -> list[Any]:
    return [c for c in node.children if _is_tree(c) and c.data != "new_line_or_comment"]


def _name(node: Any) -> str | None:
    """The text of an identifier, keyword or literal-value node, or a plain string's value."""
    if not _is_tree(node):
        return str(node)
    if node.data in ("identifier", "keyword", "literal_value"):
        return str(node.children[0])
    if node.data == "string":
        v = _string(node, "", 0)
        return v.value if v.kind == "str" else None
    if node.data == "expr_term" and len(node.children) == 1:
        return _name(node.children[0])
    return None


def _read_body(body: Any, out: Block, text: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    for item in _trees(body):
        if item.data == "attribute":
            kids = _trees(item)
            if len(kids) < 2:
                continue
            name = _name(kids[0])
            if name is None:
                continue
            s, e = _span(kids[0])
            out.attrs[name] = (s, e, _expr(kids[-1], text, 0))
        elif item.data == "block":
            kids = _trees(item)
            inner = next((k for k in kids if k.data == "body"), None)
            names = [_name(k) for k in kids if k.data != "body"]
            s, e = _span(item)
            blk = Block(
                str(names[0]) if names and names[0] else "",
                tuple(n for n in names[1:] if n is not None),
                s,
                e,
            )
            if inner is not None:
                _read_body(inner, blk, text, depth + 1)
            out.blocks.append(blk)


def _expr(node: Any, text: str, depth: int) -> HVal:
    s, e = _span(node)
    if depth > MAX_DEPTH:
        return HVal("other", s, e)
    if not _is_tree(node):
        return HVal("other", s, e)
    d = node.data
    kids = _trees(node)
    if d == "expr_term":
        # A parenthesised expression or a wrapper around one term.
        inner = [c for c in node.children if _is_tree(c) and c.data != "new_line_or_comment"]
        if len(inner) == 1:
            return _expr(inner[0], text, depth + 1)
        return HVal("other", s, e)
    if d == "string":
        return _string(node, text, depth)
    if d == "int_lit" or d == "float_lit":
        raw = str(node.children[0])
        try:
            return HVal("num", s, e, int(raw) if d == "int_lit" else float(raw))
        except ValueError:
            return HVal("other", s, e)
    if d == "literal_value":
        word = str(node.children[0])
        return HVal(
            {"true": "bool", "false": "bool"}.get(word, "null"),
            s,
            e,
            {"true": True, "false": False}.get(word),
        )
    if d == "unary_op" and len(node.children) == 2 and str(node.children[0]) == "-":
        inner_v = _expr(node.children[1], text, depth + 1)
        if inner_v.kind == "num":
            return HVal("num", s, e, -inner_v.value)
        return HVal("other", s, e)
    if d == "tuple":
        return HVal("list", s, e, [_expr(k, text, depth + 1) for k in kids])
    if d == "object":
        items = []
        for elem in kids:
            if elem.data != "object_elem":
                continue
            parts = _trees(elem)
            if len(parts) < 2:
                continue
            key_node = parts[0]
            key_inner = _trees(key_node)[0] if _trees(key_node) else key_node
            key = _key(key_inner, text, depth)
            items.append((key, _expr(parts[-1], text, depth + 1)))
        return HVal("obj", s, e, items)
    if d == "identifier":
        return HVal("ref", s, e, (str(node.children[0]),))
    if d in (
        "get_attr_expr_term",
        "index_expr_term",
        "attr_splat_expr_term",
        "full_splat_expr_term",
    ):
        names = _traversal(node)
        return HVal("ref", s, e, names) if names else HVal("other", s, e)
    if d == "function_call":
        fname = _name(node.children[0]) or ""
        args_node = _first_tree(node, "arguments")
        args = [_expr(a, text, depth + 1) for a in _trees(args_node)] if args_node else []
        return HVal("call", s, e, (fname, args))
    if d in ("heredoc_template", "heredoc_template_trim"):
        return _heredoc(str(node.children[0]), s, e)
    return HVal("other", s, e)


def _key(node: Any, text: str, depth: int) -> HVal:
    """An object key: a bare identifier is its own name; anything else is an expression."""
    while _is_tree(node) and node.data == "expr_term" and len(_trees(node)) == 1:
        node = _trees(node)[0]
    s, e = _span(node)
    if _is_tree(node) and node.data in ("identifier", "keyword"):
        return HVal("str", s, e, str(node.children[0]))
    return _expr(node, text, depth + 1)


def _traversal(node: Any) -> tuple[str, ...]:
    """Attribute names of `a.b[0].c` as ("a", "b", "c"); iterative over the left spine."""
    names: list[str] = []
    cur = node
    while _is_tree(cur):
        d = cur.data
        if d == "expr_term":
            inner = _trees(cur)
            if len(inner) != 1:
                return ()
            cur = inner[0]
            continue
        if d == "identifier":
            names.append(str(cur.children[0]))
            break
        if d in (
            "get_attr_expr_term",
            "index_expr_term",
            "attr_splat_expr_term",
            "full_splat_expr_term",
        ):
            kids = _trees(cur)
            if not kids:
                return ()
            for tail in reversed(kids[1:]):
                if tail.data == "get_attr":
                    n = _name(_trees(tail)[0]) if _trees(tail) else None
                    if n is None:
                        return ()
                    names.append(n)
                elif tail.data in ("attr_splat", "full_splat"):
                    for sub in reversed(_trees(tail)):
                        if sub.data == "get_attr" and _trees(sub):
                            n = _name(_trees(sub)[0])
                            if n is not None:
                                names.append(n)
            cur = kids[0]
            continue
        return ()
    return tuple(reversed(names))


def _string(node: Any, text: str, depth: int) -> HVal:
    s, e = _span(node)
    parts: list[str | HVal] = []
    for part in node.children:
        if not _is_tree(part) or part.data != "string_part":
            continue
        for c in part.children:
            if _is_tree(c):
                if c.data == "interpolation":
                    inner = _trees(c)
                    parts.append(
                        _expr(inner[0], text, depth + 1) if inner else HVal("other", *_span(c))
                    )
                else:  # a template directive (%{ if }): unknown
                    parts.append(HVal("other", *_span(c)))
                continue
            kind = getattr(c, "type", "")
            raw = str(c)
            if kind == "ESCAPED_INTERPOLATION" or kind == "ESCAPED_DIRECTIVE":
                parts.append(raw[1:])  # `$${x}` is the literal `${x}`
            else:
                parts.append(decode_literal(raw))  # no `$${` here: its own token
    merged: list[str | HVal] = []
    for p in parts:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + p
        else:
            merged.append(p)
    if not merged:
        return HVal("str", s, e, "")
    if len(merged) == 1 and isinstance(merged[0], str):
        return HVal("str", s, e, merged[0])
    return HVal("template", s, e, merged)


def _heredoc(raw: str, s: int, e: int) -> HVal:
    m = _HEREDOC.match(raw)
    if m is None:
        return HVal("other", s, e)
    marker = m.group(2)
    body_start = m.end()
    # The body ends at the start of the closing marker's line.
    close = raw.rstrip("\r\n")
    if not close.endswith(marker):
        return HVal("other", s, e)
    body_end = raw.rfind("\n", 0, len(close) - len(marker)) + 1
    body_end = max(body_end, body_start)
    return HVal("heredoc", s, e, (raw[body_start:body_end], s + body_start))
