"""rkt: a Rencana Kinerja Tahunan kept as validated YAML, rendered to the documents an office signs.

Public API (the CLI is a thin layer over it):
    check_file(path)      -> CheckedFile (model or None, diagnostics)
    check_text(text)      -> CheckedFile
    RKT                   the document model
    Diagnostic, Severity  problems as values

Names are imported on first use, so `rkt --version` does not pay for pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from rkt_cli.checking import CheckedFile, check_file, check_text
    from rkt_cli.diagnostics import Diagnostic, Severity
    from rkt_cli.model import RKT

_LAZY = {
    "CheckedFile": "rkt_cli.checking",
    "check_file": "rkt_cli.checking",
    "check_text": "rkt_cli.checking",
    "Diagnostic": "rkt_cli.diagnostics",
    "Severity": "rkt_cli.diagnostics",
    "RKT": "rkt_cli.model",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rkt_cli' has no attribute {name!r}")


__all__ = ["RKT", "CheckedFile", "Diagnostic", "Severity", "__version__", "check_file", "check_text"]
