"""Project settings: `newsletter.toml` at the project root, read with tomllib.

Everything an editor sets once per publication lives here (brand, sender,
editions, templates folder, translation catalog, SMTP server); command line
options override it for one run. Paths are relative to the file's folder, so
commands behave the same from any working directory. Unknown keys are
refused, because a misspelt key silently ignored is a setting that never
applies.

The `Config` dataclass is the one table of settings: each field declared with
`setting(...)` names its section, validator, meaning and default, and from it
come the dataclass, the validation (one line naming the key) and the README's
settings table (`settings_table()`; a test keeps the README in step). A new
key is one field.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsletter.addresses import InvalidAddress, parse_mailbox
from newsletter.errors import ConfigError, SendError
from newsletter.limits import ReadLimits
from newsletter.model import DEPTHS, ORDERS, Depths, Publisher
from newsletter.smtp_url import parse_smtp_url
from newsletter.untrusted import control_character

CONFIG_NAME = "newsletter.toml"
EDITIONS = ("zh", "en", "both")
MAX_CONNECTIONS = 32  # SMTP connections of one `send`

Validator = Callable[[str, Any, str], Any]  # (qualified key, raw TOML value, file) -> value


@dataclass(frozen=True)
class Setting:
    """How one key is read and documented."""

    validate: Validator
    meaning: str  # the README's "meaning" column
    shown_default: str  # the README's "default" column
    section: str | None = None  # the TOML table it lives in; the file may also write it flat


def setting(default: Any, validate: Validator, meaning: str, section: str | None = None, shown: str = "") -> Any:
    """A Config field that the settings file may set."""
    shown = shown or (f"`{default}`" if default is not None else "none")
    return field(default=default, metadata={"setting": Setting(validate, meaning, shown, section)})


def _text(key: str, value: Any, file: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be a non-empty string, got {value!r}", file=file)
    if (found := control_character(value)) is not None:
        raise ConfigError(f"{key} must be one line of printable text; {value!r} contains {found}", file=file)
    return value


def _path(key: str, value: Any, file: str) -> Path:
    """A path; relative ones count from the settings file's folder (see `_resolved`)."""
    return Path(_text(key, value, file))


def _address(key: str, value: Any, file: str) -> str:
    text = _text(key, value, file)
    try:
        parse_mailbox(text)
    except InvalidAddress as error:
        raise ConfigError(f"{key}: {error}", file=file) from error
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


