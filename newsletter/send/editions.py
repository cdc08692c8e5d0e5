"""The editions of a built issue: what each language group receives.

`newsletter build` writes them into the issue folder:
editions/{zh,en,both}.html, editions/{zh,en,both}.txt and editions/meta.json
({edition: {"subject", "preheader", "content_language"}}); report.json names
the issue.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from newsletter.errors import SendError
from newsletter.options import UNSUBSCRIBE_PLACEHOLDER, UNSUBSCRIBE_SLOT
from newsletter.send.inline_images import Images, load_images
from newsletter.send.subscribers import LANGUAGES


@dataclass(frozen=True)
class Edition:
    name: str  # zh, en or both
    subject: str
    preheader: str
    content_language: str  # the Content-Language header: zh-CN, en or "zh-CN, en"
    html: str
    text: str
    images: Images = ()  # the charts the HTML links to (charts/1-3.png), sent as inline parts
    slot: str = UNSUBSCRIBE_PLACEHOLDER  # where the templates put the unsubscribe link (meta.json)


@dataclass(frozen=True)
class IssueEditions:
    issue: str
    folder: Path
    editions: dict[str, Edition]

    def fingerprint(self) -> str:
        """Changes whenever a rebuild changed what subscribers would read."""
        digest = hashlib.sha256()
        for edition in self.editions.values():
            for part in (edition.name, edition.subject, edition.preheader, edition.html, edition.text):
                digest.update(part.encode() + b"\0")
        return digest.hexdigest()


def load_editions(folder: Path, names: tuple[str, ...] = LANGUAGES) -> IssueEditions:
    """The editions `names` (the `languages` setting) of a built issue."""
    if not folder.is_dir():
        raise SendError("not an issue folder (run `newsletter build` first)", file=str(folder))
    issue = _issue_id(folder)
    meta = _read_json(folder / "editions" / "meta.json")
    editions = {name: _edition(folder / "editions", name, meta) for name in LANGUAGES if name in names}
    return IssueEditions(issue, folder, editions)


def _issue_id(folder: Path) -> str:
    data = _read_json(folder / "report.json")
    issue = data.get("issue") if isinstance(data, dict) else None
    if not isinstance(issue, str) or not issue:
        raise SendError("report.json names no issue", file=str(folder / "report.json"))
    return issue


def _edition(folder: Path, name: str, meta: object) -> Edition:
    entry = meta.get(name) if isinstance(meta, dict) else None
    if not isinstance(entry, dict):
        raise SendError(f"no entry for the {name!r} edition", file=str(folder / "meta.json"))
    fields = [entry.get(key) for key in ("subject", "preheader", "content_language")]
    if not all(isinstance(value, str) for value in fields) or not fields[0] or not fields[2]:
        raise SendError(
            f"the {name!r} edition needs subject, preheader and content_language", file=str(folder / "meta.json")
        )
    subject, preheader, language = (str(value) for value in fields)
    slot = entry.get("unsubscribe_slot", UNSUBSCRIBE_PLACEHOLDER)  # builds before the slot had the plain one
    if not isinstance(slot, str) or not UNSUBSCRIBE_SLOT.fullmatch(slot):
        raise SendError(f"the {name!r} edition has a bad unsubscribe_slot: {slot!r}", file=str(folder / "meta.json"))
    html, text = _read(folder / f"{name}.html"), _read(folder / f"{name}.txt")
    return Edition(name, subject, preheader, language, html, text, load_images(html, folder), slot)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise SendError("missing; rebuild the issue with `newsletter build`", file=str(path)) from error
    except (OSError, UnicodeDecodeError) as error:
        raise SendError(f"cannot read: {error}", file=str(path)) from error


def _read_json(path: Path) -> object:
    try:
        return json.loads(_read(path))
    except json.JSONDecodeError as error:
        raise SendError(f"not valid JSON: {error}", file=str(path)) from error
