"""Cutting a YAML stream into documents (yamlsrc.split_stream) and skipping chunks without
content (yamlsrc._only_comments_or_markers): both written with str.find for speed, checked here
against their definitions, a multi-line regex and str.splitlines, on generated streams."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from zotlint.source.yamlsrc import _only_comments_or_markers, split_stream

# The definition: `---` or `...` at the start of a line (after a \n, or the text's start),
# followed by a space, tab, \r, \n or the end of the text.
_DOC_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|$)", re.MULTILINE)


def split_reference(text: str) -> list[tuple[int, str]]:
    bounds = sorted({0, *(m.start() for m in _DOC_MARKER.finditer(text))})
    ends = [*bounds[1:], len(text)]
    return [(start, text[start:end]) for start, end in zip(bounds, ends, strict=True)]


def only_comments_reference(chunk: str) -> bool:
    for line in chunk.splitlines():
        s = line.strip()
        if s and not s.startswith("#") and s not in ("---", "..."):
            return False
    return True


# Pieces that make markers, near-markers, comments and every character splitlines breaks at.
_PIECES = st.sampled_from(
    [
        "---", "...", "--", "..", "----", " ---", "a", "a: 1", "# c", " ", "\t", "\n", "\r",
        "\r\n", "\v", "\f", "\x1c", "\x85", "\u2028", "\u2029", "#", "-", ".", "x---",
    ]
)  # fmt: skip
_STREAMS = st.lists(_PIECES, max_size=16).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_STREAMS)
def test_split_stream_cuts_where_the_marker_regex_matches(text: str) -> None:
    assert split_stream(text) == split_reference(text)


@settings(max_examples=1000, deadline=None)
@given(_STREAMS)
def test_only_comments_or_markers_reads_lines_as_splitlines_does(chunk: str) -> None:
    assert _only_comments_or_markers(chunk) is only_comments_reference(chunk)


def test_the_cases_that_tell_the_definitions_apart() -> None:
    """Each line fails a plausible shortcut: a marker at the very end, a marker after a lone
    \\r (not a line start for the regex), content after a line separator only splitlines
    knows, a longer dash run."""
    assert split_stream("a: 1\n---") == [(0, "a: 1\n"), (5, "---")]
    assert split_stream("a: 1\r---\n") == [(0, "a: 1\r---\n")]
    assert split_stream("---\n...\n----\n") == [(0, "---\n"), (4, "...\n----\n")]
    assert _only_comments_or_markers("# c\u2028a: 1\n") is False
    assert _only_comments_or_markers("# c\n---\n...\n  \n") is True
    assert _only_comments_or_markers("--- # c\n") is False