def _positive_int(key: str, value: Any, file: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{key} must be a whole number of at least 1, got {value!r}", file=file)
    return value


_LIMITS = ReadLimits()


def _connections(key: str, value: Any, file: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_CONNECTIONS:
        raise ConfigError(f"{key} must be a whole number from 1 to {MAX_CONNECTIONS}, got {value!r}", file=file)
    return value


def _web_page(key: str, value: Any, file: str) -> str:
    """An http(s) URL, where {issue} and {edition} stand for the issue id and the edition."""
    text = _text(key, value, file)
    _web_url(key, text.replace("{issue}", "2026-W01").replace("{edition}", "both"), file)
    return text


def _chart_count(key: str, value: Any, file: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 20:
        raise ConfigError(f"{key} must be a whole number from 0 to 20, got {value!r}", file=file)
    return value


def _character_budget(key: str, value: Any, file: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
        raise ConfigError(f"{key} must be a whole number from 0 to 100000, got {value!r}", file=file)
    return value


def _depth(key: str, value: Any, file: str) -> str:
    return _choice(key, value, file, DEPTHS)


def _order(key: str, value: Any, file: str) -> str:
    return _choice(key, value, file, ORDERS)


def _choice(key: str, value: Any, file: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(f"{key}: unknown value {value!r}; choose from {', '.join(choices)}", file=file)
    return str(value)


@dataclass(frozen=True)
class Config:
    root: Path  # the folder holding newsletter.toml (or the working directory)
    brand: str = setting("Newsletter", _text, "name shown at the top of every edition")
    brand_en: str | None = setting(
        None,
        _text,
        "the brand in English, shown instead of `brand` in the `en` edition (English only)",
        shown="`brand`",
    )
    sender: str | None = setting(None, _address, "From of the email (`Name <address>`)")
    reply_to: str | None = setting(None, _address, "Reply-To of the email (`Name <address>`)")
    languages: tuple[str, ...] = setting(
        EDITIONS,
        _languages,
        "editions made and sent: `zh`, `en`, `both`; an edition not listed is neither built nor sent",
        shown="all three",
    )
    templates: Path = setting(Path("templates"), _path, "the house templates folder (see `templates/README.md`)")
    cache: Path = setting(Path(".newsletter-cache"), _path, "where extractions are kept, by the PDF's sha256")
    catalog: Path = setting(Path("translations/en.po"), _path, "the PO catalog with the English", section="translation")
    pending_marker: str = setting(
        "[translation pending]", _text, "shown where English is missing", section="translation"
    )
    smtp_url: str | None = setting(
        None,
        _smtp_url,
        "what `send --smtp` takes: `smtp://`, `smtps://` or `smtp+starttls://host:port` "
        "(login from the environment, never here)",
        section="email",
    )
    unsubscribe_url: str | None = setting(None, _web_url, "base of each subscriber's unsubscribe link", section="email")
    connections: int = setting(
        1,
        _connections,
        f"SMTP connections `send` uses at once (1 to {MAX_CONNECTIONS}), each pipelined",
        section="email",
    )
    suppressions: Path = setting(
        Path("suppressions.sqlite"),
        _path,
        "the suppression list (SQLite): who unsubscribed; `send` skips them, the unsubscribe endpoint adds them",
        section="email",
    )
    address: str | None = setting(
        None,
        _text,
        "the sender's postal address, in every email's footer (anti-spam laws require one)",
        section="email",
    )
    web_url: str | None = setting(
        None,
        _web_page,
        "where each issue is online, e.g. `https://example.com/weekly/{issue}/{edition}.html`; "
        'the email then links to it ("view in browser")',
        section="email",
    )
    charts_per_card: int = setting(
        2, _chart_count, "charts shown per report in the email (Word shows all of them)", section="email"
    )
    key_point_chars: int = setting(
        Publisher().key_point_chars,
        _character_budget,
        "characters of key points per report in the email's card (whole points, always the first; 0: all of them)",
        section="email",
    )
    page_chars: int = setting(
        _LIMITS.page_chars, _positive_int, "a PDF page drawing more characters is refused (exit 2)", section="limits"
    )
    document_chars: int = setting(
        _LIMITS.document_chars, _positive_int, "a report drawing more characters in all is refused", section="limits"
    )
    page_objects: int = setting(
        _LIMITS.page_objects,
        _positive_int,
        "a PDF page drawing more shapes, images and forms is refused",
        section="limits",
    )
    order: str = setting(
        "date",
        _order,
        "the reports of an issue: `date` (newest first), `broker` or `given` (as on the command line)",
        section="briefing",
    )
    email_depth: str = setting(
        "card",
        _depth,
        "each report in the emails (and their text part): `card` (the digest) or `full`",
        section="briefing",
    )
    markdown_depth: str = setting("full", _depth, "the same for `briefing.md`", section="briefing")
    docx_depth: str = setting("full", _depth, "the same for `briefing.docx`", section="briefing")
    file: Path | None = None  # where the settings came from; None when built in

    @property
    def read_limits(self) -> ReadLimits:
        return ReadLimits(self.page_chars, self.document_chars, self.page_objects)

    def depths(self, depth: str | None = None) -> Depths:
        """Card or full per output; `depth` (build --depth) sets all of them."""
        if depth is not None:
            return Depths(email=depth, markdown=depth, docx=depth)
        return Depths(email=self.email_depth, markdown=self.markdown_depth, docx=self.docx_depth)

    def publisher(self) -> Publisher:
        """What the rendered issue says of its sender: the email's footer, web link, charts per card."""
        return Publisher(self.sender, self.address, self.web_url, self.charts_per_card, self.key_point_chars)


def settings() -> dict[str, Setting]:
    """Every key the settings file may set, in the order of the table."""
    return {f.name: f.metadata["setting"] for f in fields(Config) if "setting" in f.metadata}


def _qualified(key: str) -> str:
    section = settings()[key].section
    return f"{section}.{key}" if section else key


def settings_table() -> str:
    """The README's settings table, made from the same table the file is read with."""
    rows = ["| key | meaning | default |", "| --- | --- | --- |"]
    for key, entry in settings().items():
        shown = f"[{entry.section}] {key}" if entry.section else key
        rows.append(f"| `{shown}` | {entry.meaning} | {entry.shown_default} |")
    return "\n".join(rows) + "\n"


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
    known = settings()
    return {key: known[key].validate(_qualified(key), raw, file) for key, raw in _flatten(data, file).items()}


def _flatten(data: dict[str, Any], file: str) -> dict[str, Any]:
    known = settings()
    top = tuple(key for key, entry in known.items() if entry.section is None)
    sections = {entry.section for entry in known.values() if entry.section}
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in sections and isinstance(value, dict):
            inside = tuple(name for name, entry in known.items() if entry.section == key)
            for inner, inner_value in value.items():
                if inner not in inside:
                    raise ConfigError(_unknown(f"{key}.{inner}", inside), file=file)
                flat[inner] = inner_value
        elif key in top:
            flat[key] = value
        else:
            raise ConfigError(_unknown(key, (*top, *(f"[{s}]" for s in sorted(sections)))), file=file)
    return flat


def _unknown(key: str, known: tuple[str, ...]) -> str:
    return f"unknown setting {key!r}; known settings: {', '.join(known)}"


def _resolved(config: Config, root: Path) -> Config:
    """Relative paths count from the settings file's folder."""
    paths: dict[str, Any] = {key: root / value for key in settings() if isinstance(value := getattr(config, key), Path)}
    return replace(config, **paths)


def add_config_argument(parser: Any) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"settings file; default: {CONFIG_NAME} in the working folder or a parent",
    )
