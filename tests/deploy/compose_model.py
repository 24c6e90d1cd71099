"""A small, offline stand-in for `docker compose config`: .env parsing and interpolation.

Implements the compose-spec interpolation rules that deploy/compose.yaml uses: `$$`, `$VAR`,
`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}` and
`${VAR:+alt}` / `${VAR+alt}`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_TOKEN = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)


class InterpolationError(ValueError):
    """A required variable (`${VAR:?message}`) is missing or the syntax is invalid."""


def load_env_file(path: Path) -> dict[str, str]:
    """Parse a compose `.env` file: KEY=VALUE lines, `#` comments, optional quotes."""
    env: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key.strip()):
            raise ValueError(f"{path.name}:{number}: not KEY=VALUE: {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key.strip()] = value
    return env


def variables(text: str) -> set[str]:
    """Every variable name a string refers to."""
    return {m["braced"] or m["named"] for m in _TOKEN.finditer(text) if not m["escaped"]}


def _substitute(text: str, env: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["named"]
        op, arg = match["op"], match["arg"] or ""
        value = env.get(name)
        unset_or_empty = value is None or (value == "" and op is not None and op.startswith(":"))
        if op in (":-", "-"):
            return arg if (value is None if op == "-" else unset_or_empty) else str(value)
        if op in (":?", "?"):
            if value is None if op == "?" else unset_or_empty:
                raise InterpolationError(f"required variable {name} is missing: {arg}")
            return str(value)
        if op in (":+", "+"):
            return "" if (value is None if op == "+" else unset_or_empty) else arg
        return "" if value is None else value

    if "${" in text and text.count("${") != len(re.findall(r"\$\{[^}]*\}", text)):
        raise InterpolationError(f"unbalanced ${{...}} in {text!r}")
    return _TOKEN.sub(replace, text)


def interpolate(node: Any, env: dict[str, str]) -> Any:
    """Interpolate every string value of a parsed compose file (mapping keys are left alone)."""
    if isinstance(node, dict):
        return {key: interpolate(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate(item, env) for item in node]
    if isinstance(node, str):
        return _substitute(node, env)
    return node


def all_variables(node: Any) -> set[str]:
    """Every variable referenced anywhere in a parsed compose file."""
    if isinstance(node, dict):
        return set().union(*(all_variables(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(all_variables(v) for v in node)) if node else set()
    if isinstance(node, str):
        return variables(node)
    return set()


def env_mapping(service: dict[str, Any]) -> dict[str, str]:
    """A service's `environment`, list or mapping form, as strings."""
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        pairs = (item.partition("=") for item in raw)
        return {key: value for key, _, value in pairs}
    return {key: "" if value is None else str(value) for key, value in raw.items()}


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    """`depends_on` as {service: condition}, the short list form meaning service_started."""
    raw = service.get("depends_on") or {}
    if isinstance(raw, list):
        return dict.fromkeys(raw, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in raw.items()}
