"""What `pip install .` ships: every package under rkt_cli/ and every shipped template.

The importer became a package of its own and a plain install left it out (`rkt import` then
failed with ModuleNotFoundError), while the editable install the tests use found it anyway.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the development machine and CI run 3.11
    tomllib = pytest.importorskip("tomli")


def _setuptools() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools: dict[str, object] = config["tool"]["setuptools"]
    return setuptools


def test_every_package_under_rkt_cli_is_listed() -> None:
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "rkt_cli").rglob("__init__.py")}
    listed = set(_setuptools()["packages"])  # type: ignore[call-overload]
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_every_shipped_template_folder_is_package_data() -> None:
    folders = {p.name for p in (ROOT / "templates").iterdir() if (p / "template.yaml").is_file()}
    data = _setuptools()["package-data"]
    assert isinstance(data, dict)
    patterns = set(data["rkt_cli.templates"]) | {"default/*"}
    assert {f"{name}/*" for name in folders} <= patterns
