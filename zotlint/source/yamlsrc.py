"""YAML streams -> node trees with marks (libyaml speed) -> plain data plus a path index.

zotlint never round-trips YAML: it composes nodes with libyaml through PyYAML's C parser (marks
give offsets), converts them iteratively to plain Python data, and records the span of every key and
value. Comments are not needed here (suppressions are found by a line scan).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from sys import intern
from typing import Any, ClassVar

from zotlint.document import PackedIndex, Path
from zotlint.source.problems import LimitExceeded, Limits

try:
    # PyYAML's libyaml binding composes the same nodes, with the same marks and the same libyaml
    # errors, as ruamel.yaml's (both are the same Cython code over libyaml), but its node classes
    # are plain: a node's __init__ sets four or five attributes, against ruamel's eight through
    # two levels of __init__. Composing the files a 10,000-file zot-heavy repository parses took
    # 23 % less time (0.21 s against 0.27 s of CPU at 2,000 files); see pyproject.toml.
    from yaml._yaml import CParser as _RawParser
    from yaml.error import MarkedYAMLError, YAMLError
    from yaml.events import (
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        MappingStartEvent,
        NodeEvent,
    )
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
    from yaml.reader import ReaderError

    _LoaderBase: Any = _RawParser
    BACKEND = "pyyaml"
    HAVE_C = True
except ImportError:  # pragma: no cover - PyYAML without its C extension
    from ruamel.yaml.error import MarkedYAMLError, YAMLError  # type: ignore[assignment]
    from ruamel.yaml.events import (  # type: ignore[assignment]
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        MappingStartEvent,
        NodeEvent,
    )
    from ruamel.yaml.nodes import (  # type: ignore[assignment]
        MappingNode,
        Node,
        ScalarNode,
        SequenceNode,
    )
    from ruamel.yaml.reader import ReaderError  # type: ignore[assignment]

    try:  # ruamel's C composer (ruamel.yaml.clib)
        from ruamel.yaml.cyaml import CBaseLoader as _LoaderBase
        from ruamel.yaml.cyaml import CParser as _RawParser

        BACKEND = "ruamel-c"
        HAVE_C = True
    except ImportError:
        from ruamel.yaml.loader import BaseLoader as _LoaderBase  # type: ignore[assignment]

        BACKEND = "ruamel"
        HAVE_C = False


class _Loader(_LoaderBase):  # type: ignore[misc,valid-type]
    """The C composer without tag resolution. The composer calls back into Python three times
    per node (descend, resolve, ascend); a base resolver answers the default tag every time,
    but through a walk of its path and implicit-resolver tables that cost 40% of composing.
    Plain scalars are typed in to_data instead; explicit tags never reach resolve()."""

    _DEFAULT_TAGS: ClassVar[dict[type, Any]] = {
        ScalarNode: "tag:yaml.org,2002:str",
        SequenceNode: "tag:yaml.org,2002:seq",
        MappingNode: "tag:yaml.org,2002:map",
    }

    if BACKEND == "ruamel-c":  # pragma: no cover - PyYAML without its C extension

        def __init__(self, stream: str) -> None:
            # The C parser composes on its own: the base constructor and resolver state that
            # CBaseLoader also sets up (a chunk of Python per document) is never used.
            _RawParser.__init__(self, stream)

    if BACKEND != "pyyaml":  # pragma: no cover - ruamel's composers take its own tag objects
        _DEFAULT_TAGS = {
            ScalarNode: _LoaderBase.DEFAULT_SCALAR_TAG,
            SequenceNode: _LoaderBase.DEFAULT_SEQUENCE_TAG,
            MappingNode: _LoaderBase.DEFAULT_MAPPING_TAG,
        }

    def resolve(self, kind: type, value: Any, implicit: Any) -> Any:
        return self._DEFAULT_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


# A document marker line: `---` or `...` at column 0 followed by space or end of line.
_DOC_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|$)", re.MULTILINE)

_T = "tag:yaml.org,2002:"
_BOOL_TRUE = {"true", "True", "TRUE"}


@dataclass(slots=True)
class YamlDoc:
    """One document of a stream, before classification."""

    number: int
    root: Node | None
    offset: int  # where this document's chunk starts in the file text
    data: Any = None
    index: dict[Path, tuple[int, int, int, int]] = field(default_factory=dict)
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

# Nesting the C composer survives: it recurses in C once per level, so some 30,000 levels (60 KB
# of `[` or `- `) overflow the C stack and kill the process with a segfault, which no `except`
# can catch, and libyaml's flow scanner is quadratic in flow depth. Below this bound composing
# is safe and fast, and to_data enforces the configured max-depth (at most 900, see
# zotlint.config).
_SAFE_DEPTH = 1000
# A line indented this far could start a block collection this deep (see _may_exceed).
_INDENT = "\n" + " " * (_SAFE_DEPTH // 4)
# Block collections nested on one line (`- - - x`, `? - x`): libyaml accepts nothing but spaces
# between such indicators (no properties, no tabs), so each run is one chain of levels.
_COMPACT_RUN = re.compile(r"(?:[-?] +){2,}")


def split_stream(text: str) -> list[tuple[int, str]]:
    """Cut a stream at document markers so a broken document does not hide the next one.

    Markers cannot occur inside content (YAML 1.2 §9.1.5), so a line scan is exact.
    """
    if "---" not in text and "..." not in text:
        return [(0, text)]
    cuts = [m.start() for m in _DOC_MARKER.finditer(text)]
    bounds = sorted({0, *cuts})
    chunks = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        chunks.append((start, text[start:end]))
    return chunks


def compose(text: str, limits: Limits = _DEFAULT_LIMITS) -> Iterator[YamlDoc | YamlError]:
    """Compose every document; a syntax error ends only its own chunk.

    A chunk that nests deeper than ``limits.max_depth`` or holds more than ``limits.max_nodes``
    entries may be refused here, before any node is built (a YamlError with ``limit`` set), so
    hostile input costs neither a crash nor gigabytes of nodes.
    """
    number = 0
    for base, chunk in split_stream(text):
        if not chunk.strip() or _only_comments_or_markers(chunk):
            continue
        if _may_exceed(chunk, limits):
            refused = _guard(chunk, limits)
            if refused is not None:
                limit, value, bound = refused
                yield YamlError(base, f"{limit}: {value} > {bound}", limit, value, bound)
                number += 1
                continue
        loader = _Loader(chunk)
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
    if not HAVE_C or _may_exceed(text, limits):
        return []
    parser = _RawParser(text)
    try:
        parser.raw_parse()
        return []
    except (YAMLError, ValueError, TypeError):
        pass
    finally:
        with contextlib.suppress(Exception):
            parser.dispose()
    return [e for e in compose(text, limits) if isinstance(e, YamlError) and not e.limit]


def _may_exceed(chunk: str, limits: Limits) -> bool:
    """Cheap and sound: False only when the chunk surely nests less than _SAFE_DEPTH levels
    and holds at most ``limits.max_nodes`` entries, so ordinary files skip the guard pass.

    Every flow level needs a `[` or `{`. A block level starts either on a new line (its column
    is that line's indentation, and columns grow at least every second level) or compactly
    after a `- `/`? ` indicator on the same line as its parent; once past the deepest
    indentation M all further levels are compact on one line. So depth <= flow openers +
    2 * (M + 1) + the longest run of compact indicators. Each entry needs a `:`, `-`, `?`, `,`
    or an opening bracket.
    """
    # This runs on every chunk of every file: plain substring counts (C loops) first, a regex
    # only when they cannot rule deep nesting out.
    if len(chunk) <= _SAFE_DEPTH and len(chunk) <= limits.max_nodes:
        return False  # every level and every entry takes at least one character
    quarter = _SAFE_DEPTH // 4
    flow = chunk.count("[") + chunk.count("{")
    if flow > quarter or _INDENT in chunk or chunk.startswith(_INDENT[1:]):
        return True
    # libyaml takes no tab between compact indicators, so `- ` and `? ` count them all.
    if chunk.count("- ") + chunk.count("? ") > quarter:
        for m in _COMPACT_RUN.finditer(chunk):
            run = m.group()  # at least two characters per indicator: a quick filter
            if len(run) > 2 * quarter and run.count("-") + run.count("?") > quarter:
                return True
    if len(chunk) <= limits.max_nodes:
        return False
    bound = flow + sum(chunk.count(c) for c in ":-?,") + 1
    return bound > limits.max_nodes


def _guard(chunk: str, limits: Limits) -> tuple[str, int, int] | None:
    """Walk the chunk's parse events (libyaml's parser is iterative) and stop at the first
    level past max-depth or entry past max-nodes, counted as to_data counts them. None when
    the chunk is within the limits or broken: composing it then reports the error."""
    loader = _Loader(chunk)
    max_depth, max_nodes = limits.max_depth, limits.max_nodes
    # Per open collection: [is a mapping, children seen]. A mapping's entries are its pairs.
    stack: list[list[int]] = []
    entries = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, NodeEvent):  # scalar, alias or collection start
                if stack:
                    top = stack[-1]
                    top[1] += 1
                    if not top[0] or top[1] % 2 == 1:
                        entries += 1
                        if entries > max_nodes:
                            return "max-nodes", entries, max_nodes
                if isinstance(event, CollectionStartEvent):
                    stack.append([isinstance(event, MappingStartEvent), 0])
                    if len(stack) > max_depth:
                        return "max-depth", len(stack) - 1, max_depth
            elif isinstance(event, CollectionEndEvent):
                if stack:
                    stack.pop()
            elif isinstance(event, DocumentStartEvent):
                stack.clear()
                entries = 0
    except YAMLError as exc:
        # PyYAML's libyaml refuses to nest past 1,000 levels, deeper than max-depth can be
        # configured (900 at most): that is the limit, not a syntax error.
        if "maximum nesting depth" in str(exc) and max_depth < _SAFE_DEPTH:
            return "max-depth", max_depth + 1, max_depth
        return None
    except (ValueError, TypeError, RecursionError):
        return None
    finally:
        with contextlib.suppress(Exception):
            loader.dispose()
    return None


def _only_comments_or_markers(chunk: str) -> bool:
    for line in chunk.splitlines():
        s = line.strip()
        if s and not s.startswith("#") and s not in ("---", "..."):
            return False
    return True


def _message(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if context and problem:
        return f"{problem} ({context})"
    return problem or context or "invalid YAML"


def scalar_value(node: ScalarNode) -> Any:
    """Construct a plain scalar the way the resolver tagged it (YAML 1.2 core schema)."""
    tag = node.tag or ""
    value = node.value
    if not tag.startswith(_T):
        return value
    kind = tag[len(_T) :]
    if kind == "str":
        return value
    if kind == "null":
        return None
    if kind == "bool":
        return value in _BOOL_TRUE or value.lower() in ("true", "yes", "on")
    if kind == "int":
        v = value.replace("_", "")
        try:
            if v.startswith(("0x", "-0x", "+0x")):
                return int(v, 16)
            if v.startswith(("0o", "-0o", "+0o")):
                return int(v, 8)
            return int(v, 10)
        except ValueError:
            return value
    if kind == "float":
        low = value.lower().replace("_", "")
        if low in (".inf", "+.inf"):
            return float("inf")
        if low == "-.inf":
            return float("-inf")
        if low == ".nan":
            return float("nan")
        try:
            return float(low)
        except ValueError:
            return value
    return value


def _key_text(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return node.value
    # Complex keys have no string form in Helm's JSON view; keep something stable to report.
    return f"<{node.__class__.__name__}>"


def count_expanded(root: Node, bound: int) -> int:
    """Node count after alias expansion, computed on the DAG without expanding it.

    An alias bomb is a small graph with an exponential expansion; memoised subtree sizes make
    this linear in the number of distinct nodes. An anchor aliased inside itself (`&a [*a]`, a
    cycle libyaml composes without complaint) expands forever: more than ``bound``.
    """
    sizes: dict[int, int] = {}
    open_: set[int] = set()  # collections whose children are still being counted
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        nid = id(node)
        if nid in sizes:
            continue
        if not done and nid in open_:
            return bound + 1
        if isinstance(node, ScalarNode):
            sizes[nid] = 1
            continue
        children: list[Node]
        if isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = list(node.value)
        if done:
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            sizes[nid] = min(total, bound + 1)
            open_.discard(nid)
        else:
            open_.add(nid)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes.get(id(root), 1)


def expanded_path_steps(root: Node, bound: int) -> int:
    """Sum of path lengths over every value after alias expansion (see
    Limits.max_path_steps), on the DAG like count_expanded: a deep subtree aliased many times is
    walked, with its paths, by every consumer of the data."""
    # id -> (values in the subtree, the node itself included; path steps below the node)
    memo: dict[int, tuple[int, int]] = {}
    open_: set[int] = set()  # a cycle (see count_expanded) is unbounded
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        nid = id(node)
        if nid in memo:
            continue
        if not done and nid in open_:
            return bound + 1
        if isinstance(node, ScalarNode):
            memo[nid] = (1, 0)
            continue
        mapping = isinstance(node, MappingNode)
        values: list[Node] = [v for _, v in node.value] if mapping else list(node.value)
        if done:
            size, steps = 1, 0
            for c in values:
                csize, csteps = memo.get(id(c), (1, 0))
                size += csize
                steps += csteps + csize  # every value below c is one level deeper here
            memo[nid] = (min(size, bound + 1), min(steps, bound + 1))
            open_.discard(nid)
        else:
            open_.add(nid)
            stack.append((node, True))
            stack.extend((c, False) for c in values if id(c) not in memo)
    return memo.get(id(root), (1, 0))[1]


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
    # The index is built packed (see PackedIndex): one int per entry instead of a tuple of
    # four, written here rather than converted afterwards, which cost a second pass over it.
    w = (len(text) + 2).bit_length()
    w2, w3 = 2 * w, 3 * w
    index = doc.index = PackedIndex.empty(w)
    put = dict.__setitem__
    b1 = base + 1  # offsets are stored plus one, so that -1 (no key) packs as 0
    scalars = doc.scalars
    duplicates = doc.duplicates
    memo: dict[int, Any] = {}
    max_depth = limits.max_depth
    max_nodes = limits.max_nodes
    nodes = 0
    steps = 0  # sum of path lengths (Limits.max_path_steps)
    max_steps = limits.max_path_steps
    scalar_t, mapping_t = ScalarNode, MappingNode

    def container(node: Node) -> Any:
        obj: Any = {} if type(node) is mapping_t else []
        memo[id(node)] = obj
        return obj

    put(index, (), (b1 + root.start_mark.index) << w2 | (b1 + root.end_mark.index) << w3)
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
                    prev = index[child_path]
                    duplicates.append(
                        (
                            child_path,
                            (prev[0], prev[1]),
                            (base + knode.start_mark.index, base + knode.end_mark.index),
                        )
                    )
                vt = type(vnode)
                if vt is scalar_t:
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
                put(
                    index,
                    child_path,
                    (b1 + knode.start_mark.index)
                    | (b1 + knode.end_mark.index) << w
                    | (b1 + vnode.start_mark.index) << w2
                    | (b1 + vnode.end_mark.index) << w3,
                )
        else:
            items = node.value
            for i, item in enumerate(items):
                child_path = path + (i,)
                if type(item) is scalar_t:
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
                put(
                    index,
                    child_path,
                    (b1 + item.start_mark.index) << w2 | (b1 + item.end_mark.index) << w3,
                )
        if pending:
            pending.reverse()
            stack.extend(pending)
            pending.clear()


_NUMBERISH = frozenset("0123456789+-.")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_INT = re.compile(r"[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def plain_or_scalar(node: ScalarNode) -> Any:
    """Type a scalar as the YAML 1.2 core schema does (what Helm and zot's YAML see for the
    values zotlint compares). Quoted and block scalars are strings. The base composer does not
    keep whether a plain scalar's `!!str` tag was explicit, so `!!str 5` reads as 5: rare in
    values files, and no rule depends on it."""
    value = node.value
    if node.style:
        return value
    if value in _NULLS:
        return None
    b = _BOOLS.get(value)
    if b is not None:
        return b
    if value[0] in _NUMBERISH:
        if _INT.fullmatch(value):
            return scalar_value(_Tagged(node, "int"))
        if _FLOAT.fullmatch(value):
            return scalar_value(_Tagged(node, "float"))
    return value


class _Tagged:
    __slots__ = ("tag", "value")

    def __init__(self, node: ScalarNode, kind: str) -> None:
        self.tag = _T + kind
        self.value = node.value


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
