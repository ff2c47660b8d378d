"""Issue 9, the model: only what every document has is required; a template says what it needs.

A PK or a simple RKT written by hand has no program, kode, anggaran, kegiatan or pelaksana; it
validates on its own, and `rkt validate --template` (rkt_cli.requirements) names each place that
lacks what a template shows. Extra columns are declared once and typed; ids and remarks are kept.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rkt_cli.checking import check_file, check_text
from rkt_cli.loader import load_yaml_file
from rkt_cli.model import RKT, Indikator, Sasaran
from rkt_cli.requirements import TemplateNeeds, missing_fields, needs_of_columns, template_needs
from rkt_cli.summary import build_summary
from rkt_cli.templating import load_template
from rkt_cli.totals import NO_PROGRAM, document_totals
from rkt_cli.walk import walk_indikator, walk_sasaran
from rkt_cli.yaml_writer import dump_rkt
from tests.cli_support import run_rkt

ROOT = Path(__file__).parent.parent
PK = ROOT / "tests" / "data" / "valid" / "sasaran_tanpa_program.yaml"
REFERENCE = ROOT / "data" / "rkt_2024.yaml"


def pk_model() -> RKT:
    checked = check_file(PK)
    assert checked.model is not None, checked.diagnostics
    return checked.model


def test_a_document_without_programs_validates_with_no_diagnostic() -> None:
    checked = check_file(PK)
    assert checked.diagnostics == []
    rkt = checked.model
    assert rkt is not None and rkt.program is None and rkt.sasaran is not None
    assert [s.anggaran for s in rkt.all_sasaran] == [None, None]
    assert rkt.has_anggaran is False and rkt.total_anggaran == 0
    assert [i.kegiatan for i in rkt.all_sasaran[0].indikator] == [None, None]


def test_walk_gives_top_level_paths_and_no_program() -> None:
    rkt = pk_model()
    assert [(at.program, at.path, at.number) for at in walk_sasaran(rkt)] == [
        (None, ("sasaran", 0), 1),
        (None, ("sasaran", 1), 2),
    ]
    assert [row.path for row in walk_indikator(rkt)] == [
        ("sasaran", 0, "indikator", 0),
        ("sasaran", 0, "indikator", 1),
        ("sasaran", 1, "indikator", 0),
    ]


def test_extra_columns_ids_and_remarks_are_kept() -> None:
    rkt = pk_model()
    first = rkt.all_sasaran[0].indikator[0]
    assert (first.id, first.keterangan) == ("iku-1", "Target nasional")
    assert first.tambahan == {"kondisi_awal": "75,2%", "bobot": 40}
    assert rkt.kolom_tambahan["bobot"].jenis == "angka"
    assert rkt.kolom_tambahan["kondisi_awal"].judul == "Kondisi Awal"
    assert rkt.penandatangan[0].printed_jabatan == "Plt. SEKRETARIS"


def test_written_yaml_reads_back_as_the_same_model() -> None:
    rkt = pk_model()
    text = dump_rkt(rkt)
    again = check_text(text, "again.yaml")
    assert again.diagnostics == []
    assert again.model == rkt
    assert "\nsasaran:\n" in text and "program:" not in text and "anggaran" not in text


def test_the_reference_writes_ids_of_its_own_model_back_too() -> None:
    reference = check_file(REFERENCE).model
    assert reference is not None
    assert check_text(dump_rkt(reference)).model == reference


def test_totals_and_summary_show_no_invented_anggaran() -> None:
    rkt = pk_model()
    totals = document_totals(rkt, "pk.yaml")
    assert totals.has_anggaran is False
    assert [p.nama for p in totals.program] == [NO_PROGRAM]
    assert [s.label for s in totals.sasaran] == ["1", "2"]
    summary = build_summary([totals])
    assert summary.has_anggaran is False
    for section in summary.sections:
        assert all(c.kind not in ("money", "share") for c in section.columns)
        assert all("anggaran" not in row.values for row in section.rows)


def test_summary_command_says_there_is_no_anggaran() -> None:
    result = run_rkt("summary", str(PK), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "Anggaran: tidak ada" in result.stdout
    assert "Rp 0" not in result.stdout and "Terbilang" not in result.stdout


HEAD = "instansi: A\nunit: B\ntahun: 2024\n"
ONE_SASARAN = "sasaran:\n  - nama: S\n{extra}    indikator: [{{uraian: U, target: 1}}]\n"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (HEAD, "the document has no sasaran"),
        (HEAD + ONE_SASARAN.format(extra="    anggaran:\n"), "got nothing (the value is empty)"),
        (HEAD + ONE_SASARAN.format(extra="    kode:\n"), "is empty"),
        (
            HEAD + "kolom_tambahan: {Kondisi Awal: {judul: K}}\n" + ONE_SASARAN.format(extra=""),
            "must be one lower-case word",
        ),
    ],
)
def test_an_empty_optional_key_or_no_sasaran_is_still_an_error(yaml_text: str, message: str) -> None:
    checked = check_text(yaml_text, "case.yaml")
    errors = [d for d in checked.diagnostics if d.is_error]
    assert len(errors) == 1 and message in errors[0].message


def test_pagu_without_anggaran_says_so() -> None:
    text = PK.read_text(encoding="utf-8").replace("tahun: 2024\n", "tahun: 2024\npagu: 1000\n")
    (error,) = check_text(text, "pk.yaml").diagnostics
    assert error.code == "RKT208"
    assert error.message == "a pagu is declared, but no sasaran has an anggaran to add up to it"


def test_kegiatan_missing_on_one_row_of_a_document_that_has_them_is_a_warning() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    line = "            kegiatan: Bimtek perencanaan program dan anggaran, revisi anggaran, pencermatan belanja pegawai"
    assert line in text
    start = text.index(line)
    diagnostics = check_text(text[:start] + text[text.index("\n", start) + 1 :], "rkt.yaml").diagnostics
    found = [d for d in diagnostics if d.code == "RKT207"]
    assert len(found) == 1
    assert found[0].message == "no kegiatan, while other indikator have one: add `kegiatan:`"


def test_a_document_with_no_pelaksana_at_all_is_valid() -> None:
    assert not [d for d in check_file(PK).diagnostics if d.code == "RKT209"]


# ---- rkt_cli.requirements: what a template needs -------------------------------------------


def test_the_default_template_needs_programs_anggaran_kegiatan_pelaksana_and_a_signer() -> None:
    needs = template_needs(load_template(None))
    assert needs.fields == {"program", "anggaran", "kegiatan", "pelaksana", "penandatangan"}


def test_missing_fields_names_each_place_in_document_order() -> None:
    loaded = load_yaml_file(PK, "pk.yaml")
    needs = template_needs(load_template(None))
    found = [
        (d.line, d.path, d.message.split(",")[0])
        for d in missing_fields(pk_model(), needs, "pk.yaml", loaded.source_map)
    ]
    assert found == [
        (11, "sasaran", "the sasaran have no program"),
        (12, "sasaran[0]", "this sasaran has no anggaran"),
        (15, "sasaran[0].indikator[0]", "this indikator has no kegiatan"),
        (15, "sasaran[0].indikator[0]", "this indikator has no pelaksana"),
        (20, "sasaran[0].indikator[1]", "this indikator has no kegiatan"),
        (20, "sasaran[0].indikator[1]", "this indikator has no pelaksana"),
        (23, "sasaran[1]", "this sasaran has no anggaran"),
        (25, "sasaran[1].indikator[0]", "this indikator has no kegiatan"),
        (25, "sasaran[1].indikator[0]", "this indikator has no pelaksana"),
    ]  # fmt: skip


def test_a_template_of_what_every_document_has_needs_nothing_more() -> None:
    needs = needs_of_columns("sederhana", ["nomor", "sasaran", "indikator", "target"], signs=False)
    assert needs == TemplateNeeds("sederhana")
    loaded = load_yaml_file(PK, "pk.yaml")
    assert missing_fields(pk_model(), needs, "pk.yaml", loaded.source_map) == []


def test_extra_column_and_signer_needs() -> None:
    needs = needs_of_columns("t", ["indikator", "tambahan.sumber_data", "tambahan.bobot"], signs=True)
    assert needs.extra_columns == {"sumber_data", "bobot"}
    text = PK.read_text(encoding="utf-8").split("penandatangan:")[0]
    checked = check_text(text, "pk.yaml")
    assert checked.model is not None
    loaded = load_yaml_file(PK, "pk.yaml")
    messages = [d.message for d in missing_fields(checked.model, needs, "pk.yaml", loaded.source_map)]
    assert messages == [
        "the document has no signer, which template 't' shows: add `penandatangan:` with jabatan and nama",
        "the document has no extra column sumber_data, which template 't' shows: declare it under `kolom_tambahan:`",
    ]


def test_validate_with_the_default_template_refuses_a_pk_and_passes_the_reference() -> None:
    refused = run_rkt("validate", "--template", "templates/default", str(PK), cwd=ROOT)
    assert refused.returncode == 1
    assert refused.stderr.count("error[RKT220]") == 9
    assert f"{PK}:12:5: error[RKT220] sasaran[0]: this sasaran has no anggaran" in refused.stderr
    passed = run_rkt("validate", "--template", "templates/default", "data/rkt_2024.yaml", cwd=ROOT)
    assert passed.returncode == 0, passed.stderr
    assert "RKT220" not in passed.stderr


def test_rules_list_the_template_needs_code() -> None:
    listed = run_rkt("rules", cwd=ROOT)
    assert "RKT220  error    template-needs" in listed.stdout
    assert "RKT217  error    partial-anggaran" in listed.stdout


def test_render_with_the_default_template_refuses_a_pk_before_writing(tmp_path: Path) -> None:
    output = tmp_path / "pk.docx"
    result = run_rkt("render", str(PK), "-o", str(output), cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.count("error[RKT220]") == 9
    assert not output.exists() and list(tmp_path.iterdir()) == []


def test_render_of_the_reference_is_unchanged_by_the_check(tmp_path: Path) -> None:
    output = tmp_path / "rkt.docx"
    result = run_rkt("render", "data/rkt_2024.yaml", "-o", str(output), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert output.stat().st_size > 0 and "RKT220" not in result.stderr


def test_code_may_pass_none_for_an_optional_field_where_a_file_may_not_write_it_empty() -> None:
    # The importer and the tests build models in Python: None means "none". In a file, `kode:`
    # with nothing after it is an unfinished line (see test_an_empty_optional_key_…).
    sasaran = Sasaran(nama="S", kode=None, anggaran=None, indikator=[Indikator(uraian="U", target=1, kegiatan=None)])
    assert (sasaran.kode, sasaran.anggaran, sasaran.indikator[0].kegiatan) == (None, None, None)
