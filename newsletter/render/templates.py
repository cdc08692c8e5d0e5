"""The Jinja environment: house templates over the packaged defaults.

Lookup goes house folder first, then the defaults, as mkdocs' theme
`custom_dir` does; `default/NAME` always names the packaged template, so a
house template can extend the very default it overrides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)

from newsletter.errors import NewsletterError, RenderError

DEFAULTS = PackageLoader("newsletter", "templates")


def make_environment(house: Path | None = None, filters: dict[str, Callable[..., Any]] | None = None) -> Environment:
    loaders = [FileSystemLoader(str(house))] if house and house.is_dir() else []
    env = Environment(
        loader=ChoiceLoader([*loaders, PrefixLoader({"default": DEFAULTS}), DEFAULTS]),
        undefined=StrictUndefined,
        # Only the HTML/MJML shells escape; Markdown and text are not HTML.
        autoescape=select_autoescape(enabled_extensions=("mjml.j2", "html.j2"), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filters or {})
    return env


PACKAGED = Path(__file__).resolve().parent.parent / "templates"


def template_asset(env: Environment, name: str) -> bytes:
    """A binary file of the templates (reference.docx): house folder first."""
    for folder in [*_house_folders(env), str(PACKAGED)]:
        path = Path(folder) / name
        if path.is_file():
            return path.read_bytes()
    raise RenderError("no such template file in the house folder or the defaults", file=name)


def _house_folders(env: Environment) -> list[str]:
    loaders = env.loader.loaders if isinstance(env.loader, ChoiceLoader) else [env.loader]
    return [path for loader in loaders if isinstance(loader, FileSystemLoader) for path in loader.searchpath]


def render_template(env: Environment, name: str, **context: Any) -> str:
    with template_errors(name):
        return env.get_template(name).render(**context)


@contextmanager
def template_errors(name: str) -> Iterator[None]:
    """Turn any template failure into a RenderError naming file and line."""
    try:
        yield
    except NewsletterError:
        raise
    except TemplateSyntaxError as error:
        raise RenderError(
            f"template syntax error at line {error.lineno}: {error.message}", file=error.filename or name
        ) from error
    except UndefinedError as error:
        file, line = _template_position(error.__traceback__, name)
        raise RenderError(f"undefined variable at line {line}: {error.message}", file=file) from error
    except TemplateError as error:
        file, line = _template_position(error.__traceback__, name)
        raise RenderError(f"template error at line {line}: {error.message}", file=file) from error
    except Exception as error:  # a filter or test failed on the data the template gave it
        file, line = _template_position(error.__traceback__, name)
        raise RenderError(f"template error at line {line}: {type(error).__name__}: {error}", file=file) from error


def _template_position(tb: TracebackType | None, fallback: str) -> tuple[str, int | None]:
    """The innermost template frame: Jinja rewrites tracebacks to point there."""
    found: tuple[str, int | None] = (fallback, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "/templates/" in filename:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
