"""Finds every rule in the catalogue directory: nothing to register by hand."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from zotlint.rule import DOC_HEADINGS, Rule, RuleMeta
from zotlint.source.problems import ProblemKind

if TYPE_CHECKING:
    from zotlint.config import Settings


class CatalogueError(Exception):
    pass


def catalogue_root() -> Path:
    """`zotlint/_rules` in a wheel, the repository's `rules/` in a checkout or editable install."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


def load_rules(root: Path | None = None) -> tuple[Rule, ...]:
    """The rules of the catalogue at `root` (default: the shipped one), loaded once per process:
    `load_rules()` and `load_rules(None)` are the same call (the run and the configuration's
    footprint both ask; each rule module is executed once)."""
    return _load_catalogue(root or catalogue_root())


@lru_cache(maxsize=4)
def _load_catalogue(root: Path) -> tuple[Rule, ...]:
    if not root.is_dir():
        raise CatalogueError(f"rule catalogue not found at {root}")
    rules: list[Rule] = []
    for path in sorted(root.rglob("ZOT*")):
        if path.suffix == ".py":
            rules.extend(_load_python(path, root))
        elif path.suffix in (".yaml", ".yml"):
            rules.append(_load_declarative(path, root))
    seen: dict[str, str] = {}
    names: dict[str, str] = {}
    for r in rules:
        if r.id in seen:
            raise CatalogueError(
                f"duplicate rule id {r.id} in {seen[r.id]} and {r.meta.source_file}"
            )
        if r.meta.name in names:
            raise CatalogueError(f"duplicate rule name {r.meta.name}")
        seen[r.id] = r.meta.source_file
        names[r.meta.name] = r.id
    problem_rules(tuple(rules))  # each problem kind reported by one rule
    return tuple(sorted(rules, key=lambda r: r.id))


def problem_rules(rules: tuple[Rule, ...]) -> dict[ProblemKind, Rule]:
    """The rule that reports each problem kind (``@rule(problems=[...])``, rules/input/): the
    engine's only way from a problem the loader, discovery or the suppression pass found to a
    rule ID. A kind no rule declares is not reported."""
    out: dict[ProblemKind, Rule] = {}
    for r in rules:
        for kind in r.meta.problems:
            if kind in out:
                raise CatalogueError(
                    f"problem kind {kind.value} is reported by both {out[kind].id} and {r.id}"
                )
            out[kind] = r
    return out


