"""Start-up: `zotlint check` on a small repository imports only what the run uses.

Importing is most of a small run's time (issue 19: `check examples/guide` within 0.3 s), so a
module that only some runs need is imported where it is used: ruamel.yaml for a declarative
rule, a configuration file or a Secret's loose re-parse; tempfile for `--fix`'s atomic writes;
traceback for a crashed rule; pydantic for a configuration file; the SARIF model, jsonpath and
the Terraform parser for their own outputs and inputs. Speed itself is measured by bench/run.py;
this test keeps the imports from coming back unnoticed.
"""

from __future__ import annotations

from importprobe import modules_after, packages_after, probe_after

NOT_AT_START_UP = (
    "ruamel",
    "tempfile",
    "traceback",
    "pydantic",
    "pydantic_core",
    "sarif_om",
    "jsonpath_ng",
    "hcl2",
    "lark",
    # This checkout's pyproject.toml names zotlint only in values, comments and
    # [project.scripts]: it has no [tool.zotlint], and is not parsed (zotlint.config).
    "tomllib",
    # OpenSSL, for one hash function (zotlint.digest).
    "hashlib",
    "_hashlib",
)


def test_check_on_the_guide_imports_no_optional_stack() -> None:
    loaded = packages_after(
        ["check", "examples/guide", "--format", "json", "--exit-zero", "--output", "/dev/null"]
    )
    assert "zotlint" in loaded and "yaml" in loaded  # the run did load and parse
    assert sorted(set(NOT_AT_START_UP) & set(loaded)) == []


# zotlint modules the guide's run does not use: an ApplicationSet's expansion, ESO template
# masking, the unused-suppression fix, the other commands, the other formats.
NOT_FOR_THE_GUIDE = (
    "zotlint.knowledge.argo_appset",
    "zotlint.knowledge.argo_template",
    "zotlint.model.offchart.gotemplate",
    "zotlint.fix.suppression",
    "zotlint.fix.runner",
    "zotlint.model.graph",
    "zotlint.docs",
    "zotlint.baseline",
    "zotlint.ghaction",
    "zotlint.reporters.text",
    "zotlint.reporters.sarif",
    "zotlint.reporters.github",
    "zotlint.reporters.junit",
)


def test_check_on_the_guide_imports_only_the_zotlint_modules_it_uses() -> None:
    loaded = modules_after(
        ["check", "examples/guide", "--format", "json", "--exit-zero", "--output", "/dev/null"]
    )
    assert "zotlint.reporters.jsonfmt" in loaded and "zotlint.model.build" in loaded
    assert sorted(set(NOT_FOR_THE_GUIDE) & loaded) == []


GUIDE_JSON = ["check", "examples/guide", "--format", "json", "--exit-zero", "--output", "/dev/null"]

# Module-level patterns the guide's run never uses (zotlint.lazyregex), one per module, and
# those of PyYAML and of what click imports: compiled only when first used.
NOT_COMPILED_FOR_THE_GUIDE = (
    ("yaml.reader", "Reader.NON_PRINTABLE"),
    ("yaml.resolver", "Resolver.yaml_implicit_resolvers['y'][0][1]"),
    ("platform", "_sys_version_parser"),
    ("tokenize", "cookie_re"),
    ("locale", "_percent_re"),
    ("zotlint.secrets.placeholder", "_TEMPLATED"),
    ("zotlint.secrets.patterns", "_PRIVATE_KEY"),
    ("zotlint.secrets.htpasswd", "LOOSE"),
    ("zotlint.files.helm", "_KIND_LINE"),
    ("zotlint.redact", "_PREFIXED"),
    ("zotlint.source.flowscalar", "_DOUBLE_RUN"),
    ("zotlint.fix.resolve", "_PLAIN_YAML"),
    ("zotlint.knowledge.keycloak_redirect", "_UNSAFE_PATH"),
    ("zotlint.suppress", "_DIRECTIVE"),
    ("zotlint.escape", "_UNSAFE"),
    ("zotlint.iam.hcllex", "_CODE"),
)


