"""Pure budget sums (rkt_cli/totals.py), on the reference data and on generated documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from rkt_cli.checking import check_file
from rkt_cli.model import RKT
from rkt_cli.totals import NO_PELAKSANA, DocumentTotals, document_totals, roll_up

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"
SUMMARY_DATA = Path(__file__).parent / "data" / "summary"


def load(path: Path) -> DocumentTotals:
    checked = check_file(path, str(path))
    assert checked.model is not None, checked.diagnostics
    return document_totals(checked.model, str(path))


def make_rkt(programs: list[list[tuple[int, list[str | None], str | None]]], pagu: int | None = None) -> RKT:
    """programs → sasaran as (anggaran, pelaksana of each indikator, the sasaran's default pelaksana)."""
    data: dict[str, Any] = {
        "instansi": "KPU Kota Contoh",
        "unit": "Sekretariat KPU Kota Contoh",
        "tahun": 2024,
        "program": [
            {
                "nama": f"Program {pi}",
                "sasaran": [
                    {
                        "nama": f"Sasaran {pi}.{si}",
                        "kode": f"{1000 + 10 * pi + si}",
                        "anggaran": anggaran,
                        "pelaksana": default,
                        "indikator": [
                            {"uraian": f"Indikator {pi}.{si}.{ii}", "target": 100, "kegiatan": "K", "pelaksana": unit}
                            for ii, unit in enumerate(units)
                        ],
                    }
                    for si, (anggaran, units, default) in enumerate(sasaran)
                ],
            }
            for pi, sasaran in enumerate(programs)
        ],
        "penandatangan": [{"jabatan": "SEKRETARIS", "nama": "X"}],
    }
    if pagu is not None:
        data["pagu"] = pagu
    return RKT.model_validate(data)


def test_reference_program_totals_and_grand_total() -> None:
    totals = load(DATA)
    assert [(p.nama, p.anggaran) for p in totals.program] == [
        ("Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi", 17_632_649_000),
        ("Program Dukungan Manajemen", 5_509_836_000),
    ]
    assert totals.anggaran == 23_142_485_000
    assert len(totals.sasaran) == 9
    assert totals.indikator == 40
    assert [s.number for s in totals.sasaran] == list(range(1, 10))


def test_reference_by_pelaksana_counts_shared_sasaran_once() -> None:
    totals = load(DATA)
    units = totals.by_pelaksana()
    shared = totals.shared_sasaran
    # In the 2024 document two sasaran have indikator carried by a second unit.
    assert [s.kode for s in shared] == ["6709", "3360"]
    assert sum(u.anggaran_sendiri for u in units) + sum(s.anggaran for s in shared) == totals.anggaran
    assert sum(u.indikator for u in units) == 40
    assert sum(len(u.sasaran_sendiri) for u in units) + len(shared) == 9
    hukum = next(u for u in units if u.nama == "Subbagian Hukum dan SDM")
    assert hukum.sasaran_sendiri == ("6867",)
    assert hukum.sasaran_bersama == ("6709", "3360")
    assert hukum.anggaran_sendiri == 12_406_404_000


def test_indikator_pelaksana_overrides_the_sasaran_default() -> None:
    totals = document_totals(make_rkt([[(100, [None, "B", None], "A")]]))
    (sasaran,) = totals.sasaran
    assert sasaran.indikator_per_pelaksana == (("A", 2), ("B", 1))
    assert sasaran.shared
    units = {u.nama: u for u in totals.by_pelaksana()}
    assert units["A"].indikator == 2 and units["A"].anggaran_sendiri == 0
    assert units["B"].sasaran_bersama == (sasaran.kode,)


def test_a_sasaran_carried_by_one_unit_is_that_units_alone() -> None:
    totals = document_totals(make_rkt([[(100, [None, None], "A"), (50, ["B", "B"], "A")]]))
    units = {u.nama: u for u in totals.by_pelaksana()}
    assert set(units) == {"A", "B"}
    assert (units["A"].anggaran_sendiri, units["A"].sasaran_bersama) == (100, ())
    # Every indikator of the second sasaran names B, so the sasaran's default A carries nothing there.
    assert (units["B"].anggaran_sendiri, units["B"].sasaran_sendiri) == (50, ("1001",))
    assert totals.shared_sasaran == ()


def test_missing_pelaksana_gets_a_label_rather_than_vanishing() -> None:
    totals = document_totals(make_rkt([[(100, [None], None)]]))
    assert [u.nama for u in totals.by_pelaksana()] == [NO_PELAKSANA]


def test_selisih_is_total_minus_pagu() -> None:
    assert document_totals(make_rkt([[(100, [None], "A")]], pagu=100)).selisih == 0
    assert document_totals(make_rkt([[(100, [None], "A")]], pagu=90)).selisih == 10
    assert document_totals(make_rkt([[(100, [None], "A")]], pagu=150)).selisih == -50
    assert document_totals(make_rkt([[(100, [None], "A")]])).selisih is None


def test_roll_up_of_a_province() -> None:
    a = load(SUMMARY_DATA / "provinsi" / "kota_a_2024.yaml")
    b = load(SUMMARY_DATA / "provinsi" / "kabupaten_b_2024.yaml")
    both = roll_up([a, b])
    assert both.anggaran == 1_500_000_000 + 250_000_000
    assert both.indikator == 3 + 2
    assert both.sasaran == 3
    assert both.pagu is None  # kabupaten B declares none, so there is no combined pagu
    assert both.years == (2024,)
    years = roll_up([a, load(SUMMARY_DATA / "kota_a_2023.yaml")])
    assert years.pagu == 1_500_000_000 + 750_000_000
    assert years.selisih == 0
    assert years.years == (2023, 2024)


units_strategy = st.lists(st.sampled_from(["A", "B", "C", None]), min_size=1, max_size=4)
sasaran_strategy = st.tuples(st.integers(0, 10**12), units_strategy, st.sampled_from(["A", "B", "D"]))


@given(st.lists(st.lists(sasaran_strategy, min_size=1, max_size=4), min_size=1, max_size=3))
def test_pelaksana_money_always_adds_up_to_the_grand_total(
    programs: list[list[tuple[int, list[str | None], str | None]]],
) -> None:
    totals = document_totals(make_rkt(programs))
    units = totals.by_pelaksana()
    assert sum(u.anggaran_sendiri for u in units) + sum(s.anggaran for s in totals.shared_sasaran) == totals.anggaran
    assert sum(u.indikator for u in units) == totals.indikator
    assert sum(len(u.sasaran_sendiri) for u in units) + len(totals.shared_sasaran) == len(totals.sasaran)
    assert totals.anggaran == sum(anggaran for program in programs for anggaran, _, _ in program)
    assert sum(p.anggaran for p in totals.program) == totals.anggaran
