"""Finds every rule in the catalogue directory: nothing to register by hand."""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML

from zotlint.findings import Severity
from zotlint.rule import DOC_HEADINGS, Rule, RuleMeta


class CatalogueError(Exception):
    pass


def catalogue_root() -> Path:
    """`zotlint/_rules` in a wheel, the repository's `rules/` in a checkout or editable install."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


@lru_cache(maxsize=4)
def load_rules(root: Path | None = None) -> tuple[Rule, ...]:
    root = root or catalogue_root()
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
    return tuple(sorted(rules, key=lambda r: r.id))


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
    # Imported here: its pydantic models cost start-up time, and the shipped catalogue is all
    # Python rules.
    from zotlint.declarative import DeclarativeRule

    raw = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    spec = DeclarativeRule.model_validate(raw)
    meta = RuleMeta(
        id=spec.id,
        name=spec.name,
        severity=Severity.parse(spec.severity),
        summary=spec.summary,
        scope=tuple(spec.kinds()),
        since=spec.since,
        tags=tuple(spec.tags),
        precision=spec.precision,
        doc=spec.doc.strip(),
        pack=path.parent.name if path.parent != root else "",
        source_file=str(path.relative_to(root)),
    )
    return Rule(meta, spec.check)


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
