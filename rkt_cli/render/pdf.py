"""DOCX bytes → PDF bytes through LibreOffice headless, in a private temporary profile.

A private profile (-env:UserInstallation) keeps the user's own LibreOffice, possibly open,
from blocking or changing the conversion, and lets several conversions run side by side.

Whatever way the conversion ends (done, failed, timed out, or interrupted by an exception such
as KeyboardInterrupt or the CLI's rkt_cli.interrupts.Interrupted), the soffice process group is
ended and the temporary folder, profile included, is removed. The child's output is never held
in full.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from rkt_cli.interrupts import deferred

TIMEOUT_SECONDS = 300
"""How long one conversion may take before soffice is killed (4,000 rows, cut into short tables, take ~7 s)."""

KILL_GRACE_SECONDS = 2.0
"""After SIGTERM, how long soffice may take to end before the whole group gets SIGKILL."""

OUTPUT_TAIL_BYTES = 64 * 1024
"""How much of soffice's output (stdout and stderr together) is kept for the error message."""

_READ_CHUNK = 64 * 1024
_MESSAGE_CHARS = 300  # of the output's last line, in the one-line error
_READER_JOIN_SECONDS = 2.0  # a process that left the group may hold the pipe open for ever
_PDF_TAIL_BYTES = 1024  # where a whole PDF has its %%EOF marker
_POLL_SECONDS = 0.2  # how often a running conversion is looked at for documents done


class LibreOfficeMissing(Exception):
    """soffice cannot be found: an environment problem (exit 2)."""


class LibreOfficeError(Exception):
    """soffice ran but produced no PDF, or did not finish in time."""


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


def soffice_command(soffice: str, profile: Path, outdir: Path, documents: Sequence[Path]) -> list[str]:
    """The LibreOffice command that converts `documents` to PDF into `outdir`, with a private
    profile so that a user's running LibreOffice and its settings play no part."""
    return [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(outdir),
        *(str(document) for document in documents),
    ]


def convert_many(
    documents: Sequence[tuple[str, bytes]],
    timeout: float | None = None,
    converted: Callable[[], None] | None = None,
) -> list[bytes | LibreOfficeError]:
    """The PDFs of several DOCX (each given with its name's stem) through ONE LibreOffice run,
    whose start-up (about 1 s of the 1.3 s a small file takes) is then paid once.

    The result has a PDF for each document, in order, up to the first that failed: that one is
    a LibreOfficeError (no later document is returned, as the caller stops there). `timeout`
    (TIMEOUT_SECONDS when None) bounds each document: the clock starts again whenever one is
    done. `converted` is called once per document done, for a progress bar.
    """
    limit = TIMEOUT_SECONDS if timeout is None else timeout
    soffice = find_soffice()
    work: Path | None = None
    try:
        with deferred():  # a folder made is a folder to remove: `work` must be set when a signal raises
            work = Path(tempfile.mkdtemp(prefix="rkt-pdf-"))
        profile = work / "profile"
        scratch = work / "tmp"
        inbox = work / "in"
        for folder in (scratch, inbox):
            folder.mkdir()
        names = _unique_names([stem for stem, _ in documents])
        for name, (_, docx) in zip(names, documents, strict=True):
            (inbox / f"{name}.docx").write_bytes(docx)
        command = soffice_command(soffice, profile, work, [inbox / f"{name}.docx" for name in names])
        # LibreOffice's own temporary files (lu*.tmp) go inside our folder, so that they are
        # removed with it even when soffice is killed before it can remove them itself.
        env = {**os.environ, "TMPDIR": str(scratch), "TMP": str(scratch), "TEMP": str(scratch)}
        pdfs = [work / f"{name}.pdf" for name in names]
        watcher = _Watcher(pdfs, converted)
        timed_out: LibreOfficeError | None = None
        try:
            returncode, output = _run(command, env, limit, watcher.progressed)
        except LibreOfficeError as exc:
            timed_out, returncode, output = exc, 0, b""
        results: list[bytes | LibreOfficeError] = []
        # A run that ended well wrote each PDF whole. A crash or a timeout may have left the
        # last one begun half written: a PDF is whole once its end-of-file marker is written.
        finished = timed_out is None and returncode == 0
        for result in pdfs:
            if result.is_file() and (finished or _ends_whole(result)):
                results.append(result.read_bytes())
                continue
            detail = last_line(output) or f"exit code {returncode}"
            results.append(timed_out or LibreOfficeError(f"LibreOffice could not convert the document: {detail}"))
            break
        watcher.finish(len(results))
        return results
    finally:
        if work is not None:
            # ignore_errors: a failed removal must not replace the real error (or the
            # interruption) with a traceback about the temporary folder.
            with deferred():
                shutil.rmtree(work, ignore_errors=True)


def _unique_names(stems: Sequence[str]) -> list[str]:
    """File names for the documents of one run: the stem as before, numbered where two are
    the same (data/a/rkt.yaml and data/b/rkt.yaml), since all go into one folder."""
    seen: set[str] = set()
    names = []
    for number, stem in enumerate(stems, start=1):
        name = stem if stem not in seen else f"{stem}-{number}"
        while name in seen:
            name += "_"
        seen.add(name)
        names.append(name)
    return names


