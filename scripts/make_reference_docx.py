"""Rebuild newsletter/templates/reference.docx, the packaged Word styles.

    .venv/bin/python scripts/make_reference_docx.py

The file is committed; rebuild it only when the default styles change in
code. Editors who want other fonts or colours copy it into the house
templates folder (templates/reference.docx) and change the styles in Word.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from newsletter.render.docx import make_reference_document

TARGET = Path(__file__).resolve().parents[1] / "newsletter" / "templates" / "reference.docx"
# A fixed date, so rebuilding without a change gives the same bytes.
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def main() -> int:
    TARGET.write_bytes(make_reference_document(STAMP))
    print(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
