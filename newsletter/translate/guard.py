"""The key-figures guard, as the translation stage uses it."""

from __future__ import annotations


def figure_problems(source: str, target: str, source_language: str, target_language: str) -> list[str]:
    """Every figure of `source` that `target` changed, dropped or invented, described."""
    try:
        from newsletter.figures import check_translation  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:  # the figures stage has not landed yet: the token check stands alone
        return []
    return [str(m) for m in check_translation(source, target, source_language, target_language)]
