"""rkt: a Rencana Kinerja Tahunan kept as validated YAML, rendered to the documents an office signs.

Public API (the CLI is a thin layer over it):
    check_file(path)      -> CheckedFile (model or None, diagnostics)
    check_text(text)      -> CheckedFile
    RKT                   the document model
"""

from rkt_cli.checking import CheckedFile, check_file, check_text
from rkt_cli.diagnostics import Diagnostic, Severity
from rkt_cli.model import RKT

__version__ = "0.1.0"

__all__ = ["RKT", "CheckedFile", "Diagnostic", "Severity", "__version__", "check_file", "check_text"]