def test_check_on_the_guide_compiles_no_pattern_it_does_not_use() -> None:
    probe = "\n".join(
        [
            "import importlib",
            "from zotlint.lazyregex import is_compiled",
            "compiled = []",
            f"for module, name in {NOT_COMPILED_FOR_THE_GUIDE!r}:",
            "    value = eval(name, vars(importlib.import_module(module)))",
            "    if is_compiled(value):",
            "        compiled.append(module + '.' + name)",
            "print(compiled)",
        ]
    )
    assert probe_after(GUIDE_JSON, probe) == "[]"


def test_check_on_the_guide_compiles_no_dataclass_init() -> None:
    # zotlint.records runs the `__init__` code shipped in zotlint.data.dataclass_inits instead
    # of compiling the standard library's text (the guide's run makes about 65 of them).
    before = "\n".join(
        [
            "import builtins",
            "compiled = []",
            "def counting(real):",
            "    def wrapper(source, *args, **kwargs):",
            "        if isinstance(source, str) and source.startswith('def __create_fn__('):",
            "            compiled.append(source)",
            "        return real(source, *args, **kwargs)",
            "    return wrapper",
            "builtins.compile = counting(builtins.compile)",
            "builtins.exec = counting(builtins.exec)",
            "import zotlint.records",
            "made = []",
            "_precompiled = zotlint.records._precompiled",
            "def precompiled(source):",
            "    made.append(source)",
            "    return _precompiled(source)",
            "zotlint.records._precompiled = precompiled",
        ]
    )
    made, compiled = (
        probe_after(GUIDE_JSON, "print([len(made), len(compiled)])", before=before)
        .strip("[]")
        .split(", ")
    )
    # At most a few dataclasses changed since the table was written (test_dataclass_inits).
    assert int(made) > 50 and int(compiled) <= 5


def test_check_on_the_guide_parses_almost_no_pattern() -> None:
    # The patterns the run compiles come compiled with the package (zotlint.lazyregex.
    # precompiled_patterns): `re` parses at most the few changed since the table was written.
    before = "\n".join(
        [
            "import re",
            "parsed = []",
            "_parse = re._parser.parse",
            "def parse(pattern, *args):",
            "    parsed.append(pattern)",
            "    return _parse(pattern, *args)",
            "re._parser.parse = parse",
        ]
    )
    assert int(probe_after(GUIDE_JSON, "print(len(parsed))", before=before)) <= 5


def test_the_run_collects_garbage_the_start_up_did_not() -> None:
    # zotlint.__main__ turns the collector off for the imports only: the run has it on (a large
    # repository's memory depends on it) and nothing is left frozen by the start-up.
    before = "\n".join(
        [
            "import gc, zotlint.engine",
            "seen = []",
            "_run = zotlint.engine.run",
            "def run(*args, **kwargs):",
            "    seen.append((gc.isenabled(), gc.get_freeze_count() == 0))",
            "    return _run(*args, **kwargs)",
            "zotlint.engine.run = run",
        ]
    )
    assert probe_after(GUIDE_JSON, "print(seen)", before=before) == "[(True, True)]"


def test_version_imports_neither_click_nor_the_linter() -> None:
    # `zotlint --version` answers from zotlint/__init__.py alone.
    loaded = modules_after(["--version"])
    assert {m for m in loaded if m.split(".")[0] in ("zotlint", "click", "yaml")} == {
        "zotlint",
        "zotlint.__main__",
    }


def test_a_crashing_rule_still_names_its_frame() -> None:
    # traceback is imported only when a rule crashes: that path still works.
    from zotlint.dispatch import _crash

    try:
        raise ValueError("boom")
    except ValueError as exc:
        message = _crash("ZOT999", " on x.yaml", exc)
    assert message.startswith("internal error: rule ZOT999 crashed on x.yaml: ValueError at ")
    assert "test_startup_imports.py:" in message
