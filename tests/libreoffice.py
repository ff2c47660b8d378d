"""LibreOffice for the whole test session: every conversion the selected tests need, in as few
soffice runs as possible, each document converted once.

Starting soffice costs about 1 s, converting a small document a fraction of that; a dozen
modules each starting their own made up a sixth of the suite's time. So a module that converts
documents registers them (`@source(kind)`, a function returning [(stem, bytes)], called once),
and the session converts the registered documents of every module that will run, one soffice
call per kind, in a thread started with the session; tests/conftest.py runs the modules that
convert last, so the conversions are done by the time they are needed. A module's fixture then
asks for its documents (`libreoffice.convert(...)`, the session fixture of tests/conftest.py)
and gets them from that run; anything not registered is converted there and then. The conversion itself is the real
one: rkt's own soffice command (rkt_cli.render.pdf.soffice_command), on the same bytes.

    @source(PDF_FROM_DOCX)
    def documents() -> Documents:
        return [("rkt_2024", render_docx(...))]

    @pytest.fixture(scope="module")
    def pdf(libreoffice: LibreOffice) -> Path:
        (done,) = libreoffice.convert(documents())
        return done.file(".pdf")

One profile (UserInstallation) per environment serves the whole session; kinds with another
environment (an Indonesian locale) get a profile of their own, so that no setting carries over.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from rkt_cli.render.pdf import LibreOfficeMissing, find_soffice, soffice_command
from tests.cli_support import run_rkt

Documents = list[tuple[str, bytes]]
"""Documents to convert: (file stem, the input file's bytes)."""


@dataclass(frozen=True)
class Kind:
    """What one soffice run does to all its files: the --convert-to target, the input files'
    suffix and the environment soffice runs in (on top of the test process's own)."""

    target: str
    suffix: str = ".docx"
    env: tuple[tuple[str, str], ...] = ()


PDF_FROM_DOCX = Kind("pdf:writer_pdf_Export")
XLSX_SAVED_BY_CALC = Kind("xlsx:Calc MS Excel 2007 XML", suffix=".xlsx")

_SOURCES: list[tuple[str, Kind, Callable[[], Documents]]] = []


def source(kind: Kind) -> Callable[[Callable[[], Documents]], Callable[[], Documents]]:
    """Register a module's documents of `kind` for the session's shared run; the function is
    called once (its result is kept), so the module's fixture gets the very same bytes."""

    def register(producer: Callable[[], Documents]) -> Callable[[], Documents]:
        once = cache(producer)
        _SOURCES.append((producer.__module__, kind, once))
        return once

    return register


def handed_to_libreoffice(*args: str | Path) -> Documents:
    """The DOCX that `rkt render ARGS --format pdf --out-dir FOLDER` hands LibreOffice: the real
    command line in process, up to the conversion, which is recorded instead (and left to the
    session's shared run)."""
    handed: Documents = []

    def record(
        documents: Sequence[tuple[str, bytes]], timeout: float | None = None, converted: object = None
    ) -> list[bytes]:
        handed.extend(documents)
        return [b"%PDF-1.4\n%%EOF\n" for _ in documents]

    with tempfile.TemporaryDirectory(prefix="rkt-handed-") as out, pytest.MonkeyPatch.context() as patch:
        patch.setattr("rkt_cli.render.pdf.convert_many", record)
        result = run_rkt("render", *args, "--format", "pdf", "--out-dir", out)
    assert result.returncode == 0, result.stderr
    assert handed, f"`rkt {' '.join(map(str, args))}` converted nothing"
    return handed


def converting_modules() -> set[str]:
    """The test modules that registered documents to convert."""
    return {module for module, _, _ in _SOURCES}


@dataclass(frozen=True)
class Converted:
    """One document's outputs, in a folder of their own, named after the document's stem as
    soffice names them (STEM.pdf, STEM-SHEET.csv, ...); `log` is soffice's output of the run."""

    folder: Path
    stem: str
    log: str

    def file(self, suffix: str) -> Path:
        return self.folder / f"{self.stem}{suffix}"

    def named(self, stem: str) -> Converted:
        """The same outputs as another document of the same bytes would have them named."""
        if stem == self.stem:
            return self
        folder = self.folder.with_name(f"{self.folder.name}-{stem}")
        if not folder.exists():
            folder.mkdir()
            for output in self.folder.iterdir():
                shutil.copyfile(output, folder / (stem + output.name[len(self.stem) :]))
        return Converted(folder, stem, self.log)


@dataclass
class LibreOffice:
    """The session's converter (the `libreoffice` fixture). `modules`: the test modules that
    will run, whose registered documents are converted together."""

    root: Path
    modules: set[str]
    runs: list[tuple[Kind, int]] = field(default_factory=list)
    _done: dict[tuple[Kind, str], Converted] = field(default_factory=dict)
    _fetched: set[int] = field(default_factory=set)
    _background: threading.Thread | None = None
    _process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Convert every registered document now, in a thread: soffice works on the second core
        while the tests that need no conversion run on the first (tests/conftest.py runs the
        modules that convert last). A run that fails there is made again by the test that needs
        it, which then shows the error."""
        if not any(module in self.modules for module, _, _ in _SOURCES):
            return
        try:
            soffice = find_soffice()
        except LibreOfficeMissing:
            return  # the modules that convert skip (or fail) on their own
        kinds = list(dict.fromkeys(kind for module, kind, _ in _SOURCES if module in self.modules))
        batches = [(kind, self._registered(kind)) for kind in kinds]  # here: run_rkt is not for threads
        # soffice and the environment as they are now: tests change both (RKT_SOFFICE to a fake)
        # while the thread runs.
        environ = dict(os.environ)
        self._background = threading.Thread(
            target=self._run_all, args=(batches, soffice, environ), name="libreoffice", daemon=True
        )
        self._background.start()

    def close(self) -> None:
        """End a run still going (a session cut short) and wait for the thread."""
        process = self._process
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
        if self._background is not None:
            self._background.join()

    def convert(self, documents: Sequence[tuple[str, bytes]], kind: Kind = PDF_FROM_DOCX) -> list[Converted]:
        """Each document converted (in order), from this session's runs or a new one."""
        if self._background is not None:
            self._background.join()
        self._run(kind, [*documents, *self._registered(kind)], find_soffice(), dict(os.environ))
        return [self._done[_key(kind, data)].named(stem) for stem, data in documents]

    def _registered(self, kind: Kind) -> Documents:
        """The documents of `kind` that the selected modules registered, each module's once."""
        documents: Documents = []
        for index, (module, registered_kind, producer) in enumerate(_SOURCES):
            if registered_kind != kind or index in self._fetched or module not in self.modules:
                continue
            self._fetched.add(index)
            try:
                documents += producer()
            except (Exception, pytest.skip.Exception):
                # Another module's documents that cannot be made: that module's own fixture
                # makes them again and fails (or skips) there, not in this module's tests.
                continue
        return documents

    def _run_all(self, batches: Sequence[tuple[Kind, Documents]], soffice: str, environ: dict[str, str]) -> None:
        for kind, batch in batches:
            with contextlib.suppress(Exception):
                self._run(kind, batch, soffice, environ)

    def _run(self, kind: Kind, batch: Sequence[tuple[str, bytes]], soffice: str, environ: dict[str, str]) -> None:
        todo: dict[tuple[Kind, str], tuple[str, bytes]] = {}
        for stem, data in batch:
            key = _key(kind, data)
            if key not in self._done:
                todo[key] = (stem, data)
        if not todo:
            return
        number = len(self.runs)
        self.runs.append((kind, len(todo)))
        work = self.root / f"run{number}"
        inbox, outbox, scratch = work / "in", work / "out", work / "tmp"
        for folder in (inbox, outbox, scratch):
            folder.mkdir(parents=True)
        # Names of our own in the run (several documents may share a stem); the outputs are
        # renamed back to each document's stem below.
        names = [f"d{index:04d}" for index in range(len(todo))]
        inputs = [inbox / f"{name}{kind.suffix}" for name in names]
        for path, (_, data) in zip(inputs, todo.values(), strict=True):
            path.write_bytes(data)
        profile = self.root / ("profile-" + hashlib.sha256(repr(kind.env).encode()).hexdigest()[:12])
        command = soffice_command(soffice, profile, outbox, inputs)
        command[command.index("--convert-to") + 1] = kind.target
        env = {**environ, "TMPDIR": str(scratch), "TMP": str(scratch), "TEMP": str(scratch), **dict(kind.env)}
        # A group of its own, so that close() ends soffice.bin with the script that started it.
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True
        ) as process:
            self._process = process
            try:
                log, _ = process.communicate(timeout=900)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                log, _ = process.communicate()
        for index, (name, (key, (stem, _))) in enumerate(zip(names, todo.items(), strict=True)):
            folder = work / f"doc{index}"
            folder.mkdir()
            for output in outbox.glob(f"{name}*"):
                shutil.move(output, folder / (stem + output.name[len(name) :]))
            self._done[key] = Converted(folder, stem, log)


def _key(kind: Kind, data: bytes) -> tuple[Kind, str]:
    """Documents of the same bytes convert to the same outputs, whatever their names."""
    return kind, hashlib.sha256(data).hexdigest()


def saved_by_calc(libreoffice: LibreOffice, documents: Documents, what: str) -> bytes:
    """The one workbook of `documents` as LibreOffice Calc saves it again (.xlsx), from the
    session's shared run; skips where LibreOffice or Calc is not installed. `what` names the
    workbook in the failure message."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    (done,) = libreoffice.convert(documents, XLSX_SAVED_BY_CALC)
    out = done.file(".xlsx")
    if not out.exists() and "source file could not be loaded" in done.log:
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    assert out.exists(), f"LibreOffice did not convert the {what}: {done.log}"
    return out.read_bytes()
