"""The benchmark corpus generator (bench/generate.py) is deterministic and writes valid files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from benchmods import bench_module

N = 60


generate = bench_module("generate")


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "a"
    generate.generate(N, 7, out)
    return out


@pytest.fixture(scope="module")
def planted(first: Path) -> dict[str, object]:
    return json.loads((first / "PLANTED.json").read_text(encoding="utf-8"))


def test_same_seed_gives_identical_tree(first: Path, tmp_path: Path) -> None:
    generate.generate(N, 7, tmp_path / "b")
    a, b = tree_hashes(first), tree_hashes(tmp_path / "b")
    assert len(a) == N + 1  # the N files plus PLANTED.json
    assert a == b


def test_different_seed_differs(first: Path, tmp_path: Path) -> None:
    generate.generate(N, 8, tmp_path / "c")
    a, c = tree_hashes(first), tree_hashes(tmp_path / "c")
    assert len(c) == N + 1
    assert a != c
    shared = set(a) & set(c)
    assert any(a[p] != c[p] for p in shared) or set(a) != set(c)


def test_every_file_parses_except_the_intended_ones(first: Path, planted: dict) -> None:
    not_yaml = set(planted["not_yaml"])
    checked = 0
    for path in sorted(first.rglob("*")):
        rel = path.relative_to(first).as_posix()
        if not path.is_file() or rel in not_yaml:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".yaml", ".yml"):
            list(yaml.load_all(text, Loader=yaml.CSafeLoader))
            checked += 1
        elif path.suffix == ".json":
            json.loads(text)
            checked += 1
    assert checked > N * 0.8
    for rel in not_yaml:
        text = (first / rel).read_text(encoding="utf-8")
        with pytest.raises(yaml.YAMLError):
            list(yaml.load_all(text, Loader=yaml.CSafeLoader))


def test_planted_lines_point_at_the_stated_text(first: Path, planted: dict) -> None:
    problems = planted["problems"]
    assert len(problems) >= 9
    kinds = " ".join(p["what"] for p in problems)
    for word in ("externalUrl", "trailing slash", "groups", "not mounted", "property"):
        assert word in kinds
    for p in problems:
        lines = (first / p["file"]).read_text(encoding="utf-8").split("\n")
        assert 1 <= p["line"] <= len(lines)
        assert p["text"] in lines[p["line"] - 1], p
        assert p["rules"] and all(r.startswith("ZOT") for r in p["rules"])
    broken = [p["file"] for p in problems if p["broken"]]
    assert broken and set(broken) <= set(planted["not_yaml"])


def test_duplicate_key_is_a_real_duplicate(first: Path, planted: dict) -> None:
    (dup,) = [p for p in planted["problems"] if "ZOT003" in p["rules"]]
    lines = (first / dup["file"]).read_text(encoding="utf-8").split("\n")
    key = dup["text"].rstrip(":")
    top_level = [n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")]
    assert len(top_level) == 2 and top_level[1] == dup["line"]


def test_zot_heavy_mix_parses_more_than_half_and_plants_the_same(tmp_path: Path) -> None:
    from zotlint.source.unparsed import parses_at_load

    n = 400
    out = tmp_path / "heavy"
    generate.generate(n, 7, out, mix="zot-heavy")
    meta = json.loads((out / "PLANTED.json").read_text(encoding="utf-8"))
    assert meta["mix"] == "zot-heavy" and len(meta["problems"]) >= 9
    files = [p for p in sorted(out.rglob("*")) if p.is_file() and p.name != "PLANTED.json"]
    assert len(files) == n
    rels = [p.relative_to(out).as_posix() for p in files]
    parsed = [r for r, p in zip(rels, files, strict=True) if parses_at_load(r, p.read_bytes())]
    assert len(parsed) > n / 2
    # zot deployments across clusters and environments, Secrets, a realm per environment
    assert sum(r.endswith("zot/values.yaml") and r.startswith("clusters/") for r in rels) > 10
    assert any(r.startswith("tenants/") and "/zot/values/" in r for r in rels)
    secrets = [p for p in files if p.name == "secret.yaml" or p.name.startswith("secret-")]
    assert len(secrets) > n * 0.05
    assert all(b"kind: Secret\n" in p.read_bytes() for p in secrets)
    assert len([r for r in rels if r.endswith("realm-export.json")]) == len(generate.ENVS)
    not_yaml = set(meta["not_yaml"])
    for rel, path in zip(rels, files, strict=True):
        if path.suffix in (".yaml", ".yml") and rel not in not_yaml:
            list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))


def test_default_mix_is_unchanged_by_the_mix_option(first: Path, tmp_path: Path) -> None:
    generate.generate(N, 7, tmp_path / "d", mix="default")
    assert tree_hashes(first) == tree_hashes(tmp_path / "d")


def test_unknown_mix_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown --mix"):
        generate.plan(100, "nope")
