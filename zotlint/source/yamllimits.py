"""Hostile YAML, refused before it costs a crash or gigabytes: nesting the C composer cannot
survive, more entries than max-nodes, and alias bombs (counted on the node graph, unexpanded)."""

from __future__ import annotations

import contextlib

from zotlint.lazyregex import lazy_compile
from zotlint.source.libyaml import (
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Loader,
    MappingNode,
    MappingStartEvent,
    Node,
    NodeEvent,
    ScalarNode,
    YAMLError,
)
from zotlint.source.problems import Limits

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
_COMPACT_RUN = lazy_compile(r"(?:[-?] +){2,}")


def may_exceed(chunk: str, limits: Limits) -> bool:
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


def guard(chunk: str, limits: Limits) -> tuple[str, int, int] | None:
    """Walk the chunk's parse events (libyaml's parser is iterative) and stop at the first
    level past max-depth or entry past max-nodes, counted as to_data counts them. None when
    the chunk is within the limits or broken: composing it then reports the error."""
    loader = Loader(chunk)
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
