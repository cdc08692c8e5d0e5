"""The Jinja environment: house templates over the packaged defaults.

Lookup goes house folder first, then the defaults, as mkdocs' theme
`custom_dir` does; `default/NAME` always names the packaged template, so a
house template can extend the very default it overrides.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)

# The template engine (Jinja and its markupsafe) is imported here only: the
# renderers take `Environment` and `Markup` (HTML that is not to be escaped) from this module.
from jinja2 import Environment as Environment
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.filters import FILTERS as DEFAULT_FILTERS
from markupsafe import Markup as Markup

from newsletter.errors import NewsletterError, RenderError
from newsletter.hashing import code_fingerprint
from newsletter.options import UNSUBSCRIBE_PLACEHOLDER

DEFAULTS = PackageLoader("newsletter", "templates")


def make_environment(
    house: Path | None = None, filters: dict[str, Callable[..., Any]] | None = None, cache: Path | None = None
) -> Environment:
    """The environment; with `cache`, compiled templates are kept there between builds.

    Compiling the templates is a good part of a rebuild; Jinja's bytecode
    cache recompiles only a template whose source changed (it keys by the
    source's checksum), so an editor's one-file edit costs one compile.
    """
    loaders = [FileSystemLoader(str(house))] if house and house.is_dir() else []
    env = Environment(
        bytecode_cache=_bytecode_cache(cache),
        loader=SlotLoader(ChoiceLoader([*loaders, PrefixLoader({"default": DEFAULTS}), DEFAULTS])),
        undefined=StrictUndefined,
        # Only the HTML/MJML shells escape; Markdown and text are not HTML.
        autoescape=select_autoescape(enabled_extensions=("mjml.j2", "html.j2"), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filters or {})
    env.globals[SLOT_NAME] = UNSUBSCRIBE_PLACEHOLDER  # render_all sets the issue's own slot
    return env


SLOT_NAME = "unsubscribe_slot"


class SlotLoader(BaseLoader):
    """A template's `%%unsubscribe_url%%` becomes `{{ unsubscribe_slot }}`: the slot of this build.

    Only template source goes through here, never report or translated text,
    so the slot `send` fills is always one a template placed. The source
    changes the same way every time, so the bytecode cache keeps working.
    """

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        return source.replace(UNSUBSCRIBE_PLACEHOLDER, "{{ " + SLOT_NAME + " }}"), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


PACKAGED = Path(__file__).resolve().parent.parent / "templates"


def _bytecode_cache(cache: Path | None) -> FileSystemBytecodeCache | None:
    if cache is None:
        return None
    # Compiled code depends on our Environment settings too: a new code version gets a new folder.
    folder = cache / f"templates-{code_fingerprint()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no cache costs speed, not the build
    return FileSystemBytecodeCache(str(folder))


def template_asset(env: Environment, name: str) -> bytes:
    """A binary file of the templates (reference.docx): house folder first."""
    for folder in [*_house_folders(env), str(PACKAGED)]:
        path = Path(folder) / name
        if path.is_file():
            return path.read_bytes()
    raise RenderError("no such template file in the house folder or the defaults", file=name)


def _house_folders(env: Environment) -> list[str]:
    loader = env.loader.inner if isinstance(env.loader, SlotLoader) else env.loader
    loaders = loader.loaders if isinstance(loader, ChoiceLoader) else [loader]
    return [path for loader in loaders if isinstance(loader, FileSystemLoader) for path in loader.searchpath]


def render_template(env: Environment, name: str, **context: Any) -> str:
    names = [*context, *(g for g in env.globals if g not in DEFAULT_NAMESPACE)]
    with template_errors(name, names=names, filters=env.filters):
        return env.get_template(name).render(**context)


@contextmanager
def template_errors(name: str, names: Iterable[str] = (), filters: Iterable[str] = DEFAULT_FILTERS) -> Iterator[None]:
    """Turn any template failure into one RenderError line: file, line, what.

    Editors read these, not Python programmers: no traceback, the template's
    own path, and a guess when a name looks misspelt.
    """
    try:
        yield
    except NewsletterError:
        raise
    except TemplateSyntaxError as error:
        file = _display(error.filename or error.name or name)
        raise RenderError(f"line {error.lineno}: syntax error: {_syntax_message(error, filters)}", file=file) from error
    except TemplateNotFound as error:
        file, line = _template_position(error.__traceback__, name)
        raise RenderError(f"{_at(line)}{_not_found(error)}", file=_display(file)) from error
    except UndefinedError as error:
        file, line = _template_position(error.__traceback__, name)
        raise RenderError(f"{_at(line)}{_undefined(error, names)}", file=_display(file)) from error
    except TemplateError as error:
        file, line = _template_position(error.__traceback__, name)
        raise RenderError(f"{_at(line)}{error.message}", file=_display(file)) from error
    except Exception as error:  # a filter or test failed on the data the template gave it
        file, line = _template_position(error.__traceback__, name)
        raise RenderError(f"{_at(line)}{type(error).__name__}: {error}", file=_display(file)) from error


def _at(line: int | None) -> str:
    return f"line {line}: " if line is not None else ""


def _syntax_message(error: TemplateSyntaxError, filters: Iterable[str]) -> str:
    message = error.message or "invalid template"
    match = re.match(r"No filter named '([^']+)'", message)
    if match:
        message += _did_you_mean(match.group(1), filters)
    return message


def _undefined(error: UndefinedError, names: Iterable[str]) -> str:
    message = error.message or "undefined value"
    variable = re.fullmatch(r"'([^']+)' is undefined", message)
    if variable:
        return f"undefined variable '{variable.group(1)}'{_did_you_mean(variable.group(1), names)}"
    attribute = re.fullmatch(r"'?([\w.]+) object'? has no attribute '([^']+)'", message)
    if attribute:
        owner = attribute.group(1).rsplit(".", 1)[-1]
        fields = _FIELDS.get(owner, ())
        return f"{owner} has no attribute '{attribute.group(2)}'{_did_you_mean(attribute.group(2), fields)}"
    return message


def _not_found(error: TemplateNotFound) -> str:
    return f"template {error.name!r} not found (looked in the house templates folder and the packaged defaults)"


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


def _display(path: str) -> str:
    """A path an editor recognises: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return path


def _template_position(tb: TracebackType | None, fallback: str) -> tuple[str, int | None]:
    """The innermost template frame: Jinja rewrites tracebacks to point there."""
    found: tuple[str, int | None] = (fallback, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "/templates/" in filename:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _model_fields() -> dict[str, tuple[str, ...]]:
    """Attribute names of the model classes, for suggestions on a misspelt field."""
    from newsletter import model

    classes = [value for value in vars(model).values() if dataclasses.is_dataclass(value) and isinstance(value, type)]
    return {cls.__name__: tuple(f.name for f in dataclasses.fields(cls)) + _public(cls) for cls in classes}


def _public(cls: type) -> tuple[str, ...]:
    return tuple(name for name in vars(cls) if not name.startswith("_"))


_FIELDS = _model_fields()
