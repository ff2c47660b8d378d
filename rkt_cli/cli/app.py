"""The Typer application object and what every command shares: input expansion, checking,
printing diagnostics, writing outputs, exit codes. The CLI is the only layer that prints or exits.

Whatever is printed from user data (file names, values, source lines) goes through
`escape_controls`, so a hostile file cannot drive the terminal with escape sequences.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum, IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from rkt_cli import __version__
from rkt_cli.cli.params import RktCommand as RktCommand  # the command modules take both from here
from rkt_cli.cli.params import RktGroup as RktGroup
from rkt_cli.diagnostics import (
    Diagnostic,
    format_github,
    format_json,
    format_text,
    promote_warnings,
    sort_diagnostics,
    totals,
)
from rkt_cli.safe_output import escape_controls, shell_command

if TYPE_CHECKING:
    from rkt_cli.checking import CheckedFile
    from rkt_cli.requirements import TemplateNeeds

T = TypeVar("T")
R = TypeVar("R")


class ExitCode(IntEnum):
    OK = 0
    DATA_ERROR = 1  # the data has errors: YAML syntax, schema, rule
    USAGE_ERROR = 2  # bad option, missing file, bad template, unwritable output, LibreOffice absent


class DiagnosticFormat(str, Enum):
    AUTO = "auto"
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


DIAGNOSTIC_FORMAT_HELP = "text (stderr), json or github (stdout); auto picks github on GitHub Actions."


def format_option(default: Enum, help_text: str = DIAGNOSTIC_FORMAT_HELP) -> Any:
    """The `--format/-f FORMAT` option every command declares, any letter case accepted."""
    return typer.Option(default, "--format", "-f", help=help_text, case_sensitive=False, metavar="FORMAT")


app = typer.Typer(
    name="rkt",
    help="Keep a Rencana Kinerja Tahunan as validated YAML and render the documents to sign.",
    no_args_is_help=True,
    cls=RktGroup,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"rkt {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", "-V", help="Show the version and exit.", callback=_version_callback, is_eager=True
    ),
) -> None:
    """Keep a Rencana Kinerja Tahunan as validated YAML and render the documents to sign."""


def examples_epilog() -> str:
    """The "Example(s):" line of every command's docstring, so `rkt --help` shows them all.

    Several examples on one line are separated by " · ".
    """
    callbacks = [command.callback for command in app.registered_commands]
    for group in app.registered_groups:
        if group.typer_instance is not None:
            callbacks += [command.callback for command in group.typer_instance.registered_commands]
    examples = []
    for callback in callbacks:
        for line in (callback.__doc__ or "").splitlines() if callback else []:
            label, _, rest = line.strip().partition(":")
            if label in ("Example", "Examples") and rest:
                examples += [example.strip() for example in rest.split(" · ")]
    return "Examples:\n\n" + "\n\n".join(f"  {example}" for example in examples)


def say(message: str, err: bool = True) -> None:
    """Print a message for people (stderr unless err=False), control characters escaped."""
    typer.echo(escape_controls(message, keep="\n"), err=err)


def fail(message: str, code: ExitCode) -> NoReturn:
    """One line `rkt: error: …` on stderr, then exit with `code`."""
    say(f"rkt: error: {message}")
    raise typer.Exit(code)


def fail_usage(message: str) -> NoReturn:
    """A usage or environment problem: one line on stderr, exit 2."""
    fail(message, ExitCode.USAGE_ERROR)


def refuse_special_output(target: Path) -> None:
    """Stop early (exit 2) when an output names a FIFO, a device or a socket: rkt never replaces
    one (see files.NotARegularFile), and finding out before the work saves a wasted render."""
    from rkt_cli.files import NotARegularFile, refuse_non_regular

    try:
        refuse_non_regular(target)
    except NotARegularFile as exc:
        fail_usage(f"{target}: {exc.strerror}")


def write_output(target: Path, data: bytes) -> None:
    """Write `data` to `target` atomically, or stop with `TARGET: cannot write: why` (exit 2);
    a FIFO, device or socket at `target` is refused (files.NotARegularFile), never replaced."""
    from rkt_cli.files import NotARegularFile, write_atomically

    try:
        write_atomically(target, data)
    except NotARegularFile as exc:
        fail_usage(f"{target}: {exc.strerror}")
    except OSError as exc:
        fail_usage(f"{target}: cannot write: {exc.strerror or exc}")


def refuse_file_in_the_way(folder: Path) -> None:
    """Stop (exit 2) when `folder`, or a folder above it that exists, is a file: the folder
    cannot be made there. A missing folder is fine; it is made just before the first write."""
    for existing in (folder, *folder.parents):
        if existing.exists():
            if not existing.is_dir():
                fail_usage(f"{existing}: is a file, not a folder; outputs cannot be written into it")
            return


def make_folder(folder: Path) -> None:
    """Make a missing output folder (and those above it), or stop with exit 2."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail_usage(f"{folder}: cannot make the folder: {exc.strerror or exc}")


