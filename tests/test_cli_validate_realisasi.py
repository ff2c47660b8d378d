"""`rkt validate` on a realisasi file: checked against the RKT its `rkt:` names, given directly or
found in a folder walk, in the text, json and github formats, exit 0/1/2 as for an RKT file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_support import run_rkt

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data"
BAD = ROOT / "tests" / "data" / "realisasi"

TINY_RKT = """\
instansi: KPU
unit: Sekretariat
tahun: 2024
program:
  - nama: Program A
    sasaran:
      - nama: Sasaran satu
        kode: "6709"
        anggaran: 1000
        pelaksana: Subbagian Umum
        indikator:
          - uraian: Persentase laporan tepat waktu
            target: {target}
            kegiatan: Penyusunan laporan
penandatangan:
  - tempat: Prabumulih
    tanggal: 2024-01-25
    jabatan: SEKRETARIS
    nama: YASRIN ABIDIN
"""


def tiny(tmp_path: Path, realisasi: str, target: str = "95") -> Path:
    (tmp_path / "rkt.yaml").write_text(TINY_RKT.format(target=target), encoding="utf-8")
    path = tmp_path / "realisasi.yaml"
    path.write_text(realisasi, encoding="utf-8")
    return path


def test_the_shipped_realisasi_file_is_valid() -> None:
    result = run_rkt("validate", "data/realisasi_2024.yaml", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "1 file checked: 0 errors, 0 warnings"


def test_a_folder_walk_checks_the_realisasi_file_instead_of_leaving_it_out() -> None:
    result = run_rkt("validate", "data", "--jobs", "1", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "left out" not in result.stderr
    assert "2 files checked: 0 errors, 13 warnings" in result.stderr


def test_errors_against_the_rkt_at_their_lines_exit_1() -> None:
    result = run_rkt("validate", BAD / "errors.yaml")
    assert result.returncode == 1
    assert "errors.yaml:9:16: error[RKT510] indikator[2].indikator: sasaran 6709 has 3 indikator" in result.stderr
    assert "errors.yaml:15:16: error[RKT511]" in result.stderr
    assert '    9 |   - indikator: "6709.9"' in result.stderr  # the source line is quoted
    assert "1 file checked: 3 errors, 0 warnings" in result.stderr


def test_json_and_github_formats() -> None:
    result = run_rkt("validate", BAD / "errors.yaml", "-f", "json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["errors"] == 3
    assert [d["code"] for d in payload["diagnostics"]] == ["RKT510", "RKT510", "RKT511"]
    github = run_rkt("validate", BAD / "errors.yaml", "-f", "github")
    assert github.returncode == 1
    assert github.stdout.count("::error file=") == 3
    assert "line=9,col=16" in github.stdout


def test_a_schema_error_says_the_checks_against_the_rkt_wait() -> None:
    result = run_rkt("validate", BAD / "number_as_text.yaml")
    assert result.returncode == 1
    assert "error[RKT503] indikator[0].tw1: '95%' is a number written as text: write 95" in result.stderr
    assert "against its RKT (ids, addresses, targets) run once it loads and matches the schema" in result.stderr


def test_a_missing_rkt_is_an_error_at_the_rkt_line(tmp_path: Path) -> None:
    path = tmp_path / "realisasi.yaml"
    path.write_text("# progress\nrkt: nowhere.yaml\n", encoding="utf-8")
    result = run_rkt("validate", path)
    assert result.returncode == 1
    assert f"realisasi.yaml:2:6: error[RKT515] rkt: the RKT file {tmp_path / 'nowhere.yaml'} does not exist" in (
        result.stderr
    )


def test_an_rkt_with_errors_is_named_not_checked_against(tmp_path: Path) -> None:
    path = tiny(tmp_path, 'rkt: rkt.yaml\nindikator:\n  - indikator: "6709.1"\n    tw1: 5\n', target="[1, 2]")
    result = run_rkt("validate", path)
    assert result.returncode == 1
    assert "error[RKT515] rkt: the RKT file" in result.stderr
    assert "rkt.yaml has 1 error: validate and fix it first" in result.stderr


def test_a_target_of_0_is_shown_at_the_rkt_line_with_its_source(tmp_path: Path) -> None:
    path = tiny(tmp_path, 'rkt: rkt.yaml\nindikator:\n  - indikator: "6709.1"\n    tw1: 5\n', target="0")
    result = run_rkt("validate", path)
    assert result.returncode == 1
    assert "rkt.yaml:13:21: error[RKT513] program[0].sasaran[0].indikator[0].target: the target is 0" in result.stderr
    assert "   13 |             target: 0" in result.stderr


def test_strict_makes_an_overspent_anggaran_an_error(tmp_path: Path) -> None:
    path = tiny(tmp_path, 'rkt: rkt.yaml\nanggaran:\n  - sasaran: "6709"\n    tw1: 2000\n')
    assert run_rkt("validate", path).returncode == 0
    strict = run_rkt("validate", path, "--strict")
    assert strict.returncode == 1
    assert "error[RKT514]" in strict.stderr


def test_a_realisasi_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = tiny(tmp_path, 'rkt: rkt.yaml\nindikator:\n  - indikator: "6709.1"\n    tw1: 5\n')
    result = run_rkt("validate", path, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "is given more than once; it is read once" in result.stderr
    assert "2 files checked: 0 errors, 0 warnings" in result.stderr  # the RKT and the realisasi file


def test_render_and_summary_still_leave_a_realisasi_file_out(tmp_path: Path) -> None:
    tiny(tmp_path, 'rkt: rkt.yaml\nindikator:\n  - indikator: "6709.1"\n    tw1: 5\n')
    result = run_rkt("summary", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "realisasi.yaml is a realisasi file, left out" in result.stderr
