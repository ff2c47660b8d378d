"""The corpus of bad (and tricky but good) files: each `<case>.yaml` beside `<case>.expected`.

`<case>.expected` holds the exact diagnostics, one per line, in the one-line form
`file:line:col: severity[CODE] path: message` with the file as its base name. To add a case,
write the YAML, run `rkt validate <case>.yaml` from its folder, check every line by eye, and
save those lines (without the source excerpts) as the .expected file.

tests/data/invalid/: every case produces at least one diagnostic.
tests/data/valid/: every case produces no error (a few expect a warning, and say which).
"""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import pytest

from rkt_cli.checking import CheckedFile, check_file, check_text
from rkt_cli.diagnostics import format_one_line
from rkt_cli.loader import MAX_FILE_BYTES
from tests.cli_support import Outcome, run_rkt

DATA = Path(__file__).parent / "data"
INVALID = sorted((DATA / "invalid").glob("*.yaml"))
VALID = sorted((DATA / "valid").glob("*.yaml"))
# Far above what any case needs (a few milliseconds); only here so a hang fails instead of stalling CI.
HANG_GUARD_SECONDS = 10.0


def check_with_guard(path: Path) -> CheckedFile:
    """check_file(path) shown by its base name, failing the test if it does not finish."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(check_file, path, path.name)
        try:
            return future.result(timeout=HANG_GUARD_SECONDS)
        except concurrent.futures.TimeoutError:
            pytest.fail(f"{path.name}: checking did not finish within {HANG_GUARD_SECONDS} s")


def expected_lines(path: Path) -> list[str]:
    return path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def actual_lines(checked: CheckedFile) -> list[str]:
    return [format_one_line(d) for d in checked.diagnostics]


def test_the_corpus_is_large_enough_and_complete() -> None:
    assert len(INVALID) >= 30
    assert len(VALID) >= 10
    for path in INVALID + VALID:
        assert path.with_suffix(".expected").is_file(), f"{path.name} has no .expected file"


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case_gives_exactly_the_expected_diagnostics(path: Path) -> None:
    checked = check_with_guard(path)
    expected = expected_lines(path)
    assert expected, f"{path.name}: an invalid case must expect at least one diagnostic"
    assert actual_lines(checked) == expected
    if any(" error[" in line for line in expected):
        assert checked.has_errors
        assert checked.model is None or any(d.code.startswith("RKT2") for d in checked.diagnostics)


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_case_has_no_errors_and_only_the_expected_warnings(path: Path) -> None:
    checked = check_with_guard(path)
    assert not checked.has_errors, actual_lines(checked)
    assert checked.model is not None
    assert actual_lines(checked) == expected_lines(path)


# The spellings of one anggaran that are accepted, and the amount each must mean.
@pytest.mark.parametrize(
    "case",
    [
        "minimal",
        "anggaran_dotted",
        "anggaran_dotted_unquoted",
        "anggaran_comma",
        "anggaran_rp",
        "anggaran_rp_dot",
        "bom_and_comments",
        "crlf_line_endings",
        "pagu_matches",
    ],
)
def test_accepted_anggaran_forms_mean_the_same_amount(case: str) -> None:
    checked = check_file(DATA / "valid" / f"{case}.yaml")
    assert checked.model is not None
    assert checked.model.program[0].sasaran[0].anggaran == 822_654_000


def test_valid_variants_keep_their_values() -> None:
    kode = check_file(DATA / "valid" / "kode_unquoted.yaml").model
    assert kode is not None and kode.program[0].sasaran[0].kode == "6867"
    leading = check_file(DATA / "valid" / "leading_zero_kode.yaml").model
    assert leading is not None and leading.program[0].sasaran[0].kode == "0867"
    tagged = check_file(DATA / "valid" / "explicit_str_tag.yaml").model
    assert tagged is not None and tagged.program[0].sasaran[0].kode == "6867"
    words = check_file(DATA / "valid" / "yaml11_words.yaml").model
    assert words is not None
    assert (words.penandatangan[0].tempat, words.penandatangan[0].pihak) == ("on", "no")
    text_target = check_file(DATA / "valid" / "target_text.yaml").model
    assert text_target is not None and text_target.program[0].sasaran[0].indikator[0].target == "WTP"
    nip = check_file(DATA / "valid" / "nip_unquoted.yaml").model
    assert nip is not None and nip.penandatangan[0].nip == "197001012000031001"


def test_file_over_the_size_limit_is_refused_without_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:  # a sparse file: no need to write 64 MiB of data
        stream.truncate(MAX_FILE_BYTES + 1)
    checked = check_with_guard(big)
    assert actual_lines(checked) == ["big.yaml: error[RKT004] the file is 64.0 MiB; rkt reads files up to 64 MiB"]


def test_very_deep_flow_nesting_is_an_error_not_a_crash() -> None:
    depth = 100_000
    checked = check_text("instansi: " + "[" * depth + "]" * depth + "\n", "deep.yaml")
    assert [d.code for d in checked.diagnostics] == ["RKT012"]


def test_very_deep_block_nesting_is_an_error_not_a_crash() -> None:
    depth = 100_000
    checked = check_text("instansi:\n  " + "- " * depth + "x\n", "deep.yaml")
    assert [d.code for d in checked.diagnostics] == ["RKT012"]


def test_many_aliases_are_reported_once_each_and_never_expanded() -> None:
    # 30 levels of 10 aliases each would be 10**30 nodes if expanded.
    lines = ["instansi: &a0 x"] + [f"k{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 31)]
    checked = check_text("\n".join(lines) + "\n", "laughs.yaml")
    assert {d.code for d in checked.diagnostics} == {"RKT003"}
    assert len(checked.diagnostics) == 30  # one per alias name (under the cap of MAX_DIAGNOSTICS_PER_RULE)


def rkt_validate(path: Path) -> Outcome:
    return run_rkt("validate", path.name, cwd=path.parent)


@pytest.mark.parametrize(
    "case",
    [
        "syntax_colon_in_text",
        "duplicate_key",
        "billion_laughs",
        "not_utf8_latin1",
        "empty",
        "top_level_scalar",
        "unknown_key_near",
        "anggaran_float",
        "deep_nesting_flow",
        "python_tag",
        "multiple_documents",
        "pagu_mismatch",
    ],
)
def test_cli_reports_the_same_diagnostics_and_exits_1(case: str) -> None:
    path = DATA / "invalid" / f"{case}.yaml"
    result = rkt_validate(path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    reported = [line for line in result.stderr.splitlines() if line.startswith(f"{path.name}:")]
    assert reported == expected_lines(path)


def test_cli_refuses_an_oversized_file_with_exit_1(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    result = rkt_validate(big)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "big.yaml: error[RKT004]" in result.stderr
