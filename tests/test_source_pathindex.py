"""One path index type (zotlint.source.pathindex), built whole by the loader: an embedded JSON
config's positions are mapped into the host file at load, and reading them parses nothing."""

from __future__ import annotations

import pytest

from zotlint.document import Kind
from zotlint.source import embedded, embedded_json, jsonpos, pathindex
from zotlint.source.loader import load
from zotlint.source.pathindex import PathIndex
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


def test_embedded_spans_are_read_without_parsing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    lf, emb = _embedded(_values(CONFIG))
    assert isinstance(emb.index, PathIndex)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the loader was entered again after load")

    for module, name in (
        (jsonpos, "parse_json"),
        (embedded_json, "parse_json"),
        (embedded, "map_scalar"),
    ):
        monkeypatch.setattr(module, name, refuse)
    assert ("http", "auth", "openid", "providers", "oidc", "scopes", 1) in emb.index
    assert ("http", "nope") not in emb.index and ("log", "level", 0) not in emb.index
    text = lf.source.text
    realm = emb.span(("http", "realm"))
    assert text[realm.start : realm.end] == '"zot"'
    line, col = lf.source.position(realm.start)
    assert line == 5 and text.splitlines()[4][col - 1 :].startswith('"zot",')
    key = emb.span(("storage", "rootDirectory"), "key")
    assert text[key.start : key.end] == '"rootDirectory"'
    scope = emb.span(("http", "auth", "openid", "providers", "oidc", "scopes", 1))
    assert text[scope.start : scope.end] == '"email"'


def test_embedded_data_is_the_positional_parsers() -> None:
    _, emb = _embedded(_values(CONFIG))
    assert emb.data == jsonpos.parse_json(CONFIG).data
    assert emb.data["ratio"] == 1500.0 and emb.data["extensions"]["search"]["cve"] is None


def test_duplicate_and_syntax_errors_keep_their_positions() -> None:
    lf, emb = _embedded(_values('{"storage": {"rootDirectory": "/a"},\n "http": {}, "http": {}}'))
    assert [d[0] for d in emb.duplicates] == [("http",)]
    lf = load("v.yaml", _values('{"storage": {"rootDirectory": "/a"},\n "http": {,}}'), Limits())
    (problem,) = lf.problems
    assert problem.kind == ProblemKind.CONFIG_SYNTAX
    assert lf.source.position(problem.span.start) == (5, 15)


def test_large_indexes_are_packed_and_read_back_unchanged() -> None:
    entries = {("k", i): (i, i + 1, i + 3, i + 9) for i in range(40)}
    entries[()] = (-1, -1, 0, 60)
    index = PathIndex.of(entries, 60)
    assert index._width == pathindex.width_for(60)  # packed, one int an entry
    assert dict(index.items()) == entries and len(index) == 41
    assert index[("k", 7)] == (7, 8, 10, 16) and index.get(("k", 99), "x") == "x"
    with pytest.raises(KeyError):
        index[("k", 99)]
    # an offset past the bound does not fit the field width: kept as tuples, same answers
    wide = PathIndex.of({**entries, ("big",): (0, 1, 2, 10_000)}, 60)
    assert wide._width == 0 and wide[("big",)] == (0, 1, 2, 10_000)
    small = PathIndex.of({(): (-1, -1, 0, 5)}, 5)
    assert small._width == 0 and small.get(()) == (-1, -1, 0, 5)


def test_a_view_under_a_prefix_reads_the_host_entries() -> None:
    host = PathIndex.of(
        {
            (): (-1, -1, 0, 50),
            ("spec",): (0, 4, 6, 50),
            ("spec", "template"): (8, 16, 18, 50),
            ("spec", "template", "name"): (20, 24, 26, 30),
            ("other",): (31, 36, 38, 40),
        },
        50,
    )
    view = host.under(("spec", "template"))
    assert () in view and ("name",) in view and ("other",) not in view
    assert view.get(("name",)) == (20, 24, 26, 30) and view.get(("other",)) is None
    assert dict(view.items()) == {(): (8, 16, 18, 50), ("name",): (20, 24, 26, 30)}


@pytest.mark.parametrize("style", ["|-", "|"])
def test_every_embedded_key_and_leaf_value_maps_to_its_host_text(style: str) -> None:
    body = "\n".join("    " + line for line in CONFIG.splitlines())
    raw = f"mountConfig: true\nconfigFiles:\n  config.json: {style}\n{body}\n".encode()
    lf, emb = _embedded(raw)
    text = lf.source.text
    entries = jsonpos.parse_json(CONFIG).entries
    assert len(emb.index) == len(entries)
    for e in entries:
        ks, ke, vs, ve = emb.index[e.path]
        if e.key_start >= 0:
            assert text[ks:ke] == CONFIG[e.key_start : e.key_end]
        else:
            assert (ks, ke) == (-1, -1)
        if "\n" not in CONFIG[e.value_start : e.value_end]:
            assert text[vs:ve] == CONFIG[e.value_start : e.value_end]
