"""Go template actions (`{{ … }}`) inside a config text, masked so the text parses.

ESO renders `target.template.data` values (and `templateFrom` ConfigMap keys) with Go's
text/template (external-secrets `pkg/template/v2/template.go`: `template.New(k).Funcs(…)
.Parse(string(v))` with the default `{{`/`}}` delimiters). A zot config written there is JSON or
YAML only after rendering: `"clientsecret": "{{ .secret }}"` is a string, but
`"port": {{ .port }}` or `"issuer": {{ .issuer | toJson }}` is not yet any JSON value.

``mask`` returns a text of the same length in which every action is something the JSON/YAML
parser accepts, so that positions in the masked text are positions in the original:

- an action inside a double-quoted string stays as written when it holds no character that
  would end or escape the string, else its inside becomes `_` (the value keeps its `{{ }}`);
- an action outside strings becomes a double-quoted string `"{{__…}}"` of the same length (a
  value of unknown content);
- a control action outside strings (`if`, `else`, `end`, `range`, `with`, comments…) becomes
  blanks: it yields no text of its own.

Every value that still contains `{{` after parsing is unknown (``is_unknown``).
"""

from __future__ import annotations

import re

from zotlint.records import dataclass

_CONTROL = re.compile(
    r"\{\{-?\s*(?:/\*|if\b|else\b|end\b|range\b|with\b|define\b|template\b|block\b|break\b"
    r"|continue\b|\$[\w]*\s*:?=)"
)
# Characters that cannot stay inside a JSON or YAML double-quoted string as written.
_UNSAFE_IN_STRING = frozenset('"\\\n\r\t')


@dataclass(frozen=True, slots=True)
class Action:
    start: int
    end: int
    quoted: bool  # inside a double-quoted string of the config


@dataclass(frozen=True, slots=True)
class Masked:
    text: str
    actions: tuple[Action, ...]


def has_actions(text: str) -> bool:
    return "{{" in text and "}}" in text


def is_unknown(value: object) -> bool:
    """A value a template action decides (only known once ESO renders it)."""
    return isinstance(value, str) and "{{" in value


def mask(text: str, max_actions: int = 10_000) -> Masked | None:
    """``text`` with its actions masked, or None when an action is not closed or there are
    more than ``max_actions`` (hostile input: the scan stays linear either way)."""
    out: list[str] = []
    actions: list[Action] = []
    i = 0
    n = len(text)
    in_string = False
    last = 0
    while i < n:
        c = text[i]
        if c == "{" and text.startswith("{{", i):
            end = text.find("}}", i + 2)
            if end < 0:
                return None
            end += 2
            if len(actions) >= max_actions:
                return None
            out.append(text[last:i])
            raw = text[i:end]
            out.append(_masked_action(raw, in_string))
            actions.append(Action(i, end, in_string))
            i = last = end
            continue
        if c == "\\" and in_string:
            i += 2
            continue
        if c == '"':
            in_string = not in_string
        i += 1
    out.append(text[last:])
    masked = "".join(out)
    return Masked(masked, tuple(actions))


def _masked_action(raw: str, in_string: bool) -> str:
    n = len(raw)
    if in_string:
        if not any(ch in _UNSAFE_IN_STRING for ch in raw):
            return raw
        return "{{" + "_" * (n - 4) + "}}"
    if _CONTROL.match(raw):
        return "".join(ch if ch in "\r\n" else " " for ch in raw)
    if n >= 6:
        return '"{{' + "_" * (n - 6) + '}}"'
    return "null" + " " * (n - 4)
