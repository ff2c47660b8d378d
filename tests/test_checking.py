"""check_file/check_text: YAML → model → rules, with every schema error at the right place."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType

import pytest

from rkt_cli.checking import CheckedFile, check_file, check_loaded, check_text
from rkt_cli.diagnostics import Diagnostic
from rkt_cli.loader import load_yaml_bytes
from rkt_cli.walk import walk_sasaran

ROOT = Path(__file__).parents[1]

BASE = """\
instansi: Komisi Pemilihan Umum Kota Prabumulih
unit: Sekretariat KPU Kota Prabumulih
tahun: 2024
program:
  - nama: Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi
    sasaran:
      - nama: Pembentukan Badan Adhoc
        kode: "6867"
        anggaran: 822654000
        pelaksana: Subbagian Hukum dan SDM
        indikator:
          - uraian: Persentase pelantikan PPK sesuai jadwal
            target: 100
            kegiatan: Pelantikan dan Pengambilan Sumpah/Janji Anggota PPK
penandatangan:
  - tempat: Prabumulih
    tanggal: 2024-01-25
    jabatan: SEKRETARIS
    nama: YASRIN ABIDIN
"""


def changed(old: str, new: str) -> CheckedFile:
    assert old in BASE
    return check_text(BASE.replace(old, new, 1), "t.yaml")


def only(checked: CheckedFile) -> Diagnostic:
    assert len(checked.diagnostics) == 1, checked.diagnostics
    return checked.diagnostics[0]


def test_reference_data_loads_completely() -> None:
    checked = check_file(ROOT / "data" / "rkt_2024.yaml")
    assert not checked.has_errors
    model = checked.model
    assert model is not None
    sasaran = [at.sasaran for at in walk_sasaran(model)]
    assert len(model.program) == 2
    assert len(sasaran) == 9
    assert sum(len(s.indikator) for s in sasaran) == 40
    assert model.total_anggaran == 23_142_485_000
    assert model.penandatangan[0].tanggal is not None and model.penandatangan[0].tanggal.isoformat() == "2024-01-25"


def test_base_is_clean() -> None:
    checked = check_text(BASE, "t.yaml")
    assert checked.diagnostics == []
    assert checked.model is not None


def test_unknown_key_points_at_the_key_and_suggests_the_near_miss() -> None:
    checked = changed("        pelaksana:", "        pelaksanna:")
    d = only(checked)
    assert (d.code, d.line, d.col, d.path) == ("RKT101", 10, 9, "program[0].sasaran[0].pelaksanna")
    assert d.message == "unknown key 'pelaksanna'; did you mean 'pelaksana'?"


def test_unknown_key_far_from_anything_lists_the_allowed_keys() -> None:
    d = only(changed("    jabatan: SEKRETARIS\n", "    jabatan: SEKRETARIS\n    zzz: 1\n"))
    assert (d.line, d.col) == (19, 5)
    assert "allowed here: jabatan, nama, nip, tempat, tanggal, pihak" in d.message


def test_missing_key_points_at_the_mapping_that_lacks_it() -> None:
    d = only(changed("            target: 100\n", ""))
    assert (d.code, d.line, d.col) == ("RKT102", 12, 13)
    assert d.message == "missing required key 'target' in program[0].sasaran[0].indikator[0]"


def test_misspelt_key_explains_the_missing_one() -> None:
    checked = changed("            target: 100\n", "            targt: 100\n")
    missing, unknown = checked.diagnostics
    assert (missing.code, unknown.code) == ("RKT102", "RKT101")
    assert f"(is 'targt' at line {unknown.line} a misspelling of it?)" in missing.message


def test_misspelt_optional_key_is_an_unknown_key_with_a_suggestion() -> None:
    # anggaran may be left out (a PK has none), so a typo of it is no missing key: it is an
    # unknown key, and the suggestion names the key meant.
    (unknown,) = changed("        anggaran:", "        anggran:").diagnostics
    assert (unknown.code, unknown.line) == ("RKT101", 9)
    assert unknown.message == "unknown key 'anggran'; did you mean 'anggaran'?"


def test_wrong_value_points_at_the_value() -> None:
    d = only(changed("anggaran: 822654000", "anggaran: 822.654"))
    assert (d.code, d.line, d.col, d.path) == ("RKT103", 9, 19, "program[0].sasaran[0].anggaran")
    assert "decimal number" in d.message and '"822.654.000"' in d.message


def test_quoted_tahun_says_to_remove_the_quotes() -> None:
    d = only(changed("tahun: 2024", 'tahun: "2024"'))
    assert (d.code, d.line, d.col) == ("RKT105", 3, 8)
    assert d.message == "expected a whole number, got the text '2024': remove the quotes"


def test_target_text_gives_one_diagnostic_with_the_fix() -> None:
    d = only(changed("target: 100", 'target: "95%"'))
    assert (d.line, d.col) == (13, 21)
    assert "write `target: 95`" in d.message


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("target: 100", "target: [95]", "expected a number such as 95 or a short text, got a list"),
        ("nama: YASRIN ABIDIN", "nama:", "is empty"),
        ("nama: YASRIN ABIDIN", "nama: 1984", "got the number 1984; put it in quotes"),
        ("tanggal: 2024-01-25", "tanggal: 25/01/2024", "YYYY-MM-DD"),
        ('kode: "6867"', "kode: 6867.5", 'expected a code such as "6709"'),
        ("tahun: 2024", "tahun: 1999", "expected a year between 2000 and 2100"),
    ],
)
def test_each_wrong_value_is_one_clear_diagnostic(old: str, new: str, fragment: str) -> None:
    d = only(changed(old, new))
    assert d.is_error
    assert fragment in d.message


def test_list_expected_but_mapping_given_does_not_dump_the_mapping() -> None:
    d = only(changed("  - tempat: Prabumulih\n    tanggal", "    tempat: Prabumulih\n    tanggal"))
    assert d.message == "expected a list (lines starting with '- '), got a mapping (key: value lines)"
    assert (d.line, d.col) == (16, 5)


def test_all_schema_errors_are_reported_at_once_in_file_order() -> None:
    text = (
        BASE.replace("tahun: 2024", "tahun: x")
        .replace("target: 100", "target: true")
        .replace("nama: YASRIN", "nami: YASRIN")
    )
    checked = check_text(text, "t.yaml")
    assert [(d.code, d.line) for d in checked.diagnostics] == [
        ("RKT105", 3),
        ("RKT105", 13),
        ("RKT102", 16),
        ("RKT101", 19),
    ]


def test_positions_are_right_after_a_bom_and_comment_lines() -> None:
    text = "\ufeff# one\n# two\n\n" + BASE.replace("anggaran: 822654000", "anggaran: -1")
    d = only(check_text(text, "t.yaml"))
    assert (d.code, d.line, d.col) == ("RKT103", 12, 19)


def test_rules_run_only_when_the_schema_holds_and_point_at_the_fragment() -> None:
    checked = changed("Anggota PPK", "Anggota PPK (Panitia")
    d = only(checked)
    assert (d.code, d.severity.value, d.line) == ("RKT206", "warning", 14)
    assert d.col == checked.lines[13].index("(") + 1  # at the '(' itself, not the start of the value
    assert checked.model is not None


def test_yaml_errors_stop_before_the_schema() -> None:
    checked = check_text(BASE + "tahun: 2025\n", "t.yaml")
    assert [d.code for d in checked.diagnostics] == ["RKT002"]
    assert checked.model is None


def _generator() -> ModuleType:
    """benchmarks/generate.py as a module (benchmarks/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("rkt_benchmark_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(tmp_path: Path, name: str, *args: str) -> Path:
    """The generator's own command line (its main), run in this process."""
    output = tmp_path / name
    assert _generator().main([*args, "-o", str(output)]) == 0
    return output


def test_generated_file_is_valid_deterministic_and_realistic(tmp_path: Path) -> None:
    first = generate(tmp_path, "a.yaml", "--indikator", "300", "--seed", "7")
    again = generate(tmp_path, "b.yaml", "--indikator", "300", "--seed", "7")
    other = generate(tmp_path, "c.yaml", "--indikator", "300", "--seed", "8")
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()

    checked = check_file(first)
    assert checked.diagnostics == []  # no errors and no warnings either
    model = checked.model
    assert model is not None
    sasaran = [at.sasaran for at in walk_sasaran(model)]
    assert sum(len(s.indikator) for s in sasaran) == 300
    assert len(model.program) > 1
    assert all(1 <= len(s.indikator) <= 10 for s in sasaran)
    kodes = [s.kode for s in sasaran]
    assert len(set(kodes)) == len(kodes) and all(len(k) == 4 and k.isdigit() for k in kodes)
    assert all(i.uraian.startswith("Persentase ") for s in sasaran for i in s.indikator)
    assert all(s.anggaran > 0 and s.anggaran % 1000 == 0 for s in sasaran)
    assert model.pagu == model.total_anggaran


def test_mangled_files_never_raise() -> None:
    """Random small edits of a good file (deterministic seed) give diagnostics, never an exception."""
    base = BASE.encode("utf-8")
    rng = random.Random(2024)
    alphabet = b" \t\n:-[]{}\"'!&*#|>%@`,?0123456789.eE+\\xyz\x07\xc3\xa9\xff"
    for _ in range(1000):
        mangled = bytearray(base)
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(len(mangled))
            if rng.random() < 0.4:
                del mangled[position]
            else:
                mangled.insert(position, rng.choice(alphabet))
        checked = check_loaded(load_yaml_bytes(bytes(mangled), "f.yaml"))
        assert checked.model is not None or checked.has_errors
