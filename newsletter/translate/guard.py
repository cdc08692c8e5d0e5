"""The key-figures guard, as the translation stage uses it."""

from __future__ import annotations

from newsletter.figures import check_translation


def figure_problems(source: str, target: str, source_language: str, target_language: str) -> list[str]:
    """Every figure of `source` that `target` changed, dropped or invented, described.

    The tokens keep the numbers themselves out of the model's hands; the guard
    also catches what stays in its hands, such as the unit after a token
    (1.2 GW written as 1.2 MW).
    """
    return [f"key-figures guard: {m}" for m in check_translation(source, target, source_language, target_language)]
