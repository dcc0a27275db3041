"""Rule documentation rendered from metadata: `zotlint rule`, SARIF help, docs pages."""

from __future__ import annotations

from zotlint.rule import Rule, option_fields


def render_rule(rule: Rule) -> str:
    m = rule.meta
    lines = [
        f"# {m.id} {m.name}",
        "",
        m.summary,
        "",
        f"- Default severity: {m.severity.label}",
        f"- Applies to: {', '.join(str(s) for s in m.scope)}",
        f"- Since: {m.since}",
    ]
    if m.aliases:
        lines.append(f"- Former names: {', '.join(m.aliases)}")
    fields = option_fields(m.options)
    if fields:
        lines += ["", "## Options", "", "| option | type | default |", "|---|---|---|"]
        for f in fields:
            ann = getattr(f.type, "__name__", str(f.type)).replace("typing.", "")
            lines.append(f"| `{f.name}` | {ann} | `{f.default!r}` |")
    lines += ["", m.doc.strip(), ""]
    return "\n".join(lines)


def rules_table(rules: tuple[Rule, ...]) -> str:
    """The README's rule list (kept in sync by a test; refresh with
    `python -m zotlint.docs --update-readme`)."""
    lines = ["| ID | name | severity | what it flags |", "|---|---|---|---|"]
    for r in rules:
        summary = r.meta.summary.replace("|", "\\|")
        lines.append(f"| {r.id} | `{r.meta.name}` | {r.meta.severity.label} | {summary} |")
    return "\n".join(lines)


START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def readme_with_table(readme: str, rules: tuple[Rule, ...]) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{rules_table(rules)}\n{END}{tail}"


if __name__ == "__main__":  # pragma: no cover - developer tool
    import sys
    from pathlib import Path

    from zotlint.registry import load_rules

    if sys.argv[1:] == ["--update-readme"]:
        path = Path(__file__).resolve().parents[1] / "README.md"
        path.write_text(readme_with_table(path.read_text(encoding="utf-8"), load_rules()))
