"""A config value zot's weakly typed decoder cannot convert to the key's type: zot refuses to start.

## What it does
Checks every known key of a zot config (any letter case) against the Go type of its field, with
the conversions zot's decoder (viper + mapstructure, `WeaklyTypedInput`) performs:
- integer fields (`failDelay`, `ldap.port`, `maxRepos`, `numWorkers`…): a string must parse as a
  Go base-0 integer (`"5"`, `"0x10"`; `""` counts as 0), so `"5s"` and `"5.0"` fail;
- boolean fields: a string must be one of `1 t T TRUE true True 0 f F FALSE false False` or
  `""`, so `"yes"`, `"on"`, `"enabled"` fail;
- duration fields (`gcDelay`, `readTimeout`, `retryDelay`…): a string must be a Go duration with
  a unit (`"90s"`, `"1h30m"`, `"0"`), so `"60"`, `"1d"` and `""` fail;
- `http.port` must be an integer from 0 to 65535 once converted to a string;
- a list or object given to any of those, or to a string field; a number, string or boolean
  given to an object (`"htpasswd": "/etc/zot/htpasswd"`); a list item of the wrong kind.

Accepted and not reported, because the decoder converts them: numbers for strings
(`"port": 5000`), numbers and `"true"` for booleans, booleans and floats for integers, a
number for a duration (read as nanoseconds), and a single value where a list is expected.
Keys inside free-form maps and `extensions.events.sinks[]` entries are not checked, nor unknown
keys (ZOT115).

## Why it matters
Zot decodes the whole file before it starts; one value it cannot convert stops it (and
`zot verify`) with a decode error naming the key (for a duration, e.g.
`time: missing unit in duration "60"`). `failDelay` is a plain number of seconds, while the
duration keys need a unit: the two are easy to mix up.

## Example
```json
{
  "storage": {"rootDirectory": "/var/lib/registry", "gcDelay": "60"},
  "http": {"address": "0.0.0.0", "port": "5000", "auth": {"failDelay": "5s"}},
  "extensions": {"ui": {"enable": "yes"}, "search": {"enable": true}}
}
```

## Fix
Fix: safe where the intended value is unambiguous: `"yes"`, `"on"`, `"enabled"` become `true`
and `"no"`, `"off"`, `"disabled"` `false` (zot's decoder only lacks the spelling), and
`failDelay: "5s"` becomes `5` (it counts seconds). Other values are left to you.

```json
"storage": {"gcDelay": "60s"},
"http": {"auth": {"failDelay": 5}},
"extensions": {"ui": {"enable": true}}
```

## References
- zot `pkg/cli/server/root.go`: `UnmarshalExact` with `StringToTimeDurationHookFunc`;
  `validateHTTP` (port `strconv.ParseInt(port, 10, 64)`, 0..65535)
- go-viper/mapstructure `decodeInt`, `decodeBool`, `decodeString`: weakly typed conversions
- Go `time.ParseDuration`, `strconv.ParseBool`, `strconv.ParseInt` (base 0)
- project-zot/zot@6d19b445 `pkg/api/config/config.go` (the type of every key, encoded in
  zotlint/data/zot_config_keys.py)
"""

from __future__ import annotations

import re
from typing import Any

from zotlint.data.zot_config_keys import KeyInfo, lookup
from zotlint.document import Document, Kind, Path
from zotlint.fix import Fix, replace_value
from zotlint.knowledge.zot import dropped_by_viper
from zotlint.rule import Context, rule

