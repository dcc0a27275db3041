"""Plain YAML scalars typed as the YAML 1.2 core schema types them (what Helm and zot see)."""

from __future__ import annotations

import re
from typing import Any

from zotlint.source.libyaml import ScalarNode

_T = "tag:yaml.org,2002:"
_BOOL_TRUE = {"true", "True", "TRUE"}


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


_NUMBERISH = frozenset("0123456789+-.")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# Plain scalars that plain_or_scalar may type as something other than a string: the rest (most
# values: names, images, hosts) are strings as they are, which to_data tests without a call.
SPECIAL_PLAIN = frozenset(_NULLS | _BOOLS.keys())
NUMBERISH = _NUMBERISH
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
