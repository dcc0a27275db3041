"""reporters.shown_paths: every file a finding or one of its related locations names, as ruff
prints paths (relative to the current directory when inside it, else absolute)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from zotlint.findings import Finding, Location, Related, Severity
from zotlint.reporters import shown_paths


def test_files_of_findings_and_of_related_locations(tmp_path: Path) -> None:
    def at(file: str) -> Location:
        return Location(file, 1, 1, 1, 2)

    findings = [
        Finding("ZOT201", "x", Severity.ERROR, "m", at("a/values.yaml")),
        Finding(
            "ZOT201",
            "x",
            Severity.ERROR,
            "m",
            at("a/values.yaml"),
            related=(Related(at("b/secret.yaml"), "r"), Related(at("c/app.yaml"), "r")),
        ),
    ]
    result = SimpleNamespace(findings=findings, root=tmp_path / "repo")
    assert shown_paths(result, base=str(tmp_path / "repo")) == {
        "a/values.yaml": "a/values.yaml",
        "b/secret.yaml": "b/secret.yaml",
        "c/app.yaml": "c/app.yaml",
    }
    elsewhere = shown_paths(result, base=str(tmp_path / "other"))
    assert elsewhere["c/app.yaml"] == str(tmp_path / "repo" / "c" / "app.yaml")
