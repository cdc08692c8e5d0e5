"""Text from outside (reports, catalogs, machine translations, settings): made safe to carry.

Extracted text brings control characters: a form feed between pages, a lone
carriage return, U+2028, an escape sequence. None of them is content, and
each can break a format: a line break opens Markdown structure, a control
character is not allowed in XML (the DOCX). `clean_text` turns every kind
of line break into "\\n" and drops the other control characters.
"""

from __future__ import annotations

import re

# Everything Unicode or a format treats as a line break (\r\n counts once).
LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# C0 controls but tab and newline, DEL, C1 controls, and the non-characters XML refuses.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Every line break as "\\n", no other control character."""
    return CONTROLS.sub("", LINE_BREAKS.sub("\n", text))


def control_character(text: str) -> str | None:
    """The first control character (line breaks included) in the text, shown as U+XXXX, or None."""
    found = CONTROLS.search(text) or LINE_BREAKS.search(text)
    return f"U+{ord(found.group()[0]):04X}" if found else None
