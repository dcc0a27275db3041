"""Embedded JSON: one parser, the positional one (zotlint.source.jsonpos), at load.

An embedded zot config's positions are mapped into its host file while it is loaded (see
zotlint.source.loader.parse_embedded), so reading a span later parses nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from zotlint.source.pathindex import Path
from zotlint.source.jsonpos import JsonParse, parse_json
from zotlint.source.problems import Limits


def parse_limited(text: str, limits: Limits) -> JsonParse:
    return parse_json(
        text,
        max_depth=limits.max_depth,
        max_nodes=limits.max_nodes,
        max_path_steps=limits.max_path_steps,
    )


def mapped_index(
    parsed: JsonParse, to_host: Callable[..., int]
) -> dict[Path, tuple[int, int, int, int]]:
    return {
        e.path: (
            to_host(e.key_start) if e.key_start >= 0 else -1,
            to_host(e.key_end, True) if e.key_start >= 0 else -1,
            to_host(e.value_start),
            to_host(e.value_end, True),
        )
        for e in parsed.entries
    }
