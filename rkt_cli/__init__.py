"""rkt: a Rencana Kinerja Tahunan kept as validated YAML, rendered to the documents an office signs.

Public API (the CLI is a thin layer over it):
    check_file(path)                  -> CheckedFile (model or None, diagnostics)
    check_text(text)                  -> CheckedFile
    RKT                               the document model
    Diagnostic, Severity              problems as values
    document_totals(rkt)              -> DocumentTotals (by program, sasaran, pelaksana)
    load_template(folder=None)        -> Template (the default one when no folder is given)
    build_layout(rkt, template)       -> DocumentView (every cell a string, every span decided)
    render_docx(view, reference_docx) -> DOCX bytes
    import_docx(path)                 -> ImportResult (model and warnings)
    dump_rkt(rkt)                     -> YAML text in the house style

Names are imported on first use, so `rkt --version` does not pay for pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from rkt_cli.checking import CheckedFile, check_file, check_text
    from rkt_cli.diagnostics import Diagnostic, Severity
    from rkt_cli.importer import import_docx
    from rkt_cli.layout import build_layout
    from rkt_cli.model import RKT
    from rkt_cli.render.docx import render_docx
    from rkt_cli.templating import load_template
    from rkt_cli.totals import document_totals
    from rkt_cli.yaml_writer import dump_rkt

_LAZY = {
    "CheckedFile": "rkt_cli.checking",
    "check_file": "rkt_cli.checking",
    "check_text": "rkt_cli.checking",
    "Diagnostic": "rkt_cli.diagnostics",
    "Severity": "rkt_cli.diagnostics",
    "RKT": "rkt_cli.model",
    "document_totals": "rkt_cli.totals",
    "load_template": "rkt_cli.templating",
    "build_layout": "rkt_cli.layout",
    "render_docx": "rkt_cli.render.docx",
    "import_docx": "rkt_cli.importer",
    "dump_rkt": "rkt_cli.yaml_writer",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rkt_cli' has no attribute {name!r}")


__all__ = [
    "RKT",
    "CheckedFile",
    "Diagnostic",
    "Severity",
    "__version__",
    "build_layout",
    "check_file",
    "check_text",
    "document_totals",
    "dump_rkt",
    "import_docx",
    "load_template",
    "render_docx",
]
