"""What is wrong with a file's text before (or instead of) its data: not UTF-8 and what it is
instead, tabs in indentation and control characters, YAML syntax errors with a hint, aliases.

Each problem is a Diagnostic with the file, line and column an editor shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from rkt_cli.diagnostics import Diagnostic, PerRuleCap, Severity
from rkt_cli.safe_output import shell_command

try:  # libyaml's scanner finds the aliases several times faster
    from yaml import CSafeLoader as _Scanner
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Scanner  # type: ignore[assignment]

# Characters XML 1.0 (and so a DOCX) cannot hold; tab, LF and CR are fine. Also the C1 controls
# U+0080–U+009F: XML allows them, but no office text means one, and a terminal that echoes one in
# a diagnostic may obey it (U+009B starts an escape sequence); U+0085 (NEL) is a line break to
# YAML and to str.splitlines but not to an editor, so it would shift every line number after it.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Names for the controls people meet, so a message says more than a code point.
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "NEL, next line",
    0x9B: "CSI, control sequence introducer",
    0x9D: "OSC, operating system command",
}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def error(file: str, code: str, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, file, line, col, "", message)


def alias_diagnostics(text: str, file: str) -> list[Diagnostic]:
    """Point at the first use of each alias (*name): rkt files are short enough to write out in full."""
    first: dict[str, yaml.Token] = {}
    uses: dict[str, int] = {}
    for token in yaml.scan(text, Loader=_Scanner):
        if isinstance(token, yaml.AliasToken):
            uses[token.value] = uses.get(token.value, 0) + 1
            first.setdefault(token.value, token)
    capped = PerRuleCap()
    for name, token in first.items():
        mark = token.start_mark
        times = f" (used {uses[name]} times)" if uses[name] > 1 else ""
        message = f"YAML alias *{name} is not allowed{times}: write the value out in full"
        capped.add(error(file, "RKT003", mark.line + 1, mark.column + 1, message))
    return capped.diagnostics()


def _import_command(file: str, suffix: str | None) -> str:
    """The `rkt import` that turns this file's Word RKT into YAML, quoted so it can be pasted into
    a shell: named after the file when its name ends in `suffix` (the .docx itself, or the .docx
    an old .doc is saved as), else with FILE.docx to fill in."""
    path = Path(file)
    if suffix is None or path.suffix.lower() != suffix:
        return "rkt import FILE.docx -o FILE.yaml"
    docx = path if suffix == ".docx" else path.with_suffix(".docx")
    return shell_command("rkt", "import", docx, "-o", path.with_suffix(".yaml"))


def not_utf8(raw: bytes, file: str, exc: UnicodeDecodeError) -> Diagnostic:
    if raw.startswith(b"PK\x03\x04") and Path(file).suffix.lower() in (".xlsx", ".xlsm"):
        command = shell_command("rkt", "import", file, "-o", Path(file).with_suffix(".yaml"))
        message = f"this is an Excel workbook, not YAML; `{command}` turns its RKT table (or a lembar) into YAML"
        return error(file, "RKT005", 1, 1, message)
    if raw.startswith(b"PK\x03\x04"):  # a zip: most likely the Word document itself
        return error(
            file,
            "RKT005",
            1,
            1,
            "this is a Word document (.docx) or another zip file, not YAML; "
            f"`{_import_command(file, '.docx')}` turns a Word RKT into YAML",
        )
    if raw.startswith(b"%PDF-"):  # a PDF keeps binary data after its first line
        return error(
            file,
            "RKT005",
            1,
            1,
            "this is a PDF, not YAML; rkt reads the YAML an RKT is kept in (the PDF is what "
            f"`rkt render --format pdf` makes); `{_import_command(file, None)}` turns a Word RKT into YAML",
        )
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # the container of .doc and .xls files
        return error(
            file,
            "RKT005",
            1,
            1,
            "this is an old Word (.doc) or Excel (.xls) file, not YAML; save it as .docx in Word, then "
            f"`{_import_command(file, '.doc')}` turns a Word RKT into YAML",
        )
    if raw.startswith(_UTF16_BOMS):
        return error(
            file, "RKT005", 1, 1, "the file is UTF-16; save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8)"
        )
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    line = raw.count(b"\n", 0, exc.start) + 1
    # Count characters, not bytes, so the column matches what an editor shows.
    col = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
    hint = ""
    if 0xC0 <= raw[exc.start] <= 0xFF:  # Latin-1/Windows-1252 letters such as é (0xE9)
        hint = " (it looks like Windows-1252/Latin-1)"
    return error(
        file,
        "RKT005",
        line,
        col,
        f"the file is not UTF-8: byte 0x{raw[exc.start]:02X} cannot be read{hint}; save it as UTF-8 "
        "(in Notepad: Save As → Encoding: UTF-8)",
    )


def describe_control(char: str) -> str:
    """'U+009B (CSI, control sequence introducer)': the code point, and its name where it has one."""
    name = _CONTROL_NAMES.get(ord(char))
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def editor_lines(text: str) -> list[str]:
    """The lines as an editor numbers them: split at LF (CRLF included) only.

    str.splitlines() also splits at form feed, NEL, U+001C… and so would hide those characters
    from a search line by line, and number the lines after them differently from the editor.
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


