"""The values zotlint reads from Terraform (``zotlint.iam.hcl`` builds them): each HCL
expression and block with the offsets it is written at, so a finding points at the exact
condition value, `Resource` string or heredoc character."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from zotlint.records import dataclass


@dataclass(slots=True, eq=False)
class HVal:
    """One HCL expression and where it is written (offsets into the file's text).

    kind / value:
    - ``str``: the decoded string; ``num``, ``bool``, ``null``: the Python value
    - ``template``: a quoted string with interpolations: a list of ``str`` and ``HVal`` parts
    - ``list``: list[HVal]; ``obj``: list of (key HVal, value HVal)
    - ``ref``: the traversal's names, e.g. ("aws_iam_policy", "zot", "arn") (indexes dropped)
    - ``call``: (function name, list[HVal])
    - ``heredoc``: (body text, offset of the body's first character)
    - ``other``: anything else
    """

    kind: str
    start: int
    end: int
    value: Any = None

    def text(self) -> str | None:
        """The value as a plain string, when it is one."""
        return self.value if self.kind == "str" else None

    def get(self, key: str) -> HVal | None:
        """The value of ``key`` in an object (a literal key), else None."""
        if self.kind != "obj":
            return None
        for k, v in self.value:
            if k.kind == "str" and k.value == key:
                return v
        return None


@dataclass(slots=True, eq=False)
class Block:
    """A block: `resource "aws_iam_role" "zot" { ... }`, or a file's top-level body."""

    type: str
    labels: tuple[str, ...]
    start: int
    end: int
    attrs: dict[str, tuple[int, int, HVal]] = field(default_factory=dict)  # name -> (s, e, v)
    blocks: list[Block] = field(default_factory=list)

    def attr(self, name: str) -> HVal | None:
        got = self.attrs.get(name)
        return got[2] if got is not None else None

    def children(self, type_: str) -> list[Block]:
        return [b for b in self.blocks if b.type == type_]
