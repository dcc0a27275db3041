"""`.zotlint.yaml` / `[tool.zotlint]`: the settings of a run, and the validation of a config file.

The settings (and the rules' options) are plain dataclasses, so that a run without a
configuration file never imports pydantic, a noticeable part of start-up. A configuration file's
content is validated with pydantic, imported then: it validates the dataclasses themselves
(`TypeAdapter`), reading the kebab-case alias and the bounds of a field from its
`dataclasses.field(metadata=...)` and `extra="forbid"` from `__pydantic_config__`. Errors name
the offending key.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from zotlint.records import dataclass

if TYPE_CHECKING:
    from pydantic import TypeAdapter
    from pydantic_core import ErrorDetails

CONFIG_NAMES = (".zotlint.yaml", ".zotlint.yml")

T = TypeVar("T")


class ConfigError(Exception):
    pass


def _check_bounds(obj: object) -> None:
    """The `gt`/`le` bounds in field metadata, for settings built in code (pydantic checks them
    first, with its own messages, when it validates a configuration file)."""
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        name = f.metadata.get("alias", f.name)
        if "gt" in f.metadata and not value > f.metadata["gt"]:
            raise ValueError(f"{name}: should be greater than {f.metadata['gt']}")
        if "le" in f.metadata and not value <= f.metadata["le"]:
            raise ValueError(f"{name}: should be less than or equal to {f.metadata['le']}")


@dataclass
class RuleSettings:
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    severity: Literal["error", "warning", "note"] | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class LimitSettings:
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid", "populate_by_name": True}

    max_file_size: int = field(
        default=5 * 1024 * 1024, metadata={"alias": "max-file-size", "gt": 0}
    )
    max_nodes: int = field(default=200_000, metadata={"alias": "max-nodes", "gt": 0})
    max_depth: int = field(default=200, metadata={"alias": "max-depth", "gt": 1, "le": 900})
    max_embedded_size: int = field(
        default=1024 * 1024, metadata={"alias": "max-embedded-size", "gt": 0}
    )

    def __post_init__(self) -> None:
        _check_bounds(self)


@dataclass
class Settings:
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid", "populate_by_name": True}

    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: Literal["error", "warning", "note"] = field(
        default="warning", metadata={"alias": "fail-on"}
    )
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(
        default_factory=dict, metadata={"alias": "per-file-ignores"}
    )
    rules: dict[str, RuleSettings] = field(default_factory=dict)
    # Custom policy files or globs (root-relative), besides .zotlint/rules/*.yaml.
    policies: list[str] = field(default_factory=list)
    limits: LimitSettings = field(default_factory=LimitSettings)


@functools.cache
def _adapter(cls: type[T]) -> TypeAdapter[T]:
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def _message(err: ErrorDetails) -> str:
    # pydantic words a few errors differently for a dataclass than for a model; keep the wording
    # users have always seen.
    kind = err["type"]
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return "Extra inputs are not permitted"
    if kind == "dataclass_type":
        cls = err.get("ctx", {}).get("class_name", "")
        return f"Input should be a valid dictionary or instance of {cls}"
    if kind == "missing_argument":
        return "Field required"
    return err["msg"]


def _explain(errors: list[ErrorDetails], where: str) -> str:
    lines = []
    for err in errors:
        loc = ".".join(str(p) for p in err["loc"])
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            import difflib

            key = str(err["loc"][-1])
            parent = _dataclass_at(err["loc"][:-1])
            known = sorted(
                {f.metadata.get("alias", f.name) for f in dataclasses.fields(parent)}
                if parent
                else set()
            )
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            lines.append(f"{where}: unknown key '{loc}'{hint}")
        else:
            lines.append(f"{where}: '{loc}': {_message(err)}")
    return "\n".join(lines)


def _dataclass_at(loc: tuple[Any, ...]) -> type | None:
    """The settings dataclass that an error location points into (for "did you mean")."""
    cls: type = Settings
    i = 0
    while i < len(loc):
        name = loc[i]
        f = next(
            (f for f in dataclasses.fields(cls) if name in (f.name, f.metadata.get("alias"))),
            None,
        )
        if f is None:
            return None
        hint = typing.get_type_hints(cls)[f.name]
        if dataclasses.is_dataclass(hint):
            cls, i = hint, i + 1
        elif typing.get_origin(hint) is dict and dataclasses.is_dataclass(
            value := typing.get_args(hint)[1]
        ):
            cls, i = value, i + 2  # skip the key (a rule id)
        else:
            return None
    return cls


def parse_settings(raw: Any, where: str) -> Settings:
    """Validate a configuration file's content (pydantic is imported here, unless the file is
    plain: see `_plain_settings`)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping at the top level")
    plain = _plain_settings(raw)
    if plain is not None:
        return plain
    from pydantic import ValidationError

    try:
        return _adapter(Settings).validate_python(raw)
    except ValidationError as exc:
        raise ConfigError(_explain(exc.errors(), where)) from None


