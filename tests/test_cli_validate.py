"""`rkt validate`, `rkt rules`, `rkt schema` and the top-level help, run in-process (tests/cli_support.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.cli_support import Outcome, run_rkt

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data" / "rkt_2024.yaml"


def rkt(*args: str, cwd: Path = ROOT, env: Mapping[str, str | None] | None = None) -> Outcome:
    return run_rkt(*args, cwd=cwd, env=env)


BROKEN = """\
instansi: KPU
unit: Sekretariat
tahun: 2024
program:
  - nama: Program
    sasaran:
      - nama: Sasaran
        kode: "6709"
        anggran: 5
        pelaksana: Subbagian
        indikator:
          - {uraian: Persentase a, target: 95, kegiatan: Kegiatan a}
penandatangan:
  - {jabatan: SEKRETARIS, nama: NAMA}
"""


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_reference_validates_with_warnings() -> None:
    result = rkt("validate", "data/rkt_2024.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "data/rkt_2024.yaml:73:68: warning[RKT206]" in result.stderr
    assert result.stderr.rstrip().endswith("1 file checked: 0 errors, 13 warnings")
    assert "Traceback" not in result.stderr


def test_strict_turns_warnings_into_exit_1() -> None:
    result = rkt("validate", "--strict", "data/rkt_2024.yaml")
    assert result.returncode == 1
    assert "13 errors, 0 warnings" in result.stderr


def test_errors_exit_1_with_location_and_caret(broken: Path) -> None:
    result = rkt("validate", str(broken))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    first = lines.index(
        f"{broken}:9:9: error[RKT101] program[0].sasaran[0].anggran: unknown key 'anggran'; did you mean 'anggaran'?"
    )
    assert lines[first + 1] == "    9 |         anggran: 5"
    assert lines[first + 2] == "      |         ^"
    # anggaran may be left out, so its typo is the only error: no "missing required key" besides.
    assert "missing required key" not in result.stderr


def test_all_problems_of_all_files_in_one_run(broken: Path, tmp_path: Path) -> None:
    second = tmp_path / "second.yaml"
    second.write_text("instansi: [unclosed\n", encoding="utf-8")
    result = rkt("validate", "--format", "json", str(second), str(broken))
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    files = [d["file"] for d in payload["diagnostics"]]
    assert files == sorted(files) and str(broken) in files and str(second) in files
    assert payload["errors"] == len(payload["diagnostics"]) == 2


def test_json_on_the_reference() -> None:
    payload = json.loads(rkt("validate", "-f", "json", "data/rkt_2024.yaml").stdout)
    assert (payload["errors"], payload["warnings"]) == (0, 13)


def test_github_format_and_auto_detection(broken: Path) -> None:
    explicit = rkt("validate", "--format", "github", str(broken))
    auto = rkt("validate", str(broken), env={"GITHUB_ACTIONS": "true"})
    assert explicit.stdout == auto.stdout
    annotation = f"::error file={broken},line=9,col=9,title=RKT101 program[0].sasaran[0].anggran::unknown key"
    assert annotation in explicit.stdout
    assert all(line.startswith("::error ") for line in explicit.stdout.splitlines())


def test_directory_argument_finds_yaml_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not yaml", encoding="utf-8")
    result = rkt("validate", str(tmp_path))
    assert result.returncode == 0
    assert "1 file checked" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "missing.yaml"], "rkt: error: missing.yaml: no such file"),
        (["validate"], "rkt: error: give at least one file"),
        (["validate", "--format", "xml", "data/rkt_2024.yaml"], "Invalid value"),
        (["validate", "--no-such-option"], "No such option"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = rkt(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_directory_skips_hidden_folders_and_takes_any_suffix_case(tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8")
    (tmp_path / "A.YML").write_text(text, encoding="utf-8")
    for hidden in (".github/workflows/ci.yml", ".venv/lib/x.yaml", ".pre-commit-config.yaml"):
        (tmp_path / hidden).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / hidden).write_text("repos: []\n", encoding="utf-8")
    result = rkt("validate", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "1 file checked: 0 errors, 13 warnings" in result.stderr


def test_a_file_named_twice_is_checked_once(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    result = rkt("validate", "-f", "json", str(tmp_path), str(tmp_path / "a.yaml"))
    assert result.returncode == 0
    assert json.loads(result.stdout)["warnings"] == 13
    assert f"rkt: warning: {tmp_path / 'a.yaml'} is given more than once; it is read once" in result.stderr


def test_directory_without_yaml_exits_2(tmp_path: Path) -> None:
    result = rkt("validate", str(tmp_path))
    assert result.returncode == 2
    assert f"rkt: error: {tmp_path}: no .yaml files in this directory" in result.stderr


def test_rules_listing_matches_list_rules_option() -> None:
    listing = rkt("rules")
    assert listing.returncode == 0
    assert listing.stdout == rkt("validate", "--list-rules").stdout
    assert "RKT201" in listing.stdout and "RKT208" in listing.stdout
    # Every code the realisasi file can give is listed too.
    from rkt_cli.realisasi import CODES

    assert all(f"\n{code.code}  " in listing.stdout for code in CODES)


def test_committed_schema_is_in_sync() -> None:
    """schema/rkt.schema.json is what `rkt schema` prints: regenerate it with `rkt schema -o …`."""
    result = rkt("schema")
    assert result.returncode == 0
    assert result.stdout == (ROOT / "schema" / "rkt.schema.json").read_text(encoding="utf-8")
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"instansi", "unit", "tahun"}
    # The sasaran stand under `program:` or, in a document without programs, under `sasaran:`.
    assert schema["oneOf"] == [{"required": ["program"]}, {"required": ["sasaran"]}]


def test_data_file_points_editors_at_the_schema() -> None:
    first_line = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/rkt.schema.json"
    assert (DATA.parent / "../schema/rkt.schema.json").resolve().is_file()


def test_help_lists_every_command_with_an_example() -> None:
    result = rkt("--help", env={"COLUMNS": "200"})
    assert result.returncode == 0
    from rkt_cli.cli import app

    names = [command.name or command.callback.__name__ for command in app.registered_commands if command.callback]
    names += [group.name for group in app.registered_groups if group.name]
    for name in names:
        assert f"rkt {name}" in result.stdout, f"no example for {name}"


def test_version() -> None:
    from rkt_cli import __version__

    assert rkt("--version").stdout.strip() == f"rkt {__version__}"
