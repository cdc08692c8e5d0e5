"""Where a sentence ends: shared by the paragraph joiner, the analyser and the front page."""

from __future__ import annotations

SENTENCE_END = '。！？；.!?;…”’"）)】」』'


def ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in SENTENCE_END
