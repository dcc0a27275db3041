"""ApplicationSet template rendering as Argo CD does it (applicationset/utils/utils.go):
fasttemplate (`{{name}}`) or, with `goTemplate: true`, Go templates, of which only field
references (`{{ .a.b }}`) and `{{ index .path.segments N }}` are evaluated; anything else raises
``Unknown``. `templatePatch` is applied when it renders to YAML without template actions left.
"""

from __future__ import annotations

import re
from typing import Any

from zotlint.source import yamlsrc
from zotlint.source.problems import LimitExceeded, Limits

_GO_ACTION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_GO_FIELD = re.compile(r"^\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)$")
_GO_INDEX = re.compile(r"^index\s+\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s+(\d+)$")
_FAST_TAG = re.compile(r"\{\{(.*?)\}\}", re.S)


class Unknown(Exception):
    """Raised when a generator or a template cannot be evaluated statically."""


def lookup(values: dict[str, Any], parts: list[str], flat: str) -> Any:
    if flat in values:
        return values[flat]
    cur: Any = values
    for p in parts:
        if isinstance(cur, dict) and p in cur:
            cur = cur[p]
        else:
            raise Unknown(f"no parameter {flat!r}")
    return cur


def _go_string(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)) or v is None:
        raise Unknown("a template renders a map, a list or nothing")
    return str(v)


def render_string(text: str, values: dict[str, Any], go: bool, strict: bool = False) -> str:
    """One template string rendered, or Unknown."""
    if "{{" not in text:
        return text
    if not go:

        def fast(m: re.Match[str]) -> str:
            tag = m.group(1).strip()
            if tag not in values:
                raise Unknown(f"no parameter {tag!r}")
            return str(values[tag])

        return _FAST_TAG.sub(fast, text)

    def gosub(m: re.Match[str]) -> str:
        action = m.group(1).strip()
        f = _GO_FIELD.match(action)
        if f is not None:
            return _go_string(lookup(values, f.group(1).split("."), f.group(1)))
        ix = _GO_INDEX.match(action)
        if ix is not None:
            seq = lookup(values, ix.group(1).split("."), ix.group(1))
            n = int(ix.group(2))
            if isinstance(seq, list) and n < len(seq):
                return _go_string(seq[n])
        raise Unknown(f"template action {action[:40]!r}")

    out = _GO_ACTION.sub(gosub, text)
    if "{{" in out:
        raise Unknown("template left unrendered")
    return out


def render(node: Any, values: dict[str, Any], go: bool, strict: bool) -> Any:
    if isinstance(node, str):
        return render_string(node, values, go, strict)
    if isinstance(node, dict):
        return {
            (render_string(k, values, go, strict) if isinstance(k, str) else k): render(
                v, values, go, strict
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [render(v, values, go, strict) for v in node]
    return node


def render_patch(patch: str, values: dict[str, Any]) -> dict[str, Any]:
    text = render_string(patch, values, True)
    limits = Limits()
    for item in yamlsrc.compose(text, limits):
        if isinstance(item, yamlsrc.YamlError):
            raise Unknown("templatePatch is not YAML")
        try:
            yamlsrc.to_data(item, text, limits, "&" in text)
        except LimitExceeded as e:
            raise Unknown("templatePatch too large") from e
        data = item.data
        if not isinstance(data, dict):
            raise Unknown("templatePatch is not a map")
        return data
    return {}


def deep_merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for k, v in patch.items():
            out[k] = deep_merge(base.get(k), v) if k in base else v
        return out
    return patch