# Every byte value but the ASCII characters CONTROL matches: deleting these leaves only those.
_NOT_ASCII_CONTROL = bytes(byte for byte in range(256) if byte >= 128 or not CONTROL.match(chr(byte)))


def _has_control(text: str) -> bool:
    """Whether `text` holds a character CONTROL matches. An ASCII text (most files) is searched
    as bytes by bytes.translate, ten times faster than the regular expression over 1 MB."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _NOT_ASCII_CONTROL))
    return CONTROL.search(text) is not None


def character_problems(text: str, file: str) -> tuple[list[Diagnostic], list[str]]:
    """Tabs in indentation and control characters, found before the parser stumbles on them.

    Returns the problems and the lines to show under them, numbered as an editor numbers them;
    the printer (diagnostics.format_text) shows each control character as an escape such as \\x1b.
    """
    if "\t" not in text and not _has_control(text):
        return [], []  # the usual case: one pass over the text instead of one per line
    # Every line is checked (one pass), so the count after "… and N more" is the true one.
    capped = PerRuleCap()
    lines = editor_lines(text)
    for number, line_text in enumerate(lines, start=1):
        indent = len(line_text) - len(line_text.lstrip(" \t"))
        if "\t" in line_text[:indent] and line_text.strip():
            col = line_text.index("\t") + 1
            if not capped.skip("RKT006"):
                capped.add(error(file, "RKT006", number, col, "tab used for indentation; YAML allows only spaces"))
        bad = CONTROL.search(line_text)
        if bad and not capped.skip("RKT009"):
            message = f"control character {describe_control(bad.group())} is not allowed; remove it"
            capped.add(error(file, "RKT009", number, bad.start() + 1, message))
    return capped.diagnostics(), lines


# libyaml's wording for mistakes people make often, with what to do about them.
_SYNTAX_HINTS = {
    # libyaml says "… in this context", PyYAML's own parser "… here".
    "mapping values are not allowed": "check this line's indentation, or put a text holding ': ' in quotes",
    "could not find expected ':'": "each line needs `key: value`, or a text that goes on must be indented further",
    "found character that cannot start any token": "put the text in quotes",
}


def syntax_error(exc: yaml.MarkedYAMLError, file: str) -> Diagnostic:
    problem = exc.problem or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context = exc.context or ""
    if "maximum nesting depth" in problem:
        return error(file, "RKT012", line, col, "nesting is too deep to read (libyaml stops at 1000 levels)")
    if context == "expected a single document in the stream":
        return error(
            file,
            "RKT001",
            line,
            col,
            "a second YAML document starts here ('---'); keep one RKT per file",
        )
    message = f"YAML syntax error: {problem}"
    if context:
        where = exc.context_mark
        started = f" at line {where.line + 1}" if where and where.line + 1 != line else ""
        message += f" ({context}{started})"
    for wording, hint in _SYNTAX_HINTS.items():
        if wording in problem:
            message += f"; {hint}"
            break
    return error(file, "RKT001", line, col, message)
