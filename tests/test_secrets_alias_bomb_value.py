"""Issue 14 (attack 6): a Kubernetes Secret value that is a YAML file of nested aliases (a
"billion laughs": nine levels of nine aliases) is judged in linear time. The credential search
over the parsed value visited every alias again (9^9 visits: the run never finished); each
container is now judged once per key and depth, with the same verdicts."""

from __future__ import annotations

from pathlib import Path

from zotlint.config import Settings
from zotlint.engine import run
from zotlint.secrets.detectors import kubernetes_secret as K

TOKEN = "Zq8mK2vR9xL4pT7wB3nCy6Hs"


def _bomb(levels: int, tail: str) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijklm"[:levels]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    lines.append(tail)
    body = "\n".join("    " + line for line in lines)
    return (
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  app.yaml: |\n{body}\n"
    )


def test_each_aliased_container_is_judged_once(monkeypatch) -> None:
    calls = 0
    real = K._has_credential

    def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(K, "_has_credential", counting)
    text = _bomb(6, "port: 3000").split("|\n", 1)[1].replace("\n    ", "\n").strip()
    assert K._has_credential(K._parse_loose(text)) is False
    # 9^6 leaves reached through aliases; judged once each container: a few hundred calls.
    assert calls < 2_000, calls


def test_a_credential_after_an_alias_bomb_is_found(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text(_bomb(9, f"password: {TOKEN}"))
    findings = run([tmp_path], Settings(select=["ZOT303"]), root=tmp_path, jobs=1).findings
    assert [f.rule_id for f in findings] == ["ZOT303"]


def test_verdicts_without_aliases_are_unchanged() -> None:
    assert K._has_credential({"a": [{"b": "x"}], "password": TOKEN}) is True
    assert K._has_credential({"a": [{"b": "x"}], "port": 3000}) is False
    assert K._has_credential({"users": [["x", TOKEN]]}) is False  # no credential key
    assert K._has_credential({"token": [["x", TOKEN]]}) is True  # the lists keep their key
    shared = {"password": TOKEN}
    assert K._has_credential([shared, shared, {"x": [shared]}]) is True
