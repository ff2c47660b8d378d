"""Diagnostics as values: every stage collects them, only the CLI prints them.

The text, json and GitHub forms below are the only printers of diagnostics: `rkt validate`,
`rkt template check`, `rkt import` and the checks before `summary`/`render` all use them. Text
from the user's file is printed with its control characters escaped (see safe_output).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from rkt_cli.safe_output import escape_controls, escape_json_controls

# A file with thousands of one mistake (200,000 unknown keys, a word misspelt 20,000 times) shows
# this many of each kind, then one "… and N more": placing and printing the rest would cost time
# and memory and tell the reader nothing new.
MAX_DIAGNOSTICS_PER_RULE = 50


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in one file, at a 1-based line and column (0 when unknown)."""

    code: str
    severity: Severity
    file: str
    line: int
    col: int
    path: str
    message: str
    # A second location that explains the first (e.g. the earlier of two duplicate keys).
    related_line: int | None = field(default=None, compare=False)
    # How many problems this one stands for: 1, or for "… and N more", the N it was made for
    # (more_like_this), so that counts and JSON totals say how many problems there really are.
    count: int = field(default=1, compare=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, then position, so output reads top to bottom."""
        return (self.file, self.line, self.col, self.code, self.message)

    @property
    def is_error(self) -> bool:
        """True for an error (exit 1 or 2), False for a warning."""
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        """The JSON form: every field but related_line; "count" only on an "… and N more"."""
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "message": self.message,
        }
        if self.count != 1:
            out["count"] = self.count
        return out


def more_like_this(first_left_out: Diagnostic, count: int) -> Diagnostic:
    """The last diagnostic of a capped list: "… and N more", at the first one left out, standing
    for all `count` of them."""
    message = f"… and {count} more like this (only the first {MAX_DIAGNOSTICS_PER_RULE} of each kind are shown)"
    return replace(first_left_out, message=message, related_line=None, count=count)


def totals(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings) as problems, not lines: an "… and 70 more" counts as 70."""
    errors = warnings = 0
    for d in diagnostics:
        if d.is_error:
            errors += d.count
        else:
            warnings += d.count
    return errors, warnings


class PerRuleCap:
    """Collects diagnostics, at most MAX_DIAGNOSTICS_PER_RULE of each code, then one "… and N
    more" per code for the rest. A caller with many to report asks `skip(code)` first, so that
    the ones left out cost a count and are never made:

        if not capped.skip("RKT006"):
            capped.add(Diagnostic("RKT006", …))
    """

    def __init__(self) -> None:
        self._shown: list[Diagnostic] = []
        self._counts: dict[str, int] = {}
        self._first_left_out: dict[str, Diagnostic] = {}

    def skip(self, code: str) -> bool:
        """True (and counted) when a diagnostic of `code` would be left out and need not be made."""
        if self._counts.get(code, 0) <= MAX_DIAGNOSTICS_PER_RULE:
            return False
        self._counts[code] += 1
        return True

    def add(self, diagnostic: Diagnostic) -> None:
        """Count one diagnostic; keep it while its code has room."""
        count = self._counts[diagnostic.code] = self._counts.get(diagnostic.code, 0) + 1
        if count <= MAX_DIAGNOSTICS_PER_RULE:
            self._shown.append(diagnostic)
        elif count == MAX_DIAGNOSTICS_PER_RULE + 1:
            self._first_left_out[diagnostic.code] = diagnostic

    def diagnostics(self) -> list[Diagnostic]:
        """The ones kept, in the order added, then an "… and N more" for each code over the cap."""
        more = [
            more_like_this(first, self._counts[code] - MAX_DIAGNOSTICS_PER_RULE)
            for code, first in self._first_left_out.items()
        ]
        return self._shown + more


def cap_per_code(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics already made, capped as PerRuleCap caps them (for a list that comes whole,
    such as an import's warnings)."""
    capped = PerRuleCap()
    for diagnostic in diagnostics:
        capped.add(diagnostic)
    return capped.diagnostics()


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in file, line, column order."""
    return sorted(diagnostics, key=Diagnostic.sort_key)


def promote_warnings(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """--strict: every warning becomes an error."""
    return [replace(d, severity=Severity.ERROR) for d in diagnostics]


def format_one_line(d: Diagnostic) -> str:
    """`file:line:col: severity[CODE] path: message` — the form editors and grep understand.

    Without a column (an imported table row) it is `file:line: …`; without a line, `file: …`.
    """
    if d.line and d.col:
        where = f"{d.file}:{d.line}:{d.col}"
    elif d.line:
        where = f"{d.file}:{d.line}"
    else:
        where = d.file
    subject = f"{d.path}: " if d.path else ""
    return escape_controls(f"{where}: {d.severity.value}[{d.code}] {subject}{d.message}")


# A source line longer than this is shown as a window around the caret: fifty diagnostics on one
# 200 KB line would otherwise print 10 MB.
EXCERPT_WIDTH = 160


def _excerpt(line: str, col: int) -> tuple[str, int]:
    """The part of `line` shown under a diagnostic, and the caret's column within it."""
    if len(line) <= EXCERPT_WIDTH:
        return line, col
    start = max(0, min(col - 1 - EXCERPT_WIDTH // 2, len(line) - EXCERPT_WIDTH))
    window = line[start : start + EXCERPT_WIDTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + EXCERPT_WIDTH < len(line) else ""
    return prefix + window + suffix, col - start + len(prefix)


def format_text(diagnostics: Sequence[Diagnostic], sources: Mapping[str, Sequence[str]] | None = None) -> str:
    """One line per diagnostic, followed by the offending source line and a caret under it."""
    out: list[str] = []
    for d in diagnostics:
        out.append(format_one_line(d))
        lines = sources.get(d.file) if sources else None
        if lines and 0 < d.line <= len(lines):
            source_line, caret_col = _excerpt(lines[d.line - 1].rstrip("\r\n"), max(d.col, 1))
            gutter = f"{d.line:>5} | "
            out.append(gutter + escape_controls(source_line, keep="\t"))
            # Keep tabs in the padding so the caret lines up under a tab-indented line too; a
            # control character before the caret is shown as an escape, so pad by its width.
            before = escape_controls(source_line[: caret_col - 1], keep="\t")
            padding = "".join(ch if ch == "\t" else " " for ch in before)
            out.append(" " * (len(gutter) - 2) + "| " + padding + "^")
    return "\n".join(out)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """`{"errors": n, "warnings": n, "diagnostics": [...]}`, for scripts and editors; the counts
    are of problems, so an "… and N more" (with its "count": N) adds N."""
    errors, warnings = totals(diagnostics)
    payload = {
        "errors": errors,
        "warnings": warnings,
        "diagnostics": [d.as_dict() for d in diagnostics],
    }
    return escape_json_controls(json.dumps(payload, ensure_ascii=False, indent=2))


def _escape_github_data(text: str) -> str:
    # CR and LF are the spec's own %0D/%0A; every other control character becomes a visible escape.
    text = escape_controls(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands (`::error file=…,line=…::message`), escaped per the spec."""
    out = []
    for d in diagnostics:
        level = "error" if d.is_error else "warning"
        props = [f"file={_escape_github_property(d.file)}"]
        if d.line:
            props.append(f"line={d.line}")
        if d.line and d.col:
            props.append(f"col={d.col}")
        props.append(f"title={_escape_github_property(f'{d.code} {d.path}'.strip())}")
        out.append(f"::{level} {','.join(props)}::{_escape_github_data(d.message)}")
    return "\n".join(out)
