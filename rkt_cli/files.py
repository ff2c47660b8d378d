"""Writing output files safely: a temp file beside the target, then an atomic rename.

The temp file is named `.NAME.XXXXXXXX.tmp` (mkstemp's eight random characters) in the target's
folder, so the rename never crosses file systems. A write killed outright (SIGKILL, power loss)
leaves such a file behind; the next write of the same target removes them.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

# What a non-regular file is, for the message that refuses to replace it.
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotARegularFile(OSError):
    """The target exists and is a FIFO, a device, a socket or a directory.

    Replacing it by a rename would silently swap /dev/null or a pipe someone reads for a plain
    file; streaming into it would give up the all-or-nothing guarantee (and a FIFO without a
    reader blocks forever). So rkt writes only to regular files and refuses the rest.
    """


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def refuse_non_regular(target: Path) -> None:
    """Raise NotARegularFile when `target` exists and is not a regular file (links are followed)."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise NotARegularFile(errno.EINVAL, f"is {kind}; rkt writes only regular files", str(target))


def _temp_pattern(target: Path) -> re.Pattern[str]:
    # mkstemp's random part: eight characters from [a-z0-9_].
    return re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}" + re.escape(".tmp"))


def remove_stale_temp_files(target: Path) -> list[Path]:
    """Remove temp files an interrupted write of `target` left beside it; returns what was removed.

    Only regular files with exactly our naming are touched. A file that cannot be removed (another
    user's, in a shared folder) is left alone: it costs nothing but space. A second rkt writing the
    same target at this very moment would lose its temp file and fail with "cannot write", with
    the target intact; writing one file from two processes at once is a mistake anyway.
    """
    pattern = _temp_pattern(target)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def write_atomically(target: Path, data: bytes) -> None:
    """Either the whole new file is at `target` afterwards, or the old one is untouched.

    Raises OSError when the folder cannot be written, and NotARegularFile when `target` is a
    FIFO, device, socket or directory (it is never replaced). mkstemp creates the temp file 0600
    for safety; we give it the final mode before the rename so that a rendered document is as
    readable as one saved by Word.
    """
    target = Path(target)
    refuse_non_regular(target)
    mode = _mode_for(target)
    remove_stale_temp_files(target)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
