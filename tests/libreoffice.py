"""LibreOffice (headless) turning a Word file into PDF, as a reader's Word would print it.

LibreOffice comes from the OS packages (`.ci/run` installs libreoffice-writer
and the Noto CJK fonts); tests that need it skip with a reason when it is
absent (and fail in CI). Each conversion uses its own throwaway profile, so
parallel runs and a user's own LibreOffice do not interfere.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.absent import unavailable


def soffice_path() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    unavailable("LibreOffice is not installed (CI installs it in .ci/run; locally: apt-get install libreoffice-writer)")


def docx_to_pdf(docx: Path, folder: Path) -> Path:
    """The PDF LibreOffice prints of `docx`, written into `folder`."""
    profile = folder / "lo-profile"
    command = [
        soffice_path(),
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(docx),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    pdf = folder / (docx.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice wrote no PDF for {docx}"
    return pdf
