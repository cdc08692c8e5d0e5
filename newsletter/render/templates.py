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
)

from newsletter.errors import RenderError

DEFAULTS = PackageLoader("newsletter", "templates")


def make_environment(house: Path | None = None, filters: dict[str, Callable[..., Any]] | None = None) -> Environment:
    loaders = [FileSystemLoader(str(house))] if house and house.is_dir() else []
    env = Environment(
        loader=ChoiceLoader([*loaders, PrefixLoader({"default": DEFAULTS}), DEFAULTS]),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filters or {})
    return env


def render_template(env: Environment, name: str, **context: Any) -> str:
    with template_errors(name):
        return env.get_template(name).render(**context)


@contextmanager
def template_errors(name: str) -> Iterator[None]:
    """Turn any template failure into a RenderError naming file and line."""
    try:
        yield
    except TemplateSyntaxError as error:
        raise RenderError(
            f"template syntax error at line {error.lineno}: {error.message}", file=error.filename or name
        ) from error
    except TemplateError as error:
        file, line = _template_position(error.__traceback__, name)
        raise RenderError(f"template error at line {line}: {error.message}", file=file) from error


def _template_position(tb: TracebackType | None, fallback: str) -> tuple[str, int | None]:
    """The innermost template frame: Jinja rewrites tracebacks to point there."""
    found: tuple[str, int | None] = (fallback, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "/templates/" in filename:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