def _ends_whole(pdf: Path) -> bool:
    """True when the PDF's last bytes hold its end-of-file marker (%%EOF)."""
    with pdf.open("rb") as stream:
        stream.seek(max(0, pdf.stat().st_size - _PDF_TAIL_BYTES))
        return b"%%EOF" in stream.read()


def _last_begun(pdfs: list[Path]) -> int:
    """The index of the last PDF LibreOffice has begun to write (it goes in order), or 0."""
    return max((index for index, pdf in enumerate(pdfs) if pdf.exists()), default=0)


class _Watcher:
    """Tells how many documents of a run are done while LibreOffice works through them in
    order: every one before the last PDF begun. Calls `converted` once for each newly done."""

    def __init__(self, pdfs: list[Path], converted: Callable[[], None] | None) -> None:
        self._pdfs = pdfs
        self._converted = converted
        self._done = 0

    def progressed(self) -> bool:
        """True when a document was done since the last call."""
        return self._advance_to(_last_begun(self._pdfs))

    def finish(self, done: int) -> None:
        self._advance_to(done)

    def _advance_to(self, done: int) -> bool:
        moved = done > self._done
        while self._done < done:
            self._done += 1
            if self._converted is not None:
                self._converted()
        return moved


def _run(
    command: list[str], env: dict[str, str], timeout: float, progressed: Callable[[], bool] | None = None
) -> tuple[int, bytes]:
    """Run soffice to its end; its exit code and the tail of its output. It is stopped when
    `timeout` seconds pass without `progressed()` saying a document was done."""
    process: subprocess.Popen[bytes] | None = None
    reader: _TailReader | None = None
    try:
        # Deferred: a signal inside Popen() after the fork would lose the process to end.
        with deferred():
            try:
                # A session of its own: soffice (oosplash) starts soffice.bin as a child, and
                # every way out must end both, not leave a converter running in the background.
                # It also keeps a Ctrl-C at the terminal from reaching soffice: rkt ends it.
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    env=env,
                    start_new_session=os.name == "posix",
                )
            except OSError as exc:
                raise LibreOfficeMissing(f"cannot run {command[0]}: {exc.strerror or exc}; {install_hint()}") from None
            assert process.stdout is not None  # stdout=PIPE
            started = _TailReader(process.stdout)
            started.start()
            reader = started  # only a started thread can be joined
        deadline = time.monotonic() + timeout
        while True:
            try:
                # Deferred: a signal handler raising inside Popen.wait can leave the wait lock
                # CPython takes before its own try held, and _end_group's last wait below would
                # then block for ever. A signal now waits out one poll (_POLL_SECONDS) at most.
                with deferred():
                    process.wait(max(0.0, min(_POLL_SECONDS, deadline - time.monotonic())))
                break
            except subprocess.TimeoutExpired:
                if progressed is not None and progressed():
                    deadline = time.monotonic() + timeout
                elif time.monotonic() >= deadline:
                    raise LibreOfficeError(f"LibreOffice did not finish within {timeout:g} s; it was stopped") from None
        returncode = process.returncode
    finally:
        if process is not None:
            with deferred():
                # Also on success: a soffice.bin left behind by its parent would keep running.
                _end_group(process)
                if reader is not None:
                    reader.join(_READER_JOIN_SECONDS)
                if reader is None or not reader.is_alive():
                    assert process.stdout is not None
                    process.stdout.close()
    assert reader is not None  # set together with process
    return returncode, reader.tail()


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """End soffice and everything it started: SIGTERM to the group, SIGKILL after a grace.

    On Windows there are no process groups to signal: the process itself is killed.
    """
    if os.name != "posix":
        if process.poll() is None:
            process.kill()
        process.wait()
        return
    try:
        if process.poll() is None:
            _signal_group(process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(KILL_GRACE_SECONDS)
    finally:
        # In a finally: a second Ctrl-C during the grace must not leave the group running.
        # What is left once the leader has gone (soffice.bin, a child that ignored SIGTERM)
        # is killed; the profile it would write to is being thrown away.
        _signal_group(process.pid, signal.SIGKILL)
        process.wait()


def _signal_group(pgid: int, signum: int) -> None:
    # ESRCH: the group has already ended. The group id is the leader's pid, which cannot be
    # handed out again while any member of the group (even a zombie) remains.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


class _TailReader(threading.Thread):
    """Drains a child's output pipe, keeping only its last OUTPUT_TAIL_BYTES.

    A thread (not communicate()) because communicate() holds everything the child writes; and
    the pipe must be drained, or a child writing more than the pipe holds would block for ever.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(name="soffice-output", daemon=True)  # never keeps rkt from exiting
        self._fd = stream.fileno()
        self._tail = bytearray()
        self._lock = threading.Lock()

    def run(self) -> None:
        while True:
            try:
                chunk = os.read(self._fd, _READ_CHUNK)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._tail += chunk
                if len(self._tail) > OUTPUT_TAIL_BYTES:
                    del self._tail[:-OUTPUT_TAIL_BYTES]

    def tail(self) -> bytes:
        with self._lock:
            return bytes(self._tail)


def last_line(output: bytes) -> str:
    """The last non-blank line of a child's output, short and safe to print on one line."""
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    if not lines:
        return ""
    line = lines[-1]
    if len(line) > _MESSAGE_CHARS:
        line = "…" + line[-_MESSAGE_CHARS:]
    # The output is the child's, not ours: an escape sequence in it must not reach the terminal.
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in line)