_SEVERITIES = ("error", "warning", "note")
_STR_LISTS = ("select", "ignore", "exclude", "policies")


def _str_list(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _plain_rule(value: Any) -> RuleSettings | None:
    if type(value) is not dict or not set(value) <= {"severity", "options"}:
        return None
    severity, options = value.get("severity"), value.get("options", {})
    if severity is not None and (type(severity) is not str or severity not in _SEVERITIES):
        return None
    if type(options) is not dict or not all(type(k) is str for k in options):
        return None
    return RuleSettings(severity=severity, options=dict(options))


def _plain_settings(raw: dict[Any, Any]) -> Settings | None:
    """The settings of a plain configuration, built without pydantic: importing it and building
    its validator cost more than the rest of a small run (about half a billion instructions).
    Plain: only the keys most files have, each value of exactly the type its field declares
    (what pydantic returns unchanged, so the result is the same; tests/test_config_plain.py
    compares them). None for anything else (limits, a wrong type, an unknown key): pydantic
    validates it and words the error."""
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_") if type(key) is str else key
        if name in kwargs:  # `fail-on` and `fail_on` both: pydantic decides
            return None
        if name in _STR_LISTS:
            if not _str_list(value):
                return None
            kwargs[name] = list(value)
        elif key in ("fail-on", "fail_on"):
            if type(value) is not str or value not in _SEVERITIES:
                return None
            kwargs[name] = value
        elif key in ("per-file-ignores", "per_file_ignores"):
            if type(value) is not dict or not all(
                type(k) is str and _str_list(v) for k, v in value.items()
            ):
                return None
            kwargs[name] = {k: list(v) for k, v in value.items()}
        elif key == "rules":
            if type(value) is not dict or not all(type(k) is str for k in value):
                return None
            rules = {rid: _plain_rule(v) for rid, v in value.items()}
            if None in rules.values():
                return None
            kwargs[name] = rules
        else:
            return None
    return Settings(**kwargs)


def rule_options(cls: type[T], raw: dict[str, Any] | None, where: str) -> T:
    """A rule's options: the dataclass defaults when none are configured (no pydantic), else
    ``raw`` validated into ``cls``."""
    if not raw:
        try:
            return cls()
        except (TypeError, ValueError):
            pass  # a default its __post_init__ rejects: let pydantic word the error
    from pydantic import ValidationError

    try:
        return _adapter(cls).validate_python(raw or {})
    except ValidationError as exc:
        msgs = "; ".join(f"'{'.'.join(map(str, e['loc']))}': {_message(e)}" for e in exc.errors())
        raise ConfigError(f"{where}: {msgs}") from None


def find_config(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        p = root / name
        if p.is_file():
            return p
    py = root / "pyproject.toml"
    if py.is_file():
        try:
            text = _read_repo_file(py)
        except (UnicodeDecodeError, OSError):
            return None
        # Most pyproject.toml files have no zotlint table, and parsing them (importing the TOML
        # parser) is a noticeable part of start-up (5 % of `check examples/guide`).
        if not _may_have_zotlint_key(text):
            return None
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return None
        if _tool_table(data) is not _TOOL_TABLE_ABSENT:
            return py
    return None


_TOML_WS = " \t"


def _may_have_zotlint_key(text: str) -> bool:
    """False only when the TOML ``text`` cannot have a ``tool.zotlint`` entry, so that parsed or
    not it has no configuration for zotlint.

    Such an entry needs a key ``zotlint`` spelled literally (bare or quoted), unless a quoted key
    uses ``\\u``/``\\U`` escapes (then the text is parsed). The TOML parser ends a key part with
    optional spaces or tabs and then ``.`` (a dotted key), ``=`` (a key/value pair) or ``]`` (a
    table header, which starts its line with ``[``). And that key is under ``tool``: ``tool``
    comes before it on its own line (``[tool.zotlint]``, ``tool.zotlint.x = ...``,
    ``tool = {zotlint = ...}``: an inline table is one line) or in a table header above it
    (``[tool]`` then ``zotlint = ...``). So ``zotlint`` in a value, a path, a comment or a key of
    another table (``[project.scripts]``) before any header naming ``tool`` is no such key. A
    false "maybe" only costs the parse."""
    if "\\u" in text or "\\U" in text:
        return True
    end = len(text)
    tool_header = -1  # where the first line starting with `[` and naming `tool` starts
    at = text.find("zotlint")
    while at >= 0:
        after = at + len("zotlint")
        if after < end and text[after] in "\"'":
            after += 1
        while after < end and text[after] in _TOML_WS:
            after += 1
        line_start = text.rfind("\n", 0, at) + 1
        before = text[line_start:at]
        key_like = after < end and (
            text[after] in ".=" or (text[after] == "]" and before.lstrip(_TOML_WS).startswith("["))
        )
        if key_like:
            if "tool" in before:
                return True
            if tool_header < 0:
                tool_header = _first_tool_header(text)
            if tool_header < line_start:
                return True
        at = text.find("zotlint", at + 1)
    return False


def _first_tool_header(text: str) -> int:
    """Where the first line that starts with ``[`` (after spaces or tabs) and contains ``tool``
    starts; past the end when there is none."""
    start = 0
    for line in text.split("\n"):
        if "tool" in line and line.lstrip(_TOML_WS).startswith("["):
            return start
        start += len(line) + 1
    return len(text) + 1


# `[tool.zotlint]` is absent (also when `tool` is not a table: `tool = ["zotlint"]` names no
# table, it is some other tool's business).
_TOOL_TABLE_ABSENT = object()


def _tool_table(data: dict[str, Any]) -> Any:
    """The value of `[tool.zotlint]` in a parsed pyproject.toml, or `_TOOL_TABLE_ABSENT`. A value
    that is not a table is returned as it is: parse_settings says it is not a mapping."""
    tool = data.get("tool")
    if type(tool) is not dict or "zotlint" not in tool:
        return _TOOL_TABLE_ABSENT
    return tool["zotlint"]


# A configuration file is small; a bigger one is refused rather than read.
MAX_CONFIG_SIZE = 1024 * 1024


def _read_repo_file(path: Path) -> str:
    """A configuration file found in the repository: a pull request controls it, so it is read
    like every other repository file (zotlint.safeio): never through a symlink (one to a file
    outside the checkout would be read and quoted in the error), never a FIFO, size-capped."""
    from zotlint.safeio import UnsafePath, read_file

    raw = read_file(path, MAX_CONFIG_SIZE + 1)
    if len(raw) > MAX_CONFIG_SIZE:
        raise UnsafePath(f"larger than {MAX_CONFIG_SIZE:,} bytes", path)
    return raw.decode("utf-8")


def comments_only(text: str) -> bool:
    """Only blank lines and `#` comments in printable ASCII: a stream YAML reads as empty. A line
    YAML might reject (a tab before `#`, a control character) is left to the parser."""
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        body = line.lstrip(" ")
        if body and not (
            body.startswith("#") and body.isascii() and body.replace("\t", " ").isprintable()
        ):
            return False
    return True


def load_settings(path: Path | None, *, from_repo: bool = False) -> Settings:
    """Settings from `path` (None: the defaults). `from_repo`: the file was found in the
    scanned repository (not named by the user), so it is read through zotlint.safeio."""
    if path is None:
        return Settings()
    from zotlint.safeio import describe

    try:
        text = _read_repo_file(path) if from_repo else path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({describe(exc)})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.__class__.__name__})") from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        table = _tool_table(data)
        if table is _TOOL_TABLE_ABSENT:
            table = {}
        return parse_settings(table, f"{path} [tool.zotlint]")
    if comments_only(text):
        # A marker file or a template: YAML reads nothing, and ruamel.yaml (a tenth of a small
        # run to import) is not needed to say so.
        return parse_settings(None, str(path.name))
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        raw = YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}{line}: invalid YAML: {problem}") from None
    return parse_settings(raw, str(path.name))
