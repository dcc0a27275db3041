"""Glob patterns for configuration (`exclude`, `per-file-ignores`): `**` spans directories."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    pat = pattern.strip().lstrip("./") if pattern.startswith("./") else pattern.strip()
    anchored = "/" in pat.rstrip("/")
    pat = pat.lstrip("/")
    out = []
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pat.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
                i += 1
            else:
                out.append("[" + pat[i + 1 : j].replace("!", "^", 1) + "]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out).rstrip("/")
    prefix = "" if anchored else "(?:.*/)?"
    # A pattern naming a directory covers everything below it.
    return re.compile(f"^{prefix}{body}(?:/.*)?$")


def glob_match(pattern: str, rel: str) -> bool:
    return _compile(pattern).match(rel) is not None
