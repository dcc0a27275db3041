"""Custom policies: a team's own rules, kept in the repository as YAML.

Found in `.zotlint/rules/*.yaml` (and `*.yml`) at the repository root, plus the files or globs
listed under `policies:` in the configuration. A file holds one policy (a mapping) or several
(`policies: [...]`). Each is validated (zotlint.declarative.Policy, pydantic) with errors that
name the file, the line and the key, and becomes a Rule the engine runs like any other:
positions, suppressions, baselines, every output format, `zotlint rules`, `zotlint rule ID` and
the `# expect:` fixture harness.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zotlint.config import ConfigError
from zotlint.declarative import CHART_VALUES, Policy
from zotlint.findings import Severity
from zotlint.rule import PROJECT, Context, Rule, RuleMeta

if TYPE_CHECKING:
    from zotlint.document import Document

POLICY_DIR = Path(".zotlint") / "rules"
MAX_POLICY_FILE = 256 * 1024  # bytes
MAX_POLICIES = 500


def policy_files(root: Path, listed: list[str], dirs: list[Path] = ()) -> list[tuple[Path, str]]:
    """The policy files of a run with the folder they govern (root-relative, "" for the root):
    `.zotlint/rules/*.y{a,}ml` at the root and in each directory named on the command line,
    and the configured ones (root-relative paths or globs, governing the root). Only regular
    files inside the root, never through a link."""
    found: list[tuple[Path, str]] = []
    for base in [root, *dirs]:
        folder = base / POLICY_DIR
        if folder.is_dir() and not folder.is_symlink():
            rel = _rel(base, root)
            rel = "" if rel == "." else rel
            found += [(p, rel) for p in sorted(folder.iterdir()) if p.suffix in (".yaml", ".yml")]
    for entry in listed:
        if any(c in entry for c in "*?["):
            matches = sorted(root.glob(entry))
        else:
            matches = [root / entry] if os.path.lexists(root / entry) else []
        if not matches:
            raise ConfigError(f"policies: {entry}: no such file")
        found += [(m, "") for m in matches]
    out: list[tuple[Path, str]] = []
    real_root = root.resolve()
    for p, base in found:
        rel = _rel(p, root)
        if p.is_symlink() or not p.is_file():
            raise ConfigError(f"{rel}: policies: not a regular file (links are not followed)")
        if not p.resolve().is_relative_to(real_root):
            raise ConfigError(f"{rel}: policies: outside the repository")
        if all(p != q for q, _ in out):
            out.append((p, base))
    return out


def _rel(p: Path, root: Path) -> str:
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return str(p)


def load_policies(
    root: Path, listed: list[str], reserved: dict[str, str], dirs: list[Path] = ()
) -> list[Rule]:
    """Every policy of the run as a Rule (see policy_files). ``reserved``: names of the
    catalogue's rules (name -> ID), which a policy may not reuse."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, base in policy_files(root, listed, dirs):
        rel = _rel(path, root)
        for policy, line in _read(path, rel):
            where = f"{rel}:{line}"
            if policy.id.startswith("ZOT"):
                raise ConfigError(f"{where}: id: the ZOT prefix belongs to zotlint's own rules")
            if policy.id in seen:
                raise ConfigError(
                    f"{where}: id: {policy.id} is already defined in {seen[policy.id]}"
                )
            if policy.name in reserved:
                raise ConfigError(
                    f"{where}: name: '{policy.name}' is the name of {reserved[policy.name]}"
                )
            seen[policy.id] = where
            rules.append(as_rule(policy, rel, base))
            if len(rules) > MAX_POLICIES:
                raise ConfigError(f"{rel}: more than {MAX_POLICIES} policies")
    names = [r.meta.name for r in rules]
    for r in rules:
        if names.count(r.meta.name) > 1:
            raise ConfigError(f"{r.meta.source_file}: name: '{r.meta.name}' is used twice")
    return rules


