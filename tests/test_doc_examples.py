"""Every rule's documented Example is executed and must raise the rule; its Fix must not (as
ESLint runs its rule docs' examples). Conventions, documented in rules/README.md:

- A fenced block is a file. Its name: a line holding the path in backticks and a colon (a
  remark in parentheses may sit between) right above the fence, as a reader sees it
  (`` `deploy/zot/values.yaml`: ``), or
  `file=<path>` in the info string; else `values.yaml` for YAML and `config.json` (zot's
  config) for JSON. Several named blocks make a small repository (a Keycloak realm beside the
  values, an ExternalSecret beside its SecretStore, Terraform beside both).
- `at=<key.key>` places a JSON fragment under that path of zot's config (`at=http` for an
  `"auth": {...}` example); a fragment (`"key": value`) is wrapped in braces.
- Every Fix shows at least one corrected block; its blocks replace the Example's files of the
  same name; the other files stay.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.registry import load_rules

RULES = load_rules()
# A file's block: "`deploy/values.yaml`:" (or "`x.json` (what it is):") on the line above.
FENCE = re.compile(
    r"(?:^`(?P<name>[\w./-]+\.(?:ya?ml|json|tf|hcl|env|txt|conf))`(?: \([^`\n]*\))?:\n)?"
    r"^```(\w+)([^\n]*)\n(.*?)^```",
    re.S | re.M,
)


def section(doc: str, name: str) -> str:
    m = re.search(rf"^## {name}\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    return m.group(1) if m else ""


def files_of(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for heading, lang, info, body in FENCE.findall(text):
        opts = dict(re.findall(r"(\w+)=(\S+)", info))
        if heading:
            opts["file"] = heading
        if lang in ("hcl", "terraform", "tf"):
            opts.setdefault("file", "main.tf")
        if lang not in ("json", "yaml", "hcl", "terraform", "tf"):
            continue
        name = opts.get("file", "config.json" if lang == "json" else "values.yaml")
        if lang == "json" and "file" not in opts:
            body = _zot_config(body, opts.get("at", ""))
        out[name] = body
    return out


def _zot_config(body: str, at: str) -> str:
    text = body.strip()
    if not text.startswith("{"):
        text = "{" + text.rstrip(",") + "}"
    try:
        data = json.loads(text)
    except ValueError:
        return body  # not JSON: ZOT002's examples are broken on purpose
    for key in reversed([k for k in at.split(".") if k]):
        data = {key: data}
    if isinstance(data, dict) and not {k.lower() for k in data} & {"distspecversion", "storage"}:
        data = {"distSpecVersion": "1.1.0", **data}  # what makes a JSON file zot's config
    return json.dumps(data, indent=2)


def raised(tmp: Path, rule_id: str, files: dict[str, str]) -> bool:
    (tmp / ".git").mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(body)
    res = run([tmp], Settings(), root=tmp)  # every rule: ZOT005 needs the rule it names
    assert not res.errors, res.errors
    return any(f.rule_id == rule_id for f in res.findings)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_example_raises_and_fix_does_not(rule, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    example = files_of(section(rule.meta.doc, "Example"))
    assert example, f"{rule.id}: the Example has no yaml, json or hcl block"
    assert raised(tmp_path / "example", rule.id, example), (
        f"{rule.id}: its documented Example does not raise it"
    )
    fix = files_of(section(rule.meta.doc, "Fix"))
    assert fix, f"{rule.id}: the Fix shows no corrected yaml, json or hcl block"
    assert not raised(tmp_path / "fix", rule.id, {**example, **fix}), (
        f"{rule.id}: its documented Fix still raises it"
    )
