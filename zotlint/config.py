"""`.zotlint.yaml` / `[tool.zotlint]`: validated with pydantic, errors name the offending key."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONFIG_NAMES = (".zotlint.yaml", ".zotlint.yml")


class ConfigError(Exception):
    pass


class RuleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    severity: Literal["error", "warning", "note"] | None = None
    options: dict[str, Any] = {}


class LimitSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    max_file_size: int = Field(5 * 1024 * 1024, alias="max-file-size", gt=0)
    max_nodes: int = Field(200_000, alias="max-nodes", gt=0)
    max_depth: int = Field(200, alias="max-depth", gt=1, le=900)
    max_embedded_size: int = Field(1024 * 1024, alias="max-embedded-size", gt=0)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = ["ALL"]
    ignore: list[str] = []
    fail_on: Literal["error", "warning", "note"] = Field("warning", alias="fail-on")
    exclude: list[str] = []
    per_file_ignores: dict[str, list[str]] = Field({}, alias="per-file-ignores")
    rules: dict[str, RuleSettings] = {}
    limits: LimitSettings = LimitSettings()


def _explain(exc: ValidationError, where: str) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            key = str(err["loc"][-1])
            parent = _model_at(err["loc"][:-1])
            known = sorted(
                {f.alias or n for n, f in parent.model_fields.items()} if parent else set()
            )
            import difflib

            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            lines.append(f"{where}: unknown key '{loc}'{hint}")
        else:
            lines.append(f"{where}: '{loc}': {err['msg']}")
    return "\n".join(lines)


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] = Settings
    i = 0
    while i < len(loc):
        name = loc[i]
        field = next(
            (f for n, f in model.model_fields.items() if n == name or f.alias == name), None
        )
        if field is None:
            return None
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            model = ann
            i += 1
        elif name == "rules":
            model = RuleSettings
            i += 2  # skip the rule id
        else:
            return None
    return model


def parse_settings(raw: Any, where: str) -> Settings:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping at the top level")
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, where)) from None


def find_config(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        p = root / name
        if p.is_file():
            return p
    py = root / "pyproject.toml"
    if py.is_file():
        try:
            text = py.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            return None
        # Most pyproject.toml files have no zotlint table, and parsing them (importing the TOML
        # parser) is a noticeable part of start-up. A TOML key spells `zotlint` literally unless
        # it is a quoted key with \u escapes, so without either there is no table to find.
        if "zotlint" not in text and "\\u" not in text and "\\U" not in text:
            return None
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return None
        if "zotlint" in data.get("tool", {}):
            return py
    return None


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.__class__.__name__})") from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        return parse_settings(data.get("tool", {}).get("zotlint", {}), f"{path} [tool.zotlint]")
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        raw = YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    return parse_settings(raw, str(path.name))
