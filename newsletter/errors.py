"""One exception family for the whole flow.

Every stage raises its own subclass (its `stage` and `exit_code`), carrying
the file and page, so the CLI says what went wrong and where in one line,
"newsletter COMMAND: error: FILE (page N): message", without a traceback.
"""

from __future__ import annotations


class NewsletterError(Exception):
    """Base class: a problem the user can act on, not a bug."""

    stage = "newsletter"
    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, page: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.page = page

    def __str__(self) -> str:
        where = self.file or ""
        if self.page is not None:
            where += f" (page {self.page})" if where else f"page {self.page}"
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.message}"


class ConfigError(NewsletterError):
    stage = "config"
    exit_code = 2


class ReadError(NewsletterError):
    """The input could not be read: not a PDF, encrypted, image-only, empty..."""

    stage = "read"
    exit_code = 2


class ExtractError(NewsletterError):
    """The report was read but its structure is unusable (e.g. no disclaimer)."""

    stage = "extract"
    exit_code = 2


class TranslateError(NewsletterError):
    stage = "translate"


class RenderError(NewsletterError):
    """A template failed: carries the template file and line."""

    stage = "render"


class CheckError(NewsletterError):
    """An output failed a check that protects clients (compliance, figures...)."""

    stage = "check"


class SendError(NewsletterError):
    stage = "send"


class AddressError(SendError):
    """An address that cannot be used (bad syntax, or international to a server without SMTPUTF8)."""

    exit_code = 2