YAML_SUFFIXES = (".yaml", ".yml")


def yaml_files_below(directory: Path) -> list[Path]:
    """The .yaml/.yml files below a directory (any case, as Windows names them), sorted.

    Hidden files and folders are skipped: `rkt validate .` must not read .github/workflows,
    .pre-commit-config.yaml or a .venv full of other programs' YAML.
    """
    found = []
    for folder, subfolders, names in os.walk(directory):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            path = Path(folder, name)
            if not name.startswith(".") and path.suffix.lower() in YAML_SUFFIXES and path.is_file():
                found.append(path)
    return sorted(found)


# A realisasi file names its RKT on a top-level `rkt:` line, which no RKT file has.
_REALISASI_MARK = re.compile(rb"^rkt[ \t]*:", re.MULTILINE)
_REALISASI_PEEK_BYTES = 64 * 1024


def is_realisasi_file(path: Path) -> bool:
    """Whether a YAML file found in a folder is a realisasi file (rkt_cli.realisasi), which lives
    beside its RKT (data/realisasi_2024.yaml) and is no RKT: the start of the file says so."""
    try:
        with path.open("rb") as stream:
            return _REALISASI_MARK.search(stream.read(_REALISASI_PEEK_BYTES)) is not None
    except OSError:
        return False  # the check that follows reports an unreadable file


def expand_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a directory stands for the YAML files below it. Each file once: one named
    twice (directly and through its directory) is read once, so it is neither reported nor
    counted twice."""
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = yaml_files_below(path)
            if not found:
                fail_usage(f"{path}: no .yaml files in this directory")
            realisasi = [file for file in found if is_realisasi_file(file)]
            for file in realisasi:
                say(f"rkt: note: {file} is a realisasi file, left out; `rkt capaian` reads it")
            found = [file for file in found if file not in realisasi]
        elif path.exists():
            found = [path]
        else:
            fail_usage(f"{path}: no such file")
        for file in found:
            key = file.resolve()
            if key in seen:
                say(f"rkt: warning: {file} is given more than once; it is read once")
                continue
            seen.add(key)
            files.append(file)
    return files


def check_inputs(
    paths: Sequence[Path], strict: bool = False, jobs: int = 1, needs: TemplateNeeds | None = None
) -> list[CheckedFile]:
    """Check every input file (directories expanded); an unreadable file stops with exit 2.
    With `needs`, each file must also carry what a template shows (rkt_cli.requirements).

    With `jobs` > 1 and enough files the checks run in worker processes (rkt_cli.parallel);
    their results carry no model (see checked_for_report), which validate does not need.
    """
    from rkt_cli.cli.workers import pool_pays, run_in_pool

    files = expand_inputs(paths)
    if pool_pays(jobs, files):
        import functools

        import rkt_cli.checking  # noqa: F401  (imported once here, forked workers inherit it)

        return accept_checked(run_in_pool(functools.partial(checked_for_report, needs=needs), files, jobs), strict)
    # A generator: the first unreadable file stops the run before the files after it are read.
    return accept_checked((check_or_reason(path, needs) for path in files), strict)


def check_or_reason(path: Path, needs: TemplateNeeds | None = None) -> CheckedFile | str:
    """One file checked, or the one line that says why it cannot be read."""
    from rkt_cli.checking import check_file  # pydantic loads only for commands that check

    try:
        return check_file(path, str(path), needs)
    except OSError as exc:
        return f"{path}: cannot read: {exc.strerror or exc}"


def for_report(result: CheckedFile) -> CheckedFile:
    """What a worker hands back of a checked file: no model (the parent only reports), and the
    source lines only where a diagnostic quotes them."""
    import dataclasses

    return dataclasses.replace(result, model=None, lines=result.lines if result.diagnostics else [])


def checked_for_report(path: Path, needs: TemplateNeeds | None = None) -> CheckedFile | str:
    """A worker's part of `rkt validate --jobs N`: one file checked, for the report."""
    result = check_or_reason(path, needs)
    return result if isinstance(result, str) else for_report(result)


def accept_checked(outcomes: Iterable[CheckedFile | str], strict: bool) -> list[CheckedFile]:
    """The checked files in order; the first that could not be read stops with exit 2."""
    checked = []
    for outcome in outcomes:
        if isinstance(outcome, str):
            fail_usage(outcome)
        if strict:
            outcome.diagnostics = promote_warnings(outcome.diagnostics)
        checked.append(outcome)
    return checked


def resolve_format(fmt: DiagnosticFormat) -> DiagnosticFormat:
    """`auto` made concrete: github under GitHub Actions, else text."""
    if fmt is DiagnosticFormat.AUTO:
        return DiagnosticFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else DiagnosticFormat.TEXT
    return fmt


def all_diagnostics(checked: Sequence[CheckedFile]) -> list[Diagnostic]:
    """Every diagnostic of the checked files, in file and line order."""
    return sort_diagnostics(d for c in checked for d in c.diagnostics)


