"""Text from a user's file made safe to print: control characters shown as escapes.

A YAML value, a DOCX cell or a file name can hold ESC sequences that clear the screen, set the
terminal's title or move the cursor; printed raw, they would hide or forge what rkt says. Every
line the CLI prints from user data goes through `escape_controls`; JSON output through
`escape_json_controls`, which keeps the data exact (a JSON reader gets the same string back).
"""

from __future__ import annotations

import os
import re
import shlex

# C0 controls, DEL and the C1 range (U+0080–U+009F, where U+009B is an 8-bit CSI to some terminals).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
# In JSON text, C0 controls are already escaped by json.dumps; DEL and C1 are not.
_JSON_UNESCAPED = re.compile("[\x7f-\x9f]")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def escape_controls(text: str, keep: str = "") -> str:
    """`text` with each control character (except those in `keep`, e.g. "\\t\\n") written as
    an escape: ESC as \\x1b, NEL as \\u0085. Text without any comes back unchanged."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def escape_json_controls(json_text: str) -> str:
    """JSON text (from json.dumps) with DEL and C1 characters as \\u escapes: the same data to a
    JSON reader, nothing a terminal acts on."""
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def shell_command(*words: str | os.PathLike[str]) -> str:
    """A command to paste into a shell, each word quoted as the shell needs: `rkt validate 'my
    data/rkt 2024.yaml'`. Every command rkt suggests is built here, so that a path with spaces,
    quotes or `$` runs as shown. A word with a control character (a file name holding ESC) is
    written in bash's $'…' form with the character as an escape: the line stays safe to print
    and still names the same file when pasted into bash or zsh."""
    return " ".join(_shell_word(os.fspath(word)) for word in words)


def _shell_word(word: str) -> str:
    if not _CONTROLS.search(word):
        return shlex.quote(word)
    body = word.replace("\\", "\\\\").replace("'", "\\'")
    return "$'" + _CONTROLS.sub(lambda m: _escape(m.group()), body) + "'"
