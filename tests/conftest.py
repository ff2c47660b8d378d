"""Shared pytest setup: golden-file comparison with an update flag, and Hypothesis in CI.

Golden files hold output that is checked by eye once and then compared byte for byte, such as
the `rkt summary` table at 80 columns. To use them in a test module:

    def test_table(golden: Golden) -> None:
        golden.check("summary/by_program.txt", text)   # path under tests/golden/

`pytest --update-golden` rewrites every golden file a run touches from the current output (and
creates missing ones) instead of comparing; review the change with `git diff tests/golden`
before committing it. Without the flag a missing golden file is a failure, never a silent pass.

Property tests explore new random examples on every local run, which is how they find bugs.
Under CI (the CI environment variable, set by .ci/run's caller and by GitHub Actions) they run
a fixed, derandomized set instead: a submission lands or not on its own merits, not on the
luck of the draw. A failure found locally becomes a fix plus, where useful, an explicit example.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from tests.libreoffice import LibreOffice, converting_modules

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

GOLDEN_DIR = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/golden/ from the current output instead of comparing.",
    )


@dataclass(frozen=True)
class Golden:
    update: bool
    root: Path = GOLDEN_DIR

    def check(self, relative: str, actual: str) -> None:
        """Compare `actual` with tests/golden/<relative>, or rewrite it under --update-golden."""
        path = self.root / relative
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            return
        if not path.exists():
            pytest.fail(f"golden file {path} is missing: run `pytest --update-golden` and review it")
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    actual.splitlines(keepends=True),
                    fromfile=f"{relative} (golden)",
                    tofile=f"{relative} (now)",
                )
            )
            pytest.fail(
                f"output differs from golden file {path}; if the change is right, run `pytest --update-golden`:\n{diff}"
            )


# The test modules this session runs: their documents join the session's shared LibreOffice runs.
_SELECTED_MODULES: set[str] = set()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The modules that convert through LibreOffice run last: their conversions start with the
    # session, in a thread (tests/libreoffice.py), and are done by then. Otherwise in file order.
    converting = converting_modules()
    items.sort(key=lambda item: isinstance(item, pytest.Function) and item.module.__name__ in converting)


def pytest_collection_finish(session: pytest.Session) -> None:
    # After -k and -m have deselected: only modules that will run add documents.
    _SELECTED_MODULES.clear()
    _SELECTED_MODULES.update(item.module.__name__ for item in session.items if isinstance(item, pytest.Function))


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LibreOffice]:
    """The session's LibreOffice conversions (tests/libreoffice.py): one soffice run per kind of
    conversion for all the selected modules' registered documents, one profile for the session."""
    service = LibreOffice(tmp_path_factory.mktemp("libreoffice"), _SELECTED_MODULES)
    try:
        yield service
    finally:
        service.close()
    _RUNS.extend(service.runs)


@pytest.fixture(scope="session", autouse=True)
def _libreoffice_starts_with_the_session(libreoffice: LibreOffice) -> None:
    libreoffice.start()


_RUNS: list[tuple[object, int]] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _RUNS:
        documents = sum(count for _, count in _RUNS)
        terminalreporter.write_line(f"LibreOffice: {len(_RUNS)} shared run(s) converted {documents} document(s)")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(update=bool(request.config.getoption("--update-golden")))
