"""What an import reports: the error that stops it (with the kind of failure the CLI maps to an
exit code) and the findings it goes on with (warnings at table rows, fields not found)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from rkt_cli.diagnostics import Diagnostic, Severity

# What the importer writes where the document does not say: visible, reviewable, and valid.
PLACEHOLDER = "(belum diisi)"


class ImportFailure(Enum):
    """Why an import stopped: the file is not a readable Word document, or it is one without
    an RKT the importer can read."""

    FILE = "file"
    CONTENT = "content"


class DocxImportError(Exception):
    """The file cannot be imported at all; `kind` says whether the file or its content is at fault."""

    def __init__(self, message: str, kind: ImportFailure = ImportFailure.CONTENT) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


@dataclass(frozen=True)
class Missing:
    """A field the document does not hold: written as PLACEHOLDER when the model needs it
    (`placeholder`), left out of the YAML when it is optional."""

    name: str  # as a path in the YAML: "instansi", "penandatangan[0].nip"
    placeholder: bool


@dataclass
class Findings:
    """The warnings and the fields not found, gathered while the import goes on."""

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    def warn(self, code: str, row: int, path: str, message: str) -> None:
        where = f"row {row}: " if row else ""
        self.diagnostics.append(Diagnostic(code, Severity.WARNING, self.file, row, 0, path, where + message))

    def not_found(self, name: str, placeholder: bool) -> None:
        self.missing.append(Missing(name, placeholder))
        if placeholder:
            self.warn("RKT301", 0, name, f"not found in the document; wrote {PLACEHOLDER!r}, fill it in")
