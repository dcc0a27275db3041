"""YAML streams -> node trees with marks (libyaml speed) -> plain data plus a path index.

zotlint never round-trips YAML: it composes nodes with libyaml through PyYAML's C parser (marks
give offsets), converts them iteratively to plain Python data, and records the span of every key and
value. Comments are not needed here (suppressions are found by a line scan).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import field
from sys import intern
from typing import Any

from zotlint.records import dataclass
from zotlint.source.libyaml import (
    HAVE_C,
    Loader,
    MappingNode,
    MarkedYAMLError,
    Node,
    RawParser,
    ReaderError,
    ScalarNode,
    SequenceNode,
    YAMLError,
)
from zotlint.source.pathindex import Path, PathIndex, unpack, width_for
from zotlint.source.problems import LimitExceeded, Limits
from zotlint.source.yamllimits import count_expanded, expanded_path_steps, guard, may_exceed
from zotlint.source.yamlscalars import NUMBERISH, SPECIAL_PLAIN, plain_or_scalar

# Node classes for callers that walk composed trees (from the backend, never from a library).
__all__ = ["MappingNode", "ScalarNode", "SequenceNode", "YamlDoc", "YamlError", "compose"]

# What may follow a document marker (`---` or `...` at column 0) on its line.
_AFTER_MARKER = " \t\r\n"


@dataclass(slots=True)
class YamlDoc:
    """One document of a stream, before classification."""

    number: int
    root: Node | None
    offset: int  # where this document's chunk starts in the file text
    data: Any = None
    index: PathIndex = field(default_factory=lambda: PathIndex({}))
    duplicates: list[tuple[Path, tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    scalars: dict[Path, tuple[str, int, int]] = field(default_factory=dict)


@dataclass(slots=True)
class YamlError:
    offset: int
    message: str
    # Set when the chunk was refused for a limit (ZOT004) rather than a syntax error (ZOT001).
    limit: str = ""
    value: int = 0
    bound: int = 0


_DEFAULT_LIMITS = Limits()


def split_stream(text: str) -> list[tuple[int, str]]:
    """Cut a stream at document markers so a broken document does not hide the next one.

    Markers cannot occur inside content (YAML 1.2 §9.1.5), so a line scan is exact. A marker is
    `---` or `...` at the start of the text or after a `\\n`, then a space, tab, line break or
    the end of the text (the first chunk always starts at 0): found with ``str.find`` at memchr
    speed, where a multi-line regex tried every line start (5 % of composing a repository's
    files, callgrind).
    """
    if "---" not in text and "..." not in text:
        return [(0, text)]
    n = len(text)
    cuts = {0}
    for marker in ("---", "..."):
        needle = "\n" + marker
        i = text.find(needle)
        while i >= 0:
            end = i + 4
            if end == n or text[end] in _AFTER_MARKER:
                cuts.add(i + 1)
            i = text.find(needle, i + 1)
    bounds = sorted(cuts)
    chunks = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else n
        chunks.append((start, text[start:end]))
    return chunks


def compose(
    text: str,
    limits: Limits = _DEFAULT_LIMITS,
    chunks: list[tuple[int, str]] | None = None,
    number: int = 0,
) -> Iterator[YamlDoc | YamlError]:
    """Compose every document; a syntax error ends only its own chunk.

    A chunk that nests deeper than ``limits.max_depth`` or holds more than ``limits.max_nodes``
    entries may be refused here, before any node is built (a YamlError with ``limit`` set), so
    hostile input costs neither a crash nor gigabytes of nodes. ``chunks``: part of
    ``split_stream(text)`` to compose instead of all of it, its first item numbered ``number``.
    """
    for base, chunk in split_stream(text) if chunks is None else chunks:
        if not chunk.strip() or _only_comments_or_markers(chunk):
            continue
        if may_exceed(chunk, limits):
            refused = guard(chunk, limits)
            if refused is not None:
                limit, value, bound = refused
                yield YamlError(base, f"{limit}: {value} > {bound}", limit, value, bound)
                number += 1
                continue
        loader = Loader(chunk)
        try:
            while loader.check_node():
                node = loader.get_node()
                if node is not None:
                    yield YamlDoc(number=number, root=node, offset=base)
                    number += 1
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            # A construct left open is only noticed at the end of its document; the place to
            # edit is where it started, which the parser gives as the context mark.
            if (
                exc.context_mark is not None
                and mark is not None
                and mark.index >= len(chunk.rstrip())
            ):
                mark = exc.context_mark
            offset = base + (mark.index if mark is not None else 0)
            yield YamlError(offset, _message(exc))
            number += 1
        except ReaderError as exc:
            # Control characters, a NUL past the binary sniff, lone surrogates: libyaml gives a
            # byte offset into the UTF-8 it was handed, and the character.
            offset = base + len(
                chunk.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore")
            )
            char = exc.character if isinstance(exc.character, int) else ord(exc.character or "?")
            yield YamlError(offset, f"{exc.reason} (U+{char:04X})")
            number += 1
        except (YAMLError, ValueError, TypeError) as exc:
            yield YamlError(base, f"cannot parse YAML: {exc.__class__.__name__}")
            number += 1
        except RecursionError:
            yield YamlError(base, "nesting too deep to parse")
            number += 1
        finally:
            # Cleanup must never mask the real result.
            with contextlib.suppress(Exception):
                loader.dispose()


def syntax_errors(text: str, limits: Limits = _DEFAULT_LIMITS) -> list[YamlError]:
    """The syntax errors of a stream nobody needs the data of (ZOT001 covers every YAML file).

    libyaml parses the whole stream in C without building a Python object per event, about a
    tenth of what composing costs; only a broken stream is composed, chunk by chunk, for the
    exact error of each document. A stream that could nest past the composer's safe depth or
    hold more than max-nodes entries is not checked: that would take the guard's event walk,
    and nobody reads the file anyway.
    """
    if not HAVE_C or may_exceed(text, limits):
        return []
    parser = RawParser(text)
    try:
        parser.raw_parse()
        return []
    except (YAMLError, ValueError, TypeError):
        pass
    finally:
        with contextlib.suppress(Exception):
            parser.dispose()
    return [e for e in compose(text, limits) if isinstance(e, YamlError) and not e.limit]


def _only_comments_or_markers(chunk: str) -> bool:
    """No line of the chunk (``str.splitlines``) holds anything but blanks, a comment or a
    document marker. Decided line by line from the start, so a chunk with content is answered
    at its first content line instead of after splitting all of it (4 % of composing): the
    ``\\n``-separated pieces are split again, as splitlines also breaks at other characters."""
    start = 0
    while True:
        nl = chunk.find("\n", start)
        piece = chunk[start:] if nl < 0 else chunk[start:nl]
        for line in piece.splitlines():
            s = line.strip()
            if s and not s.startswith("#") and s not in ("---", "..."):
                return False
        if nl < 0:
            return True
        start = nl + 1


def _message(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if context and problem:
        return f"{problem} ({context})"
    return problem or context or "invalid YAML"


def _key_text(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return node.value
    # Complex keys have no string form in Helm's JSON view; keep something stable to report.
    return f"<{node.__class__.__name__}>"


def to_data(doc: YamlDoc, text: str, limits: Limits, has_aliases: bool) -> None:
    """Fill ``doc.data``, ``doc.index`` and ``doc.duplicates`` from the node tree.

    Iterative, so depth is bounded by ``limits.max_depth`` and never by Python's recursion
    limit. Aliased nodes are converted once and shared, as every YAML loader does. This is the
    hot loop of a run: spans are stored raw (trimmed only when a finding is printed), and plain
    scalars are typed here rather than by the composer's resolver.
    """
    root = doc.root
    if root is None:
        return
    base = doc.offset
    if has_aliases:
        total = count_expanded(root, limits.max_nodes)
        if total > limits.max_nodes:
            raise LimitExceeded("max-nodes", total, limits.max_nodes, base + root.start_mark.index)
        steps = expanded_path_steps(root, limits.max_path_steps)
        if steps > limits.max_path_steps:
            raise LimitExceeded(
                "max-nodes-depth", steps, limits.max_path_steps, base + root.start_mark.index
            )
    # The index is built packed (see zotlint.source.pathindex): one int per entry instead of a
    # tuple of four, written here rather than converted afterwards, which cost a second pass.
    # Stored with `index[path] = ...` (a specialised store) rather than through a bound
    # __setitem__, a call per entry: 9 % of this loop (callgrind).
    w = width_for(len(text))
    w2, w3 = 2 * w, 3 * w
    index: dict[Path, int] = {}
    doc.index = PathIndex.packed(index, w)
    b1 = base + 1  # offsets are stored plus one, so that -1 (no key) packs as 0
    # Every field is a mark's index plus b1, and each fits in w bits (w covers the text), so
    # the four additions are one: the fields packed as they are, plus b1 in every field.
    pair_bias = b1 | b1 << w | b1 << w2 | b1 << w3
    item_bias = b1 << w2 | b1 << w3
    scalars = doc.scalars
    duplicates = doc.duplicates
    memo: dict[int, Any] = {}
    max_depth = limits.max_depth
    max_nodes = limits.max_nodes
    nodes = 0
    steps = 0  # sum of path lengths (Limits.max_path_steps)
    max_steps = limits.max_path_steps
    scalar_t, mapping_t = ScalarNode, MappingNode
    special, numberish = SPECIAL_PLAIN, NUMBERISH

    def container(node: Node) -> Any:
        obj: Any = {} if type(node) is mapping_t else []
        memo[id(node)] = obj
        return obj

    index[()] = (b1 + root.start_mark.index) << w2 | (b1 + root.end_mark.index) << w3
    if type(root) is scalar_t:
        doc.data = plain_or_scalar(root)
        return
    data = container(root)
    doc.data = data
    stack: list[tuple[Node, Any, Path, int]] = [(root, data, (), 0)]
    pending: list[tuple[Node, Any, Path, int]] = []
    while stack:
        node, obj, path, depth = stack.pop()
        if depth >= max_depth:
            raise LimitExceeded("max-depth", depth, max_depth, base + node.start_mark.index)
        # Counted before any child is indexed: a refused node costs no path tuples.
        count = len(node.value)  # pairs of a mapping, items of a sequence
        nodes += count
        steps += count * (depth + 1)
        if nodes > max_nodes:
            raise LimitExceeded("max-nodes", nodes, max_nodes, base + node.start_mark.index)
        if steps > max_steps:
            raise LimitExceeded("max-nodes-depth", steps, max_steps, base + node.start_mark.index)
        if type(node) is mapping_t:
            pairs = node.value
            merged = False
            for knode, vnode in pairs:
                if type(knode) is scalar_t:
                    # Interned: a repository repeats a few thousand keys hundreds of thousands
                    # of times, in the data and in every path of the index (-25 MB at 10,000
                    # files), and equal keys then compare by identity.
                    key = intern(knode.value)
                    if key == "<<" and not knode.style:
                        _merge_into(obj, vnode, memo)
                        merged = True
                        continue
                else:
                    key = _key_text(knode)
                child_path = path + (key,)
                if key in obj and (not merged or child_path in index):
                    prev = unpack(index[child_path], w)
                    duplicates.append(
                        (
                            child_path,
                            (prev[0], prev[1]),
                            (base + knode.start_mark.index, base + knode.end_mark.index),
                        )
                    )
                if type(vnode) is scalar_t:
                    # plain_or_scalar inlined for the common case: a quoted or block scalar,
                    # or a plain one that cannot be a null, a boolean or a number, is its text.
                    value = vnode.value
                    if not vnode.style and (value in special or (value and value[0] in numberish)):
                        value = plain_or_scalar(vnode)
                    if (
                        type(value) is str
                        and len(value) > 2
                        and ("\n" in value or value[0] in "{[")
                    ):
                        scalars[child_path] = _scalar_info(vnode, base)
                else:
                    value = memo.get(id(vnode))
                    if value is None:
                        value = container(vnode)
                        pending.append((vnode, value, child_path, depth + 1))
                obj[key] = value
                index[child_path] = (
                    (
                        (vnode.end_mark.index << w | vnode.start_mark.index) << w
                        | knode.end_mark.index
                    )
                    << w
                    | knode.start_mark.index
                ) + pair_bias
        else:
            items = node.value
            for i, item in enumerate(items):
                child_path = path + (i,)
                if type(item) is scalar_t:
                    value = item.value
                    if not item.style and (value in special or (value and value[0] in numberish)):
                        value = plain_or_scalar(item)
                    if (
                        type(value) is str
                        and len(value) > 2
                        and ("\n" in value or value[0] in "{[")
                    ):
                        scalars[child_path] = _scalar_info(item, base)
                else:
                    value = memo.get(id(item))
                    if value is None:
                        value = container(item)
                        pending.append((item, value, child_path, depth + 1))
                obj.append(value)
                index[child_path] = (
                    (item.end_mark.index << w | item.start_mark.index) << w2
                ) + item_bias
        if pending:
            pending.reverse()
            stack.extend(pending)
            pending.clear()


def _merge_into(obj: dict[str, Any], vnode: Node, memo: dict[int, Any]) -> None:
    """YAML merge keys (`<<: *base`), as Helm's YAML library applies them: own keys win."""
    sources = vnode.value if isinstance(vnode, SequenceNode) else [vnode]
    for src in sources:
        merged = memo.get(id(src))
        if isinstance(merged, dict):
            for k, v in merged.items():
                obj.setdefault(k, v)


def _scalar_info(node: Node, base: int) -> tuple[str, int, int]:
    style = getattr(node, "style", None) or ""
    return style, base + node.start_mark.index, base + node.end_mark.index
