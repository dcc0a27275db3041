"""Suppression comments: on the line, above it, whole file, above an embedded document."""

from __future__ import annotations

from pathlib import Path

from zotlint.config import Settings, parse_settings
from zotlint.engine import run

CONFIG = """\
    {
      "storage": {"rootDirectory": "/var/lib/registry"},
      "http": {"address": "0.0.0.0", "port": "5000",
        "auth": {"openid": {"providers": {"oidc": {"issuer": "https://kc.example.com/realms/a"}}}}}
    }
"""


def _values(comment_above_key: str = "") -> str:
    head = "image:\n  repository: ghcr.io/project-zot/zot\nmountConfig: true\nconfigFiles:\n"
    return head + comment_above_key + "  config.json: |-\n" + CONFIG


def _run(tmp_path: Path, text: str, select: list[str]):  # type: ignore[no-untyped-def]
    (tmp_path / "values.yaml").write_text(text)
    return run([tmp_path], Settings(select=select), root=tmp_path)


def test_comment_above_embedded_key_covers_the_document(tmp_path: Path) -> None:
    text = _values("  # zotlint: disable=ZOT101 -- ingress sets the URL\n")
    res = _run(tmp_path, text, ["ZOT101", "ZOT005"])
    assert [f.rule_id for f in res.visible()] == []
    sup = [f for f in res.findings if f.suppressed]
    assert sup and sup[0].suppression_reason == "ingress sets the URL"


def test_trailing_comment_and_rule_name(tmp_path: Path) -> None:
    text = (
        "image:\n  repository: ghcr.io/project-zot/zot\n"
        "mountConfig: true\nmountConfig: false  # zotlint: disable=duplicate-key\n"
    )
    res = _run(tmp_path, text, ["ZOT003", "ZOT005"])
    assert res.visible() == []


def test_unused_suppression_is_reported(tmp_path: Path) -> None:
    text = (
        "image:\n  repository: ghcr.io/project-zot/zot\n"
        "# zotlint: disable=ZOT003 -- stale\nmountConfig: true\n"
    )
    res = _run(tmp_path, text, ["ZOT003", "ZOT005"])
    got = [(f.rule_id, f.location.start_line) for f in res.visible()]
    assert got == [("ZOT005", 3)]


def test_disable_file(tmp_path: Path) -> None:
    text = (
        "# zotlint: disable-file=ZOT003\nimage:\n  repository: ghcr.io/project-zot/zot\n"
        "mountConfig: true\nmountConfig: false\n"
    )
    res = _run(tmp_path, text, ["ZOT003", "ZOT005"])
    assert res.visible() == []


def test_suppressing_an_unselected_rule_is_not_unused(tmp_path: Path) -> None:
    text = (
        "image:\n  repository: ghcr.io/project-zot/zot\n"
        "mountConfig: true  # zotlint: disable=ZOT101\n"
    )
    res = _run(tmp_path, text, ["ZOT003", "ZOT005"])
    assert res.visible() == []


def test_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "values.yaml").write_text(
        "image:\n  repository: ghcr.io/project-zot/zot\nmountConfig: true\nmountConfig: false\n"
    )
    settings = parse_settings(
        {"select": ["ZOT003"], "per-file-ignores": {"envs/**": ["ZOT003"]}}, ".zotlint.yaml"
    )
    res = run([tmp_path], settings, root=tmp_path)
    assert res.visible() == [] and res.findings[0].suppressed