# strconv.ParseInt(s, 0, 64): optional sign, then decimal, 0x/0o/0b prefixed or leading-0 octal;
# with base 0, underscores may sit between digits or after the prefix.
_GO_INT = re.compile(
    r"[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+"
    r"|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)"
)
_GO_FLOAT = re.compile(
    r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan|0[xX][0-9a-fA-F._]*[pP][+-]?\d+)",
    re.IGNORECASE,
)
_GO_BOOL = frozenset(
    {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"}
)
# Unambiguous: `\d+\.?\d*` let a run of digits split in n ways at every repetition, so a
# 64k-digit value took 36 s to reject; here each digit has one place in the match.
_GO_DURATION = re.compile(r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+")
# Values are quoted in messages at most this long: a pull request may commit a megabyte.
_SHOWN = 80
_DECIMAL = re.compile(r"[+-]?\d+")
# []byte fields: a string or a list of numbers both decode.
_BYTES = frozenset({("http", "auth", "sessionhashkey"), ("http", "auth", "sessionencryptkey")})


@rule(
    id="ZOT117",
    name="invalid-scalar",
    severity="error",
    scope=[Kind.ZOT_CONFIG],
    tags=["config", "correctness"],
)
def check(ctx: Context, doc: Document) -> None:
    root, _ = doc.lower_view()
    if not isinstance(root, dict):
        return
    stack: list[tuple[Path, dict[Any, Any]]] = [((), root)]
    while stack:
        path, node = stack.pop()
        in_list = any(isinstance(p, int) for p in path)
        # The path as the key table spells it, once per object rather than once per key.
        parent_keys = tuple("[]" if isinstance(p, int) else p for p in path)
        for key, value in node.items():
            if value is None or (not in_list and dropped_by_viper(value)):
                continue
            # A known key is one the table looks up (classify() says "known" exactly then).
            info = lookup((*parent_keys, "[]" if isinstance(key, int) else key))
            if info is None or info.free_form or info.path in _BYTES:
                continue
            child = (*path, key)
            problem = _problem(info, value)
            if problem:
                ctx.report(
                    doc.ref(child),
                    f"`{_dotted(doc, child)}` {problem}",
                    fix=_fix(doc, child, info, value),
                )
                continue
            if info.type in ("object", "map") and isinstance(value, dict):
                stack.append((child, value))
            elif info.type == "list" and isinstance(value, list):
                _check_items(ctx, doc, child, info, value, stack)


def _check_items(
    ctx: Context,
    doc: Document,
    path: Path,
    info: KeyInfo,
    items: list[Any],
    stack: list[tuple[Path, dict[Any, Any]]],
) -> None:
    for i, item in enumerate(items):
        if item is None:
            continue
        where = (*path, i)
        if info.item == "object":
            if isinstance(item, dict):
                stack.append((where, item))
            else:
                ctx.report(
                    doc.ref(where),
                    f"`{_dotted(doc, where)}` is {_kind(item)}, but each item of "
                    f"`{info.spelling}` must be an object: zot cannot decode it and refuses "
                    "to start",
                )
        elif isinstance(item, (dict, list)):
            ctx.report(
                doc.ref(where),
                f"`{_dotted(doc, where)}` is {_kind(item)}, but `{info.spelling}` is a list of "
                f"{info.item or 'scalar'}s: zot cannot decode it and refuses to start",
            )


def _problem(info: KeyInfo, value: Any) -> str | None:
    """Why zot cannot decode ``value`` for this key, or None."""
    t = info.type
    if t == "any":
        return None
    if info.path == ("http", "port"):
        return _port(value)
    if t in ("object", "map"):
        if isinstance(value, dict):
            return None
        if t == "map" and isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return None  # mapstructure merges a list of objects into one map
        return (
            f"is {_kind(value)}, but zot expects an object here: "
            "zot cannot decode it and refuses to start"
        )
    if t == "list":
        if info.item == "object" and not isinstance(value, (dict, list)):
            return (
                f"is {_kind(value)}, but zot expects a list of objects here: "
                "zot cannot decode it and refuses to start"
            )
        if info.item != "object" and isinstance(value, dict):
            return (
                f"is an object, but zot expects a list of {info.item or 'scalar'}s here: "
                "zot cannot decode it and refuses to start"
            )
        return None
    if isinstance(value, (dict, list)):
        return (
            f"is {_kind(value)}, but zot expects {_expected(t)} here: "
            "zot cannot decode it and refuses to start"
        )
    if not isinstance(value, str):
        return None  # numbers and booleans convert to every scalar type
    shown = value if len(value) <= _SHOWN else value[:_SHOWN] + f"… ({len(value):,} characters)"
    if t == "int" and not _GO_INT.fullmatch(value) and value != "":
        fix = ""
        if info.path[-1] == "faildelay" and re.fullmatch(r"\d+s", value):
            fix = f" (failDelay is a number of seconds: write {value[:-1]})"
        return f'is not an integer zot can read: it is "{shown}", so zot refuses to start{fix}'
    if t == "float" and not _GO_FLOAT.fullmatch(value) and value != "":
        return f'is not a number zot can read: it is "{shown}", so zot refuses to start'
    if t == "bool" and value not in _GO_BOOL and value != "":
        return (
            f'is not a boolean zot can read: it is "{shown}" (zot reads only true/false, 1/0, '
            "t/f and their upper-case forms), so zot refuses to start; write true or false"
        )
    if t == "duration" and value != "0" and not _GO_DURATION.fullmatch(value):
        if _DECIMAL.fullmatch(value):
            example = value if len(value) <= _SHOWN else "90"
            return (
                f'is a duration without a unit: it is "{shown}", so zot refuses to start '
                f'(time: missing unit in duration); write e.g. "{example}s" or "{example}m"'
            )
        return (
            f'is not a Go duration: it is "{shown}" (units are ns, us, ms, s, m, h; no days), '
            'so zot refuses to start; write e.g. "90s", "2h" or "24h"'
        )
    return None


def _port(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None  # true/false become "1"/"0", both valid ports
    if isinstance(value, (dict, list)):
        return f"is {_kind(value)}, but zot expects a port number: it refuses to start"
    if isinstance(value, float) and not value.is_integer():
        text = repr(value)
    elif isinstance(value, (int, float)):
        text = str(int(value))
    else:
        text = str(value)
    if text == "":
        return None  # zot skips the check and listens on its default port
    # Length first: int() of a 64k-digit string raises (Python's digit limit).
    if len(text) <= 32 and _DECIMAL.fullmatch(text) and 0 <= int(text) <= 65535:
        return None
    if len(text) > _SHOWN:
        text = text[:_SHOWN] + f"… ({len(text):,} characters)"
    return (
        f'is "{text}", not an integer from 0 to 65535: zot refuses to start '
        f"(invalid server config: invalid port {text})"
    )


def _expected(t: str) -> str:
    return {
        "int": "an integer",
        "float": "a number",
        "bool": "a boolean",
        "duration": 'a duration string such as "60s"',
        "string": "a string",
    }.get(t, "a single value")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string"


def _dotted(doc: Document, path: Path) -> str:
    out = ""
    for p in doc.real_path(path):
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


# -- fixes: only where the intended value is unambiguous ------------------------------------------

_TRUE_WORDS = frozenset({"yes", "y", "on", "enable", "enabled"})
_FALSE_WORDS = frozenset({"no", "n", "off", "disable", "disabled"})


def _fix(doc: Document, path: Path, info: KeyInfo, value: Any) -> Fix | None:
    """A yes/on/enabled boolean becomes true (no/off/disabled: false), and `failDelay: "5s"`
    becomes 5 (it counts seconds). A duration without a unit is not fixed: "60" may mean
    seconds or minutes."""
    if not isinstance(value, str):
        return None
    if info.type == "bool":
        word = value.strip().lower()
        if word in _TRUE_WORDS or word in _FALSE_WORDS:
            new = word in _TRUE_WORDS
            return Fix(f"Write {str(new).lower()}", (replace_value(doc.ref(path), new),))
    if info.type == "int" and info.path[-1] == "faildelay" and re.fullmatch(r"\d+s", value):
        n = int(value[:-1])
        return Fix(f"Write {n} (seconds)", (replace_value(doc.ref(path), n),))
    return None
