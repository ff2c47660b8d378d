"""DOCX bytes → PDF bytes through LibreOffice headless, in a private temporary profile.

A private profile (-env:UserInstallation) keeps the user's own LibreOffice, possibly open,
from blocking or changing the conversion, and lets several conversions run side by side.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 300


class LibreOfficeMissing(Exception):
    """soffice cannot be found: an environment problem (exit 2)."""


class LibreOfficeError(Exception):
    """soffice ran but produced no PDF."""


def install_hint() -> str:
    if sys.platform.startswith("win"):
        return "install LibreOffice from https://www.libreoffice.org/download/ (or set RKT_SOFFICE to soffice.exe)"
    if sys.platform == "darwin":
        return "install LibreOffice: brew install --cask libreoffice (or set RKT_SOFFICE)"
    return "install LibreOffice: apt-get install libreoffice-writer-nogui (or set RKT_SOFFICE)"


def find_soffice() -> str:
    """RKT_SOFFICE if set, else soffice/libreoffice on PATH, else the usual Windows/macOS places."""
    configured = os.environ.get("RKT_SOFFICE")
    if configured:
        if Path(configured).is_file():
            return configured
        raise LibreOfficeMissing(f"RKT_SOFFICE={configured} does not exist; {install_hint()}")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
        Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    ):
        if candidate.is_file():
            return str(candidate)
    raise LibreOfficeMissing(f"--format pdf needs LibreOffice, which was not found; {install_hint()}")


def convert_docx_to_pdf(docx: bytes, stem: str = "document", timeout: float = TIMEOUT_SECONDS) -> bytes:
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="rkt-pdf-") as temp:
        work = Path(temp)
        profile = work / "profile"
        source = work / f"{stem}.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            # A session of its own: soffice starts soffice.bin as a child, and a timeout must
            # end both, not leave a converter running in the background.
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=os.name == "posix",
            )
        except OSError as exc:
            raise LibreOfficeMissing(f"cannot run {soffice}: {exc.strerror or exc}; {install_hint()}") from None
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise LibreOfficeError(f"LibreOffice did not finish within {timeout:g} s") from None
        except BaseException:  # Ctrl-C: do not leave LibreOffice behind
            _kill(process)
            raise
        result = work / f"{stem}.pdf"
        if process.returncode != 0 or not result.is_file():  # a crash may leave half a PDF
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            tail = detail[-1] if detail else f"exit code {process.returncode}"
            raise LibreOfficeError(f"LibreOffice could not convert the document: {tail}")
        return result.read_bytes()


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End soffice and the soffice.bin it started (the whole process group on POSIX)."""
    if os.name == "posix":
        import signal

        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    else:
        process.kill()
    process.communicate()