def _load_python(path: Path, root: Path) -> list[Rule]:
    mod_name = f"zotlint_rules.{path.parent.name}.{path.stem}"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:  # pragma: no cover
        raise CatalogueError(f"cannot load rule module {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    spec.loader.exec_module(module)
    doc = (module.__doc__ or "").strip()
    # The summary is the docstring's first paragraph, which may wrap onto a second line.
    first, _, body = doc.partition("\n\n")
    summary = " ".join(line.strip() for line in first.splitlines())
    found = []
    for obj in vars(module).values():
        info = getattr(obj, "__zotlint_rule__", None)
        if info is None or getattr(obj, "__module__", None) != mod_name:
            continue
        meta = RuleMeta(
            summary=summary.strip(),
            doc=body.strip(),
            pack=path.parent.name if path.parent != root else "",
            source_file=str(path.relative_to(root)),
            **info,
        )
        found.append(Rule(meta, obj))
    if len(found) != 1:
        raise CatalogueError(f"{path}: expected exactly one @rule function, found {len(found)}")
    return found


def _load_declarative(path: Path, root: Path) -> Rule:
    # Imported here: pydantic costs start-up time, and the shipped catalogue is all Python rules.
    from ruamel.yaml import YAML

    from zotlint.declarative import Policy
    from zotlint.policies import as_rule

    raw = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    spec = Policy.model_validate(raw)
    if not spec.id.startswith("ZOT"):
        raise CatalogueError(f"{path}: a catalogue rule's ID starts with ZOT")
    rule = as_rule(spec, str(path.relative_to(root)))
    meta = replace(
        rule.meta,
        pack=path.parent.name if path.parent != root else "",
        tags=tuple(spec.tags),
        doc=(spec.description.strip() or rule.meta.doc),
    )
    return Rule(meta, rule.check)


def missing_headings(meta: RuleMeta) -> list[str]:
    return [h for h in DOC_HEADINGS if h not in meta.doc]


def select_rules(rules: tuple[Rule, ...], select: list[str], ignore: list[str]) -> list[Rule]:
    """ruff-style selection: the longest matching prefix wins; `ignore` beats an equal `select`."""

    def strength(rule: Rule, prefixes: list[str]) -> int:
        best = -1
        for p in prefixes:
            if p.upper() == "ALL" or rule.id.startswith(p.upper()) or rule.meta.name == p:
                best = max(best, 0 if p.upper() == "ALL" else len(p))
        return best

    out = []
    for r in rules:
        s = strength(r, select or ["ALL"])
        i = strength(r, ignore)
        if s >= 0 and s > i:
            out.append(r)
    return out


def unknown_selector(rules: tuple[Rule, ...], token: str) -> str | None:
    """None when ``token`` names rules (ALL, an ID, an ID prefix such as ZOT1 or ACME, a rule
    name or a former name); otherwise the error, with a "did you mean" when one is close."""
    t = token.strip()
    if not t or t.upper() == "ALL":
        return None
    up = t.upper()
    names = {r.meta.name for r in rules} | {a for r in rules for a in r.meta.aliases}
    if t in names or any(r.id.startswith(up) for r in rules):
        return None
    import difflib

    if re.fullmatch(r"[A-Z]+\d[A-Z0-9]*", up):
        # An ID: one edit away (a letter O for a zero), else no guess: an unrelated ID with
        # two digits in common is no help.
        near = sorted(r.id for r in rules if _edits(up, r.id) <= 1)
        close = near[:1]
    else:
        close = difflib.get_close_matches(t, sorted(names), n=1, cutoff=0.75)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown rule '{t}'{hint}"


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short strings only: rule IDs)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def rule_key_error(rules: tuple[Rule, ...], key: str) -> str:
    """The error for a `rules:` key that names no rule (an ID or a name, not a prefix)."""
    hint = unknown_selector(tuple(r for r in rules if r.id != key), key) or ""
    return f"unknown rule '{key}'" + (hint[hint.index(" (") :] if " (did you mean" in hint else "")


def check_selectors(rules: tuple[Rule, ...], where: str, **lists: list[str]) -> None:
    """Raise CatalogueError for the first unknown rule in ``lists`` (key -> tokens): a typo in
    `--select` or `ignore` would silently turn checks off."""
    for key, tokens in lists.items():
        for token in tokens:
            err = unknown_selector(rules, token)
            if err:
                prefix = f"{where}: " if where else ""
                raise CatalogueError(f"{prefix}{key}: {err}")


def check_settings(rules: tuple[Rule, ...], settings: Settings) -> None:
    """Unknown IDs, prefixes or names in select/ignore/per-file-ignores are usage errors
    (ConfigError): a typo would silently turn checks off."""
    from zotlint.config import ConfigError

    lists = {"select": settings.select, "ignore": settings.ignore}
    for pattern, codes in settings.per_file_ignores.items():
        lists[f"per-file-ignores.{pattern}"] = codes
    try:
        check_selectors(rules, "", **lists)
    except CatalogueError as exc:
        raise ConfigError(str(exc)) from None


def with_policies(
    catalogue: tuple[Rule, ...],
    root: Path,
    settings: Settings,
    paths: Sequence[str | PathLike[str]] = (),
) -> tuple[Rule, ...]:
    """The catalogue plus the custom policies of the root and of the directories in ``paths``
    (zotlint.policies, imported only when there are some: pydantic costs start-up time)."""
    dirs = [
        d
        for d in (Path(p).resolve() for p in paths if Path(p).is_dir())
        if d != root and d.is_relative_to(root)
    ]
    if not settings.policies and not any(
        (d / ".zotlint" / "rules").is_dir() for d in [root, *dirs]
    ):
        return catalogue
    from zotlint.policies import load_policies

    reserved = {r.meta.name: r.id for r in catalogue}
    return catalogue + tuple(load_policies(root, settings.policies, reserved, dirs))
