"""A built issue folder, read back: what `check` and `preview` start from.

`build` writes `report.json` (the extraction) and `build.json` (how the issue
was made: catalog, templates, brand...); together with the catalog they give
back the very `Issue` the outputs were rendered from, without the PDF.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsletter import __version__
from newsletter.errors import NewsletterError
from newsletter.issue import make_issue
from newsletter.model import Depths, Issue, Report
from newsletter.readers.common import sha256_of
from newsletter.serialize import dumps, report_from_json
from newsletter.translate.catalog import Memory, load_memory
from newsletter.translate.glossary import load_glossary

if TYPE_CHECKING:
    from newsletter.build import BuildOptions

BUILD_INFO = "build.json"
REPORT_JSON = "report.json"


def build_info(issue: Issue, paths: Sequence[Path], options: BuildOptions, catalog: Path | None) -> str:
    """How the issue was made: enough to make the same Issue again from report.json."""
    return dumps(
        {
            "issue": issue.id,
            "generated": issue.generated.isoformat(),
            "newsletter": __version__,
            "reports": [str(path.resolve()) for path in paths],
            "catalog": str(catalog.resolve()) if catalog else None,
            "catalog_sha256": sha256_of(catalog) if catalog and catalog.is_file() else None,
            "templates": str(options.templates.resolve()) if options.templates else None,
            "brand": issue.brand,
            "pending_marker": issue.pending_marker,
            "review_marker": issue.review_marker,
            "target_language": issue.target_language,
            "order": options.order,
            "depths": {"email": issue.depths.email, "markdown": issue.depths.markdown, "docx": issue.depths.docx},
            "glossary": str(options.glossary.resolve()) if options.glossary else None,
        }
    )


@dataclass(frozen=True)
class BuiltIssue:
    folder: Path
    info: dict[str, Any]
    reports: tuple[Report, ...]

    @property
    def catalog(self) -> Path | None:
        return Path(self.info["catalog"]) if self.info.get("catalog") else None

    @property
    def templates(self) -> Path | None:
        return Path(self.info["templates"]) if self.info.get("templates") else None

    def memory(self, catalog: Path | None = None) -> Memory:
        return load_memory(catalog or self.catalog, self.info.get("target_language", "en"))

    def issue(self, memory: Memory) -> Issue:
        """The Issue again, pairing the reports with the catalog as it is now."""
        return make_issue(
            list(self.reports),
            memory,
            now=dt.datetime.fromisoformat(self.info["generated"]),
            brand=self.info["brand"],
            pending_marker=self.info["pending_marker"],
            review_marker=self.info.get("review_marker", "[needs review]"),
            order="given",  # report.json keeps the issue's order
            depths=Depths(**self.info.get("depths", {})),
            names=_names(self.info.get("glossary")),
        )

    def outputs(self) -> dict[str, bytes]:
        """Every file of the folder by its path inside it (editions/en.html), as `build` wrote it."""
        files = sorted(path for path in self.folder.rglob("*") if path.is_file())
        return {path.relative_to(self.folder).as_posix(): path.read_bytes() for path in files}


def _names(glossary: str | None) -> dict[str, str]:
    return {term.zh: term.en for term in load_glossary(Path(glossary) if glossary else None).terms}


def load_built_issue(folder: Path) -> BuiltIssue:
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
