"""Embedded JSON configs: data from the C decoder, positions on first read (LazyIndex), and the
positional parser whenever the two could disagree."""

from __future__ import annotations

import pytest

from zotlint.document import Kind
from zotlint.source import loader
from zotlint.source.embedded_json import SLOW, fast_json
from zotlint.source.lazyindex import LazyIndex
from zotlint.source.loader import load
from zotlint.source.problems import Limits, ProblemKind

CONFIG = (
    '{"distSpecVersion": "1.1.0", "storage": {"rootDirectory": "/var/lib/zot"},\n'
    ' "http": {"address": "0.0.0.0", "port": "5000", "realm": "zot",\n'
    '          "auth": {"openid": {"providers": {"oidc": {"scopes": ["openid", "email"]}}}}},\n'
    ' "log": {"level": "debug"}, "extensions": {"search": {"enable": true, "cve": null}},\n'
    ' "ratio": 1.5e3}'
)


def _values(config: str) -> bytes:
    body = "\n".join("    " + line for line in config.splitlines())
    return f"mountConfig: true\nconfigFiles:\n  config.json: |-\n{body}\n".encode()


def _embedded(raw: bytes):  # type: ignore[no-untyped-def]
    lf = load("values.yaml", raw, Limits())
    (emb,) = [d for d in lf.documents if d.is_a(Kind.ZOT_CONFIG)]
    return lf, emb


def test_lazy_index_equals_the_positional_index(monkeypatch: pytest.MonkeyPatch) -> None:
    lf, emb = _embedded(_values(CONFIG))
    assert isinstance(emb.index, LazyIndex)
    assert ("http", "auth", "openid", "providers", "oidc", "scopes", 1) in emb.index
    assert ("http", "nope") not in emb.index and ("log", "level", 0) not in emb.index
    assert emb.index._fill is not None  # membership did not build it
    lazy = dict(emb.index.items())
    # the same document through the positional parser
    monkeypatch.setattr(loader, "fast_json", lambda value, limits: SLOW)
    _, strict = _embedded(_values(CONFIG))
    assert not isinstance(strict.index, LazyIndex)
    assert lazy == dict(strict.index.items())
    assert emb.data == strict.data
    line, col = lf.source.position(emb.span(("http", "realm")).start)
    text = lf.source.text.splitlines()[line - 1]
    assert (line, text[col - 1 :].startswith('"zot",')) == (5, True)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": NaN}',
        '{"a": Infinity}',
        '{"a": 1e999}',
        '{"a": 1, "a": 2}',
        '{"a": "\\ud800"}',
        '{"a": "é"}',
        "\ufeff{}",
        '{"a": 01}',
        '{"a": [1,]}',
        "[" * 300 + "]" * 300,
    ],
)
def test_what_the_c_decoder_may_get_wrong_goes_to_the_positional_parser(text: str) -> None:
    assert fast_json(text, Limits()) is SLOW


def test_duplicate_and_syntax_errors_keep_their_positions() -> None:
    lf, emb = _embedded(_values('{"storage": {"rootDirectory": "/a"},\n "http": {}, "http": {}}'))
    assert [d[0] for d in emb.duplicates] == [("http",)]
    lf = load("v.yaml", _values('{"storage": {"rootDirectory": "/a"},\n "http": {,}}'), Limits())
    (problem,) = lf.problems
    assert problem.kind == ProblemKind.CONFIG_SYNTAX
    assert lf.source.position(problem.span.start) == (5, 15)
