"""Loading: positions of keys and values, embedded documents mapped into the host, limits."""

from __future__ import annotations

from zotlint.document import Kind
from zotlint.source.loader import load
from zotlint.source.problems import Limits, ProblemKind

LIMITS = Limits()


def _pos(lf, span):  # type: ignore[no-untyped-def]
    return lf.source.position(span.start), lf.source.position(span.end)


def test_yaml_key_and_value_spans() -> None:
    text = "image:\n  repository: ghcr.io/project-zot/zot\nmountConfig: true\n"
    lf = load("v.yaml", text.encode(), LIMITS, force=True)
    doc = lf.documents[0]
    assert doc.kind == Kind.ZOT_VALUES
    assert _pos(lf, doc.span(("image", "repository"), "key")) == ((2, 3), (2, 13))
    assert _pos(lf, doc.span(("image", "repository"))) == ((2, 15), (2, 38))
    assert _pos(lf, doc.span(("mountConfig",))) == ((3, 14), (3, 18))
    assert doc.data["mountConfig"] is True


def test_embedded_literal_json_maps_exactly() -> None:
    text = (
        "mountConfig: true\n"
        "configFiles:\n"
        "  config.json: |-\n"
        "    {\n"
        '      "storage": {"rootDirectory": "/var/lib/registry"},\n'
        '      "http": {"externalUrl": "https://r.example.com/"}\n'
        "    }\n"
    )
    lf = load("v.yaml", text.encode(), LIMITS, force=True)
    emb = [d for d in lf.documents if d.kind == Kind.ZOT_CONFIG][0]
    assert emb.parent is lf.documents[0] and emb.exact
    # case-insensitive lookups resolve to the key as written
    assert _pos(lf, emb.span(("http", "externalurl"), "key")) == ((6, 16), (6, 29))
    assert _pos(lf, emb.span(("http", "externalurl"))) == ((6, 31), (6, 55))


def test_embedded_double_quoted_json_maps_through_escapes() -> None:
    text = (
        "mountConfig: true\n"
        "configFiles:\n"
        '  config.json: "{\\"storage\\": {\\"rootDirectory\\": \\"/r\\"},'
        '\\n \\"http\\": {\\"port\\": \\"5000\\"}}"\n'
    )
    lf = load("v.yaml", text.encode(), LIMITS, force=True)
    emb = [d for d in lf.documents if d.kind == Kind.ZOT_CONFIG][0]
    (sl, sc), _ = _pos(lf, emb.span(("http", "port")))
    assert sl == 3
    assert text.splitlines()[2][sc - 1 :].startswith('\\"5000\\"')


def test_crlf_and_bom_keep_columns() -> None:
    text = "\ufeffimage:\r\n  repository: ghcr.io/project-zot/zot\r\nmountConfig: true\r\n"
    lf = load("v.yaml", text.encode("utf-8"), LIMITS, force=True)
    doc = lf.documents[0]
    assert lf.source.had_bom
    assert _pos(lf, doc.span(("mountConfig",))) == ((3, 14), (3, 18))


def test_broken_document_does_not_hide_the_next() -> None:
    text = "a: [1, 2\n---\nkind: Secret\napiVersion: v1\nmetadata: {name: x}\n"
    lf = load("m.yaml", text.encode(), LIMITS, force=True)
    assert [p.kind for p in lf.problems] == [ProblemKind.YAML_SYNTAX]
    assert lf.source.position(lf.problems[0].span.start)[0] == 1
    assert [d.kind for d in lf.documents] == [Kind.SECRET]


def test_merge_keys_and_anchors() -> None:
    text = "base: &b {cpu: 1, mem: 2}\nres:\n  <<: *b\n  mem: 3\n"
    lf = load("v.yaml", text.encode(), LIMITS, force=True)
    assert lf.documents[0].data["res"] == {"cpu": 1, "mem": 3}


def test_alias_bomb_refused_fast() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    lf = load("bomb.yaml", ("zot: 1\n" + "\n".join(lines)).encode(), LIMITS, force=True)
    assert [p.kind for p in lf.problems] == [ProblemKind.SKIPPED]
    assert "max-nodes" in lf.problems[0].message


def test_deep_nesting_refused_without_recursion_error() -> None:
    text = "zot: " + "[" * 5000 + "]" * 5000 + "\n"
    lf = load("deep.yaml", text.encode(), LIMITS, force=True)
    assert [p.kind for p in lf.problems] == [ProblemKind.SKIPPED]
    assert "max-depth" in lf.problems[0].message


def test_binary_and_invalid_utf8() -> None:
    lf = load("b.yaml", b"zot\x00\x01\x02", LIMITS, force=True)
    assert lf.problems[0].kind == ProblemKind.UNDECODABLE and "binary" in lf.problems[0].message
    lf = load("u.yaml", b"zot: ok\nname: \xff\xfe\n", LIMITS, force=True)
    p = lf.problems[0]
    assert p.kind == ProblemKind.UNDECODABLE and "UTF-8" in p.message
    assert lf.source.position(p.span.start) == (2, 7)


def test_prefilter_skips_unrelated_files() -> None:
    lf = load("other.yaml", b"replicas: 3\nimage: nginx\n", LIMITS)
    assert not lf.parsed and not lf.documents
    lf = load("other.yaml", b"replicas: 3\nimage: nginx\n", LIMITS, force=True)
    assert lf.parsed


def test_classification_is_by_content() -> None:
    cases = {
        b"apiVersion: external-secrets.io/v1\nkind: ExternalSecret\n": Kind.EXTERNAL_SECRET,
        b"apiVersion: argoproj.io/v1alpha1\nkind: Application\n": Kind.ARGO_APP,
        b"realm: main\nclients: []\n": Kind.KEYCLOAK_REALM,
        b"storage: {rootDirectory: /r}\nhttp: {port: 5000}\n": Kind.ZOT_CONFIG,
        b"zot:\n  mountConfig: true\n": Kind.ZOT_VALUES,
        b"externalSecrets:\n  - name: x\n    secretStoreRef: {name: s}\n": Kind.ESO_LIST,
    }
    for raw, kind in cases.items():
        lf = load("anything.yaml", raw, LIMITS, force=True)
        assert lf.documents[0].is_a(kind), (raw, lf.documents[0].kind)
