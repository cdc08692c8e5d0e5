"""A built issue folder, read back: what `check` and `preview` start from.

`build` writes `report.json` (the extraction) and `build.json` (how the issue
was made: catalog, templates, brand...); together with the catalog they give
back the very `Issue` the outputs were rendered from, without the PDF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsletter import __version__
from newsletter.errors import NewsletterError
from newsletter.hashing import sha256_of
from newsletter.issue import make_issue
from newsletter.model import DEPTHS, Depths, Issue, Publisher, Report
from newsletter.options import BuildOptions
from newsletter.outputs import BUILT_ISSUE, recover_folder
from newsletter.serialize import SCHEMA, dumps, report_from_json
from newsletter.translate.catalog import Memory, load_memory
from newsletter.translate.glossary import load_glossary

BUILD_INFO = BUILT_ISSUE
REPORT_JSON = "report.json"


def build_info(issue: Issue, paths: Sequence[Path], options: BuildOptions, catalog: Path | None, folder: Path) -> str:
    """How the issue was made: enough to make the same Issue again from report.json.

    Paths are relative to the issue folder, so the project can move (or be
    checked out elsewhere) and `check` and `preview` still find them.
    """
    return dumps(
        {
            "schema": SCHEMA,
            "issue": issue.id,
            "generated": issue.generated.isoformat(),
            "newsletter": __version__,
            "reports": [_relative(path, folder) for path in paths],
            "catalog": _relative(catalog, folder) if catalog else None,
            "catalog_sha256": sha256_of(catalog) if catalog and catalog.is_file() else None,
            "templates": _relative(options.templates, folder) if options.templates else None,
            "brand": issue.brand,
            "brand_en": issue.brand_en,
            "pending_marker": issue.pending_marker,
            "review_marker": issue.review_marker,
            "target_language": issue.target_language,
            "languages": list(options.languages),
            "publisher": dataclasses.asdict(issue.publisher),
            "order": options.order,
            "depths": dataclasses.asdict(issue.depths),
            "glossary": _relative(options.glossary, folder) if options.glossary else None,
        }
    )


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


@dataclass(frozen=True)
class BuiltIssue:
    folder: Path
    info: dict[str, Any]
    reports: tuple[Report, ...]

    @property
    def catalog(self) -> Path | None:
        return self._path("catalog")

    @property
    def templates(self) -> Path | None:
        return self._path("templates")

    @property
    def report_paths(self) -> tuple[Path, ...]:
        """Where the build read its reports (they may have moved since)."""
        return tuple(self.folder / path for path in self.info.get("reports", []))

    def _path(self, key: str) -> Path | None:
        """A recorded path, relative to the folder (absolute in builds before schema 1)."""
        return self.folder / self.info[key] if self.info.get(key) else None

    def memory(self, catalog: Path | None = None) -> Memory:
        return load_memory(catalog or self.catalog, self.info.get("target_language", "en"))

    def issue(self, memory: Memory) -> Issue:
        """The Issue again, pairing the reports with the catalog as it is now."""
        return make_issue(
            list(self.reports),
            memory,
            now=dt.datetime.fromisoformat(self.info["generated"]),
            brand=self.info["brand"],
            brand_en=self.info.get("brand_en"),
            pending_marker=self.info["pending_marker"],
            review_marker=self.info.get("review_marker", "[needs review]"),
            publisher=_publisher(self.info.get("publisher")),
            order="given",  # report.json keeps the issue's order
            depths=_depths(self.info.get("depths")),
            names={term.zh: term.en for term in load_glossary(self._path("glossary")).terms},
        )

    def outputs(self) -> dict[str, bytes]:
        """Every file of the folder by its path inside it (editions/en.html), as `build` wrote it."""
        files = sorted(path for path in self.folder.rglob("*") if path.is_file())
        return {path.relative_to(self.folder).as_posix(): path.read_bytes() for path in files}


def _depths(recorded: object) -> Depths:
    """The recorded depth of each output; anything else (a hand-edited file) keeps the default."""
    default = Depths()
    if not isinstance(recorded, dict):
        return default
    chosen = {name: recorded.get(name) for name in ("email", "markdown", "docx")}
    return Depths(**{name: value if value in DEPTHS else getattr(default, name) for name, value in chosen.items()})


def _publisher(recorded: object) -> Publisher:
    """The recorded publisher settings; a field of the wrong type (a hand-edited file) keeps its default."""
    if not isinstance(recorded, dict):
        return Publisher()

    def text(name: str) -> str | None:
        value = recorded.get(name)
        return value if isinstance(value, str) else None

    def number(name: str) -> int:
        value = recorded.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else getattr(Publisher(), name)

    return Publisher(
        sender=text("sender"),
        address=text("address"),
        web_url=text("web_url"),
        charts_per_card=number("charts_per_card"),
        key_point_chars=number("key_point_chars"),
    )


def load_built_issue(folder: Path) -> BuiltIssue:
    recover_folder(folder)  # a rebuild killed between its two renames left the issue as .NAME.old
    if not folder.is_dir():
        raise NewsletterError("not an issue folder (expected the --out folder of `newsletter build`)", file=str(folder))
    info = _read_json(folder / BUILD_INFO, "rebuild the issue with this version of `newsletter build`")
    data = _read_json(folder / REPORT_JSON, "rebuild the issue")
    try:
        reports = tuple(report_from_json(item) for item in data["reports"])
        missing = [key for key in ("generated", "brand", "pending_marker") if key not in info]
    except (KeyError, TypeError, ValueError) as error:
        raise NewsletterError(f"damaged report.json ({error!r}); rebuild the issue", file=str(folder)) from error
    if missing:
        raise NewsletterError(f"build.json lacks {', '.join(missing)}; rebuild the issue", file=str(folder))
    return BuiltIssue(folder, info, reports)


def _read_json(path: Path, advice: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise NewsletterError(f"missing; {advice}", file=str(path)) from error
    except (OSError, ValueError) as error:
        raise NewsletterError(f"unreadable ({error}); {advice}", file=str(path)) from error
    if not isinstance(data, dict):
        raise NewsletterError(f"not a JSON object; {advice}", file=str(path))
    return data
