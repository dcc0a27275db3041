"""No detected secret leaves zotlint: every output format, every error path, every file written.

Runs the CLI over the planted-secret corpus (tests/secrets_corpus.py) in every format, with
--statistics, --include-suppressed, -o FILE, the GitHub Actions double output, a baseline, a
rule that crashes with a secret in its exception, and a configuration error that quotes a
line holding a token — and asserts that no planted value appears in stdout, stderr or any file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from secrets_corpus import Corpus, build

from zotlint import engine
from zotlint.cli import cli
from zotlint.findings import Severity
from zotlint.registry import load_rules
from zotlint.rule import PROJECT, Rule, RuleMeta

FORMATS = ("text", "concise", "json", "sarif", "github", "junit")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("leak-corpus")
    c = build(root / "repo", seed=99)
    # A planted token on a line that also makes a YAML file unparsable: the ZOT001 message and
    # the text pass both see it.
    bad = root / "repo" / "apps" / "broken.yaml"
    token = next(p.value for p in c.planted if p.kind == "GitHub token")
    bad.write_text(f"token: {token}\n  bad: [indent\n", encoding="utf-8")
    return c


WINDOW = 16  # a run this long of a random value in the output is a (partial) leak


def _windows(value: str) -> set[str]:
    if "\n" in value:
        return set()  # a key block: its BEGIN line is no secret; its lines are checked apart
    if len(value) <= WINDOW:
        return {value}
    return {value[i : i + WINDOW] for i in range(len(value) - WINDOW + 1)}


def _assert_clean(c: Corpus, *texts: str) -> None:
    blob = "\n".join(texts)
    leaked = [v for v in c.secret_values() if v and any(w in blob for w in _windows(v))]
    assert not leaked, f"{len(leaked)} planted value(s) leaked, e.g. kinds: " + ", ".join(
        p.kind for p in c.planted if p.value in leaked
    )


def _invoke(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    res = runner.invoke(cli, args, env=env, catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_formats_do_not_leak(corpus: Corpus, fmt: str, tmp_path: Path) -> None:
    repo = str(corpus.root)
    code, out, err = _invoke(
        ["check", repo, "--format", fmt, "--statistics", "--include-suppressed", "--no-color"]
    )
    assert code == 1
    assert "ZOT30" in out
    _assert_clean(corpus, out, err)
    report = tmp_path / f"report.{fmt}"
    code, out2, err2 = _invoke(["check", repo, "--format", fmt, "-o", str(report)])
    assert code == 1
    _assert_clean(corpus, out2, err2, report.read_text(encoding="utf-8"))


def test_github_actions_text_output_does_not_leak(corpus: Corpus) -> None:
    code, out, err = _invoke(["check", str(corpus.root)], env={"GITHUB_ACTIONS": "true"})
    assert code == 1 and "::error" in out
    _assert_clean(corpus, out, err)


def test_code_frames_show_redacted_values(corpus: Corpus) -> None:
    _, out, _ = _invoke(["check", str(corpus.root), "--select", "ZOT3", "--no-color"])
    assert "<redacted" in out
    _assert_clean(corpus, out)


def test_baseline_files_do_not_leak(corpus: Corpus, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    code, out, err = _invoke(["check", str(corpus.root), "--write-baseline", str(base)])
    assert code == 0 and base.is_file()
    _assert_clean(corpus, out, err, base.read_text(encoding="utf-8"))
    code, out, err = _invoke(
        ["check", str(corpus.root), "--baseline", str(base), "--select", "ZOT3"]
    )
    assert code == 0 and "in baseline" in out
    _assert_clean(corpus, out, err)


def _crashing_rule(secret: str) -> Rule:
    def check(ctx: object) -> None:
        raise ValueError(f"boom while reading {secret}")

    meta = RuleMeta(
        id="ZOT399",
        name="crashes-with-a-secret",
        severity=Severity.ERROR,
        summary="test only",
        scope=(PROJECT,),
        since="0.1.0",
    )
    return Rule(meta, check)


@pytest.mark.parametrize("fmt", FORMATS)
def test_crashing_rule_does_not_leak(
    corpus: Corpus, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = corpus.planted[0].value
    rules = (*load_rules(), _crashing_rule(secret))
    monkeypatch.setattr(engine, "load_rules", lambda catalogue=None: rules)
    code, out, err = _invoke(["check", str(corpus.root), "--format", fmt, "--statistics"])
    assert code == 2
    assert "ZOT399 crashed" in out + err
    _assert_clean(corpus, out, err)


def test_config_error_does_not_leak(corpus: Corpus, tmp_path: Path) -> None:
    token = next(p.value for p in corpus.planted if p.kind == "GitHub token")
    aws = next(p.value for p in corpus.planted if p.kind == "AWS access key ID")
    cfg = tmp_path / "bad.yaml"
    cfg.write_text(f"rules:\n  ZOT305: {{severity: {token}\n  {aws}: [\n", encoding="utf-8")
    code, out, err = _invoke(["check", str(corpus.root), "--config", str(cfg)])
    assert code == 2 and "error" in err
    _assert_clean(corpus, out, err)
    cfg.write_text(f"rules:\n  {token}:\n    severity: error\n", encoding="utf-8")
    code, out, err = _invoke(["check", str(corpus.root), "--config", str(cfg)])
    assert code == 2
    _assert_clean(corpus, out, err)


def test_sensitive_never_formats_its_value() -> None:
    from zotlint.redact import Sensitive

    s = Sensitive("Zq8mK2vR9xL4pT7wB3nC", "token")
    for text in (str(s), repr(s), f"{s}", f"{s!r}", "%s" % (s,), f"{s}"):  # noqa: UP031
        assert "Zq8mK2vR9xL4pT7wB3nC" not in text
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(s)