def _read(path: Path, rel: str) -> list[tuple[Policy, int]]:
    from pydantic import ValidationError
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        if path.stat().st_size > MAX_POLICY_FILE:
            raise ConfigError(f"{rel}: policy file over {MAX_POLICY_FILE // 1024} KiB")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{rel}: cannot read ({exc.__class__.__name__})") from None
    try:
        raw = YAML(typ="rt", pure=True).load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{rel}{line}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if isinstance(raw, dict) and set(raw) == {"policies"}:
        items, base = raw["policies"], raw
        if not isinstance(items, list):
            raise ConfigError(f"{rel}:{_line(raw, ['policies'])}: policies: expected a list")
        entries = [(item, base, ["policies", i]) for i, item in enumerate(items)]
    elif isinstance(raw, dict):
        entries = [(raw, raw, [])]
    else:
        raise ConfigError(f"{rel}:1: expected a policy (a mapping) or `policies:` (a list)")
    out = []
    for item, base, prefix in entries:
        try:
            policy = Policy.model_validate(_plain(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = [*prefix, *err["loc"]]
            key = ".".join(str(p) for p in err["loc"]) or "policy"
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown key"
            elif err["type"] == "missing":
                msg = "required key is missing"
            raise ConfigError(f"{rel}:{_line(base, loc)}: {key}: {msg}") from None
        out.append((policy, _line(base, prefix) if prefix else 1))
    return out


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _line(node: Any, loc: list[Any]) -> int:
    """1-based line of the deepest key of ``loc`` that exists in the round-trip tree."""
    line = 1
    for part in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict) and part in node:
                if lc is not None:
                    line = lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                if lc is not None:
                    line = lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    return line


def as_rule(policy: Policy, source: str, base: str = "") -> Rule:
    """The Rule of a policy; ``base`` (root-relative folder) limits it to the files below it,
    and its `files` globs are relative to it."""
    meta = RuleMeta(
        id=policy.id,
        name=policy.name,
        severity=Severity.parse(policy.severity),
        summary=policy.summary(),
        scope=(PROJECT,) if policy.kind == CHART_VALUES else policy.kinds(),
        since=policy.since,
        tags=("custom-policy", *policy.tags),
        precision=policy.precision,
        doc=policy.doc(source),
        pack="policies",
        source_file=source,
    )
    if policy.kind == CHART_VALUES:
        return Rule(meta, partial(_check_values, policy, base))
    return Rule(meta, partial(_check_document, policy, base))


def _applies(policy: Policy, base: str, rel: str) -> bool:
    if base:
        if not rel.startswith(base + "/"):
            return False
        rel = rel[len(base) + 1 :]
    return policy.applies_to(rel)


def _message(policy: Policy, path: tuple[str | int, ...], expectation: str) -> str:
    where = ""
    for p in path:
        where += f"[{p}]" if isinstance(p, int) else (f".{p}" if where else str(p))
    return f"{policy.summary()} {where or 'The document'} {expectation}."


def _written(doc: Document, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """``path`` with its keys as the file spells them (zot configs are queried lower-case)."""
    real = doc.real_path(path) if doc.case_insensitive else path
    return tuple(real) if len(real) == len(path) else path


def _check_document(policy: Policy, base: str, ctx: Context, doc: Document) -> None:
    from zotlint.query import find, static_prefix

    if not _applies(policy, base, doc.source.rel):
        return
    matches = find(doc, policy.query)
    cond = policy.condition
    if not matches:
        if cond.name == "exists" or policy.required:
            prefix = static_prefix(policy.query, doc.case_insensitive)
            spelled = static_prefix(policy.query)  # as the policy writes it
            at = _deepest(doc, prefix)
            ctx.report(
                doc.ref(at, "key" if at else "value"),
                _message(policy, _written(doc, at) + spelled[len(at) :], cond.expectation()),
                identity=policy.query,
            )
        return
    for m in matches:
        if cond.name == "absent":
            msg = _message(policy, _written(doc, m.path), "should be absent")
            ctx.report(m.ref("key" if m.path else "value"), msg)
        elif cond.value_check() and not cond.holds(m.value):
            msg = _message(policy, _written(doc, m.path), cond.expectation())
            ctx.report(m.ref("value"), msg)


def _deepest(doc: Document, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    sentinel = object()
    for n in range(len(path), 0, -1):
        if doc.get(path[:n], sentinel) is not sentinel:
            return path[:n]
    return ()


def _check_values(policy: Policy, base: str, ctx: Context) -> None:
    from zotlint.query import find_in, static_prefix

    cond = policy.condition
    for dep in ctx.model.deployments:
        if not _applies(policy, base, dep.primary.source.rel):
            continue
        matches = find_in(dep.values.data, policy.query)
        if not matches:
            if cond.name == "exists" or policy.required:
                prefix = static_prefix(policy.query)
                origin = dep.values.nearest_origin(prefix)
                ref = origin.ref("key") if origin is not None else dep.primary.ref((), "value")
                ctx.report(ref, _message(policy, prefix, cond.expectation()), identity=dep.key)
            continue
        for value, path in matches:
            if cond.name == "absent":
                bad, part, why = True, "key", "should be absent"
            else:
                bad, part, why = not cond.holds(value), "value", cond.expectation()
            if not bad:
                continue
            origin = dep.values.nearest_origin(path)
            # A value only the chart's defaults set has no line in the repository: point at
            # the deployment's values file.
            ref = origin.ref(part) if origin is not None else dep.primary.ref((), "value")
            ctx.report(ref, _message(policy, path, why), identity=f"{dep.key}:{path}")