def emit_diagnostics(
    diagnostics: Sequence[Diagnostic],
    sources: Mapping[str, Sequence[str]],
    fmt: DiagnosticFormat = DiagnosticFormat.TEXT,
) -> None:
    """The one printer of diagnostics, for every command. Text goes to stderr with the source
    line and a caret under it (`sources` maps a file to its lines); json and github are the
    output itself, on stdout. The formatters escape control characters from the file."""
    fmt = resolve_format(fmt)
    if fmt is DiagnosticFormat.JSON:
        typer.echo(format_json(diagnostics))
    elif fmt is DiagnosticFormat.GITHUB:
        if diagnostics:
            typer.echo(format_github(diagnostics))
    elif diagnostics:
        typer.echo(format_text(diagnostics, sources), err=True)


def print_diagnostics(checked: Sequence[CheckedFile], fmt: DiagnosticFormat = DiagnosticFormat.TEXT) -> None:
    """The diagnostics of checked files through `emit_diagnostics`."""
    emit_diagnostics(all_diagnostics(checked), {c.file: c.lines for c in checked}, fmt)


def count_line(checked: Sequence[CheckedFile]) -> str:
    """`2 files checked: 1 error, 3 warnings`."""
    errors, warnings = totals(all_diagnostics(checked))
    return f"{plural(len(checked), 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}"


# At most this many file names in the line that says which files the rules have not checked yet.
MAX_NAMED_FILES = 3


def waiting_checks(checked: Sequence[CheckedFile]) -> list[str]:
    """The closing line(s) after errors: which checks have not run yet, and what lets them run.

    A file that does not load has no data for the schema; one that fails the schema has no
    model for the lint rules. Their warnings (RKT2xx) are unknown until then, so "0 warnings"
    must not read as "no warnings".
    """
    from rkt_cli.checking import Stage
    from rkt_cli.rules import REGISTRY

    rules = f"the {len(REGISTRY)} lint rules ({REGISTRY[0].code}–{REGISTRY[-1].code})"
    waiting = {
        Stage.LOAD: (f"the schema check and {rules} run once", "loads without errors", "load without errors"),
        Stage.SCHEMA: (f"{rules} run once", "matches the schema", "match the schema"),
    }
    lines = []
    for stage, (what, one, several) in waiting.items():
        # A file that is not text at all (a Word file, a PDF) needs more than a fix: not named here.
        files = [c.file for c in checked if c.reached is stage and c.lines]
        if not files:
            continue
        names = ", ".join(files[:MAX_NAMED_FILES])
        if len(files) > MAX_NAMED_FILES:
            names += f" and {len(files) - MAX_NAMED_FILES} more"
        lines.append(f"fix the errors above; {what} {names} {one if len(files) == 1 else several}")
    return lines


def plural(count: int, word: str) -> str:
    """`1 file`, `2 files`."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def stop_on_errors(checked: Sequence[CheckedFile]) -> None:
    """With any error, print every diagnostic as `rkt validate` does and stop with exit 1."""
    if any(c.has_errors for c in checked):
        print_diagnostics(checked)
        say(count_line(checked))
        for line in waiting_checks(checked):
            say(line)
        raise typer.Exit(ExitCode.DATA_ERROR)


def require_valid(
    paths: Sequence[Path], strict: bool = False, jobs: int = 1, needs: TemplateNeeds | None = None
) -> list[CheckedFile]:
    """Check like `rkt validate` (with `needs`: like `rkt validate --template`); with any error,
    print every diagnostic and stop with exit 1.

    Commands that produce output (summary, render) call this first, so that a file with
    errors gives the same diagnostics as validate and never a half result.
    """
    checked = check_inputs(paths, strict, jobs, needs)
    stop_on_errors(checked)
    report_warnings(checked)
    return checked


def report_warnings(checked: Sequence[CheckedFile]) -> None:
    """After a check without errors: one line per file with warnings (see require_valid)."""
    # Warnings don't stop a summary or a render; one line per file says they exist, and
    # `rkt validate` shows them in full, so the output the user asked for stays in view.
    for result in checked:
        if result.diagnostics:
            count = plural(totals(result.diagnostics)[1], "warning")
            say(f"{result.file}: {count}; `{command_line('rkt', 'validate', result.file)}` shows them")


def command_line(*words: str | Path) -> str:
    """A command to paste into a shell: `rkt validate 'my data/rkt 2024.yaml'`. A path with
    spaces or shell characters is quoted, so what rkt suggests runs as shown."""
    return shell_command(*(str(word) for word in words))


def escaped_text(value: T) -> T:
    """A copy of a validated model (or list, tuple, text) whose texts have their control
    characters written as escapes, for views that go to a terminal (summary, table). The same
    object when nothing needs escaping, which is the usual case."""
    from pydantic import BaseModel

    if isinstance(value, str):
        return escape_controls(value)  # type: ignore[return-value]
    if isinstance(value, (list, tuple)):
        items = [escaped_text(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, BaseModel):
        changed = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = escaped_text(old)
            if new is not old:
                changed[name] = new
        return value.model_copy(update=changed) if changed else value
    return value
