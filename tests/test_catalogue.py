"""The catalogue's contract: IDs and names as RULES.md has them, docs, fixtures for every rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zotlint.registry import load_rules, missing_headings

RULES = load_rules()
FIXTURES = Path(__file__).parent / "rules"


def _catalogue(shared: Path) -> dict[str, str]:
    text = (shared / "docs" / "RULES.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (ZOT\d{3}) \| ([^|]+?) \|", text, re.MULTILINE)
    return {rid: name.strip() for rid, name in rows}


def test_ids_unique_and_well_formed() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"ZOT\d{3}", i) for i in ids)
    names = [r.meta.name for r in RULES]
    assert len(names) == len(set(names))


def test_ids_and_names_match_the_catalogue(shared: Path) -> None:
    catalogue = _catalogue(shared)
    for r in RULES:
        assert r.id in catalogue, f"{r.id} is not in RULES.md"
        assert r.meta.name == catalogue[r.id], f"{r.id}: {r.meta.name} != {catalogue[r.id]}"
    assert "ZOT206" not in {r.id for r in RULES}, "ZOT206 is retired"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_doc_has_headings(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.meta.summary, f"{rule.id} has no summary line"
    assert not missing_headings(rule.meta), f"{rule.id} misses {missing_headings(rule.meta)}"
    # A summary that wraps is one paragraph, not a stray first line of the body.
    assert rule.meta.doc.startswith("## What it does"), f"{rule.id}: text before the headings"
    assert rule.meta.summary.endswith("."), f"{rule.id}: summary is cut short"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_fail_and_pass_fixtures(rule) -> None:  # type: ignore[no-untyped-def]
    folder = FIXTURES / rule.id
    assert folder.is_dir(), f"no fixtures for {rule.id}"
    names = [p.name for p in folder.iterdir()]
    assert any(n.startswith("fail") for n in names), f"{rule.id} has no failing fixture"
    assert any(n.startswith("pass") for n in names), f"{rule.id} has no passing fixture"


def test_rule_file_names_follow_ids() -> None:
    for r in RULES:
        stem = Path(r.meta.source_file).stem
        assert stem.startswith(r.id + "_"), stem
        assert stem[len(r.id) + 1 :] == r.meta.name.replace("-", "_"), stem


def test_readme_lists_every_rule() -> None:
    from zotlint.docs import readme_with_table

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert readme == readme_with_table(readme, RULES), (
        "README rule table is stale: run `python -m zotlint.docs`"
    )


def test_rule_pages_are_current() -> None:
    from zotlint.docs import REGENERATE, stale_pages

    repo = Path(__file__).resolve().parents[1]
    stale = stale_pages(repo, RULES)
    assert not stale, f"docs/rules is stale ({', '.join(stale)}): run `{REGENERATE}`"


def test_stale_page_is_detected_and_named(tmp_path: Path) -> None:
    from zotlint.docs import stale_pages, write_pages

    assert write_pages(tmp_path, RULES)  # everything was missing
    assert stale_pages(tmp_path, RULES) == []
    page = tmp_path / "docs" / "rules" / "ZOT101.md"
    page.write_text(page.read_text().replace("externalUrl", "externalURL"))
    (tmp_path / "docs" / "rules" / "ZOT999.md").write_text("# a retired rule\n")
    assert stale_pages(tmp_path, RULES) == ["ZOT101.md", "ZOT999.md"]
    write_pages(tmp_path, RULES)
    assert stale_pages(tmp_path, RULES) == []
    assert not (tmp_path / "docs" / "rules" / "ZOT999.md").exists()


def test_pages_come_from_the_docstring() -> None:
    repo = Path(__file__).resolve().parents[1]
    for r in RULES:
        page = (repo / "docs" / "rules" / f"{r.id}.md").read_text(encoding="utf-8")
        assert f"rules/{r.meta.source_file}" in page.splitlines()[0]
        assert r.meta.doc.strip() in page


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_references_cite_public_sources(rule) -> None:  # type: ignore[no-untyped-def]
    """A user cannot open the team's internal notes (`reference/*.md`): a reference names the
    upstream file (at a commit or release) or a public document."""
    refs = rule.meta.doc.split("## References", 1)[1]
    assert "reference/" not in refs and "../shared" not in refs, rule.id
    items = [line for line in refs.splitlines() if line.startswith("- ")]
    assert items, f"{rule.id} has no references"
