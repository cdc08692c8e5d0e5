"""Project settings: `newsletter.toml` at the project root, read with tomllib.

Everything an editor sets once per publication lives here (brand, sender,
editions, templates folder, translation catalog, SMTP server); command line
options override it for one run. Paths are relative to the file's folder, so
commands behave the same from any working directory. Unknown keys are
refused, because a misspelt key silently ignored is a setting that never
applies.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsletter.errors import ConfigError, SendError
from newsletter.model import DEPTHS, ORDERS
from newsletter.send.transport import parse_smtp_url

CONFIG_NAME = "newsletter.toml"
EDITIONS = ("zh", "en", "both")


@dataclass(frozen=True)
class Config:
    root: Path  # the folder holding newsletter.toml (or the working directory)
    brand: str = "Newsletter"
    sender: str | None = None
    reply_to: str | None = None
    languages: tuple[str, ...] = EDITIONS  # editions made and sent: zh, en, both
    templates: Path = Path("templates")
    catalog: Path = Path("translations/en.po")
    pending_marker: str = "[translation pending]"
    smtp_url: str | None = None
    unsubscribe_url: str | None = None
    cache: Path = Path(".newsletter-cache")
    order: str = "date"  # the reports of an issue: by date (newest first), by broker, or as given
    email_depth: str = "card"  # each report in the email (and its text part): a card or in full
    markdown_depth: str = "full"
    docx_depth: str = "full"
    file: Path | None = None  # where the settings came from; None when built in


# key -> (section, validator); the file may also write section keys flat.
_TOP = ("brand", "sender", "reply_to", "languages", "templates", "cache")
_SECTIONS = {
    "translation": ("catalog", "pending_marker"),
    "email": ("smtp_url", "unsubscribe_url"),
    "briefing": ("order", "email_depth", "markdown_depth", "docx_depth"),
}


def find_config(start: Path | None = None) -> Path | None:
    """newsletter.toml in `start` (default: the working directory) or a parent."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
    return None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """Settings from `path`, else the nearest newsletter.toml, else the defaults."""
    path = path or find_config(start)
    if path is None:
        root = (start or Path.cwd()).resolve()
        return _resolved(Config(root=root), root)
    data = _read_toml(path)
    root = path.resolve().parent
    return _resolved(Config(root=root, file=path, **_validated(data, str(path))), root)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except FileNotFoundError as error:
        raise ConfigError("no such settings file", file=str(path)) from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"not valid TOML: {error}", file=str(path)) from error


def _validated(data: dict[str, Any], file: str) -> dict[str, Any]:
    flat = _flatten(data, file)
    values: dict[str, Any] = {}
    for key, raw in flat.items():
        values[key] = _VALIDATORS[key](_qualified(key), raw, file)
    return values


def _flatten(data: dict[str, Any], file: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SECTIONS and isinstance(value, dict):
            for inner, inner_value in value.items():
                if inner not in _SECTIONS[key]:
                    raise ConfigError(_unknown(f"{key}.{inner}", _SECTIONS[key]), file=file)
                flat[inner] = inner_value
        elif key in _TOP:
            flat[key] = value
        else:
            raise ConfigError(_unknown(key, (*_TOP, *(f"[{s}]" for s in _SECTIONS))), file=file)
    return flat


def _unknown(key: str, known: tuple[str, ...]) -> str:
    return f"unknown setting {key!r}; known settings: {', '.join(known)}"


def _qualified(key: str) -> str:
    section = next((name for name, keys in _SECTIONS.items() if key in keys), None)
    return f"{section}.{key}" if section else key


def _text(key: str, value: Any, file: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be a non-empty string, got {value!r}", file=file)
    return value


def _path(key: str, value: Any, file: str) -> Path:
    return Path(_text(key, value, file))


def _address(key: str, value: Any, file: str) -> str:
    text = _text(key, value, file)
    _, address = parseaddr(text)
    local, at, domain = address.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in address):
        raise ConfigError(f"{key} must be an email address like 'Name <desk@example.com>', got {text!r}", file=file)
    return text


def _languages(key: str, value: Any, file: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{key} must be a non-empty list such as {list(EDITIONS)}, got {value!r}", file=file)
    for item in value:
        if item not in EDITIONS:
            raise ConfigError(f"{key}: unknown edition {item!r}; choose from {', '.join(EDITIONS)}", file=file)
    return tuple(dict.fromkeys(value))


def _smtp_url(key: str, value: Any, file: str) -> str:
    """Whatever `newsletter send` accepts: its own parser judges the URL."""
    text = _text(key, value, file)
    try:
        parse_smtp_url(text, name=key)
    except SendError as error:
        raise ConfigError(error.message, file=file) from error
    return text


def _web_url(key: str, value: Any, file: str) -> str:
    text = _text(key, value, file)
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"{key} must be an http(s) URL like https://example.com/unsubscribe, got {text!r}", file=file)
    return text


def _depth(key: str, value: Any, file: str) -> str:
    return _choice(key, value, file, DEPTHS)


def _order(key: str, value: Any, file: str) -> str:
    return _choice(key, value, file, ORDERS)


def _choice(key: str, value: Any, file: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(f"{key}: unknown value {value!r}; choose from {', '.join(choices)}", file=file)
    return str(value)


_VALIDATORS = {
    "brand": _text,
    "sender": _address,
    "reply_to": _address,
    "languages": _languages,
    "templates": _path,
    "cache": _path,
    "catalog": _path,
    "pending_marker": _text,
    "smtp_url": _smtp_url,
    "unsubscribe_url": _web_url,
    "order": _order,
    "email_depth": _depth,
    "markdown_depth": _depth,
    "docx_depth": _depth,
}


def _resolved(config: Config, root: Path) -> Config:
    """Relative paths count from the settings file's folder."""
    return replace(
        config,
        templates=root / config.templates,
        catalog=root / config.catalog,
        cache=root / config.cache,
    )


def add_config_argument(parser: Any) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"settings file; default: {CONFIG_NAME} in the working folder or a parent",
    )
