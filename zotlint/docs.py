"""Rule documentation rendered from metadata: `zotlint rule`, SARIF help, docs pages."""

from __future__ import annotations

from zotlint.rule import Rule


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
    fields = m.options.model_fields
    if fields:
        lines += ["", "## Options", "", "| option | type | default |", "|---|---|---|"]
        for name, f in fields.items():
            ann = getattr(f.annotation, "__name__", str(f.annotation)).replace("typing.", "")
            lines.append(f"| `{name}` | {ann} | `{f.default!r}` |")
    lines += ["", m.doc.strip(), ""]
    return "\n".join(lines)
