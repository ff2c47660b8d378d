"""The model's own rules: rupiah, target, tanggal, codes and text, independent of YAML."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from rkt_cli.model import RKT, Indikator, Penandatangan, Sasaran
from rkt_cli.model_values import FROM_FILE, MAX_RUPIAH, describe_value, parse_rupiah
from rkt_cli.walk import walk_sasaran


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (822654000, 822_654_000),
        (0, 0),
        ("822654000", 822_654_000),
        ("822.654.000", 822_654_000),
        ("822,654,000", 822_654_000),
        ("12.406.404.000", 12_406_404_000),
        ("1.000", 1000),
        ("Rp 822.654.000", 822_654_000),
        ("Rp. 822.654.000", 822_654_000),
        ("Rp822.654.000", 822_654_000),
        ("rp 5.000", 5000),
        ("Rp 822654000", 822_654_000),
        ("  822.654.000  ", 822_654_000),
        ("0", 0),
    ],
)
def test_parse_rupiah_accepts_the_documented_forms(value: Any, amount: int) -> None:
    assert parse_rupiah(value) == amount


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (822.654, "decimal number"),
        (822654000.0, "decimal number"),
        (True, "boolean true"),
        (None, "empty"),
        (-5, "negative"),
        ("-822.654.000", "negative"),
        ("822.654,000", "not an amount"),  # mixed separators
        ("822.65.000", "not an amount"),  # a group of two
        ("8226.54.000", "not an amount"),  # a first group of four
        ("0822654000", "not an amount"),  # leading zero
        ("012.345", "not an amount"),
        ("822 654 000", "not an amount"),
        ("Rp 822.654.000,00", "has cents"),
        ("822,654,000.00", "has cents"),
        ("satu juta", "not an amount"),
        ("", "not an amount"),
        ([1], "a list"),
    ],
)
def test_parse_rupiah_rejects_everything_else_with_the_fix(value: Any, fragment: str) -> None:
    with pytest.raises(PydanticCustomError) as raised:
        parse_rupiah(value)
    assert fragment in raised.value.message()


def test_rupiah_message_shows_both_accepted_spellings() -> None:
    with pytest.raises(PydanticCustomError) as raised:
        parse_rupiah("822.65.000")
    assert '"822.654.000" or "822,654,000"' in raised.value.message()


def indikator(**changes: Any) -> Indikator:
    fields: dict[str, Any] = {"uraian": "Persentase a", "target": 95, "kegiatan": "Kegiatan a", **changes}
    return Indikator.model_validate(fields)


def errors_of(call: Any) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as raised:
        call()
    return list(raised.value.errors(include_url=False))


@pytest.mark.parametrize(("target", "kept"), [(95, 95), (87.5, 87.5), (0, 0), ("WTP", "WTP"), ("Tersedia", "Tersedia")])
def test_target_keeps_numbers_and_real_text(target: Any, kept: Any) -> None:
    assert indikator(target=target).target == kept


@pytest.mark.parametrize(
    ("target", "fix"),
    [
        ("95%", "target: 95"),
        ("95", "target: 95"),
        ("87,5 %", "target: 87.5"),
        ("90 persen", "target: 90"),
        ("010", "target: 10"),
    ],
)
def test_target_written_as_text_is_one_error_with_the_fix(target: str, fix: str) -> None:
    errors = errors_of(lambda: indikator(target=target))
    assert len(errors) == 1  # one diagnostic, not one per member of int | float | str
    assert errors[0]["loc"] == ("target",)
    assert f"`{fix}`" in errors[0]["msg"]


@pytest.mark.parametrize("target", [True, False, None, [95], {"a": 1}, "  ", float("inf"), float("-inf"), float("nan")])
def test_target_of_the_wrong_kind_is_one_error(target: Any) -> None:
    errors = errors_of(lambda: indikator(target=target))
    assert [e["loc"] for e in errors] == [("target",)]


def test_effective_satuan_defaults_to_percent_for_numbers_only() -> None:
    assert indikator().effective_satuan == "%"
    assert indikator(target="WTP").effective_satuan is None
    assert indikator(satuan="dokumen").effective_satuan == "dokumen"


def test_text_fields_refuse_numbers_and_empty_values() -> None:
    assert "put it in quotes" in errors_of(lambda: indikator(uraian=2024))[0]["msg"]
    assert "is empty" in errors_of(lambda: indikator(uraian=None))[0]["msg"]
    assert "must not be empty" in errors_of(lambda: indikator(uraian="   "))[0]["msg"]
    assert indikator(kegiatan="").kegiatan == ""  # a draft may leave kegiatan empty; a rule warns


def test_message_with_braces_is_shown_as_written() -> None:
    # pydantic would fill "{value}" from its context; our messages carry none, so it stays.
    with pytest.raises(PydanticCustomError) as raised:
        parse_rupiah("{value} rupiah")
    assert raised.value.message().startswith("'{value} rupiah' is not an amount")


SASARAN: dict[str, Any] = {
    "nama": "Pembentukan Badan Adhoc",
    "kode": "6867",
    "anggaran": 5,
    "indikator": [{"uraian": "Persentase a", "target": 95, "kegiatan": "K"}],
}


@pytest.mark.parametrize(("kode", "text"), [("6867", "6867"), (6867, "6867"), ("6709.EBA.994", "6709.EBA.994")])
def test_kode_accepts_text_and_unquoted_numbers(kode: Any, text: str) -> None:
    assert Sasaran.model_validate({**SASARAN, "kode": kode}).kode == text


@pytest.mark.parametrize("kode", [6867.5, True, None, ""])
def test_kode_refuses_floats_booleans_and_empty(kode: Any) -> None:
    # As read from a file (FROM_FILE): there `kode:` written empty is an error, not "no kode".
    def validate() -> Any:
        return Sasaran.model_validate({**SASARAN, "kode": kode}, context=FROM_FILE)

    assert [e["loc"] for e in errors_of(validate)] == [("kode",)]


def test_sasaran_pelaksana_is_the_default_of_its_indikator() -> None:
    sasaran = Sasaran.model_validate(
        {
            **SASARAN,
            "pelaksana": "Subbagian A",
            "indikator": [
                {"uraian": "Persentase a", "target": 95, "kegiatan": "K"},
                {"uraian": "Persentase b", "target": 95, "kegiatan": "K", "pelaksana": "Subbagian B"},
            ],
        }
    )
    assert [sasaran.pelaksana_of(i) for i in sasaran.indikator] == ["Subbagian A", "Subbagian B"]


SIGNER: dict[str, Any] = {"jabatan": "SEKRETARIS", "nama": "YASRIN ABIDIN"}


@pytest.mark.parametrize("tanggal", ["2024-01-25", dt.date(2024, 1, 25), " 2024-01-25 "])
def test_tanggal_accepts_iso_dates(tanggal: Any) -> None:
    assert Penandatangan.model_validate({**SIGNER, "tanggal": tanggal}).tanggal == dt.date(2024, 1, 25)


@pytest.mark.parametrize("tanggal", ["25-01-2024", "20240125", "2024-W04-4", "2024-1-25", "2024-02-30", 20240125, True])
def test_tanggal_refuses_other_forms_on_every_python(tanggal: Any) -> None:
    errors = errors_of(lambda: Penandatangan.model_validate({**SIGNER, "tanggal": tanggal}))
    assert [e["loc"] for e in errors] == [("tanggal",)]


def test_nip_unquoted_stays_exact() -> None:
    assert Penandatangan.model_validate({**SIGNER, "nip": 197001012000031001}).nip == "197001012000031001"


DOCUMENT: dict[str, Any] = {
    "instansi": "KPU",
    "unit": "Sekretariat",
    "tahun": 2024,
    "program": [{"nama": "P", "sasaran": [SASARAN, {**SASARAN, "kode": "6868", "anggaran": "1.000"}]}],
    "penandatangan": [SIGNER],
}


def test_totals_and_iteration() -> None:
    rkt = RKT.model_validate(DOCUMENT)
    assert rkt.total_anggaran == 1005
    assert rkt.program[0].anggaran == 1005
    walked = [(at.program_index, at.sasaran_index, at.sasaran.kode) for at in walk_sasaran(rkt)]
    assert walked == [(0, 0, "6867"), (0, 1, "6868")]


@pytest.mark.parametrize("tahun", ["2024", 2024.0, True, 1999, 2101])
def test_tahun_is_a_whole_number_in_range(tahun: Any) -> None:
    assert [e["loc"] for e in errors_of(lambda: RKT.model_validate({**DOCUMENT, "tahun": tahun}))] == [("tahun",)]


def test_penandatangan_at_most_two_and_program_at_least_one() -> None:
    assert errors_of(lambda: RKT.model_validate({**DOCUMENT, "penandatangan": [SIGNER] * 3}))[0]["type"] == "too_long"
    assert errors_of(lambda: RKT.model_validate({**DOCUMENT, "program": []}))[0]["type"] == "too_short"


def test_unknown_keys_are_forbidden() -> None:
    errors = errors_of(lambda: RKT.model_validate({**DOCUMENT, "anggran": 5}))
    assert [(e["type"], e["loc"]) for e in errors] == [("extra_forbidden", ("anggran",))]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "nothing (the value is empty)"),
        (True, "the boolean true"),
        (95, "the number 95"),
        ("WTP", "the text 'WTP'"),
        ("x" * 60, "the text '" + "x" * 37 + "...'"),
        ({"a": 1}, "a mapping (key: value lines)"),
        ([1], "a list"),
    ],
)
def test_describe_value(value: Any, text: str) -> None:
    assert describe_value(value) == text


def test_rupiah_has_a_ceiling_above_the_whole_state_budget() -> None:
    assert parse_rupiah(MAX_RUPIAH) == MAX_RUPIAH
    for too_large in (MAX_RUPIAH + 1, "9" * 5000, "99.999.999.999.999.999"):
        with pytest.raises(PydanticCustomError) as raised:
            parse_rupiah(too_large)
        assert "state budget" in raised.value.message()
